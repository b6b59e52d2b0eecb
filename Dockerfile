# syntax=docker/dockerfile:1
# fleetsim in a container: the image that `fleetsim k8s-job` runs (one sweep shard per pod of an
# Indexed Job, then the merge). It also runs any other command:
#   docker build -t fleetsim .
#   docker run --rm -v "$PWD:/work" fleetsim sweep scenarios/fleet-upgrade.yaml --seeds 200
# The entrypoint is `fleetsim`; `fleetsim` is also on PATH for `sh -c` (the Job uses it).

# The Node line package.json's engines names (">=20.19"); test/packaging checks the two agree.
ARG NODE_VERSION=20.19

# Build: compile the TypeScript sources to dist/.
FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` would build before the sources are copied; the build runs below.
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# Run: production dependencies, the compiled code, the launcher, the example scenarios and the docs.
FROM node:${NODE_VERSION}-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY bin ./bin
COPY scenarios ./scenarios
COPY docs ./docs
COPY README.md LICENSE ./
RUN chmod 0755 bin/fleetsim.js && ln -s /app/bin/fleetsim.js /usr/local/bin/fleetsim \
 && mkdir /work && chown node:node /work
# The node image's unprivileged user (uid 1000), as the Job's securityContext expects.
USER node
WORKDIR /work
ENTRYPOINT ["fleetsim"]
CMD ["--help"]

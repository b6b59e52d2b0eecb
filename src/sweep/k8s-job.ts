/**
 * `fleetsim k8s-job`: the Kubernetes objects that run a sweep as an Indexed Job (batch/v1,
 * `completionMode: Indexed`: each pod gets its index 0…completions−1 in JOB_COMPLETION_INDEX;
 * kubernetes.io/docs/concepts/workloads/controllers/job/#completion-mode), one shard per index,
 * each writing its partial result to a shared volume; and the one-pod Job that merges them.
 *
 * - a ConfigMap holds the scenario file and the CAPI manifests it imports, mounted read-only at
 *   /scenario with the manifests at their paths relative to the scenario;
 * - a PersistentVolumeClaim (ReadWriteMany: every pod writes to it at once) holds the results;
 * - pod i runs `fleetsim sweep … --shard (i+1)/N --out /results/<name>/shard-(i+1)-of-N`;
 *   `backoffLimitPerIndex` retries a failed shard on its own (Kubernetes ≥ 1.29; older API servers
 *   drop the field and fall back to `backoffLimit`);
 * - the merge Job runs `fleetsim merge /results/<name> --out /results/<name>/merged` once the
 *   sweep Job has completed (apply it after `kubectl wait --for=condition=complete`).
 */

import { Document } from 'yaml';

export interface K8sJobOptions {
  /** The scenario's name (an RFC 1123 label already). */
  name: string;
  /** The scenario file's text, shipped in a ConfigMap and mounted as /scenario/scenario.yaml. */
  scenarioText: string;
  /** Files the scenario reads (its `manifests:`), by path relative to it, shipped beside it. */
  files?: ReadonlyArray<{ path: string; text: string }>;
  /** `--seeds` as the user wrote it. */
  seeds: string;
  /** `--set` arguments as the user wrote them. */
  sets: readonly string[];
  image: string;
  /** Pods running at once. */
  parallelism: number;
  /** Shards (pod indexes); at least parallelism. */
  completions: number;
  /** Worker threads per pod (and the CPU it requests). */
  workersPerPod: number;
  memory: string;
  namespace?: string;
  claim: string;
  claimSize: string;
  storageClass?: string;
  /** Print the PersistentVolumeClaim too (off when it exists already). */
  createClaim: boolean;
  /** Retries of one shard before its index counts as failed. */
  backoffLimitPerIndex: number;
}

/** A ConfigMap holds at most 1 MiB (kubernetes.io/docs/concepts/configuration/configmap/). */
export const MAX_CONFIGMAP_BYTES = 1024 * 1024;

export type KubeObject = Record<string, unknown>;

export interface K8sJobManifests {
  /** ConfigMap, PersistentVolumeClaim (when created) and the Indexed sweep Job. */
  sweep: KubeObject[];
  merge: KubeObject;
  /** Where the merged result lands on the volume. */
  mergedPath: string;
  sweepJobName: string;
  mergeJobName: string;
}

/**
 * A container image reference, as the distribution/reference grammar has it
 * (github.com/distribution/reference regexp.go: `[domain[:port]/]path[:tag][@digest]`, path
 * components lower-case alphanumerics joined by `.`, `_`, `__` or dashes). Anything else (a
 * newline, a space, a quote) is refused: the image is written into the manifests and the printed
 * command.
 */
const IMAGE_REFERENCE = new RegExp(
  '^(?:(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?/)?' +
  '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*' +
  '(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?' +
  '(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$',
);

/** Why `image` is not a valid image reference, or undefined when it is. */
export function imageReferenceError(image: string): string | undefined {
  if (image.length > 1024) return `expected a container image reference, found ${image.length} characters`;
  if (IMAGE_REFERENCE.test(image)) return undefined;
  return `expected a container image reference such as ghcr.io/org/fleetsim:1.0 or registry:5000/fleetsim@sha256:…, found ${JSON.stringify(image.slice(0, 80))}`;
}

/** Quotes a word for /bin/sh: '…' with every ' written as '\''. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:=,@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function baseName(name: string): string {
  // Job names become pod hostnames with "-<index>" appended: keep the whole under 63 characters.
  return `fleetsim-${name}`.slice(0, 44).replace(/-+$/, '');
}

export function k8sJobManifests(options: K8sJobOptions): K8sJobManifests {
  const base = baseName(options.name);
  const sweepJobName = `${base}-sweep`;
  const mergeJobName = `${base}-merge`;
  const configMapName = `${base}-scenario`;
  const resultsDir = `/results/${options.name}`;
  const mergedPath = `${resultsDir}/merged`;
  const labels = { 'app.kubernetes.io/name': 'fleetsim', 'app.kubernetes.io/instance': options.name };
  const metadata = (name: string, component: string) => ({
    name, ...(options.namespace === undefined ? {} : { namespace: options.namespace }),
    labels: { ...labels, 'app.kubernetes.io/component': component },
  });
  // ConfigMap keys cannot hold "/": each file gets a flat key, and the volume's items put it back at its path.
  const files = [{ path: 'scenario.yaml', text: options.scenarioText }, ...(options.files ?? [])];
  const keys = files.map((file, i) => (i === 0 ? 'scenario.yaml' : `file-${i}-${file.path.replace(/[^-._a-zA-Z0-9]/g, '_')}`.slice(0, 253)));
  const volumes = [
    { name: 'scenario', configMap: { name: configMapName, items: files.map((file, i) => ({ key: keys[i] as string, path: file.path })) } },
    { name: 'results', persistentVolumeClaim: { claimName: options.claim } },
    // The root filesystem is read-only; Node and its libraries get a scratch /tmp.
    { name: 'tmp', emptyDir: {} },
  ];
  const securityContext = { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000 };
  const containerSecurity = { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } };
  const mounts = [
    { name: 'scenario', mountPath: '/scenario', readOnly: true },
    { name: 'results', mountPath: '/results' },
    { name: 'tmp', mountPath: '/tmp' },
  ];
  const n = options.completions;
  const sweepWords = ['fleetsim', 'sweep', '/scenario/scenario.yaml', '--seeds', options.seeds, ...options.sets.flatMap((s) => ['--set', s]), '--workers', String(options.workersPerPod), '--quiet'];
  // The shard is 1-based: index i of the Job runs shard i+1 of N; the shell does the arithmetic.
  const script = `exec ${sweepWords.map(shellQuote).join(' ')} --shard "$((JOB_COMPLETION_INDEX + 1))/${n}" --out "${resultsDir}/shard-$((JOB_COMPLETION_INDEX + 1))-of-${n}"`;

  const configMap: KubeObject = {
    apiVersion: 'v1', kind: 'ConfigMap', metadata: metadata(configMapName, 'scenario'),
    data: Object.fromEntries(files.map((file, i) => [keys[i] as string, file.text])),
  };
  const claim: KubeObject = {
    apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: metadata(options.claim, 'results'),
    spec: {
      accessModes: ['ReadWriteMany'],
      resources: { requests: { storage: options.claimSize } },
      ...(options.storageClass === undefined ? {} : { storageClassName: options.storageClass }),
    },
  };
  const sweepJob: KubeObject = {
    apiVersion: 'batch/v1', kind: 'Job', metadata: metadata(sweepJobName, 'sweep'),
    spec: {
      completionMode: 'Indexed',
      completions: n,
      parallelism: options.parallelism,
      backoffLimitPerIndex: options.backoffLimitPerIndex,
      backoffLimit: n * (options.backoffLimitPerIndex + 1),
      template: {
        metadata: { labels: { ...labels, 'app.kubernetes.io/component': 'sweep' } },
        spec: {
          restartPolicy: 'Never',
          securityContext,
          containers: [{
            name: 'sweep',
            image: options.image,
            command: ['/bin/sh', '-c', script],
            resources: {
              requests: { cpu: String(options.workersPerPod), memory: options.memory },
              limits: { memory: options.memory },
            },
            securityContext: containerSecurity,
            volumeMounts: mounts,
          }],
          volumes,
        },
      },
    },
  };
  const mergeJob: KubeObject = {
    apiVersion: 'batch/v1', kind: 'Job', metadata: metadata(mergeJobName, 'merge'),
    spec: {
      completions: 1,
      parallelism: 1,
      backoffLimit: 2,
      template: {
        metadata: { labels: { ...labels, 'app.kubernetes.io/component': 'merge' } },
        spec: {
          restartPolicy: 'Never',
          securityContext,
          containers: [{
            name: 'merge',
            image: options.image,
            args: ['merge', resultsDir, '--out', mergedPath, '--quiet'],
            resources: { requests: { cpu: '1', memory: options.memory }, limits: { memory: options.memory } },
            securityContext: containerSecurity,
            volumeMounts: mounts,
          }],
          volumes,
        },
      },
    },
  };
  return {
    sweep: options.createClaim ? [configMap, claim, sweepJob] : [configMap, sweepJob],
    merge: mergeJob,
    mergedPath,
    sweepJobName,
    mergeJobName,
  };
}

/** Control characters (a line break among them) never reach a comment: the serializer gets one clean line each. */
function commentLine(line: string): string {
  // eslint-disable-next-line no-control-regex
  return line.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '?');
}

/**
 * Multi-document YAML, with a comment block first. Everything, the comment included, goes through
 * the YAML serializer: no text is pasted into the output, so no value can start a document.
 */
export function manifestYaml(comment: readonly string[], objects: readonly KubeObject[]): string {
  const docs = objects.map((object, i) => {
    const doc = new Document(object);
    if (i === 0) doc.commentBefore = comment.map((line) => (line === '' ? '' : ` ${commentLine(line)}`)).join('\n');
    return doc.toString({ lineWidth: 0, directives: true }).trimEnd();
  });
  return `${docs.join('\n')}\n`;
}

/** The claim's size for a sweep: runs.jsonl about 4 KiB a run, twice (shards and merged), plus reports. */
export function defaultClaimSize(runs: number): string {
  const bytes = runs * 4096 * 2 + 256 * 1024 * 1024;
  return `${Math.max(1, Math.ceil(bytes / 1024 ** 3))}Gi`;
}

/**
 * From CAPI objects to clusters in the scenario format. Reads both `cluster.x-k8s.io/v1beta1` and
 * `v1beta2` field names (capi-semantics §1, §4, §5; scenario-format.md "Real CAPI manifests"):
 *
 * | what | v1beta1 | v1beta2 |
 * | --- | --- | --- |
 * | MD strategy | spec.strategy.{type, rollingUpdate.{maxSurge, maxUnavailable, deletePolicy}} | spec.rollout.strategy.{…}, spec.deletion.order |
 * | MD minReadySeconds | spec.minReadySeconds | spec.template.spec.minReadySeconds |
 * | Machine timeouts | template.spec.nodeDrainTimeout ("5m") | template.spec.deletion.nodeDrainTimeoutSeconds |
 * | KCP surge | spec.rolloutStrategy.rollingUpdate.maxSurge | spec.rollout.strategy.rollingUpdate.maxSurge |
 * | KCP remediation | spec.remediationStrategy.{maxRetry, retryPeriod, minHealthyPeriod} | spec.remediation.{maxRetry, retryPeriodSeconds, minHealthyPeriodSeconds} |
 * | MHC | maxUnhealthy, unhealthyRange, nodeStartupTimeout, unhealthyConditions[].timeout, remediationTemplate | remediation.triggerIf.{unhealthyLessThanOrEqualTo, unhealthyInRange}, checks.{nodeStartupTimeoutSeconds, unhealthyNodeConditions[].timeoutSeconds, unhealthyMachineConditions}, remediation.templateRef |
 * | ClusterClass | topology.class, infrastructure.ref | topology.classRef.name, infrastructure.templateRef |
 *
 * What each infrastructure provider's kinds say (CAPA, CAPZ, CAPG, CAPD) is declared by its cloud's
 * row (src/cloud/<kind>/index.ts `manifests`); this file reads CAPI's own kinds and asks the rows.
 *
 * The output is plain data a user could have written under `clusters:`; the loader validates and
 * defaults it like any other cluster.
 */

import { parseDuration } from '../../engine/duration.js';
import { CLOUDS, PROVIDER_KINDS } from '../../cloud/clouds.js';
import { int, intOrPercent, list, rec, str, type ClusterFacts as ProviderFacts, type Json } from '../../cloud/manifest-kinds.js';
import type { PathSegment, ScenarioIssue } from '../issues.js';
import { formatPath } from '../issues.js';
import type { Provider } from '../model.js';
import { DEFAULT_REGION, defaultZones } from '../defaults.js';
import type { ManifestObject, ObjectIndex } from './objects.js';
import { isControllerLabel, ownedByMachineDeployment, statusFailureDomains } from './live.js';
import { firstPath, getPath } from './paths.js';
import { checkRegion } from './regions.js';

const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const stringRecord = (value: unknown): Record<string, string> =>
  Object.fromEntries(Object.entries(rec(value)).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));

/** Collects issues located in the manifest object they concern. */
export class ManifestIssues {
  readonly errors: ScenarioIssue[] = [];
  readonly warnings: ScenarioIssue[] = [];

  private make(object: ManifestObject, path: readonly PathSegment[], message: string, key: boolean): ScenarioIssue {
    const { line, column } = object.locate(path, key);
    const field = formatPath(path);
    return { file: object.file, line, column, path: `${object.kind}/${object.namespace}/${object.name}${field === '' ? '' : `.${field}`}`, message };
  }

  error(object: ManifestObject, path: readonly PathSegment[], message: string, key = false): void {
    this.errors.push(this.make(object, path, message, key));
  }

  warn(object: ManifestObject, path: readonly PathSegment[], message: string, key = false): void {
    this.warnings.push(this.make(object, path, message, key));
  }
}

/** The provider a CAPI infrastructure or control plane kind belongs to (its row's kind prefixes). */
export function providerOfKind(kind: string | undefined): Provider | undefined {
  if (kind === undefined) return undefined;
  return PROVIDER_KINDS.find((provider) => CLOUDS[provider].manifests.prefixes.some((prefix) => kind.startsWith(prefix)));
}

/** The row's reader for `kind` in one of its tables (infraClusters, managedControlPlanes, …), and the provider. */
function declared<T>(kind: string, table: (manifests: (typeof CLOUDS)[Provider]['manifests']) => Readonly<Record<string, T>>): { provider: Provider; entry: T } | undefined {
  for (const provider of PROVIDER_KINDS) {
    const entries = table(CLOUDS[provider].manifests);
    if (Object.prototype.hasOwnProperty.call(entries, kind)) return { provider, entry: entries[kind]! };
  }
  return undefined;
}

/** `a, b or c`. */
const orList = (items: readonly string[]): string => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`);

/** Keeps what the facts already know and adds what the provider's object says. */
function learn(facts: ClusterFacts, said: ProviderFacts): void {
  facts.region ??= said.region;
  facts.account ??= said.account;
  facts.version ??= said.version;
}

interface Context {
  index: ObjectIndex;
  issues: ManifestIssues;
  /** Objects some Cluster used (the rest of the modelled kinds is reported as unattached). */
  used: Set<ManifestObject>;
  /** `--kubernetes-version`: the version of a cluster whose manifests set none. */
  fallbackVersion?: string;
}

/** Follows an object reference (`{kind, name}`, v1beta1 or v1beta2) in the referrer's namespace. */
function follow(ctx: Context, from: ManifestObject, path: PathSegment[], namespace = from.namespace): ManifestObject | undefined {
  const ref = rec(getPath(from.body, path));
  const kind = str(ref.kind);
  const name = str(ref.name);
  if (kind === undefined || name === undefined) {
    ctx.issues.error(from, path, 'expected a reference with kind and name');
    return undefined;
  }
  const target = ctx.index.get(kind, str(ref.namespace) ?? namespace, name);
  if (target === undefined) {
    ctx.issues.error(from, path, `refers to ${kind} ${str(ref.namespace) ?? namespace}/${name}, which is not in the manifests`);
    return undefined;
  }
  ctx.used.add(target);
  return target;
}

/** A Go duration string (v1beta1) or a number of seconds (v1beta2) as a scenario duration string. */
function durationAt(ctx: Context, object: ManifestObject, secondsPath: PathSegment[] | undefined, durationPath: PathSegment[] | undefined): string | undefined {
  if (secondsPath !== undefined) {
    const seconds = getPath(object.body, secondsPath);
    if (seconds !== undefined) {
      if (typeof seconds === 'number' && Number.isInteger(seconds) && seconds >= 0) return `${seconds}s`;
      ctx.issues.error(object, secondsPath, `expected a whole number of seconds, found ${JSON.stringify(seconds)}`);
      return undefined;
    }
  }
  if (durationPath !== undefined) {
    const text = getPath(object.body, durationPath);
    if (text === undefined) return undefined;
    if (typeof text === 'string' && typeof parseDuration(text) === 'number') return text;
    ctx.issues.error(object, durationPath, `expected a duration such as 10m or 1h0m0s, found ${JSON.stringify(text)}`);
  }
  return undefined;
}

/** The instance type a machine template asks for, where its provider keeps it. */
function instanceTypeOf(template: ManifestObject | undefined): string | undefined {
  if (template === undefined) return undefined;
  const field = declared(template.kind, (m) => m.machineTemplates)?.entry;
  return field === undefined ? undefined : str(rec(rec(rec(template.body.spec).template).spec)[field]);
}

/** Reference paths of a machine template: v1beta2 `spec.infrastructureRef` inside, or v1beta1. */
const INFRA_REF = (prefix: PathSegment[]) => [...prefix, 'infrastructureRef'];

// ---------------------------------------------------------------------------------------------

export interface ConvertedCluster {
  cluster: Record<string, unknown>;
  object: ManifestObject;
}

export function convertClusters(index: ObjectIndex, issues: ManifestIssues, fallbackVersion?: string): { clusters: ConvertedCluster[]; used: Set<ManifestObject> } {
  const ctx: Context = { index, issues, used: new Set(), ...(fallbackVersion === undefined ? {} : { fallbackVersion }) };
  const clusters: ConvertedCluster[] = [];
  for (const object of index.ofKind('Cluster')) {
    ctx.used.add(object);
    const cluster = convertCluster(ctx, object);
    if (cluster !== undefined) clusters.push({ cluster, object });
  }
  // Workers and health checks naming a Cluster that is not there.
  const clusterKeys = new Set(index.ofKind('Cluster').map((c) => `${c.namespace}/${c.name}`));
  for (const kind of ['MachineDeployment', 'MachineSet', 'MachinePool', 'MachineHealthCheck']) {
    for (const object of index.ofKind(kind)) {
      const clusterName = str(rec(object.body.spec).clusterName);
      if (clusterName !== undefined && !clusterKeys.has(`${object.namespace}/${clusterName}`)) {
        issues.error(object, ['spec', 'clusterName'], `refers to Cluster ${object.namespace}/${clusterName}, which is not in the manifests`);
      }
    }
  }
  return { clusters, used: ctx.used };
}

function convertCluster(ctx: Context, object: ManifestObject): Record<string, unknown> | undefined {
  const errorsBefore = ctx.issues.errors.length;
  const spec = rec(object.body.spec);
  const metadata = rec(object.body.metadata);
  const annotations = stringRecord(metadata.annotations);
  const out: Record<string, unknown> = { name: object.name, namespace: object.namespace };
  const labels = Object.fromEntries(Object.entries(stringRecord(metadata.labels)).filter(([key]) => !isControllerLabel(key)));
  if (Object.keys(labels).length > 0) out.labels = labels;

  const facts: ClusterFacts = { provider: undefined, region: undefined, account: undefined, version: undefined, zones: [] };
  let controlPlane: Record<string, unknown> | undefined;
  let workers: Record<string, unknown>[] = [];
  const healthChecks: Record<string, unknown>[] = [];

  if (isRecord(spec.topology)) {
    const topology = convertTopology(ctx, object, facts, healthChecks);
    if (topology === undefined) return undefined;
    controlPlane = topology.controlPlane;
    workers = topology.workers;
  } else {
    if (spec.infrastructureRef !== undefined) {
      const infra = follow(ctx, object, ['spec', 'infrastructureRef']);
      if (infra) readInfraCluster(infra, facts);
    }
    if (spec.controlPlaneRef === undefined) {
      ctx.issues.error(object, ['spec'], 'expected spec.controlPlaneRef or spec.topology: fleetsim needs to know the control plane');
    } else {
      const cp = follow(ctx, object, ['spec', 'controlPlaneRef']);
      if (cp) controlPlane = convertControlPlane(ctx, cp, facts);
    }
    workers = convertWorkers(ctx, object, facts);
  }
  healthChecks.push(...convertHealthChecks(ctx, object));

  if (facts.provider === undefined && ctx.issues.errors.length === errorsBefore) {
    ctx.issues.error(object, ['spec', 'infrastructureRef'], `cannot tell the provider: expected an infrastructure or control plane kind of ${orList(PROVIDER_KINDS.map((provider) => `${CLOUDS[provider].manifests.prefixes[0]}*`))}`);
  }
  facts.version ??= ctx.fallbackVersion;
  if (facts.version === undefined && ctx.issues.errors.length === errorsBefore) {
    ctx.issues.error(object, ['spec'], 'no Kubernetes version found: expected spec.version on the control plane (or spec.topology.version), or give one with --kubernetes-version');
  }
  if (ctx.issues.errors.length > errorsBefore) return undefined;

  out.provider = facts.provider;
  if (facts.account !== undefined) out.account = facts.account;
  if (facts.region !== undefined && facts.provider !== undefined) checkRegion(facts.provider, facts.region, (message) => ctx.issues.error(object, ['spec'], message), (message) => ctx.issues.warn(object, ['spec'], message));
  if (facts.region !== undefined) out.region = facts.region;
  // Local providers (docker) have no regions to find.
  else if (facts.provider !== undefined && CLOUDS[facts.provider].model.api !== undefined) ctx.issues.warn(object, ['spec'], `no region found in the manifests: the ${facts.provider} default region applies`);
  // Reported failure domains (live dumps, live.ts), then pools' pinned ones, add to the zones (region's defaults first).
  facts.zones.unshift(...statusFailureDomains(object.body, facts.provider, facts.region));
  if (facts.zones.length > 0 && facts.provider !== undefined) {
    out.zones = [...new Set([...defaultZones(facts.provider, facts.region ?? DEFAULT_REGION[facts.provider]), ...facts.zones])];
  }
  out.version = facts.version;
  if (spec.paused === true || 'cluster.x-k8s.io/paused' in annotations) out.paused = true;
  if (controlPlane !== undefined) out.controlPlane = controlPlane;
  out.workers = workers;
  if (healthChecks.length > 0) out.healthChecks = healthChecks;
  const concurrency = annotations['topology.cluster.x-k8s.io/upgrade-concurrency'];
  if (concurrency !== undefined) {
    // A positive integer (cluster-api@v1.13.5:exp/topology/scope/scope.go New, capi-semantics §7).
    if (/^[1-9]\d*$/.test(concurrency)) out.topology = { upgradeConcurrency: Number(concurrency) };
    else ctx.issues.error(object, ['metadata', 'annotations', 'topology.cluster.x-k8s.io/upgrade-concurrency'], `expected a positive integer, found "${concurrency}"`);
  }
  return out;
}

interface ClusterFacts {
  provider: Provider | undefined;
  region: string | undefined;
  account: string | undefined;
  version: string | undefined;
  zones: string[];
}

function readInfraCluster(infra: ManifestObject, facts: ClusterFacts): void {
  facts.provider ??= providerOfKind(infra.kind);
  const read = declared(infra.kind, (m) => m.infraClusters)?.entry;
  if (read !== undefined) learn(facts, read(rec(infra.body.spec)));
}

function convertControlPlane(ctx: Context, cp: ManifestObject, facts: ClusterFacts): Record<string, unknown> | undefined {
  if (cp.kind === 'KubeadmControlPlane') return convertKubeadmControlPlane(ctx, cp, facts);
  const managed = declared(cp.kind, (m) => m.managedControlPlanes);
  if (managed === undefined) {
    const kinds = ['KubeadmControlPlane', ...PROVIDER_KINDS.flatMap((provider) => Object.keys(CLOUDS[provider].manifests.managedControlPlanes))];
    ctx.issues.error(cp, [], `control plane kind ${cp.kind} is not modelled (expected ${orList(kinds)})`);
    return undefined;
  }
  facts.provider = managed.provider;
  learn(facts, managed.entry(rec(cp.body.spec)));
  return { managed: true };
}

function convertKubeadmControlPlane(ctx: Context, cp: ManifestObject, facts: ClusterFacts): Record<string, unknown> {
  const spec = rec(cp.body.spec);
  facts.version ??= str(spec.version);
  const out: Record<string, unknown> = {};
  const replicas = int(spec.replicas);
  if (replicas !== undefined) out.replicas = replicas;
  const surge = getPath(spec, ['rollout', 'strategy', 'rollingUpdate', 'maxSurge']) ?? getPath(spec, ['rolloutStrategy', 'rollingUpdate', 'maxSurge']);
  if (surge !== undefined) out.maxSurge = surge;
  // The machine template: v1beta2 machineTemplate.spec.infrastructureRef, v1beta1 machineTemplate.infrastructureRef.
  const refPath = firstPath(cp.body, [INFRA_REF(['spec', 'machineTemplate', 'spec']), INFRA_REF(['spec', 'machineTemplate'])]);
  if (refPath !== undefined) {
    const template = follow(ctx, cp, refPath);
    facts.provider ??= providerOfKind(template?.kind);
    const instanceType = instanceTypeOf(template);
    if (instanceType !== undefined) out.instanceType = instanceType;
  }
  const remediation: Record<string, unknown> = {};
  const v2 = rec(spec.remediation);
  const v1 = rec(spec.remediationStrategy);
  const maxRetry = int(v2.maxRetry) ?? int(v1.maxRetry);
  if (maxRetry !== undefined) remediation.maxRetry = maxRetry;
  const retry = durationAt(ctx, cp, v2.retryPeriodSeconds !== undefined ? ['spec', 'remediation', 'retryPeriodSeconds'] : undefined, ['spec', 'remediationStrategy', 'retryPeriod']);
  if (retry !== undefined) remediation.retryPeriod = retry;
  const healthy = durationAt(ctx, cp, v2.minHealthyPeriodSeconds !== undefined ? ['spec', 'remediation', 'minHealthyPeriodSeconds'] : undefined, ['spec', 'remediationStrategy', 'minHealthyPeriod']);
  if (healthy !== undefined) remediation.minHealthyPeriod = healthy;
  if (Object.keys(remediation).length > 0) out.remediation = remediation;
  machineTimeouts(ctx, cp, ['spec', 'machineTemplate', 'spec', 'deletion'], ['spec', 'machineTemplate'], out);
  return out;
}

/** nodeDrainTimeout & co.: v1beta2 `<deletion>.<name>Seconds`, v1beta1 `<machine>.<name>` durations. */
function machineTimeouts(ctx: Context, object: ManifestObject, v2: PathSegment[], v1: PathSegment[], out: Record<string, unknown>): void {
  for (const name of ['nodeDrainTimeout', 'nodeVolumeDetachTimeout', 'nodeDeletionTimeout']) {
    const value = durationAt(ctx, object, [...v2, `${name}Seconds`], [...v1, name]);
    if (value !== undefined) out[name] = value;
  }
}

function belongsTo(object: ManifestObject, cluster: ManifestObject): boolean {
  return object.namespace === cluster.namespace && str(rec(object.body.spec).clusterName) === cluster.name;
}

function convertWorkers(ctx: Context, cluster: ManifestObject, facts: ClusterFacts): Record<string, unknown>[] {
  const workers: Record<string, unknown>[] = [];
  for (const object of ctx.index.objects) {
    if (!belongsTo(object, cluster)) continue;
    if (object.kind === 'MachineDeployment') {
      ctx.used.add(object);
      workers.push(convertMachineDeployment(ctx, object, facts));
    } else if (object.kind === 'MachineSet') {
      ctx.used.add(object);
      if (ownedByMachineDeployment(object)) continue; // its MachineDeployment describes it
      ctx.issues.warn(object, [], 'a MachineSet without a MachineDeployment is imported as a MachineDeployment with strategy OnDelete (no rollouts)');
      const pool = convertMachineDeployment(ctx, object, facts);
      pool.strategy = { type: 'OnDelete' };
      workers.push(pool);
    } else if (object.kind === 'MachinePool') {
      ctx.used.add(object);
      workers.push(convertMachinePool(ctx, object, facts));
    }
  }
  return workers;
}

function poolVersion(ctx: Context, object: ManifestObject, facts: ClusterFacts): void {
  const version = str(getPath(object.body, ['spec', 'template', 'spec', 'version']));
  if (version === undefined) return;
  if (facts.version === undefined) facts.version = version;
  else if (version !== facts.version) {
    ctx.issues.warn(object, ['spec', 'template', 'spec', 'version'], `runs ${version} while the control plane runs ${facts.version}; fleetsim starts every pool at the control plane's version`);
  }
}

function convertMachineDeployment(ctx: Context, object: ManifestObject, facts: ClusterFacts): Record<string, unknown> {
  const spec = rec(object.body.spec);
  const out: Record<string, unknown> = { name: object.name, kind: 'MachineDeployment' };
  const replicas = int(spec.replicas);
  if (replicas !== undefined) out.replicas = replicas;
  poolVersion(ctx, object, facts);
  const annotations = stringRecord(rec(object.body.metadata).annotations);
  const topologyAnnotations = Object.fromEntries(Object.entries(annotations).filter(([key]) => key.startsWith('topology.cluster.x-k8s.io/')));
  if (Object.keys(topologyAnnotations).length > 0) out.annotations = topologyAnnotations;

  // v1beta2 spec.rollout.strategy, v1beta1 spec.strategy.
  const strategy = rec(getPath(spec, ['rollout', 'strategy']) ?? spec.strategy);
  const rolling = rec(strategy.rollingUpdate);
  const outStrategy: Record<string, unknown> = {};
  if (str(strategy.type) !== undefined) outStrategy.type = strategy.type;
  if (intOrPercent(rolling.maxSurge) !== undefined) outStrategy.maxSurge = rolling.maxSurge;
  if (intOrPercent(rolling.maxUnavailable) !== undefined) outStrategy.maxUnavailable = rolling.maxUnavailable;
  if (Object.keys(outStrategy).length > 0) out.strategy = outStrategy;
  const order = str(getPath(spec, ['deletion', 'order'])) ?? str(rolling.deletePolicy);
  if (order !== undefined) out.deletePolicy = order;
  const minReady = int(getPath(spec, ['template', 'spec', 'minReadySeconds'])) ?? int(spec.minReadySeconds);
  if (minReady !== undefined) out.minReadySeconds = minReady;
  const maxInFlight = intOrPercent(getPath(spec, ['remediation', 'maxInFlight'])) ?? intOrPercent(getPath(spec, ['strategy', 'remediation', 'maxInFlight']));
  if (maxInFlight !== undefined) out.remediation = { maxInFlight };
  const failureDomain = str(getPath(spec, ['template', 'spec', 'failureDomain']));
  if (failureDomain !== undefined) {
    out.zones = [failureDomain];
    facts.zones.push(failureDomain);
  }
  machineTimeouts(ctx, object, ['spec', 'template', 'spec', 'deletion'], ['spec', 'template', 'spec'], out);
  if (getPath(spec, ['template', 'spec', 'infrastructureRef']) !== undefined) {
    const template = follow(ctx, object, ['spec', 'template', 'spec', 'infrastructureRef']);
    facts.provider ??= providerOfKind(template?.kind);
    const instanceType = instanceTypeOf(template);
    if (instanceType !== undefined) out.instanceType = instanceType;
  }
  return out;
}

function convertMachinePool(ctx: Context, object: ManifestObject, facts: ClusterFacts): Record<string, unknown> {
  const spec = rec(object.body.spec);
  const out: Record<string, unknown> = { name: object.name, kind: 'MachinePool' };
  const replicas = int(spec.replicas);
  if (replicas !== undefined) out.replicas = replicas;
  poolVersion(ctx, object, facts);
  const annotations = stringRecord(rec(object.body.metadata).annotations);
  const topologyAnnotations = Object.fromEntries(Object.entries(annotations).filter(([key]) => key.startsWith('topology.cluster.x-k8s.io/')));
  if (Object.keys(topologyAnnotations).length > 0) out.annotations = topologyAnnotations;
  if (getPath(spec, ['template', 'spec', 'infrastructureRef']) === undefined) {
    ctx.issues.error(object, ['spec', 'template', 'spec'], 'expected infrastructureRef: the cloud node group behind this MachinePool');
    return out;
  }
  const infra = follow(ctx, object, ['spec', 'template', 'spec', 'infrastructureRef']);
  if (infra === undefined) return out;
  facts.provider ??= providerOfKind(infra.kind);
  const read = declared(infra.kind, (m) => m.machinePools)?.entry;
  if (read === undefined) {
    ctx.issues.warn(infra, [], `${infra.kind} is not modelled: the pool keeps fleetsim's defaults`);
    return out;
  }
  const pool = read(rec(infra.body.spec), facts.region);
  Object.assign(out, pool);
  if (pool.zones !== undefined) facts.zones.push(...pool.zones);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Health checks

function convertHealthChecks(ctx: Context, cluster: ManifestObject): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const object of ctx.index.ofKind('MachineHealthCheck')) {
    if (!belongsTo(object, cluster)) continue;
    ctx.used.add(object);
    const check = convertHealthCheckSpec(ctx, object, ['spec']);
    const selector = rec(rec(object.body.spec).selector);
    const matchLabels = stringRecord(selector.matchLabels);
    if (selector.matchExpressions !== undefined) ctx.issues.warn(object, ['spec', 'selector', 'matchExpressions'], 'matchExpressions are not modelled: the check targets follow matchLabels only');
    if ('cluster.x-k8s.io/control-plane' in matchLabels || 'cluster.x-k8s.io/control-plane-name' in matchLabels) check.targets = 'controlPlane';
    else if (matchLabels['cluster.x-k8s.io/deployment-name'] !== undefined) {
      check.targets = 'workers';
      check.pools = [matchLabels['cluster.x-k8s.io/deployment-name']];
    } else if (matchLabels['cluster.x-k8s.io/pool-name'] !== undefined) {
      check.targets = 'workers';
      check.pools = [matchLabels['cluster.x-k8s.io/pool-name']];
    }
    out.push({ name: object.name, ...check });
  }
  return out;
}

/** The MHC fields at `base` (a MachineHealthCheck spec, or a topology health check), both API versions. */
function convertHealthCheckSpec(ctx: Context, object: ManifestObject, base: PathSegment[]): Record<string, unknown> {
  const spec = rec(getPath(object.body, base));
  const out: Record<string, unknown> = {};
  const triggerIf = rec(getPath(spec, ['remediation', 'triggerIf']));
  const maxUnhealthy = intOrPercent(triggerIf.unhealthyLessThanOrEqualTo) ?? intOrPercent(spec.maxUnhealthy);
  if (maxUnhealthy !== undefined) out.maxUnhealthy = maxUnhealthy;
  const range = str(triggerIf.unhealthyInRange) ?? str(spec.unhealthyRange);
  if (range !== undefined) out.unhealthyRange = range;
  const startup = durationAt(ctx, object, [...base, 'checks', 'nodeStartupTimeoutSeconds'], [...base, 'nodeStartupTimeout']);
  if (startup !== undefined) out.nodeStartupTimeout = startup;

  const conditions = (items: unknown[], path: PathSegment[]) =>
    items.flatMap((item, i) => {
      const c = rec(item);
      const timeout = durationAt(ctx, object, c.timeoutSeconds !== undefined ? [...path, i, 'timeoutSeconds'] : undefined, [...path, i, 'timeout']);
      if (str(c.type) === undefined) {
        ctx.issues.error(object, [...path, i], 'expected a condition with type, status and timeout');
        return [];
      }
      if (timeout === undefined) {
        // durationAt has reported a malformed timeout; a missing one is reported here.
        if (c.timeoutSeconds === undefined && c.timeout === undefined) ctx.issues.error(object, [...path, i], 'expected a timeout (timeout in v1beta1, timeoutSeconds in v1beta2)');
        return [];
      }
      return [{ type: c.type, status: c.status, timeout }];
    });
  const nodePath = getPath(spec, ['checks', 'unhealthyNodeConditions']) !== undefined ? [...base, 'checks', 'unhealthyNodeConditions'] : [...base, 'unhealthyConditions'];
  const nodeConditions = conditions(list(getPath(object.body, nodePath)), nodePath);
  if (nodeConditions.length > 0) out.unhealthyConditions = nodeConditions;
  const machinePath = [...base, 'checks', 'unhealthyMachineConditions'];
  const machineConditions = conditions(list(getPath(object.body, machinePath)), machinePath);
  if (machineConditions.length > 0) out.unhealthyMachineConditions = machineConditions;

  const template = rec(getPath(spec, ['remediation', 'templateRef']) ?? spec.remediationTemplate);
  if (str(template.kind) !== undefined) out.remediationTemplate = str(template.name) === undefined ? { kind: template.kind } : { kind: template.kind, name: template.name };
  return out;
}

// ---------------------------------------------------------------------------------------------
// ClusterClass topology

function convertTopology(
  ctx: Context,
  cluster: ManifestObject,
  facts: ClusterFacts,
  healthChecks: Record<string, unknown>[],
): { controlPlane: Record<string, unknown> | undefined; workers: Record<string, unknown>[] } | undefined {
  const topology = rec(rec(cluster.body.spec).topology);
  facts.version = str(topology.version);
  // v1beta2 classRef { name, namespace }, v1beta1 class + classNamespace.
  const classPath: PathSegment[] = isRecord(topology.classRef) ? ['spec', 'topology', 'classRef'] : ['spec', 'topology', 'class'];
  const className = isRecord(topology.classRef) ? str(topology.classRef.name) : str(topology.class);
  const classNamespace = (isRecord(topology.classRef) ? str(topology.classRef.namespace) : str(topology.classNamespace)) ?? cluster.namespace;
  if (className === undefined) {
    ctx.issues.error(cluster, classPath, 'expected the name of a ClusterClass');
    return undefined;
  }
  const clusterClass = ctx.index.get('ClusterClass', classNamespace, className);
  if (clusterClass === undefined) {
    ctx.issues.error(cluster, classPath, `refers to ClusterClass ${classNamespace}/${className}, which is not in the manifests (fleetsim reads it to know the provider and machine templates)`);
    return undefined;
  }
  ctx.used.add(clusterClass);
  const classSpec = rec(clusterClass.body.spec);
  // A template reference of the class: v1beta2 `templateRef`, v1beta1 `ref`.
  const classRef = (path: PathSegment[]): ManifestObject | undefined => {
    const holder = rec(getPath(classSpec, path));
    const key = isRecord(holder.templateRef) ? 'templateRef' : isRecord(holder.ref) ? 'ref' : undefined;
    return key === undefined ? undefined : follow(ctx, clusterClass, ['spec', ...path, key], clusterClass.namespace);
  };

  const infra = classRef(['infrastructure']);
  facts.provider = providerOfKind(infra?.kind);
  if (infra) {
    const template = rec(rec(infra.body.spec).template).spec;
    const spec = rec(template);
    facts.region ??= str(spec.region) ?? str(spec.location);
  }
  for (const variable of list(topology.variables)) {
    const v = rec(variable);
    if ((v.name === 'region' || v.name === 'location') && typeof v.value === 'string') facts.region ??= v.value;
  }

  const cpTemplate = classRef(['controlPlane']);
  let controlPlane: Record<string, unknown> | undefined;
  const cpTopology = rec(topology.controlPlane);
  if (cpTemplate?.kind.endsWith('ManagedControlPlaneTemplate')) {
    facts.provider ??= providerOfKind(cpTemplate.kind);
    controlPlane = { managed: true };
  } else {
    controlPlane = {};
    const replicas = int(cpTopology.replicas);
    if (replicas !== undefined) controlPlane.replicas = replicas;
    const machineTemplate = classRef(['controlPlane', 'machineInfrastructure']);
    const instanceType = instanceTypeOf(machineTemplate);
    if (instanceType !== undefined) controlPlane.instanceType = instanceType;
    facts.provider ??= providerOfKind(machineTemplate?.kind);
  }
  const cpCheck = cpTopology.healthCheck !== undefined ? 'healthCheck' : cpTopology.machineHealthCheck !== undefined ? 'machineHealthCheck' : undefined;
  if (cpCheck !== undefined) {
    const check = convertHealthCheckSpec(ctx, cluster, ['spec', 'topology', 'controlPlane', cpCheck]);
    healthChecks.push({ name: `${cluster.name}-cp-mhc`, targets: 'controlPlane', ...check });
  }

  const workerClasses = (kind: 'machineDeployments' | 'machinePools') => list(getPath(classSpec, ['workers', kind]));
  const classTemplate = (kind: 'machineDeployments' | 'machinePools', name: string): ManifestObject | undefined => {
    const index = workerClasses(kind).findIndex((c) => rec(c).class === name || rec(c).name === name);
    if (index < 0) return undefined;
    const infraHolder = rec(getPath(workerClasses(kind)[index], ['template', 'infrastructure'])) ;
    const key = isRecord(infraHolder.templateRef) ? 'templateRef' : isRecord(infraHolder.ref) ? 'ref' : undefined;
    return key === undefined ? undefined : follow(ctx, clusterClass, ['spec', 'workers', kind, index, 'template', 'infrastructure', key], clusterClass.namespace);
  };

  const workers: Record<string, unknown>[] = [];
  const poolsAt = (kind: 'machineDeployments' | 'machinePools') => list(getPath(topology, ['workers', kind]));
  poolsAt('machineDeployments').forEach((item, i) => {
    const md = rec(item);
    const path: PathSegment[] = ['spec', 'topology', 'workers', 'machineDeployments', i];
    const name = str(md.name);
    const workerClass = str(md.class);
    if (name === undefined || workerClass === undefined) {
      ctx.issues.error(cluster, path, 'expected a machine deployment topology with class and name');
      return;
    }
    const pool: Record<string, unknown> = { name, kind: 'MachineDeployment' };
    if (int(md.replicas) !== undefined) pool.replicas = md.replicas;
    const annotations = stringRecord(rec(md.metadata).annotations);
    if (Object.keys(annotations).length > 0) pool.annotations = annotations;
    if (str(md.failureDomain) !== undefined) {
      pool.zones = [md.failureDomain];
      facts.zones.push(md.failureDomain as string);
    }
    const rolling = rec(getPath(md, ['rollout', 'strategy', 'rollingUpdate']) ?? getPath(md, ['strategy', 'rollingUpdate']));
    const strategy: Record<string, unknown> = {};
    if (intOrPercent(rolling.maxSurge) !== undefined) strategy.maxSurge = rolling.maxSurge;
    if (intOrPercent(rolling.maxUnavailable) !== undefined) strategy.maxUnavailable = rolling.maxUnavailable;
    if (Object.keys(strategy).length > 0) pool.strategy = strategy;
    const template = classTemplate('machineDeployments', workerClass);
    if (template === undefined && !workerClasses('machineDeployments').some((c) => rec(c).class === workerClass || rec(c).name === workerClass)) {
      ctx.issues.error(cluster, [...path, 'class'], `ClusterClass ${className} has no machine deployment class "${workerClass}"`);
    }
    const instanceType = instanceTypeOf(template);
    if (instanceType !== undefined) pool.instanceType = instanceType;
    facts.provider ??= providerOfKind(template?.kind);
    const checkKey = md.healthCheck !== undefined ? 'healthCheck' : md.machineHealthCheck !== undefined ? 'machineHealthCheck' : undefined;
    if (checkKey !== undefined) {
      const check = convertHealthCheckSpec(ctx, cluster, [...path, checkKey]);
      healthChecks.push({ name: `${cluster.name}-${name}-mhc`, targets: 'workers', pools: [name], ...check });
    }
    workers.push(pool);
  });
  poolsAt('machinePools').forEach((item, i) => {
    const mp = rec(item);
    const path: PathSegment[] = ['spec', 'topology', 'workers', 'machinePools', i];
    const name = str(mp.name);
    if (name === undefined || str(mp.class) === undefined) {
      ctx.issues.error(cluster, path, 'expected a machine pool topology with class and name');
      return;
    }
    const pool: Record<string, unknown> = { name, kind: 'MachinePool' };
    if (int(mp.replicas) !== undefined) pool.replicas = mp.replicas;
    const annotations = stringRecord(rec(mp.metadata).annotations);
    if (Object.keys(annotations).length > 0) pool.annotations = annotations;
    workers.push(pool);
  });
  return { controlPlane, workers };
}

/**
 * The zod schema of a `fleetsim/v1alpha1` scenario file, as written by users. It checks shapes, types,
 * names and single-field rules, converts durations to ms and fills in the plain defaults (`prefault`,
 * so the JSON Schema shows them as the user would write them). Rules that need several fields or the
 * whole fleet (references, per-provider defaults, generators) live in resolve.ts.
 *
 * Every default cites its source in defaults.ts; `defaultSource` metadata carries it to the JSON
 * Schema and to `fleetsim schema --defaults`.
 */

import { z } from 'zod';
import { parseDuration } from '../engine/duration.js';
import { distributionError, type DistributionSpec } from '../engine/distribution.js';
import { DEFAULTS, type Cited } from './defaults.js';
import { rfc1123Error, versionError, VERSION } from './names.js';

// ---------------------------------------------------------------------------------------------
// Building blocks

/** Attaches a cited default: the value is written as a user would write it and parsed like input. */
function withDefault<S extends z.ZodType>(schema: S, cited: Cited<unknown>) {
  return schema.prefault(cited.value as never).meta({ defaultSource: cited.source });
}

/**
 * A custom message for a present but wrong value; a missing value falls through to the loader's
 * error map, which says "required field is missing".
 */
function whenPresent(message: (input: unknown) => string | undefined) {
  return (issue: { input?: unknown }) => (issue.input === undefined ? undefined : message(issue.input));
}

const describeValue = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'a mapping' : typeof value === 'string' ? `"${value}"` : String(value);

/** A duration: `90s`, `5m`, `1h30m`, `2d`, `250ms` or integer milliseconds; parsed to ms. */
export const Duration = z
  .union([z.string(), z.number()], { error: whenPresent((input) => `expected a duration such as 90s, 5m or 1h30m (or integer milliseconds), found ${describeValue(input)}`) })
  .transform((value, ctx) => {
    const parsed = parseDuration(value);
    if (typeof parsed === 'number') return parsed;
    ctx.addIssue({ code: 'custom', message: parsed.error, input: value });
    return z.NEVER;
  })
  .meta({ description: 'A duration: 90s, 5m, 1h30m, 2d, 250ms, or integer milliseconds.' });

const RFC1123_PATTERN = /^(?=.{1,63}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** A Kubernetes object name (RFC 1123 label). */
export const Name = z
  .string({ error: whenPresent((input) => `expected a name (RFC 1123), found ${describeValue(input)}`) })
  .regex(RFC1123_PATTERN, { error: whenPresent((input) => rfc1123Error(String(input)) ?? 'invalid name' )})
  .meta({ description: 'An RFC 1123 name: lowercase letters, digits and "-", at most 63 characters.' });

export const Version = z
  .string({ error: whenPresent((input) => `expected a version such as v1.34.3, found ${describeValue(input)}`) })
  .regex(VERSION, { error: whenPresent((input) => versionError(String(input)) ?? 'invalid version' )})
  .meta({ description: 'A Kubernetes version vMAJOR.MINOR.PATCH, e.g. v1.34.3.' });

// intstr.GetScaledValueFromIntOrPercent parses the percent with Atoi: whole percents only (capi-semantics §0.1).
const PERCENT = /^\d+%$/;
const intOrPercentMessage = (input: unknown) =>
  typeof input === 'string' && /^\d+$/.test(input.trim())
    ? `expected an integer or a percent such as "25%", found the string "${input}" (a number string without % is an error in CAPI: write ${input} or "${input}%")`
    : `expected an integer ≥ 0 or a percent such as "25%", found ${describeValue(input)}`;

/** CAPI's int-or-percent: an integer ≥ 0 or "N%" (capi-semantics §0.1: a bare number string is an error). */
export const IntOrPercent = z
  .union([
    z.number().int({ error: whenPresent((input) => intOrPercentMessage(input) )}).min(0, { error: whenPresent((input) => intOrPercentMessage(input) )}),
    z.string().regex(PERCENT, { error: whenPresent((input) => intOrPercentMessage(input) )}),
  ], { error: whenPresent((input) => intOrPercentMessage(input) )})
  .transform((value) => value as number | `${number}%`)
  .meta({ description: 'An integer ≥ 0 or a percent string such as "25%".' });

const NonNegativeInt = z.number().int().min(0);
const PositiveInt = z.number().int().min(1);
const NonEmptyString = z.string().min(1);
const Identifier = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:/-]*$/, { error: whenPresent((input) => `expected a name of letters, digits, ".", "_", ":", "/" or "-", found ${describeValue(input)}`) });
const Zone = Identifier.meta({ description: 'A zone (failure domain), e.g. us-east-1a.' });
const Labels = z.record(z.string().min(1), z.string({ error: whenPresent((input) => `expected a string (quote numbers and booleans), found ${describeValue(input)}`) }));

export const PROVIDER_NAMES = ['docker', 'aws', 'azure', 'gcp'] as const;
export const ProviderName = z.enum(PROVIDER_NAMES);

function distributionOptions<V extends z.ZodType>(value: V) {
  return [
    z.strictObject({ distribution: z.literal('constant'), value }),
    z.strictObject({ distribution: z.literal('uniform'), min: value, max: value }),
    z.strictObject({ distribution: z.literal('exponential'), mean: value }),
    z.strictObject({ distribution: z.literal('normal'), mean: value, stddev: value }),
    z.strictObject({ distribution: z.literal('lognormal'), median: value, p95: value }),
    z.strictObject({ distribution: z.literal('empirical'), percentiles: z.record(z.string().regex(/^p\d+(\.\d+)?$/, { error: whenPresent((input) => `expected a percentile key such as p50 or p99.9, found ${describeValue(input)}`) }), value) }),
  ] as const;
}

function checkedDistribution<V extends z.ZodType>(value: V) {
  return z.discriminatedUnion('distribution', distributionOptions(value)).superRefine((spec, ctx) => {
    const error = distributionError(spec as DistributionSpec);
    if (error !== undefined) ctx.addIssue({ code: 'custom', message: `invalid ${(spec as DistributionSpec).distribution} distribution: ${error}`, input: spec });
  }).transform((spec) => spec as DistributionSpec);
}

/** A distribution of durations; each parameter is a duration (`55s`) or ms, converted to ms. */
export const TimeDistribution = checkedDistribution(Duration).meta({
  description: 'A distribution of durations: { distribution: constant|uniform|exponential|normal|lognormal|empirical, ... } with durations (55s) or ms as parameters.',
});

/** A distribution of plain numbers (e.g. seconds). */
export const NumberDistribution = checkedDistribution(z.number().min(0));

// ---------------------------------------------------------------------------------------------
// Management cluster

const C = DEFAULTS.controllers;
const ControllersSchema = z.strictObject({
  cluster: withDefault(PositiveInt, C.cluster),
  machineDeployment: withDefault(PositiveInt, C.machineDeployment),
  machineSet: withDefault(PositiveInt, C.machineSet),
  machine: withDefault(PositiveInt, C.machine),
  machinePool: withDefault(PositiveInt, C.machinePool),
  machineHealthCheck: withDefault(PositiveInt, C.machineHealthCheck),
  kubeadmControlPlane: withDefault(PositiveInt, C.kubeadmControlPlane),
  infrastructure: withDefault(PositiveInt, C.infrastructure),
});

const ReconcileCostSchema = z.strictObject({
  cluster: TimeDistribution.optional(),
  machineDeployment: TimeDistribution.optional(),
  machineSet: TimeDistribution.optional(),
  machine: TimeDistribution.optional(),
  machinePool: TimeDistribution.optional(),
  machineHealthCheck: TimeDistribution.optional(),
  kubeadmControlPlane: TimeDistribution.optional(),
  infrastructure: TimeDistribution.optional(),
}).meta({ description: 'Virtual time one reconcile takes, per controller (default constant 10 ms).', defaultSource: DEFAULTS.reconcileCostMs.source });

export const CONTROLLER_NAMES = Object.keys(ControllersSchema.shape) as Array<keyof typeof ControllersSchema.shape>;

export const ManagementSchema = z.strictObject({
  controllers: ControllersSchema.prefault({}),
  reconcileCost: ReconcileCostSchema.prefault({}),
  clientQPS: withDefault(z.number().positive(), DEFAULTS.clientQPS),
  clientBurst: withDefault(PositiveInt, DEFAULTS.clientBurst),
  workloadClientQPS: withDefault(z.number().positive(), DEFAULTS.workloadClientQPS),
  workloadClientBurst: withDefault(PositiveInt, DEFAULTS.workloadClientBurst),
  syncPeriod: withDefault(Duration, DEFAULTS.syncPeriod),
  reconcileInterval: withDefault(Duration, DEFAULTS.reconcileInterval),
  mhcReconcileInterval: withDefault(Duration, DEFAULTS.mhcReconcileInterval),
  maxErrorBackoff: withDefault(Duration, DEFAULTS.maxErrorBackoff),
  machineSetPreflightChecks: withDefault(z.boolean(), DEFAULTS.machineSetPreflightChecks),
});

// ---------------------------------------------------------------------------------------------
// Cloud overrides

/**
 * A limit override: a token bucket (`bucket` + one refill rate) or, for GCP's per-minute windows,
 * `bucket` alone. Which form an action takes is the cloud catalog's business: the loader checks it
 * with the cloud's own validator (src/cloud/overrides.ts) once the shape is right.
 */
const ApiBucketSchema = z
  .strictObject({
    bucket: PositiveInt,
    refillPerSecond: z.number().positive().optional(),
    refillPerMinute: z.number().positive().optional(),
  })
  .superRefine((value, ctx) => {
    if (value.refillPerSecond !== undefined && value.refillPerMinute !== undefined) {
      ctx.addIssue({ code: 'custom', message: 'expected at most one of refillPerSecond and refillPerMinute', input: value });
    }
  });

const QuotaSchema = z.strictObject({ instances: NonNegativeInt.optional(), vcpus: NonNegativeInt.optional() });

export const CloudOverrideSchema = z.strictObject({
  api: z.record(Identifier, ApiBucketSchema).optional().meta({ description: 'Token buckets keyed by API action (RunInstances) or class (mutating).' }),
  instanceBoot: TimeDistribution.optional(),
  kubeletJoin: TimeDistribution.optional(),
  instanceDelete: TimeDistribution.optional(),
  apiLatency: z.record(Identifier, TimeDistribution).optional().meta({ description: 'Call latency keyed by API action name (RunInstances, VirtualMachines.CreateOrUpdate, instances.insert, …).' }),
  retry: z.strictObject({ maxAttempts: PositiveInt.optional(), baseDelay: Duration.optional(), maxDelay: Duration.optional() }).optional(),
  capacity: z.array(z.strictObject({ zone: Zone, instanceType: NonEmptyString.optional(), maxInstances: NonNegativeInt })).optional(),
  quota: QuotaSchema.optional(),
  controlPlaneUpgrade: TimeDistribution.optional(),
  allocationFailure: TimeDistribution.optional().meta({ description: 'How long a create takes to fail for lack of capacity (ms).' }),
  controllerConcurrency: PositiveInt.optional().meta({ description: "Machines the provider's controller reconciles at once (CAPA/CAPZ/CAPG --*machine-concurrency, default 10)." }),
  nodePool: z.strictObject({
    maxSurge: IntOrPercent.optional(),
    maxUnavailable: IntOrPercent.optional(),
    drainTimeout: Duration.optional(),
    soak: Duration.optional(),
    onDrainTimeout: z.enum(['fail', 'force']).optional().meta({ description: 'What a managed node-pool upgrade does when a drain runs past drainTimeout: fail the update (EKS, AKS default) or force the pods out (GKE after 1 h).' }),
  }).optional(),
  accounts: z.record(NonEmptyString, z.strictObject({ api: z.record(Identifier, ApiBucketSchema).optional(), quota: QuotaSchema.optional() })).optional(),
});

export const CloudsSchema = z.strictObject({
  aws: CloudOverrideSchema.optional(),
  azure: CloudOverrideSchema.optional(),
  gcp: CloudOverrideSchema.optional(),
  docker: CloudOverrideSchema.optional(),
});

// ---------------------------------------------------------------------------------------------
// Clusters

const ConditionStatus = z.union([
  z.enum(['True', 'False', 'Unknown']),
  // YAML reads an unquoted False as a boolean: accept it as the condition status it means.
  z.boolean().transform((value) => (value ? 'True' : 'False') as 'True' | 'False'),
], { error: whenPresent((input) => `expected "True", "False" or "Unknown", found ${describeValue(input)}`) });

const ConditionCheckSchema = z.strictObject({ type: NonEmptyString, status: ConditionStatus, timeout: Duration });

const UNHEALTHY_RANGE = /^\[(\d+)-(\d+)\]$/;

export const HealthCheckSchema = z.strictObject({
  name: Name.optional(),
  targets: withDefault(z.enum(['workers', 'controlPlane', 'all']), DEFAULTS.mhcTargets),
  pools: z.array(Name).min(1).optional(),
  maxUnhealthy: withDefault(IntOrPercent, DEFAULTS.maxUnhealthy),
  unhealthyRange: z
    .string()
    .regex(UNHEALTHY_RANGE, { abort: true, error: whenPresent((input) => `expected a range such as "[1-3]", found ${describeValue(input)}`) })
    .refine((text) => {
      const match = UNHEALTHY_RANGE.exec(text);
      return match !== null && Number(match[1]) <= Number(match[2]);
    }, { error: whenPresent((input) => `expected a range "[a-b]" with a ≤ b, found ${describeValue(input)}`) })
    .optional(),
  // 0 disables the startup check; otherwise at least 30 s (cluster-api@v1.13.5:internal/webhooks/machinehealthcheck.go, capi-semantics §4.1).
  nodeStartupTimeout: withDefault(Duration, DEFAULTS.nodeStartupTimeout).refine((ms) => ms === 0 || ms >= 30_000, {
    error: whenPresent((input) => `expected 0 (disabled) or at least 30s, found ${describeValue(input)} ms (CAPI's webhook rejects shorter timeouts)`),
  }),
  unhealthyConditions: z.array(ConditionCheckSchema).prefault([]),
  unhealthyMachineConditions: z.array(ConditionCheckSchema).prefault([]),
  remediationTemplate: z.strictObject({ kind: NonEmptyString, name: Name.optional() }).optional(),
});

const WorkloadsSchema = z.strictObject({
  podsPerNode: withDefault(NonNegativeInt, DEFAULTS.podsPerNode),
  pdbMaxUnavailable: withDefault(NonNegativeInt, DEFAULTS.pdbMaxUnavailable),
  /** In seconds (plain numbers); the model converts it to a ms distribution named `eviction`. */
  evictionSeconds: withDefault(NumberDistribution, DEFAULTS.evictionSeconds).meta({ description: 'Seconds a pod takes to go after its eviction (a distribution of plain numbers of seconds).' }),
  volumesPerNode: withDefault(NonNegativeInt, DEFAULTS.volumesPerNode),
  volumeDetach: withDefault(TimeDistribution, DEFAULTS.volumeDetach),
});

const KcpRemediationSchema = z.strictObject({
  maxRetry: NonNegativeInt.optional(),
  retryPeriod: withDefault(Duration, DEFAULTS.kcpRetryPeriod),
  minHealthyPeriod: withDefault(Duration, DEFAULTS.kcpMinHealthyPeriod),
});

// KubeadmControlPlane rules: replicas odd (stacked etcd), maxSurge 0 or 1, 0 needs ≥ 3 replicas
// (cluster-api@v1.13.5:controlplane/kubeadm/internal/webhooks/kubeadmcontrolplane.go, capi-semantics §5.1).
export const KubeadmControlPlaneSchema = z
  .strictObject({
    managed: z.literal(false).optional(),
    replicas: withDefault(
      PositiveInt.refine((n) => n % 2 === 1, { error: whenPresent((input) => `expected an odd number of control plane replicas (etcd quorum), found ${describeValue(input)}`) }),
      DEFAULTS.kcpReplicas,
    ),
    maxSurge: withDefault(z.union([z.literal(0), z.literal(1)], { error: whenPresent((input) => `expected 0 or 1 (KubeadmControlPlane allows no other surge), found ${describeValue(input)}`) }), DEFAULTS.kcpMaxSurge),
    instanceType: NonEmptyString.optional(),
    remediation: KcpRemediationSchema.prefault({}),
    nodeDrainTimeout: withDefault(Duration, DEFAULTS.nodeDrainTimeout),
    nodeVolumeDetachTimeout: withDefault(Duration, DEFAULTS.nodeVolumeDetachTimeout),
    nodeDeletionTimeout: withDefault(Duration, DEFAULTS.nodeDeletionTimeout),
  })
  .superRefine((value, ctx) => {
    if (value.maxSurge === 0 && value.replicas < 3) {
      ctx.addIssue({ code: 'custom', path: ['maxSurge'], message: `maxSurge 0 needs at least 3 replicas (found ${value.replicas}): with fewer, a rollout would lose etcd quorum`, input: value.maxSurge });
    }
  });

export const ManagedControlPlaneSchema = z.strictObject({
  managed: z.literal(true),
  upgradeDuration: TimeDistribution.optional(),
}).meta({ description: 'A cloud-managed control plane (EKS, AKS, GKE).' });

export const ControlPlaneSchema = z.discriminatedUnion('managed', [ManagedControlPlaneSchema, KubeadmControlPlaneSchema]);

const Annotations = Labels;

const workerBase = {
  name: Name,
  instanceType: NonEmptyString.optional(),
  zones: z.array(Zone).min(1).optional(),
  image: NonEmptyString.optional(),
  labels: Labels.prefault({}),
  annotations: Annotations.prefault({}).meta({ description: 'Object annotations; topology.cluster.x-k8s.io/defer-upgrade and hold-upgrade-sequence are honoured.' }),
};

export const MachineDeploymentSchema = z.strictObject({
  ...workerBase,
  kind: z.literal('MachineDeployment').optional(),
  replicas: withDefault(NonNegativeInt, DEFAULTS.mdReplicas),
  strategy: z
    .strictObject({
      type: withDefault(z.enum(['RollingUpdate', 'OnDelete']), DEFAULTS.strategyType),
      maxSurge: withDefault(IntOrPercent, DEFAULTS.maxSurge),
      maxUnavailable: withDefault(IntOrPercent, DEFAULTS.maxUnavailable),
    })
    // cluster-api@v1.13.5:internal/webhooks/machinedeployment.go validateRolloutStrategy (capi-semantics §1.1)
    .superRefine((value, ctx) => {
      if (value.type === 'RollingUpdate' && value.maxSurge === 0 && value.maxUnavailable === 0) {
        ctx.addIssue({ code: 'custom', path: ['maxUnavailable'], message: 'maxSurge and maxUnavailable cannot both be 0: the rollout could never make progress (CAPI validateRolloutStrategy)', input: 0 });
      }
    })
    .prefault({}),
  deletePolicy: withDefault(z.enum(['Random', 'Newest', 'Oldest']), DEFAULTS.deletePolicy),
  minReadySeconds: withDefault(NonNegativeInt, DEFAULTS.minReadySeconds),
  nodeDrainTimeout: withDefault(Duration, DEFAULTS.nodeDrainTimeout),
  nodeVolumeDetachTimeout: withDefault(Duration, DEFAULTS.nodeVolumeDetachTimeout),
  nodeDeletionTimeout: withDefault(Duration, DEFAULTS.nodeDeletionTimeout),
  remediation: z.strictObject({ maxInFlight: IntOrPercent.optional() }).prefault({}),
});

export const MachinePoolSchema = z.strictObject({
  ...workerBase,
  kind: z.literal('MachinePool'),
  replicas: withDefault(NonNegativeInt, DEFAULTS.mpReplicas),
  maxSurge: IntOrPercent.optional(),
  maxUnavailable: IntOrPercent.optional(),
  drainTimeout: Duration.optional(),
  soak: Duration.optional(),
  minSize: NonNegativeInt.optional(),
  maxSize: NonNegativeInt.optional(),
});

export const WorkerPoolSchema = z.discriminatedUnion('kind', [MachineDeploymentSchema, MachinePoolSchema]);

const clusterFields = {
  name: Name,
  namespace: withDefault(Name, DEFAULTS.namespace),
  labels: Labels.prefault({}),
  provider: ProviderName,
  account: withDefault(NonEmptyString, DEFAULTS.account),
  region: Identifier.optional(),
  zones: z.array(Zone).min(1).optional(),
  version: Version,
  paused: withDefault(z.boolean(), DEFAULTS.paused),
  image: NonEmptyString.optional(),
  controlPlane: ControlPlaneSchema.optional(),
  workers: z.array(WorkerPoolSchema).prefault([]),
  healthCheck: HealthCheckSchema.optional(),
  healthChecks: z.array(HealthCheckSchema).optional(),
  workloads: WorkloadsSchema.prefault({}),
  topology: z.strictObject({ upgradeConcurrency: withDefault(PositiveInt, DEFAULTS.upgradeConcurrency) }).prefault({}),
};

export const ClusterSchema = z.strictObject(clusterFields);

/** What a generator's `template` may hold: any cluster field but the name. */
export const ClusterTemplateSchema = z.strictObject(clusterFields).omit({ name: true }).partial();

export const GeneratorSchema = z.strictObject({
  generate: z.strictObject({
    count: PositiveInt,
    name: z.string().min(1).meta({ description: 'Name pattern; {index} (from 1) and {provider}, {region}, {version}, {account} are replaced.' }),
    spread: z.strictObject({
      provider: z.array(ProviderName).min(1).optional(),
      region: z.array(Identifier).min(1).optional(),
      version: z.array(Version).min(1).optional(),
      account: z.array(NonEmptyString).min(1).optional(),
    }).prefault({}),
    template: ClusterTemplateSchema.prefault({}),
  }),
});

export const ManifestEntrySchema = z.strictObject({
  manifests: NonEmptyString.meta({ description: 'Path to CAPI YAML (relative to the scenario file).' }),
  labels: Labels.optional().meta({ description: 'Labels added to the imported clusters (for selectors).' }),
});

export const ClusterEntrySchema = z.union([ClusterSchema, GeneratorSchema, ManifestEntrySchema]);

// ---------------------------------------------------------------------------------------------
// Operations

export const ClusterSelectorSchema = z
  .strictObject({ names: z.array(Name).min(1).optional(), matchLabels: Labels.optional() })
  .superRefine((value, ctx) => {
    if (value.names === undefined && value.matchLabels === undefined) ctx.addIssue({ code: 'custom', message: 'expected names: [...] or matchLabels: {...} (matchLabels: {} selects every cluster)', input: value });
  });

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: whenPresent((input) => `expected a time HH:MM (UTC, 00:00–23:59), found ${describeValue(input)}`) });
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

const WaveSize = z.union([
  PositiveInt,
  z.string().regex(/^(100|[1-9]\d?)%$/, { error: whenPresent((input) => `expected a wave size (a number of clusters ≥ 1 or a percent such as "25%"), found ${describeValue(input)}`) }),
], { error: whenPresent((input) => `expected a wave size (a number of clusters ≥ 1 or a percent such as "25%"), found ${describeValue(input)}`) }).transform((v) => v as number | `${number}%`);

export const WavesSchema = z.strictObject({
  size: WaveSize.optional(),
  canary: z.union([PositiveInt, ClusterSelectorSchema]).optional(),
  byLabel: NonEmptyString.optional(),
  pauseBetween: withDefault(Duration, DEFAULTS.wavePauseBetween),
  gate: withDefault(
    z.union([
      z.enum(['none', 'healthy']),
      z.strictObject({ allReady: z.boolean().optional(), noShortCircuit: z.boolean().optional(), maxRemediations: NonNegativeInt.optional() }),
    ], { error: whenPresent((input) => `expected none, healthy or { allReady, noShortCircuit, maxRemediations }, found ${describeValue(input)}`) }),
    DEFAULTS.waveGate,
  ),
  maxConcurrentClusters: PositiveInt.optional(),
  maintenanceWindow: z.strictObject({ days: z.array(z.enum(WEEKDAYS)).min(1), start: HHMM, end: HHMM }).optional().meta({ description: 'Wave starts only inside this UTC window; t=0 is startsAt.' }),
});

export const OPERATION_KINDS = ['upgrade', 'rolloutImage', 'scale', 'pause', 'resume', 'move'] as const;

export const OperationSchema = z.strictObject({
  at: Duration,
  upgrade: z.strictObject({ clusters: ClusterSelectorSchema, version: Version, waves: WavesSchema.optional() }).optional(),
  rolloutImage: z.strictObject({ clusters: ClusterSelectorSchema, image: NonEmptyString, pools: z.array(Name).min(1).optional() }).optional(),
  scale: z.strictObject({ clusters: ClusterSelectorSchema, pool: Name, replicas: NonNegativeInt }).optional(),
  pause: z.strictObject({ clusters: ClusterSelectorSchema }).optional(),
  resume: z.strictObject({ clusters: ClusterSelectorSchema }).optional(),
  move: z.strictObject({ pauseFor: Duration }).optional(),
});

// ---------------------------------------------------------------------------------------------
// Faults

const For = Duration.optional().meta({ description: 'How long the fault lasts; without it, it lasts to the end.' });

export const NODE_FAILURE_MODES = ['crash', 'kernelPanic', 'hang', 'notReady', 'memoryPressure', 'diskPressure'] as const;

export const FAULT_KINDS = ['nodeFailures', 'zoneOutage', 'apiBrownout', 'apiOutage', 'capacityShortage', 'badImage', 'managementOutage', 'partition', 'drainBlocker'] as const;

export const FaultSchema = z.strictObject({
  at: Duration.optional(),
  nodeFailures: z
    .strictObject({
      clusters: ClusterSelectorSchema.optional(),
      pool: Name.optional(),
      controlPlane: withDefault(z.boolean(), DEFAULTS.nodeFailuresControlPlane),
      count: PositiveInt.optional(),
      ratePerNodeHour: z.number().positive().max(1000).optional(),
      mode: z.enum(NODE_FAILURE_MODES),
      for: For,
    })
    .superRefine((value, ctx) => {
      if ((value.count === undefined) === (value.ratePerNodeHour === undefined)) {
        ctx.addIssue({ code: 'custom', message: 'expected exactly one of count (nodes at once) and ratePerNodeHour (random failures)', input: value });
      }
      if (value.controlPlane && value.pool !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['pool'], message: 'expected either pool or controlPlane: true, not both', input: value.pool });
      }
    })
    .optional(),
  zoneOutage: z.strictObject({ zone: Zone, cloud: ProviderName.optional(), region: Identifier.optional(), for: For }).optional(),
  apiBrownout: z.strictObject({
    cloud: ProviderName,
    region: Identifier.optional(),
    account: NonEmptyString.optional(),
    errorRate: z.number().min(0).max(1),
    for: For,
    actions: z.array(Identifier).min(1).optional(),
  }).optional(),
  apiOutage: z.strictObject({ cloud: ProviderName, region: Identifier.optional(), for: For }).optional(),
  capacityShortage: z.strictObject({ cloud: ProviderName, zone: Zone, instanceType: NonEmptyString.optional(), for: For }).optional(),
  badImage: z.strictObject({ clusters: ClusterSelectorSchema, image: NonEmptyString.optional(), for: For }).optional(),
  managementOutage: z.strictObject({ for: Duration }).optional(),
  partition: z.strictObject({ clusters: ClusterSelectorSchema, for: For }).optional(),
  drainBlocker: z.strictObject({ clusters: ClusterSelectorSchema, pool: Name.optional(), for: For }).optional(),
});

// ---------------------------------------------------------------------------------------------
// Expectations, observation, sweeps, the whole file

const Bound = z.union([z.number(), z.string()], { error: whenPresent((input) => `expected a number or a duration such as 8h, found ${describeValue(input)}`) });

export const ExpectationSchema = z.strictObject({ metric: NonEmptyString, min: Bound.optional(), max: Bound.optional() });

export const ObserveSchema = z.strictObject({
  cloudCallEvents: withDefault(z.enum(['all', 'sampled', 'none']), DEFAULTS.observeCloudCallEvents),
  cloudCallSampleRate: withDefault(z.number().min(0).max(1), DEFAULTS.observeCloudCallSampleRate),
});

export const SweepSchema = z.strictObject({
  seeds: z.union([z.string(), PositiveInt]).transform(String).optional(),
  set: z.record(NonEmptyString, z.array(z.unknown())).optional(),
});

const VariableValue = z.union([z.string(), z.number(), z.boolean()], { error: whenPresent((input) => `expected a string, found ${describeValue(input)}`) }).transform(String);

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/;

/** The top-level fields; the lists are validated element by element (see load.ts). */
export const scenarioFields = {
  apiVersion: z.literal('fleetsim/v1alpha1', { error: whenPresent((input) => `expected apiVersion fleetsim/v1alpha1, found ${describeValue(input)}`) }),
  kind: z.literal('Scenario', { error: whenPresent((input) => `expected kind Scenario, found ${describeValue(input)}`) }),
  name: Name,
  description: z.string().optional(),
  seed: withDefault(z.number().int().min(0).max(Number.MAX_SAFE_INTEGER), DEFAULTS.seed),
  horizon: withDefault(Duration, DEFAULTS.horizon).refine((ms) => ms > 0, { error: 'expected a horizon longer than 0' }),
  maxEvents: withDefault(PositiveInt, DEFAULTS.maxEvents),
  startsAt: withDefault(
    z.string().regex(ISO_INSTANT, { error: whenPresent((input) => `expected a UTC instant such as 2026-01-05T00:00:00Z, found ${describeValue(input)}`) })
      .refine((text) => Number.isFinite(Date.parse(text)), { error: whenPresent((input) => `expected a real date, found ${describeValue(input)}`) }),
    DEFAULTS.startsAt,
  ),
  management: ManagementSchema.prefault({}),
  clouds: CloudsSchema.prefault({}),
  clusters: z.array(ClusterEntrySchema).min(1, { error: 'expected at least one cluster' }),
  variables: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: whenPresent((input) => `expected a variable name of letters, digits and _, found ${describeValue(input)}`) }), VariableValue).prefault({}),
  operations: z.array(OperationSchema).prefault([]),
  faults: z.array(FaultSchema).prefault([]),
  expect: z.array(ExpectationSchema).prefault([]),
  observe: ObserveSchema.prefault({}),
  sweep: SweepSchema.optional(),
};

/** The whole file (the JSON Schema is generated from this). */
export const ScenarioSchema = z.strictObject(scenarioFields).meta({
  title: 'fleetsim scenario (fleetsim/v1alpha1)',
  description: 'A fleet of CAPI-managed clusters, what operators do to it, what goes wrong and what the run must show.',
});

/** The top level with its lists left unchecked, so each element can be checked (and located) on its own. */
export const TopLevelSchema = z.strictObject({
  ...scenarioFields,
  clusters: z.array(z.unknown(), { error: whenPresent((input) => `expected a list of clusters, found ${describeValue(input)}`) }).min(1, { error: 'expected at least one cluster' }),
  operations: z.array(z.unknown(), { error: whenPresent((input) => `expected a list of operations, found ${describeValue(input)}`) }).prefault([]),
  faults: z.array(z.unknown(), { error: whenPresent((input) => `expected a list of faults, found ${describeValue(input)}`) }).prefault([]),
  expect: z.array(z.unknown(), { error: whenPresent((input) => `expected a list of expectations, found ${describeValue(input)}`) }).prefault([]),
});

export type ClusterInput = z.output<typeof ClusterSchema>;
export type ClusterTemplateInput = z.output<typeof ClusterTemplateSchema>;
export type GeneratorInput = z.output<typeof GeneratorSchema>;
export type ManifestEntryInput = z.output<typeof ManifestEntrySchema>;
export type OperationInput = z.output<typeof OperationSchema>;
export type FaultInput = z.output<typeof FaultSchema>;
export type ExpectationInput = z.output<typeof ExpectationSchema>;
export type TopLevelInput = z.output<typeof TopLevelSchema>;
export type HealthCheckInput = z.output<typeof HealthCheckSchema>;
export type ClusterSelectorInput = z.output<typeof ClusterSelectorSchema>;
export type WavesInput = z.output<typeof WavesSchema>;

export { describeValue };

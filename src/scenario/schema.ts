/**
 * The zod schema of a `fleetsim/v1alpha1` scenario file, as written by users, assembled from the
 * parts each layer declares: cloud overrides (cloud/overrides.ts), each fault kind's item (its
 * faults/ file), and here the management cluster, clusters, operations and the rest. It checks
 * shapes, types, names and single-field rules, converts durations to ms and fills in the plain
 * defaults (`prefault`, so the JSON Schema shows them as the user would write them). Rules that
 * need several fields or the whole fleet (references, per-provider defaults, generators) are the
 * loader's (cluster.ts, actions.ts, generators.ts).
 *
 * Every default cites its source in defaults.ts; `defaultSource` metadata carries it to the JSON
 * Schema and to `fleetsim schema --defaults`.
 */

import { z } from 'zod';
import { CONTROLLER_SETTINGS, type ControllerSettingsKey } from '../capi/controllers.js';
import { CloudsSchema, ProviderName } from '../cloud/clouds.js';
import { FAULTS, type FaultKind } from '../faults/index.js';
import { withDefault } from '../schema/cited.js';
import {
  ClusterSelectorSchema, Duration, Identifier, IntOrPercent, Labels, Name, NonEmptyString, NonNegativeInt, NumberDistribution, PositiveInt, TimeDistribution, Version, Zone,
} from '../schema/fields.js';
import { describeValue, whenPresent } from '../schema/wording.js';
import { DEFAULTS } from './defaults.js';

// ---------------------------------------------------------------------------------------------
// Management cluster

// One key per settings key the controllers take (capi/controllers.ts CONTROLLER_SETTINGS, each
// declared by its controller's setup with its cited default).
const perController = <S extends z.ZodType>(field: (settings: (typeof CONTROLLER_SETTINGS)[number]) => S) =>
  Object.fromEntries(CONTROLLER_SETTINGS.map((settings) => [settings.key, field(settings)])) as Record<ControllerSettingsKey, S>;

const ControllersSchema = z.strictObject(perController((settings) => withDefault(PositiveInt, settings.concurrency)));

const ReconcileCostSchema = z.strictObject(perController(() => TimeDistribution.optional()))
  .meta({ description: 'Virtual time one reconcile takes, per controller (default constant 10 ms).', defaultSource: DEFAULTS.reconcileCostMs.source });

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

export const WorkloadsSchema = z.strictObject({
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
  image: NonEmptyString.optional().meta({ description: 'Pinned machine image of the pool (an AMI ID, an image reference); an upgrade keeps it. Unset: the cluster\'s image.' }),
  labels: Labels.prefault({}),
  annotations: Annotations.prefault({}).meta({ description: 'Object annotations; topology.cluster.x-k8s.io/defer-upgrade and hold-upgrade-sequence are honoured.' }),
};

export const MachineDeploymentSchema = z.strictObject({
  ...workerBase,
  kind: z.literal('MachineDeployment').optional(),
  failureDomain: Zone.optional().meta({ description: "The MachineDeployment's template.spec.failureDomain: every Machine goes to this zone (the same as zones: [<zone>])." }),
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
  image: NonEmptyString.optional().meta({ description: 'Pinned machine image (CAPA ami.id, CAPZ image, CAPG image); an upgrade keeps it. Unset: the provider\'s default image for each Machine\'s version, so an upgrade rolls the image too.' }),
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

const VariableValue = z.union([z.string(), z.number(), z.boolean()], { error: whenPresent((input) => `expected a string, found ${describeValue(input)}`) }).transform(String);
const VariableName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: whenPresent((input) => `expected a variable name of letters, digits and _, found ${describeValue(input)}`) });

/** Instances one `manifests:` entry may make. ASSUMPTION: a guard against a typo'd count, far above a fleet's size. */
export const MAX_MANIFEST_COUNT = 10_000;

export const ManifestEntrySchema = z.strictObject({
  manifests: NonEmptyString.meta({ description: 'Path to CAPI YAML (relative to the scenario file).' }),
  labels: Labels.optional().meta({ description: 'Labels added to the imported clusters (for selectors).' }),
  variables: z.record(VariableName, VariableValue).optional().meta({ description: "This entry's clusterctl variables, over the scenario's variables: ({index} in a value is the instance's number, 1 to count)." }),
  count: PositiveInt.refine((n) => n <= MAX_MANIFEST_COUNT, { error: `expected at most ${MAX_MANIFEST_COUNT.toLocaleString('en-US')} instances` }).optional().meta({ description: 'Instances of the template, each with its own {index} (default 1): one clusterctl template, many clusters.' }),
});

export const ClusterEntrySchema = z.union([ClusterSchema, GeneratorSchema, ManifestEntrySchema]);

// ---------------------------------------------------------------------------------------------
// Operations

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

export const UpgradeSchema = z.strictObject({ clusters: ClusterSelectorSchema, version: Version, waves: WavesSchema.optional() });
export const RolloutImageSchema = z.strictObject({ clusters: ClusterSelectorSchema, image: NonEmptyString, pools: z.array(Name).min(1).optional() });
export const ScaleSchema = z.strictObject({ clusters: ClusterSelectorSchema, pool: Name, replicas: NonNegativeInt });
export const PauseSchema = z.strictObject({ clusters: ClusterSelectorSchema });
export const ResumeSchema = z.strictObject({ clusters: ClusterSelectorSchema });
export const MoveSchema = z.strictObject({
  pauseFor: Duration,
  retry: z.strictObject({
    every: withDefault(Duration, DEFAULTS.moveRetryEvery),
    for: withDefault(Duration, DEFAULTS.moveRetryFor),
  }).optional().meta({ description: 'clusterctl move refuses to start while a Machine has no Node (mover.go checkProvisioningCompleted); without retry the move then fails, with it the move is tried again every `every` until `for` has passed.' }),
});

/** One item of `operations:`: `at` and exactly one kind's fields (the loader checks there is one). */
export const OperationSchema = z.strictObject({
  at: Duration,
  upgrade: UpgradeSchema.optional(),
  rolloutImage: RolloutImageSchema.optional(),
  scale: ScaleSchema.optional(),
  pause: PauseSchema.optional(),
  resume: ResumeSchema.optional(),
  move: MoveSchema.optional(),
});

// ---------------------------------------------------------------------------------------------
// Faults

/** Each kind's fields under its key, optional: the loader checks that an item has exactly one. */
type FaultFields = { [K in FaultKind]: z.ZodOptional<(typeof FAULTS)[K]['schema']> };

const faultFields = Object.fromEntries(Object.entries(FAULTS).map(([kind, row]) => [kind, row.schema.optional()])) as FaultFields;

/** One item of `faults:`: `at` and exactly one kind's fields (the fault table, faults/index.ts). */
export const FaultSchema = z.strictObject({ at: Duration.optional(), ...faultFields });

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
export type WavesInput = z.output<typeof WavesSchema>;


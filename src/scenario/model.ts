/**
 * The resolved scenario: what the simulator reads after the loader has parsed, validated, defaulted
 * and expanded a `fleetsim/v1alpha1` file. Every optional field of the file that has a default is
 * filled in here; fields left optional here mean "not set: the component's own default applies"
 * (for example a cloud flavour's node-pool settings).
 *
 * Units: every duration is integer milliseconds (`Millis`); distributions of durations are in ms.
 * Int-or-percent quantities are kept as written (`5` or `"25%"`): CAPI resolves them against a
 * replica count at use time (capi-semantics §0.1).
 *
 * How the types are made: each is what its zod schema outputs (schema.ts; the cloud overrides'
 * in cloud/overrides.ts, each fault kind's in its faults/ file), with the fields the loader
 * resolves replaced (`Resolved<…>`): defaults that depend on other fields (a cluster's region,
 * zones, image and instance types), health-check names, `evictionSeconds` as ms, selectors
 * resolved to `targets`, wave windows in minutes, the file's position of each item. Generators and
 * imports are expanded into plain clusters. This is a split at the type level rather than a second,
 * "resolved" zod schema: nothing parses the resolved form, so such a schema would only be written
 * to be read as a type, and would drift from the resolver as the hand-written types did.
 */

import type { z } from 'zod';
import type { Millis } from '../engine/duration.js';
import type { DistributionSpec } from '../engine/distribution.js';
import type { ProviderKind } from '../cloud/provider.js';
import type { CloudOverridesByProvider } from '../cloud/clouds.js';
import type { ClusterSelector, IntOrPercent } from '../schema/fields.js';
import type { FaultSpec, FaultKind } from '../faults/index.js';
import type {
  ClusterSchema,
  ExpectationSchema,
  HealthCheckSchema,
  KubeadmControlPlaneSchema,
  MachineDeploymentSchema,
  MachinePoolSchema,
  ManagedControlPlaneSchema,
  ManagementSchema,
  MoveSchema,
  ObserveSchema,
  PauseSchema,
  ResumeSchema,
  RolloutImageSchema,
  ScaleSchema,
  ScenarioSchema,
  SweepSchema,
  UpgradeSchema,
  WavesSchema,
  WorkloadsSchema,
} from './schema.js';

export type { Millis, DistributionSpec, ClusterSelector, IntOrPercent, FaultSpec, FaultKind };

/** `Base` with the fields of `Fields` replaced by the resolved ones. */
type Resolved<Base, Fields> = Omit<Base, keyof Fields> & Fields;

export type Provider = ProviderKind;

export type Scenario = Resolved<z.output<typeof ScenarioSchema>, {
  /** `startsAt` as epoch milliseconds. */
  startsAtEpochMs: number;
  management: ManagementSpec;
  /** Explicit clusters, generated clusters and imported clusters, in file order. */
  clusters: ClusterSpec[];
  /** In file order (not sorted by `at`). */
  operations: OperationSpec[];
  faults: FaultSpec[];
  expect: ExpectationSpec[];
  source: { file: string };
}>;

// ---------------------------------------------------------------------------------------------
// Management cluster

type ManagementOutput = z.output<typeof ManagementSchema>;

/** A key of `management.controllers` (the settings the CAPI controllers take, capi/controllers.ts). */
export type ControllerName = keyof ManagementOutput['controllers'];

export type ManagementSpec = Resolved<ManagementOutput, {
  /** Virtual time one reconcile takes, per controller, in ms (unset ones filled with the default). */
  reconcileCost: Record<ControllerName, DistributionSpec>;
}>;

// ---------------------------------------------------------------------------------------------
// Cloud overrides (all optional: the cloud model's built-in, cited defaults apply otherwise).
// The shape is the cloud layer's own (src/cloud/overrides.ts), so there is one definition.

export type { CloudOverrides as CloudOverride, ApiLimitOverride as ApiBucketSpec, RetryOverride as RetrySpec, QuotaOverride as QuotaSpec, NodePoolOverride as NodePoolDefaults, AccountOverrides as AccountOverride } from '../cloud/overrides.js';
export type { CapacityLimit } from '../cloud/cloud-provider.js';

export type CloudOverrides = CloudOverridesByProvider;

// ---------------------------------------------------------------------------------------------
// Clusters

export type ClusterSpec = Resolved<Omit<z.output<typeof ClusterSchema>, 'healthCheck'>, {
  region: string;
  /** Failure domains of the cluster. */
  zones: string[];
  /** Machine image the cluster's machines start with. */
  image: string;
  /**
   * The file names `image`: every template pins it (an upgrade keeps it). Otherwise the provider
   * looks the image up by each Machine's version (capi/infrastructure/image.ts).
   */
  imagePinned: boolean;
  controlPlane: ControlPlaneSpec;
  workers: WorkerPoolSpec[];
  /** `healthCheck` (one) or `healthChecks` (a list), named. */
  healthChecks: HealthCheckSpec[];
  workloads: WorkloadSpec;
  /** The manifest file this cluster was imported from (absolute path), if any. */
  manifestsFrom?: string;
}>;

export type ControlPlaneSpec = ManagedControlPlaneSpec | KubeadmControlPlaneSpec;

/** EKS / AKS / GKE control plane: the cloud runs it; upgrades are one cloud operation. */
export type ManagedControlPlaneSpec = z.output<typeof ManagedControlPlaneSchema>;

/** Odd replicas (stacked etcd); timeouts of 0 wait forever. */
export type KubeadmControlPlaneSpec = Resolved<z.output<typeof KubeadmControlPlaneSchema>, { managed: false; instanceType: string }>;

/** `maxRetry` unset = unlimited retries. */
export type KcpRemediationSpec = KubeadmControlPlaneSpec['remediation'];

/** What the resolver sets on every pool. */
interface ResolvedPool {
  instanceType: string;
  /** Failure domains the pool spreads over (defaults to the cluster's zones). */
  zones: string[];
  /** `topology.cluster.x-k8s.io/defer-upgrade` annotation present. */
  deferUpgrade: boolean;
  /** `topology.cluster.x-k8s.io/hold-upgrade-sequence` annotation present. */
  holdUpgradeSequence: boolean;
}

export type WorkerPoolSpec = MachineDeploymentPoolSpec | MachinePoolPoolSpec;

/** Timeouts of 0 wait forever. */
export type MachineDeploymentPoolSpec = Resolved<z.output<typeof MachineDeploymentSchema>, ResolvedPool & {
  kind: 'MachineDeployment';
  /**
   * The zones the file pinned the pool to (`failureDomain`, or `zones`): one zone is the
   * MachineDeployment's failure domain; several make one MachineDeployment per zone
   * (`<cluster>-<pool>-<zone>`), the replicas split over them. Empty: no failure domain, the
   * infrastructure provider places the Machines (capi/machine/placement.ts).
   */
  failureDomains: string[];
}>;

/**
 * A cloud node group (EKS managed node group, AKS agent pool, GKE node pool, ASG, VMSS, MIG).
 * Rollout settings left unset: the cloud flavour's node-pool default applies; `minSize` and
 * `maxSize` are informational.
 */
export type MachinePoolPoolSpec = Resolved<z.output<typeof MachinePoolSchema>, ResolvedPool>;

export type RolloutStrategySpec = MachineDeploymentPoolSpec['strategy'];

export type DeletePolicy = MachineDeploymentPoolSpec['deletePolicy'];

export type HealthCheckSpec = Resolved<z.output<typeof HealthCheckSchema>, {
  /** `<cluster>-mhc`, `<cluster>-mhc-2`, … unless the file names it. */
  name: string;
  /** Inclusive bounds; takes precedence over maxUnhealthy when set. */
  unhealthyRange?: { min: number; max: number; text: string };
}>;

export type NodeConditionCheck = HealthCheckSpec['unhealthyConditions'][number];

export type WorkloadSpec = Resolved<Omit<z.output<typeof WorkloadsSchema>, 'evictionSeconds'>, {
  /** Time one pod eviction takes to complete (ms). The file's `evictionSeconds` is in seconds. */
  eviction: DistributionSpec;
}>;

/** `topology.cluster.x-k8s.io/upgrade-concurrency`. */
export type TopologySpec = ClusterSpec['topology'];

// ---------------------------------------------------------------------------------------------
// Operations

export type OperationSpec =
  | UpgradeOperation
  | RolloutImageOperation
  | ScaleOperation
  | PauseOperation
  | ResumeOperation
  | MoveOperation;

export type OperationKind = OperationSpec['kind'];

interface OperationBase<K extends string> {
  kind: K;
  at: Millis;
  /** Position in the file's `operations` list. */
  index: number;
}

/** The selector resolved at load time: cluster names in scenario order. */
interface ClusterTargeted {
  targets: string[];
}

export type MaintenanceWindow = NonNullable<z.output<typeof WavesSchema>['maintenanceWindow']> & {
  /** Minutes after midnight UTC; `end` ≤ `start` means the window runs past midnight. */
  startMinute: number;
  endMinute: number;
};

export type Weekday = MaintenanceWindow['days'][number];

export type WavePlan = Resolved<z.output<typeof WavesSchema>, { maintenanceWindow?: MaintenanceWindow }>;

export type WaveGate = WavePlan['gate'];

export type UpgradeOperation = OperationBase<'upgrade'> & ClusterTargeted & Resolved<z.output<typeof UpgradeSchema>, { waves?: WavePlan }>;

export type RolloutImageOperation = OperationBase<'rolloutImage'> & ClusterTargeted & z.output<typeof RolloutImageSchema>;

export type ScaleOperation = OperationBase<'scale'> & ClusterTargeted & z.output<typeof ScaleSchema>;

export type PauseOperation = OperationBase<'pause'> & ClusterTargeted & z.output<typeof PauseSchema>;

export type ResumeOperation = OperationBase<'resume'> & ClusterTargeted & z.output<typeof ResumeSchema>;

/** clusterctl move: the management cluster stops reconciling for `pauseFor`. */
export type MoveOperation = OperationBase<'move'> & z.output<typeof MoveSchema>;

// ---------------------------------------------------------------------------------------------
// Expectations, observation, sweeps

export type ExpectationSpec = Resolved<z.output<typeof ExpectationSchema>, {
  /** Durations in the file are converted to ms. */
  min?: number;
  max?: number;
}>;

/** `cloudCallSampleRate` (0..1) is used when cloudCallEvents is 'sampled'. */
export type ObserveSpec = z.output<typeof ObserveSchema>;

export type SweepSpec = z.output<typeof SweepSchema>;

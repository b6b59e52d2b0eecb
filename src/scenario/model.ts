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
 * Types only: the defaults and their citations live in defaults.ts, the schema in schema.ts.
 */

import type { Millis } from '../engine/duration.js';
import type { DistributionSpec } from '../engine/distribution.js';
import type { ProviderKind } from '../cloud/provider.js';
import type { CloudOverrides as CloudOverride } from '../cloud/overrides.js';

export type { Millis, DistributionSpec };

/** An int (≥ 0) or a percent string such as "25%" (a bare number string like "5" is rejected). */
export type IntOrPercent = import('../kube/intstr.js').IntOrPercent;

export type Provider = ProviderKind;

/** Picks clusters by name and/or labels (both given: a cluster must match both). */
export interface ClusterSelector {
  names?: string[];
  matchLabels?: Record<string, string>;
}

export interface Scenario {
  apiVersion: 'fleetsim/v1alpha1';
  kind: 'Scenario';
  name: string;
  description?: string;
  seed: number;
  /** Hard stop of virtual time. */
  horizon: Millis;
  /** Guard against runaway runs: the simulation stops (exit 3) after this many events. */
  maxEvents: number;
  /** Wall-clock instant of t = 0 (ISO 8601, UTC), used only for maintenance windows. */
  startsAt: string;
  /** `startsAt` as epoch milliseconds. */
  startsAtEpochMs: number;
  management: ManagementSpec;
  clouds: CloudOverrides;
  /** Explicit clusters, generated clusters and imported clusters, in file order. */
  clusters: ClusterSpec[];
  /** In file order (not sorted by `at`). */
  operations: OperationSpec[];
  faults: FaultSpec[];
  expect: ExpectationSpec[];
  variables: Record<string, string>;
  observe: ObserveSpec;
  sweep?: SweepSpec;
  source: { file: string };
}

// ---------------------------------------------------------------------------------------------
// Management cluster

export type ControllerName =
  | 'cluster'
  | 'machineDeployment'
  | 'machineSet'
  | 'machine'
  | 'machinePool'
  | 'machineHealthCheck'
  | 'kubeadmControlPlane'
  /** The provider's infra-machine controller (CAPA awsmachine, CAPZ azuremachine, …). */
  | 'infrastructure';

export interface ManagementSpec {
  /** Worker concurrency per controller (the manager's --*-concurrency flags). */
  controllers: Record<ControllerName, number>;
  /** Virtual time one reconcile takes, per controller, in ms. */
  reconcileCost: Record<ControllerName, DistributionSpec>;
  /** The manager's client towards the management API server. */
  clientQPS: number;
  clientBurst: number;
  /** The manager's client towards each workload cluster (ClusterCache). */
  workloadClientQPS: number;
  workloadClientBurst: number;
  syncPeriod: Millis;
  /** Per-object floor between two reconciles (ReconcilerRateLimiting). */
  reconcileInterval: Millis;
  /** The same floor for MachineHealthCheck. */
  mhcReconcileInterval: Millis;
  /** Error backoff cap of the work queue. */
  maxErrorBackoff: Millis;
  /** MachineSet preflight checks (feature gate MachineSetPreflightChecks). */
  machineSetPreflightChecks: boolean;
}

// ---------------------------------------------------------------------------------------------
// Cloud overrides (all optional: the cloud model's built-in, cited defaults apply otherwise).
// The shape is the cloud layer's own (src/cloud/overrides.ts), so there is one definition.

export type { CloudOverrides as CloudOverride, ApiLimitOverride as ApiBucketSpec, RetryOverride as RetrySpec, QuotaOverride as QuotaSpec, NodePoolOverride as NodePoolDefaults, AccountOverrides as AccountOverride } from '../cloud/overrides.js';
export type { CapacityLimit } from '../cloud/cloud-provider.js';

export type CloudOverrides = Partial<Record<Provider, CloudOverride>>;

// ---------------------------------------------------------------------------------------------
// Clusters

export interface ClusterSpec {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  provider: Provider;
  /** AWS account / Azure subscription / GCP project. */
  account: string;
  region: string;
  /** Failure domains of the cluster. */
  zones: string[];
  /** `vX.Y.Z`. */
  version: string;
  paused: boolean;
  /** Machine image the cluster's machines start with. */
  image: string;
  controlPlane: ControlPlaneSpec;
  workers: WorkerPoolSpec[];
  healthChecks: HealthCheckSpec[];
  workloads: WorkloadSpec;
  topology: TopologySpec;
  /** The manifest file this cluster was imported from (absolute path), if any. */
  manifestsFrom?: string;
}

export type ControlPlaneSpec = ManagedControlPlaneSpec | KubeadmControlPlaneSpec;

/** EKS / AKS / GKE control plane: the cloud runs it; upgrades are one cloud operation. */
export interface ManagedControlPlaneSpec {
  managed: true;
  /** Overrides the cloud's `controlPlaneUpgrade` duration for this cluster (ms). */
  upgradeDuration?: DistributionSpec;
}

export interface KcpRemediationSpec {
  /** Unset = unlimited retries. */
  maxRetry?: number;
  retryPeriod: Millis;
  minHealthyPeriod: Millis;
}

export interface KubeadmControlPlaneSpec {
  managed: false;
  /** Odd (stacked etcd). */
  replicas: number;
  maxSurge: 0 | 1;
  instanceType: string;
  remediation: KcpRemediationSpec;
  /** 0 = wait forever. */
  nodeDrainTimeout: Millis;
  /** 0 = wait forever. */
  nodeVolumeDetachTimeout: Millis;
  /** 0 = wait forever. */
  nodeDeletionTimeout: Millis;
}

export type WorkerPoolSpec = MachineDeploymentPoolSpec | MachinePoolPoolSpec;

interface WorkerPoolBase {
  name: string;
  replicas: number;
  instanceType: string;
  /** Failure domains the pool spreads over (defaults to the cluster's zones). */
  zones: string[];
  /** Unset: the cluster's image. */
  image?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** `topology.cluster.x-k8s.io/defer-upgrade` annotation set to "true". */
  deferUpgrade: boolean;
  /** `topology.cluster.x-k8s.io/hold-upgrade-sequence` annotation set to "true". */
  holdUpgradeSequence: boolean;
}

export interface RolloutStrategySpec {
  type: 'RollingUpdate' | 'OnDelete';
  maxSurge: IntOrPercent;
  maxUnavailable: IntOrPercent;
}

export type DeletePolicy = 'Random' | 'Newest' | 'Oldest';

export interface MachineDeploymentPoolSpec extends WorkerPoolBase {
  kind: 'MachineDeployment';
  strategy: RolloutStrategySpec;
  deletePolicy: DeletePolicy;
  minReadySeconds: number;
  /** 0 = wait forever. */
  nodeDrainTimeout: Millis;
  /** 0 = wait forever. */
  nodeVolumeDetachTimeout: Millis;
  /** 0 = wait forever. */
  nodeDeletionTimeout: Millis;
  remediation: { maxInFlight?: IntOrPercent };
}

/** A cloud node group (EKS managed node group, AKS agent pool, GKE node pool, ASG, VMSS, MIG). */
export interface MachinePoolPoolSpec extends WorkerPoolBase {
  kind: 'MachinePool';
  /** Unset: the cloud flavour's node-pool default applies. */
  maxSurge?: IntOrPercent;
  maxUnavailable?: IntOrPercent;
  drainTimeout?: Millis;
  soak?: Millis;
  /** Autoscaling bounds when known (from manifests); informational. */
  minSize?: number;
  maxSize?: number;
}

export interface NodeConditionCheck {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  timeout: Millis;
}

export interface HealthCheckSpec {
  name: string;
  targets: 'workers' | 'controlPlane' | 'all';
  /** Restricts worker targets to these pools. */
  pools?: string[];
  /** Percent or count of expected targets (rounded down); default "100%". */
  maxUnhealthy: IntOrPercent;
  /** Inclusive bounds; takes precedence over maxUnhealthy when set. */
  unhealthyRange?: { min: number; max: number; text: string };
  /** 0 disables the startup check. */
  nodeStartupTimeout: Millis;
  unhealthyConditions: NodeConditionCheck[];
  /** Machine conditions (v1beta2 `checks.unhealthyMachineConditions`). */
  unhealthyMachineConditions: NodeConditionCheck[];
  /** External remediation instead of owner remediation. */
  remediationTemplate?: { kind: string; name?: string };
}

export interface WorkloadSpec {
  podsPerNode: number;
  pdbMaxUnavailable: number;
  /** Time one pod eviction takes to complete (ms). The file's `evictionSeconds` is in seconds. */
  eviction: DistributionSpec;
  volumesPerNode: number;
  /** Time one volume takes to detach (ms). */
  volumeDetach: DistributionSpec;
}

export interface TopologySpec {
  /** `topology.cluster.x-k8s.io/upgrade-concurrency`. */
  upgradeConcurrency: number;
}

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

interface OperationBase {
  at: Millis;
  /** Position in the file's `operations` list. */
  index: number;
}

interface ClusterTargeted {
  clusters: ClusterSelector;
  /** The selector resolved at load time: cluster names in `clusters` order. */
  targets: string[];
}

export type Weekday = 'Mon' | 'Tue' | 'Wed' | 'Thu' | 'Fri' | 'Sat' | 'Sun';

export interface MaintenanceWindow {
  days: Weekday[];
  /** 'HH:MM' UTC. */
  start: string;
  end: string;
  /** Minutes after midnight UTC; `end` ≤ `start` means the window runs past midnight. */
  startMinute: number;
  endMinute: number;
}

export type WaveGate =
  | 'none'
  | 'healthy'
  | { allReady?: boolean; noShortCircuit?: boolean; maxRemediations?: number };

export interface WavePlan {
  size?: number | `${number}%`;
  canary?: ClusterSelector | number;
  byLabel?: string;
  pauseBetween: Millis;
  gate: WaveGate;
  maxConcurrentClusters?: number;
  maintenanceWindow?: MaintenanceWindow;
}

export interface UpgradeOperation extends OperationBase, ClusterTargeted {
  kind: 'upgrade';
  version: string;
  waves?: WavePlan;
}

export interface RolloutImageOperation extends OperationBase, ClusterTargeted {
  kind: 'rolloutImage';
  image: string;
  pools?: string[];
}

export interface ScaleOperation extends OperationBase, ClusterTargeted {
  kind: 'scale';
  pool: string;
  replicas: number;
}

export interface PauseOperation extends OperationBase, ClusterTargeted {
  kind: 'pause';
}

export interface ResumeOperation extends OperationBase, ClusterTargeted {
  kind: 'resume';
}

/** clusterctl move: the management cluster stops reconciling for `pauseFor`. */
export interface MoveOperation extends OperationBase {
  kind: 'move';
  pauseFor: Millis;
}

// ---------------------------------------------------------------------------------------------
// Faults

export type FaultSpec =
  | NodeFailuresFault
  | ZoneOutageFault
  | ApiBrownoutFault
  | ApiOutageFault
  | CapacityShortageFault
  | BadImageFault
  | ManagementOutageFault
  | PartitionFault
  | DrainBlockerFault;

export type FaultKind = FaultSpec['kind'];

interface FaultBase {
  /** Start time; 0 when the file leaves `at` out. */
  at: Millis;
  /** Duration; unset = the fault lasts to the end of the run. */
  for?: Millis;
  /** Position in the file's `faults` list. */
  index: number;
}

export type NodeFailureMode = 'crash' | 'kernelPanic' | 'hang' | 'notReady' | 'memoryPressure' | 'diskPressure';

export interface NodeFailuresFault extends FaultBase {
  kind: 'nodeFailures';
  /** Unset = every cluster. */
  clusters?: ClusterSelector;
  targets: string[];
  pool?: string;
  controlPlane: boolean;
  /** Exactly one of count and ratePerNodeHour is set. */
  count?: number;
  ratePerNodeHour?: number;
  mode: NodeFailureMode;
}

export interface ZoneOutageFault extends FaultBase {
  kind: 'zoneOutage';
  zone: string;
  cloud?: Provider;
  region?: string;
}

export interface ApiBrownoutFault extends FaultBase {
  kind: 'apiBrownout';
  cloud: Provider;
  region?: string;
  account?: string;
  /** 0..1 */
  errorRate: number;
  /** Unset = every action. */
  actions?: string[];
}

export interface ApiOutageFault extends FaultBase {
  kind: 'apiOutage';
  cloud: Provider;
  region?: string;
}

export interface CapacityShortageFault extends FaultBase {
  kind: 'capacityShortage';
  cloud: Provider;
  zone: string;
  instanceType?: string;
}

export interface BadImageFault extends FaultBase, ClusterTargeted {
  kind: 'badImage';
  /** Unset = any image rolled out to these clusters after `at`. */
  image?: string;
}

export interface ManagementOutageFault extends FaultBase {
  kind: 'managementOutage';
  for: Millis;
}

export interface PartitionFault extends FaultBase, ClusterTargeted {
  kind: 'partition';
}

export interface DrainBlockerFault extends FaultBase, ClusterTargeted {
  kind: 'drainBlocker';
  pool?: string;
}

// ---------------------------------------------------------------------------------------------
// Expectations, observation, sweeps

export interface ExpectationSpec {
  /** One of KNOWN_METRICS (metrics.ts). */
  metric: string;
  /** Durations in the file are converted to ms. */
  min?: number;
  max?: number;
}

export interface ObserveSpec {
  cloudCallEvents: 'all' | 'sampled' | 'none';
  /** 0..1, used when cloudCallEvents is 'sampled'. */
  cloudCallSampleRate: number;
}

export interface SweepSpec {
  seeds?: string;
  set?: Record<string, unknown[]>;
}

/**
 * The CAPI objects fleetsim simulates, with the v1beta2 fields controllers decide on
 * (cluster-api@v1.13.5 api/core/v1beta2). Fields CAPI has but no simulated decision reads are left out.
 */

import type { Millis } from '../engine/duration.js';
import type { DistributionSpec } from '../engine/distribution.js';
import type { Condition, KubeObject } from '../kube/object.js';
import type { ProviderKind } from '../cloud/provider.js';
import type { IntOrPercent } from '../kube/intstr.js';
import type { DrainState } from '../workload/drain.js';
import type { VolumeDetachState } from '../workload/volumes.js';

export const KIND = {
  Cluster: 'Cluster',
  MachineDeployment: 'MachineDeployment',
  MachineSet: 'MachineSet',
  Machine: 'Machine',
  MachinePool: 'MachinePool',
  MachineHealthCheck: 'MachineHealthCheck',
  KubeadmControlPlane: 'KubeadmControlPlane',
  ManagedControlPlane: 'ManagedControlPlane',
  InfraMachine: 'InfraMachine',
  InfraMachineTemplate: 'InfraMachineTemplate',
  InfraMachinePool: 'InfraMachinePool',
} as const;

export interface ObjectRef {
  kind: string;
  name: string;
}

// ---- Cluster ----------------------------------------------------------------------------------

export interface ClusterSpec {
  paused: boolean;
  provider: ProviderKind;
  /** Cloud account / subscription / project, and region: the scope of API limits. */
  account: string;
  region: string;
  /** Failure domains (zones). */
  failureDomains: string[];
  controlPlaneRef?: ObjectRef;
  /** Managed topology: the version the whole cluster should reach (spec.topology.version). */
  topology: { version: string; upgradeConcurrency: number; workers: ObjectRef[] };
}

export interface ClusterStatus {
  conditions: Condition[];
  phase: 'Provisioning' | 'Provisioned';
}

/** A rollout in progress (fleetsim's bookkeeping, not a CAPI object: kept by src/fleet/rollouts.ts, see RolloutLedger). */
export interface ClusterRollout {
  kind: 'upgrade' | 'image';
  from: string;
  to: string;
  startedAt: Millis;
}

export type Cluster = KubeObject<ClusterSpec, ClusterStatus>;

// ---- Machine template (shared by MachineDeployment, MachineSet, KubeadmControlPlane) --------

export interface MachineDeletionSpec {
  /** 0 = wait forever (CAPI default). */
  nodeDrainTimeout: Millis;
  nodeVolumeDetachTimeout: Millis;
  /** CAPI webhook default 10 s (DefaultMachineNodeDeletionTimeoutSeconds). */
  nodeDeletionTimeout: Millis;
}

export interface MachineTemplateSpec {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  version: string;
  infrastructureRef: ObjectRef;
  /** Reference to the bootstrap config template; changing it triggers a rollout. */
  bootstrapConfigRef: string;
  failureDomain?: string;
  minReadySeconds: number;
  deletion: MachineDeletionSpec;
}

// ---- MachineDeployment ------------------------------------------------------------------------

export type DeletionOrder = 'Random' | 'Newest' | 'Oldest';

export interface MachineDeploymentSpec {
  clusterName: string;
  replicas: number;
  selector: Record<string, string>;
  template: MachineTemplateSpec;
  strategy: { type: 'RollingUpdate' | 'OnDelete'; maxSurge: IntOrPercent; maxUnavailable: IntOrPercent };
  remediation: { maxInFlight?: IntOrPercent | undefined };
  deletionOrder: DeletionOrder;
  paused: boolean;
}

export interface ReplicaCounters {
  replicas: number;
  readyReplicas: number;
  availableReplicas: number;
  upToDateReplicas: number;
}

export interface MachineDeploymentStatus extends ReplicaCounters {
  observedGeneration: number;
  phase: 'ScalingUp' | 'ScalingDown' | 'Running' | 'Unknown';
  conditions: Condition[];
}

export type MachineDeployment = KubeObject<MachineDeploymentSpec, MachineDeploymentStatus>;

// ---- MachineSet -------------------------------------------------------------------------------

export interface MachineSetSpec {
  clusterName: string;
  replicas: number;
  selector: Record<string, string>;
  template: MachineTemplateSpec;
  deletionOrder: DeletionOrder;
}

export interface MachineSetStatus extends ReplicaCounters {
  observedGeneration: number;
  conditions: Condition[];
}

export type MachineSet = KubeObject<MachineSetSpec, MachineSetStatus>;

// ---- Machine ----------------------------------------------------------------------------------

export type MachinePhase = 'Pending' | 'Provisioning' | 'Provisioned' | 'Running' | 'Deleting' | 'Deleted' | 'Failed';

export interface MachineSpec {
  clusterName: string;
  version: string;
  bootstrapConfigRef: string;
  infrastructureRef: ObjectRef;
  providerID?: string;
  failureDomain?: string;
  minReadySeconds: number;
  deletion: MachineDeletionSpec;
}

export interface MachineStatus {
  phase: MachinePhase;
  nodeRef?: string;
  infrastructureProvisioned: boolean;
  conditions: Condition[];
  deletion: {
    nodeDrainStartTime?: Millis;
    waitForNodeVolumeDetachStartTime?: Millis;
    drainCompletedAt?: Millis;
    drain?: DrainState;
    volumesDetachedAt?: Millis;
    volumes?: VolumeDetachState;
  };
}

export type Machine = KubeObject<MachineSpec, MachineStatus>;

// ---- Infrastructure (the provider's InfraMachine and its template) ---------------------------

export interface InfraMachineTemplateSpec {
  provider: ProviderKind;
  /**
   * The pinned image (CAPA `ami.id`, CAPZ `image`, CAPG `image`); unset: the provider's default
   * image for each Machine's Kubernetes version (capi/infrastructure/image.ts).
   */
  image?: string;
  instanceType: string;
}

export type InfraMachineTemplate = KubeObject<InfraMachineTemplateSpec, Record<string, never>>;

export interface InfraMachineSpec {
  provider: ProviderKind;
  image: string;
  instanceType: string;
  failureDomain: string;
  version: string;
  providerID?: string;
  /**
   * Set on the InfraMachines of MachinePool instances (`InfraMachinePool/namespace/name`): the
   * pool's node group created the instance and terminates it (CAPI's MachinePool Machines,
   * docs/proposals/20220209-machinepool-machines.md; like CAPD this reuses the InfraMachine kind).
   */
  pool?: string;
}

export interface InfraMachineStatus {
  provisioned: boolean;
  instanceState?: string;
  /** Set when the cloud create failed; cleared on the next attempt. */
  failureReason?: string;
  createAttempts: number;
}

export type InfraMachine = KubeObject<InfraMachineSpec, InfraMachineStatus>;

// ---- Control planes ---------------------------------------------------------------------------

export interface KubeadmControlPlaneSpec {
  replicas: number;
  version: string;
  machineTemplate: { infrastructureRef: ObjectRef; deletion: MachineDeletionSpec };
  rollout: { maxSurge: 0 | 1 };
  remediation: { maxRetry?: number | undefined; retryPeriod: Millis; minHealthyPeriod: Millis };
}

export interface KubeadmControlPlaneStatus {
  /** Lowest version among its Machines, including deleting ones (status.go `updateStatus`). */
  version?: string;
  replicas: number;
  readyReplicas: number;
  upToDateReplicas: number;
  initialized: boolean;
  conditions: Condition[];
}

export type KubeadmControlPlane = KubeObject<KubeadmControlPlaneSpec, KubeadmControlPlaneStatus>;

/** EKS / AKS / GKE control planes (AWSManagedControlPlane, AzureManagedControlPlane, GCPManagedControlPlane). */
export interface ManagedControlPlaneSpec {
  provider: ProviderKind;
  version: string;
  /** The scenario's `controlPlane.upgradeDuration` for this cluster (fleetsim; unset: the cloud's). */
  upgradeDuration?: DistributionSpec;
}

export interface ManagedControlPlaneStatus {
  version: string;
  upgrading: boolean;
  upgradeStartedAt?: Millis;
  initialized: boolean;
  conditions: Condition[];
}

export type ManagedControlPlane = KubeObject<ManagedControlPlaneSpec, ManagedControlPlaneStatus>;

export type ControlPlane = KubeadmControlPlane | ManagedControlPlane;

// ---- MachineHealthCheck -----------------------------------------------------------------------

export type LabelSelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

/** metav1.LabelSelector: every matchLabels entry and every expression must hold. */
export interface LabelSelector {
  matchLabels: Record<string, string>;
  matchExpressions: Array<{ key: string; operator: LabelSelectorOperator; values?: string[] }>;
}

export interface UnhealthyCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  timeout: Millis;
}

/** v1beta2 MachineHealthCheck (cluster-api@v1.13.5 api/core/v1beta2/machinehealthcheck_types.go). */
export interface MachineHealthCheckSpec {
  clusterName: string;
  selector: LabelSelector;
  checks: {
    /** `nodeStartupTimeoutSeconds`; webhook default 600 s, 0 disables. */
    nodeStartupTimeout: Millis;
    unhealthyNodeConditions: UnhealthyCondition[];
    unhealthyMachineConditions: UnhealthyCondition[];
  };
  remediation: {
    triggerIf: {
      /** The old `maxUnhealthy`; default "100%". */
      unhealthyLessThanOrEqualTo: IntOrPercent;
      /** The old `unhealthyRange`, e.g. "[1-3]"; takes precedence when set. */
      unhealthyInRange?: string;
    };
    /** External remediation: requests of kind `<templateRef.kind minus "Template">`, one per Machine. */
    templateRef?: ObjectRef;
  };
}

export interface MachineHealthCheckStatus {
  expectedMachines: number;
  currentHealthy: number;
  remediationsAllowed: number;
  targets: string[];
  conditions: Condition[];
  observedGeneration: number;
  /**
   * fleetsim bookkeeping (not a CAPI field): remediation is short-circuited while some target is
   * unhealthy (CAPI emits its RemediationRestricted event then), for `mhc.shortCircuit` events.
   */
  restricting: boolean;
}

export type MachineHealthCheck = KubeObject<MachineHealthCheckSpec, MachineHealthCheckStatus>;

/** An external remediation request (e.g. a Metal3Remediation) created by MachineHealthCheck, owned by the Machine. */
export type RemediationRequest = KubeObject<{ machine: string }, { phase?: string }>;

// ---- MachinePool -----------------------------------------------------------------------------

/** Core MachinePool (cluster-api@v1.13.5 api/core/v1beta2/machinepool_types.go): replicas and a template; the infrastructure provider does the rest. */
export interface MachinePoolSpec {
  clusterName: string;
  replicas: number;
  template: {
    labels: Record<string, string>;
    annotations: Record<string, string>;
    version: string;
    /** The InfraMachinePool (AWSMachinePool, AWSManagedMachinePool, AzureMachinePool, GCPManagedMachinePool…). */
    infrastructureRef: ObjectRef;
    bootstrapConfigRef: string;
    minReadySeconds: number;
  };
  /** providerIDs copied from the InfraMachinePool (`spec.providerIDList`). */
  providerIDList: string[];
}

export type MachinePoolPhase = 'Pending' | 'Provisioning' | 'Provisioned' | 'Running' | 'ScalingUp' | 'ScalingDown' | 'Scaling' | 'Deleting';

export interface MachinePoolStatus extends ReplicaCounters {
  phase: MachinePoolPhase;
  infrastructureProvisioned: boolean;
  /** Names of the Nodes backing the pool's providerIDs. */
  nodeRefs: string[];
  conditions: Condition[];
  observedGeneration: number;
}

export type MachinePool = KubeObject<MachinePoolSpec, MachinePoolStatus>;

/** The provider's node group object: what instances look like and how the cloud rolls them. */
export interface InfraMachinePoolSpec {
  provider: ProviderKind;
  /** The pinned image; unset: the provider's default image for the pool's version (capi/infrastructure/image.ts). */
  image?: string;
  instanceType: string;
  zones: string[];
  /**
   * Rolling update of the node group (the cloud's setting: EKS updateConfig, AKS upgradeSettings,
   * GKE surge settings); unset: the node group's own default.
   */
  maxSurge?: IntOrPercent;
  maxUnavailable?: IntOrPercent;
  /** The cloud's own drain timeout, when it drains (unset: the provider's default). */
  drainTimeout?: Millis;
  /** Wait after each node is upgraded (AKS nodeSoakDuration); unset: the provider's default. */
  soak?: Millis;
}

export interface InfraMachinePoolStatus {
  ready: boolean;
  replicas: number;
  providerIDList: string[];
  /** The kind of the per-instance objects: set, so CAPI creates MachinePool Machines (capi-semantics §6). */
  infrastructureMachineKind: string;
  /** A rolling update or scaling is in progress in the cloud. */
  updating: boolean;
  /** The last node-group spec accepted by the cloud, as a comparable key. */
  appliedSpec?: string;
  failureReason?: string;
}

export type InfraMachinePool = KubeObject<InfraMachinePoolSpec, InfraMachinePoolStatus>;

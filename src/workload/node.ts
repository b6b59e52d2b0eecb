/**
 * A workload cluster's Node as far as CAPI and drains need it: identity, kubelet version, the
 * conditions MachineHealthCheck and NodeHealthy read, cordon, and the pods a drain must evict.
 */

import type { Millis } from '../engine/duration.js';
import type { ConditionStatus } from '../kube/object.js';

export type NodeConditionType = 'Ready' | 'MemoryPressure' | 'DiskPressure' | 'PIDPressure';

export interface NodeCondition {
  status: ConditionStatus;
  lastTransitionTime: Millis;
}

export interface Node {
  name: string;
  providerID: string;
  kubeletVersion: string;
  /** The pool (MachineDeployment, MachinePool or control plane) the node belongs to, as `Kind/namespace/name`. */
  pool: string;
  zone: string;
  conditions: Record<NodeConditionType, NodeCondition>;
  unschedulable: boolean;
  /** Pods that a drain has to evict. */
  pods: number;
  /** The kubelet no longer posts status (crash, kernel panic, hang, zone outage). */
  kubeletStopped: boolean;
  /** When the kubelet last stopped; the grace period is measured from here. */
  kubeletStoppedAt: Millis;
  createdAt: Millis;
}

/**
 * A workload cluster's Node as far as CAPI and drains need it: identity, kubelet version, the
 * conditions MachineHealthCheck and NodeHealthy read, cordon, and the pods a drain must evict.
 */

import type { Millis } from '../engine/duration.js';
import type { ConditionStatus } from '../kube/object.js';
import type { ObjectKey } from '../kube/keys.js';

/** The node conditions the kubelet reports and the node-lifecycle controller turns Unknown. */
export type NodeConditionType = 'Ready' | 'MemoryPressure' | 'DiskPressure' | 'PIDPressure';

export const NODE_CONDITION_TYPES: readonly NodeConditionType[] = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'];

export interface NodeCondition {
  status: ConditionStatus;
  lastTransitionTime: Millis;
}

export interface Node {
  name: string;
  providerID: string;
  kubeletVersion: string;
  /** The pool (MachineDeployment, MachinePool or control plane) the node belongs to, as `Kind/namespace/name`. */
  pool: ObjectKey | '';
  zone: string;
  conditions: Record<NodeConditionType, NodeCondition>;
  /**
   * What the kubelet itself would report for each condition. While the kubelet posts status the
   * Node's conditions follow it; when it stops, the node-lifecycle controller overrides them with
   * Unknown, and they come back to this view when it posts again.
   */
  kubeletView: Record<NodeConditionType, ConditionStatus>;
  unschedulable: boolean;
  /** Pods that a drain has to evict (DaemonSet and static pods are not counted: drains skip them). */
  pods: number;
  /** The kubelet no longer posts status (crash, kernel panic, hang, zone outage). */
  kubeletStopped: boolean;
  /** When the kubelet last stopped; the grace period is measured from here. */
  kubeletStoppedAt: Millis;
  createdAt: Millis;
}

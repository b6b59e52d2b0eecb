/** Nodes of the workload clusters: conditions, kubelets, etcd members, and joins a fault held back. */

import type { Millis } from '../../engine/duration.js';
import type { ClusterKey, ObjectKey } from '../../kube/keys.js';
import { CLUSTER, MACHINE, optional, type EventDocs, type Fields } from '../event.js';

export type ConditionStatusName = 'True' | 'False' | 'Unknown';

export interface NodeConditionChanged {
  t: Millis;
  type: 'node.condition';
  cluster: ClusterKey;
  node: string;
  pool: ObjectKey | '';
  object?: ObjectKey;
  machine?: ObjectKey;
  condition: string;
  status: ConditionStatusName;
}

export interface NodeKubelet {
  t: Millis;
  type: 'node.kubelet';
  cluster: ClusterKey;
  node: string;
  pool: ObjectKey | '';
  object?: ObjectKey;
  machine?: ObjectKey;
  running: boolean;
}

export interface EtcdMember {
  t: Millis;
  type: 'etcd.member';
  cluster: ClusterKey;
  node: string;
  object?: ObjectKey;
  machine?: ObjectKey;
  change: 'added' | 'removed';
}

export interface NodeJoinBlocked {
  t: Millis;
  type: 'node.joinBlocked';
  cluster: ClusterKey;
  object?: ObjectKey;
  node: string;
  fault: string;
  index: number;
  reason: string;
}

export interface NodeDeleted {
  t: Millis;
  type: 'node.deleted';
  cluster: ClusterKey;
  node: string;
  pool: ObjectKey | '';
  object?: ObjectKey;
  machine?: ObjectKey;
  by: 'cloud-node-lifecycle';
  reason: string;
}

export type NodeEvent = NodeConditionChanged | NodeKubelet | EtcdMember | NodeJoinBlocked | NodeDeleted;

/** `object` and `machine` (both the Machine's key) when the Node's Machine exists. */
function machineOf(f: { object?: ObjectKey; machine?: ObjectKey }): { object?: ObjectKey; machine?: ObjectKey } {
  return { ...(f.object === undefined ? {} : { object: f.object }), ...(f.machine === undefined ? {} : { machine: f.machine }) };
}

/**
 * A kubelet's report (`kubelet`) writes `type` after the Node (t, cluster, node, pool, object,
 * machine); a MachinePool Machine created after its Node registered (`adopted`,
 * capi/machinepool) writes it second. Both layouts are the file format as it has been, kept byte
 * for byte.
 */
export function nodeCondition(t: Millis, f: Fields<NodeConditionChanged>, layout: 'kubelet' | 'adopted' = 'kubelet'): NodeConditionChanged {
  if (layout === 'adopted') return { t, type: 'node.condition', cluster: f.cluster, node: f.node, pool: f.pool, ...machineOf(f), condition: f.condition, status: f.status };
  return { t, cluster: f.cluster, node: f.node, pool: f.pool, ...machineOf(f), type: 'node.condition', condition: f.condition, status: f.status };
}

/** Written, like a kubelet's `node.condition`, with `type` after the Node. */
export function nodeKubelet(t: Millis, f: Fields<NodeKubelet>): NodeKubelet {
  return { t, cluster: f.cluster, node: f.node, pool: f.pool, ...machineOf(f), type: 'node.kubelet', running: f.running };
}

export function etcdMember(t: Millis, f: Fields<EtcdMember>): EtcdMember {
  return { t, type: 'etcd.member', cluster: f.cluster, node: f.node, ...machineOf(f), change: f.change };
}

export function nodeJoinBlocked(t: Millis, f: Fields<NodeJoinBlocked>): NodeJoinBlocked {
  return { t, type: 'node.joinBlocked', cluster: f.cluster, ...(f.object === undefined ? {} : { object: f.object }), node: f.node, fault: f.fault, index: f.index, reason: f.reason };
}

export function nodeDeleted(t: Millis, f: Fields<NodeDeleted>): NodeDeleted {
  return { t, type: 'node.deleted', cluster: f.cluster, node: f.node, pool: f.pool, ...machineOf(f), by: f.by, reason: f.reason };
}

const NODE = 'the Node\'s name (its Machine\'s name)';
const NODE_POOL = 'the pool the Node belongs to, `Kind/namespace/name`';
const NODE_MACHINE = 'the Node\'s Machine, `Machine/namespace/name`, when it exists';

export const NODE_EVENTS = {
  'node.condition': {
    description: 'a Node registered (Ready True) or one of its conditions changed (at t=0 for every Node that is up)',
    fields: {
      cluster: CLUSTER,
      node: NODE,
      pool: NODE_POOL,
      object: optional(NODE_MACHINE),
      machine: optional(NODE_MACHINE),
      condition: 'Ready, MemoryPressure, DiskPressure or PIDPressure',
      status: 'True, False or Unknown',
    },
  },
  'node.kubelet': {
    description: 'a Node\'s kubelet stopped posting status (a crash, a hang, a zone going dark) or started again',
    fields: {
      cluster: CLUSTER,
      node: NODE,
      pool: NODE_POOL,
      object: optional(NODE_MACHINE),
      machine: optional(NODE_MACHINE),
      running: 'whether the kubelet runs now',
    },
  },
  'etcd.member': {
    description: 'a control-plane Node joined or left its cluster\'s stacked etcd',
    fields: {
      cluster: CLUSTER,
      node: NODE,
      object: optional(NODE_MACHINE),
      machine: optional(NODE_MACHINE),
      change: 'added or removed',
    },
  },
  'node.joinBlocked': {
    description: 'a fault (a bad image, a zone outage) kept a kubelet from registering its Node',
    fields: {
      cluster: CLUSTER,
      object: optional(`${MACHINE}, when it exists`),
      node: NODE,
      fault: 'the fault\'s kind',
      index: 'the fault\'s place in the scenario\'s `faults:` (from 0)',
      reason: 'why the join was held',
    },
  },
  'node.deleted': {
    description: 'the workload cluster deleted a Node that was not Ready and whose instance the cloud no longer has (the cloud-controller-manager\'s node lifecycle controller, every 5 s); CAPI\'s own Node deletions during Machine deletion are not recorded here',
    fields: {
      cluster: CLUSTER,
      node: NODE,
      pool: NODE_POOL,
      object: optional(NODE_MACHINE),
      machine: optional(NODE_MACHINE),
      by: 'who deleted it: cloud-node-lifecycle',
      reason: 'why, e.g. InstanceNotFound',
    },
  },
} as const satisfies EventDocs<NodeEvent>;

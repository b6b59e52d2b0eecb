/** Pools: their desired size and rollout budget, and the managed node groups' own updates. */

import type { Millis } from '../../engine/duration.js';
import type { ClusterKey, ObjectKey } from '../../kube/keys.js';
import { CLUSTER, optional, type EventDocs, type Fields } from '../event.js';

export interface PoolReplicas {
  t: Millis;
  type: 'pool.replicas';
  cluster: ClusterKey;
  object: ObjectKey;
  kind: string;
  replicas: number;
  maxSurge?: number;
  maxUnavailable?: number;
  strategy: string;
  rollout?: 'provider default';
}

export interface NodePoolUpdate {
  t: Millis;
  type: 'nodepool.update';
  cluster: ClusterKey;
  object: ObjectKey;
  flavour: string;
  stage: 'started' | 'completed' | 'failed';
  from?: string;
  to: string;
  image: string;
  reason?: string;
}

export interface NodePoolTerminate {
  t: Millis;
  type: 'nodepool.terminate';
  cluster: ClusterKey;
  object: ObjectKey;
  node: string;
  version: string;
}

export type PoolEvent = PoolReplicas | NodePoolUpdate | NodePoolTerminate;

/**
 * MachineDeployments and KubeadmControlPlanes write the budget before `strategy`; MachinePools
 * write `strategy` first, then `rollout` or the budget. Both layouts are the file format as it has
 * been, kept byte for byte.
 */
export function poolReplicas(t: Millis, f: Fields<PoolReplicas>): PoolReplicas {
  const surge = f.maxSurge === undefined ? {} : { maxSurge: f.maxSurge };
  const unavailable = f.maxUnavailable === undefined ? {} : { maxUnavailable: f.maxUnavailable };
  const rollout = f.rollout === undefined ? {} : { rollout: f.rollout };
  const head = { t, type: 'pool.replicas' as const, cluster: f.cluster, object: f.object, kind: f.kind, replicas: f.replicas };
  if (f.kind === 'MachinePool') return { ...head, strategy: f.strategy, ...rollout, ...surge, ...unavailable };
  return { ...head, ...surge, ...unavailable, strategy: f.strategy, ...rollout };
}

export function nodePoolUpdate(t: Millis, f: Fields<NodePoolUpdate>): NodePoolUpdate {
  return {
    t, type: 'nodepool.update', cluster: f.cluster, object: f.object, flavour: f.flavour, stage: f.stage,
    ...(f.from === undefined ? {} : { from: f.from }), to: f.to, image: f.image, ...(f.reason === undefined ? {} : { reason: f.reason }),
  };
}

export function nodePoolTerminate(t: Millis, f: Fields<NodePoolTerminate>): NodePoolTerminate {
  return { t, type: 'nodepool.terminate', cluster: f.cluster, object: f.object, node: f.node, version: f.version };
}

const GROUP_POOL = 'the MachinePool the node group serves, `MachinePool/namespace/name`';

export const POOL_EVENTS = {
  'pool.replicas': {
    description: 'a pool\'s desired replicas and resolved rollout budget, at t=0 and whenever they change',
    fields: {
      cluster: CLUSTER,
      object: 'the pool, `Kind/namespace/name`',
      kind: 'MachineDeployment, KubeadmControlPlane or MachinePool',
      replicas: 'desired replicas',
      maxSurge: optional('Machines the pool may create beyond replicas, resolved to a count'),
      maxUnavailable: optional('Machines the pool may have unavailable, resolved to a count'),
      strategy: 'RollingUpdate or OnDelete',
      rollout: optional('`provider default` when a MachinePool leaves surge and unavailability to its node group\'s flavour (then no budget fields)'),
    },
  },
  'nodepool.update': {
    description: 'a step of a managed node group\'s own update (EKS, AKS, GKE): a new version or image rolled through its nodes',
    fields: {
      cluster: CLUSTER,
      object: GROUP_POOL,
      flavour: 'the node group\'s model, e.g. `eks-managed-node-group`',
      stage: 'started, completed or failed',
      from: optional('the version before the update (absent when unknown)'),
      to: 'the version it moves to',
      image: 'the image it moves to',
      reason: optional('why it failed (failed only)'),
    },
  },
  'nodepool.terminate': {
    description: 'a managed node group asked its cloud to terminate one of its nodes',
    fields: {
      cluster: CLUSTER,
      object: GROUP_POOL,
      node: 'the node\'s name',
      version: 'the node\'s Kubernetes version',
    },
  },
} as const satisfies EventDocs<PoolEvent>;

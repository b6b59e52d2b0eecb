/** Machines: created, phase changes, and the drain and volume-detach steps of their deletion. */

import type { Millis } from '../../engine/duration.js';
import type { ClusterKey, ObjectKey } from '../../kube/keys.js';
import { CLUSTER, MACHINE, optional, type EventDocs, type Fields } from '../event.js';

/** A Machine's phase as CAPI reports it (capi/types.ts MachinePhase must stay assignable to it). */
export type MachinePhaseName = 'Pending' | 'Provisioning' | 'Provisioned' | 'Running' | 'Deleting' | 'Deleted' | 'Failed';

export type DeletionStage = 'started' | 'completed' | 'timedOut';

export interface MachineCreated {
  t: Millis;
  type: 'machine.created';
  cluster: ClusterKey;
  object: ObjectKey;
  owner: ObjectKey | '';
  pool: ObjectKey | '';
  version: string;
  zone: string;
  image: string;
}

export interface MachinePhaseChanged {
  t: Millis;
  type: 'machine.phase';
  cluster: ClusterKey;
  object: ObjectKey;
  phase: MachinePhaseName;
}

export interface MachineDrain {
  t: Millis;
  type: 'machine.drain';
  cluster: ClusterKey;
  object: ObjectKey;
  node?: string;
  pool?: ObjectKey;
  stage: DeletionStage;
  by?: 'cloud';
  refusedEvictions?: number;
}

export interface MachineVolumeDetach {
  t: Millis;
  type: 'machine.volumeDetach';
  cluster: ClusterKey;
  object: ObjectKey;
  node?: string;
  stage: DeletionStage;
  volumes?: number;
}

export type MachineEvent = MachineCreated | MachinePhaseChanged | MachineDrain | MachineVolumeDetach;

export function machineCreated(t: Millis, f: Fields<MachineCreated>): MachineCreated {
  return { t, type: 'machine.created', cluster: f.cluster, object: f.object, owner: f.owner, pool: f.pool, version: f.version, zone: f.zone, image: f.image };
}

export function machinePhase(t: Millis, f: Fields<MachinePhaseChanged>): MachinePhaseChanged {
  return { t, type: 'machine.phase', cluster: f.cluster, object: f.object, phase: f.phase };
}

/**
 * CAPI's drains (capi/machine/deletion.ts) write `type` after the Machine (t, cluster, object,
 * node); a node group's drain (`by: cloud`) writes it second and names the pool. Both layouts are
 * the file format as it has been, kept byte for byte.
 */
export function machineDrain(t: Millis, f: Fields<MachineDrain>): MachineDrain {
  const node = f.node === undefined ? {} : { node: f.node };
  const refused = f.refusedEvictions === undefined ? {} : { refusedEvictions: f.refusedEvictions };
  if (f.by === undefined) return { t, cluster: f.cluster, object: f.object, ...node, type: 'machine.drain', stage: f.stage, ...refused };
  return { t, type: 'machine.drain', cluster: f.cluster, object: f.object, ...node, ...(f.pool === undefined ? {} : { pool: f.pool }), stage: f.stage, by: f.by, ...refused };
}

/** Written, like CAPI's drains, with `type` after the Machine. */
export function machineVolumeDetach(t: Millis, f: Fields<MachineVolumeDetach>): MachineVolumeDetach {
  return { t, cluster: f.cluster, object: f.object, ...(f.node === undefined ? {} : { node: f.node }), type: 'machine.volumeDetach', stage: f.stage, ...(f.volumes === undefined ? {} : { volumes: f.volumes }) };
}

export const MACHINE_EVENTS = {
  'machine.created': {
    description: 'a Machine was created (at t=0 for every Machine of the starting fleet)',
    fields: {
      cluster: CLUSTER,
      object: MACHINE,
      owner: 'its controlling owner, `Kind/namespace/name` (a MachineSet, KubeadmControlPlane or MachinePool); empty when it has none',
      pool: 'the pool it belongs to, `Kind/namespace/name` (MachineDeployment, KubeadmControlPlane or MachinePool)',
      version: 'its Kubernetes version',
      zone: 'its InfraMachine\'s failure domain (empty when unknown)',
      image: 'its InfraMachine\'s machine image (empty when unknown)',
    },
  },
  'machine.phase': {
    description: 'a Machine entered a phase; `Deleted` when it is gone from the management cluster',
    fields: {
      cluster: CLUSTER,
      object: MACHINE,
      phase: 'Pending, Provisioning, Provisioned, Running, Deleting, Deleted or Failed',
    },
  },
  'machine.drain': {
    description: 'a step of draining a Machine\'s Node before it is deleted, by CAPI or by a cloud\'s node group',
    fields: {
      cluster: CLUSTER,
      object: MACHINE,
      node: optional('the Node drained'),
      pool: optional('the node group\'s pool, `Kind/namespace/name` (node-group drains only)'),
      stage: 'started, completed, or timedOut (nodeDrainTimeout passed; the deletion goes on)',
      by: optional('`cloud` for a drain by a managed node group; absent for CAPI\'s'),
      refusedEvictions: optional('evictions a PodDisruptionBudget refused so far (completed and timedOut)'),
    },
  },
  'machine.volumeDetach': {
    description: 'a step of waiting for a deleted Machine\'s volumes to detach from its Node',
    fields: {
      cluster: CLUSTER,
      object: MACHINE,
      node: optional('the Node the volumes were attached to'),
      stage: 'started, completed, or timedOut (nodeVolumeDetachTimeout passed)',
      volumes: optional('volumes still attached when the wait began (started and completed)'),
    },
  },
} as const satisfies EventDocs<MachineEvent>;

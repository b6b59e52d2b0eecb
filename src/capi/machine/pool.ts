/**
 * The pool a Machine belongs to, `Kind/namespace/name`: its MachineDeployment or control plane by
 * CAPI's labels (cluster.x-k8s.io/deployment-name, cluster.x-k8s.io/control-plane-name), else its
 * controlling owner (a MachinePool); empty for a Machine that has none. The Node's pool, the
 * `machine.created` event's and the bad-image fault's all come from here.
 */

import { objectKey, parseObjectKey, type ObjectKey } from '../../kube/keys.js';
import { controllerOf } from '../../kube/object.js';
import { CONTROL_PLANE_NAME_LABEL, DEPLOYMENT_NAME_LABEL } from '../labels.js';
import { KIND, type Machine } from '../types.js';

export function poolOf(machine: Machine | undefined): PoolKey {
  if (machine === undefined) return '';
  const namespace = machine.metadata.namespace;
  const deployment = machine.metadata.labels[DEPLOYMENT_NAME_LABEL];
  if (deployment !== undefined) return objectKey(KIND.MachineDeployment, namespace, deployment);
  const controlPlane = machine.metadata.labels[CONTROL_PLANE_NAME_LABEL];
  if (controlPlane !== undefined) return objectKey(KIND.KubeadmControlPlane, namespace, controlPlane);
  const owner = controllerOf(machine);
  return owner === undefined ? '' : objectKey(owner.kind, namespace, owner.name);
}

/** A pool as Machines and Nodes carry it: `Kind/namespace/name`, or empty for a Machine without one. */
export type PoolKey = ObjectKey | '';

/** The kind and name of a pool key; both empty for a Machine without a pool. */
export function poolParts(pool: PoolKey): { kind: string; name: string } {
  if (pool === '') return { kind: '', name: '' };
  const { kind, name } = parseObjectKey(pool);
  return { kind, name };
}

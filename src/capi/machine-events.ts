/**
 * Timeline records that follow from the store: a `machine.created` for every new Machine (with its
 * owner, version, zone and image) and a final `machine.phase` Deleted when a Machine is gone.
 */

import { controllerOf, keyOf } from '../kube/object.js';
import type { ObjectStore } from '../kube/store.js';
import { machineCreated, machinePhase, type Timeline } from '../timeline/index.js';
import type { Clock } from '../kube/store.js';
import { clusterKeyOf } from './context.js';
import { KIND, type InfraMachine, type Machine } from './types.js';

export function recordMachineEvents(store: ObjectStore, timeline: Timeline, clock: Clock): void {
  store.watch(KIND.Machine, (type, object) => {
    const machine = object as Machine;
    const namespace = machine.metadata.namespace;
    const cluster = clusterKeyOf(namespace, machine.spec.clusterName);
    if (type === 'added') {
      const owner = controllerOf(machine);
      const infra = store.get<InfraMachine>(KIND.InfraMachine, namespace, machine.spec.infrastructureRef.name);
      timeline.record(machineCreated(clock.now, {
        cluster, object: keyOf(machine),
        owner: owner === undefined ? '' : `${owner.kind}/${namespace}/${owner.name}`,
        pool: poolKey(machine),
        version: machine.spec.version, zone: infra?.spec.failureDomain ?? '', image: infra?.spec.image ?? '',
      }));
    } else if (type === 'deleted') {
      timeline.record(machinePhase(clock.now, { cluster, object: keyOf(machine), phase: 'Deleted' }));
    }
  });
}

/** The pool (MachineDeployment or control plane) a Machine belongs to, as `Kind/namespace/name`. */
export function poolKey(machine: Machine): string {
  const ns = machine.metadata.namespace;
  const deployment = machine.metadata.labels['cluster.x-k8s.io/deployment-name'];
  if (deployment !== undefined) return `${KIND.MachineDeployment}/${ns}/${deployment}`;
  const controlPlane = machine.metadata.labels['cluster.x-k8s.io/control-plane-name'];
  if (controlPlane !== undefined) return `${KIND.KubeadmControlPlane}/${ns}/${controlPlane}`;
  const owner = controllerOf(machine);
  return owner === undefined ? '' : `${owner.kind}/${ns}/${owner.name}`;
}

/**
 * Timeline records that follow from the store: a `machine.created` for every new Machine (with its
 * owner, version, zone and image) and a final `machine.phase` Deleted when a Machine is gone.
 */

import { objectKey } from '../kube/keys.js';
import { controllerOf, keyOf } from '../kube/object.js';
import type { ObjectStore } from '../kube/store.js';
import { machineCreated, machinePhase, type Timeline } from '../timeline/index.js';
import type { Clock } from '../kube/store.js';
import { clusterKeyOf } from './context.js';
import { poolOf } from './machine/pool.js';
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
        owner: owner === undefined ? '' : objectKey(owner.kind, namespace, owner.name),
        pool: poolOf(machine),
        version: machine.spec.version, zone: infra?.spec.failureDomain ?? '', image: infra?.spec.image ?? '',
      }));
    } else if (type === 'deleted') {
      timeline.record(machinePhase(clock.now, { cluster, object: keyOf(machine), phase: 'Deleted' }));
    }
  });
}

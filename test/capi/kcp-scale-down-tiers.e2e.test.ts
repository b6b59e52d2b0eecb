/**
 * Issue 12 case 8, end to end: which control-plane Machine a KubeadmControlPlane rollout step
 * deletes (cluster-api@v1.13.5 controlplane/kubeadm/internal/controllers/scale.go
 * `selectMachineForInPlaceUpdateOrScaleDown`): delete-annotated outdated Machines first, then any
 * delete-annotated Machine, then outdated Machines with a control-plane component condition False,
 * then outdated ones (by failure domain with most Machines, then oldest).
 *
 * With maxSurge 0 the rollout starts with a scale-down. All three Machines are in different zones,
 * so without the tiers the pick is the Machine of the first zone; the tests put the Machine that
 * the tiers must pick in the last zone.
 */

import { describe, expect, it } from 'vitest';
import { DELETE_MACHINE_ANNOTATION } from '../../src/capi/labels.js';
import type { Machine } from '../../src/capi/types.js';
import { SECOND, MINUTE, ofType, runFleet, type Run } from '../faults/helpers.js';
import type { World } from '../../src/world/world.js';

const CLUSTER = `
  - name: c
    provider: docker
    version: v1.34.3
    controlPlane: { replicas: 3, maxSurge: 0 }
    workers: []
`;
const UPGRADE = '  - { at: 2m, upgrade: { clusters: { names: [c] }, version: v1.35.0 } }\n';

/** The control-plane Machine of the cluster's last failure domain (not the one a plain FD/oldest pick takes). */
function lastZoneMachine(world: World): Machine {
  const zones = world.scenario.clusters[0]!.zones;
  const created = ofType(world.timeline.events, 'machine.created').filter((e) => e.t === 0 && e.owner.startsWith('KubeadmControlPlane/'));
  const entry = created.find((e) => e.zone === zones[zones.length - 1]);
  const name = entry!.object.split('/').pop()!;
  return world.store.get<Machine>('Machine', 'default', name)!;
}

function firstDeletion(run: Run): { t: number; object: string } {
  const deleting = ofType(run.events, 'machine.phase').filter((e) => e.phase === 'Deleting' && e.t >= 2 * MINUTE);
  expect(deleting.length).toBeGreaterThan(0);
  return deleting[0]!;
}

describe('KubeadmControlPlane scale-down tiers (issue 12 case 8)', () => {
  it('an outdated Machine with a component condition False (its etcd member left the member list) goes first', () => {
    let victim = '';
    const run = runFleet({ clusters: CLUSTER, operations: UPGRADE, horizon: '1h' }, (world) => {
      world.sim.at(30 * SECOND, () => {
        const machine = lastZoneMachine(world);
        victim = `Machine/default/${machine.metadata.name}`;
        // EtcdMemberHealthy False: "the etcd member hosted on this Machine is not included"
        // (updateManagedEtcdConditions). A stopped kubelet would not do: its member still reads
        // True and its pod conditions Unknown, which the tier ignores (HasUnhealthyControlPlaneComponents: IsFalse).
        world.workloads.get('default/c')!.cluster.etcd.remove(machine.status.nodeRef!);
      }, undefined);
    });
    const first = firstDeletion(run);
    expect(first.object).toBe(victim);
    // At once: the first KCP reconcile after the version bump (preflight skips the Machine leaving).
    expect(first.t).toBeLessThan(2 * MINUTE + 30 * SECOND);
  });

  it('a delete-annotated Machine goes first, before the failure-domain / oldest pick', () => {
    let victim = '';
    const run = runFleet({ clusters: CLUSTER, operations: UPGRADE, horizon: '1h' }, (world) => {
      world.sim.at(30 * SECOND, () => {
        const machine = lastZoneMachine(world);
        victim = `Machine/default/${machine.metadata.name}`;
        machine.metadata.annotations[DELETE_MACHINE_ANNOTATION] = '';
        world.store.update(machine, true);
      }, undefined);
    });
    expect(run.outcome.settled).toBe(true);
    const first = firstDeletion(run);
    expect(first.object).toBe(victim);
    expect(first.t).toBeLessThan(2 * MINUTE + 30 * SECOND);
  });

  it('without either, the rollout takes the Machine of the zone with most Machines, oldest first (the first zone on a tie)', () => {
    const run = runFleet({ clusters: CLUSTER, operations: UPGRADE, horizon: '1h' });
    const zones = run.world.scenario.clusters[0]!.zones;
    const first = firstDeletion(run);
    const created = ofType(run.events, 'machine.created').find((e) => e.object === first.object)!;
    expect(created.zone).toBe(zones[0]);
  });
});

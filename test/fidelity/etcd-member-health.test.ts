/**
 * Issue 12 case 6: EtcdMemberHealthy comes from the etcd member list and alarms
 * (cluster-api@v1.13.5 controlplane/kubeadm/internal/workload_cluster_conditions.go
 * `updateManagedEtcdConditions`, `getCurrentEtcdMembersAndAlarms`): a listed member whose host is
 * dead still reads True while the others keep quorum, and the static pod conditions turn Unknown
 * only once the Node is unreachable (`updateStaticPodCondition`, `nodeReadyUnknown`). So in a
 * maxSurge-0 KubeadmControlPlane rollout, a control-plane host that dies between the scale-down
 * and the kcp-cleanup hook does not stop the hook (`reconcilePreTerminateHook` →
 * `targetEtcdClusterHealthy` counts the dead member healthy): KCP removes the leaving member and
 * etcd loses quorum, which the `kcp-etcd-quorum` invariant of fleetsim/testing reports.
 */

import { describe, expect, it } from 'vitest';
import { getCondition } from '../../src/kube/conditions.js';
import { kcpEtcdQuorum } from '../../src/testing/invariants/kcp-etcd-quorum.js';
import type { RunRecord } from '../../src/testing/record.js';
import { KIND, type Machine } from '../../src/capi/types.js';
import type { World } from '../../src/world/world.js';
import { GRACE, MINUTE, SECOND, ofType, runFleet, type Run } from '../faults/helpers.js';

const KCP3 = (maxSurge: number) => `
  - name: c
    provider: docker
    version: v1.34.3
    controlPlane: { replicas: 3, maxSurge: ${maxSurge} }
`;
const UPGRADE = `
  - at: 2m
    upgrade: { clusters: { names: [c] }, version: v1.35.0 }
`;

function condition(world: World, node: string, type: string): string | undefined {
  const machine = world.store.get<Machine>(KIND.Machine, 'default', node);
  return machine === undefined ? undefined : getCondition(machine.status.conditions, type)?.status;
}

/** Stops the kubelet of `node` at `t` and records conditions of `node` at the given instants. */
function killAt(world: World, t: number, pick: (w: World) => string, samples: number[], seen: Map<number, Record<string, string | undefined>>): void {
  let node = '';
  world.sim.at(t, () => {
    node = pick(world);
    const wl = world.workload('default/c').cluster;
    wl.stopKubelet(wl.nodes.get(node)!);
  }, undefined);
  for (const s of samples) {
    world.sim.at(s, () => {
      seen.set(s, { node, etcd: condition(world, node, 'EtcdMemberHealthy'), apiServer: condition(world, node, 'APIServerPodHealthy') });
    }, undefined);
  }
}

const violations = (run: Run) => kcpEtcdQuorum().check({ events: run.events } as unknown as RunRecord);

describe('EtcdMemberHealthy from the member list (issue 12 case 6)', () => {
  it('a dead member reads True while etcd keeps quorum; its pod conditions turn Unknown only when the Node is unreachable', () => {
    const seen = new Map<number, Record<string, string | undefined>>();
    const t = MINUTE;
    const run = runFleet({ horizon: '20m', clusters: KCP3(1) }, (world) => {
      killAt(world, t, (w) => w.workload('default/c').cluster.sortedNodes()[0]!.name, [t + 30 * SECOND, t + GRACE + 40 * SECOND], seen);
    });
    expect(seen.get(t + 30 * SECOND)).toMatchObject({ etcd: 'True', apiServer: 'True' });
    expect(seen.get(t + GRACE + 40 * SECOND)).toMatchObject({ etcd: 'True', apiServer: 'Unknown' });
    expect(violations(run)).toEqual([]);
  });

  it('maxSurge 0: a control-plane host dying mid-step does not stop the kcp-cleanup hook; etcd loses quorum and the invariant says so', () => {
    // The same rollout without the failure: when KCP scales the first old Machine down and when its hook removes the member.
    const baseline = runFleet({ horizon: '1h', clusters: KCP3(0), operations: UPGRADE });
    const deleting = ofType(baseline.events, 'machine.phase').find((e) => e.phase === 'Deleting')!;
    const removed = ofType(baseline.events, 'etcd.member').find((e) => e.change === 'removed')!;
    expect(removed.object).toBe(deleting.object);
    expect(ofType(baseline.events, 'rollout.completed')).toHaveLength(1);
    expect(violations(baseline)).toEqual([]);

    const killTime = Math.floor((deleting.t + removed.t) / 2);
    const seen = new Map<number, Record<string, string | undefined>>();
    const leaving = removed.node;
    const run = runFleet({ horizon: '1h', clusters: KCP3(0), operations: UPGRADE }, (world) => {
      // Another old control-plane host (name order) dies after the scale-down, before the hook.
      killAt(world, killTime, (w) => w.workload('default/c').cluster.sortedNodes().find((n) => n.name !== leaving)!.name, [removed.t], seen);
    });
    // The hook runs when it did without the failure: the dead member still reads True.
    expect(seen.get(removed.t)).toMatchObject({ etcd: 'True' });
    const removal = ofType(run.events, 'etcd.member').find((e) => e.change === 'removed')!;
    expect(removal).toMatchObject({ t: removed.t, node: leaving });
    const dead = seen.get(removed.t)!.node!;
    expect(violations(run)).toEqual([expect.objectContaining({
      invariant: 'kcp-etcd-quorum', t: removed.t,
      message: expect.stringContaining(`removed the etcd member of Machine/default/${leaving}, leaving 1 of 2 etcd members answering, below quorum 2 (not answering: Machine/default/${dead})`),
    })]);
    // Without quorum every Machine reads EtcdMemberHealthy False, so KCP's preflight refuses the
    // replacement: the rollout stops at two Machines.
    const survivor = run.world.workload('default/c').cluster.sortedNodes().find((n) => n.name !== dead && n.name !== leaving)!.name;
    expect(condition(run.world, survivor, 'EtcdMemberHealthy')).toBe('False');
    expect(ofType(run.events, 'machine.created').filter((e) => e.t > 0)).toHaveLength(0);
    expect(ofType(run.events, 'rollout.completed')).toHaveLength(0);
  });
});

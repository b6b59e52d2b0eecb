/**
 * Properties over random fleets and failure sets (fast-check):
 * 1. a MachineHealthCheck hands a Machine to its owner only while remediation is allowed: at that
 *    instant the targets that are not healthy are within maxUnhealthy (or the range), recomputed
 *    here from the store with CAPI's rounding (capi-semantics.md §4.3);
 * 2. KubeadmControlPlane never removes an etcd member, and never remediates a Machine, when the
 *    members left would lose quorum, judged from the real state of the hosts (§5.6).
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getCondition } from '../../src/kube/conditions.js';
import { selectTargets } from '../../src/capi/machinehealthcheck/controller.js';
import type { Machine, MachineHealthCheck } from '../../src/capi/types.js';
import { World } from '../../src/world/world.js';
import { scenario, SECOND } from './helpers.js';

interface Fleet {
  cpReplicas: 1 | 3 | 5;
  workers: number;
  trigger: { maxUnhealthy: string } | { unhealthyRange: string };
  failures: Array<{ at: number; controlPlane: boolean; index: number; recoverAfter: number | null }>;
}

const fleetArb: fc.Arbitrary<Fleet> = fc.record({
  cpReplicas: fc.constantFrom(1 as const, 3 as const, 5 as const),
  workers: fc.integer({ min: 1, max: 6 }),
  trigger: fc.oneof(
    fc.integer({ min: 0, max: 4 }).map((n) => ({ maxUnhealthy: String(n) })),
    fc.integer({ min: 0, max: 100 }).map((p) => ({ maxUnhealthy: `"${p}%"` })),
    fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 })).map(([a, b]) => ({ unhealthyRange: `"[${Math.min(a, b)}-${Math.max(a, b)}]"` })),
  ),
  failures: fc.array(fc.record({
    at: fc.integer({ min: 1, max: 40 }).map((m) => m * 30 * SECOND),
    controlPlane: fc.boolean(),
    index: fc.nat({ max: 9 }),
    recoverAfter: fc.option(fc.integer({ min: 1, max: 20 }).map((m) => m * 60 * SECOND)),
  }), { maxLength: 6 }),
});

function yaml(fleet: Fleet): string {
  const trigger = 'maxUnhealthy' in fleet.trigger ? `maxUnhealthy: ${fleet.trigger.maxUnhealthy}` : `unhealthyRange: ${fleet.trigger.unhealthyRange}`;
  return `
horizon: 90m
clusters:
  - name: c1
    provider: docker
    version: v1.34.3
    controlPlane: { replicas: ${fleet.cpReplicas} }
    workers:
      - { name: md, kind: MachineDeployment, replicas: ${fleet.workers} }
    healthChecks:
      - name: all
        targets: all
        ${trigger}
        unhealthyConditions:
          - { type: Ready, status: Unknown, timeout: 2m }
`;
}

/**
 * Healthy for MHC's count, judged from the world directly: not deleting, its Node exists, and no
 * unhealthy condition of the check matches the Node now (a match still inside its timeout is
 * "pending", which is not healthy either).
 */
function countsHealthy(world: World, mhc: MachineHealthCheck, machine: Machine): boolean {
  if (machine.metadata.deletionTimestamp !== undefined || machine.status.nodeRef === undefined) return false;
  const node = world.workload('default/c1').cluster.nodes.get(machine.status.nodeRef);
  if (node === undefined) return false;
  return !mhc.spec.checks.unhealthyNodeConditions.some((c) => node.conditions[c.type as 'Ready']?.status === c.status);
}

function limitAllows(mhc: MachineHealthCheck, expected: number, unhealthy: number): boolean {
  const trigger = mhc.spec.remediation.triggerIf;
  if (trigger.unhealthyInRange !== undefined) {
    const [min, max] = trigger.unhealthyInRange.slice(1, -1).split('-').map(Number) as [number, number];
    return unhealthy >= min && unhealthy <= max;
  }
  const value = trigger.unhealthyLessThanOrEqualTo;
  const limit = typeof value === 'number' ? value : Math.floor((Number(value.slice(0, -1)) * expected) / 100);
  return unhealthy <= limit;
}

function quorumKept(world: World, without: string | undefined): boolean {
  const workload = world.workload('default/c1').cluster;
  const remaining = workload.etcd.list().filter((m) => m.name !== without);
  const healthy = remaining.filter((m) => {
    const node = workload.nodes.get(m.name);
    return node !== undefined && !node.kubeletStopped;
  }).length;
  return healthy >= Math.floor(remaining.length / 2) + 1;
}

/** Across all runs: the properties were exercised, not vacuously true. */
const exercised = { handOvers: 0, etcdRemovals: 0, kcpRemediations: 0 };

function check(fleet: Fleet, seed: number): void {
  const world = new World(scenario(yaml(fleet)), { seed });
  const violations: string[] = [];
  // MHC: each hand-over (OwnerRemediated appears) happens while the count is within the limit.
  const asked = new Set<string>();
  world.store.watch('Machine', (type, object) => {
    const machine = object as Machine;
    if (type === 'deleted' || asked.has(machine.metadata.name)) return;
    const condition = getCondition(machine.status.conditions, 'OwnerRemediated');
    if (condition?.reason !== 'WaitingForRemediation') return;
    asked.add(machine.metadata.name);
    exercised.handOvers++;
    const mhc = world.store.get('MachineHealthCheck', 'default', 'c1-all') as MachineHealthCheck;
    const targets = selectTargets(world.ctx, mhc);
    const unhealthy = targets.filter((m) => !countsHealthy(world, mhc, m)).length;
    if (!limitAllows(mhc, targets.length, unhealthy)) violations.push(`t=${world.sim.now}: ${machine.metadata.name} handed over with ${unhealthy}/${targets.length} not healthy`);
  });
  // KCP: etcd members leave only when quorum survives without them.
  const etcd = world.workload('default/c1').cluster.etcd;
  const remove = etcd.remove.bind(etcd);
  etcd.remove = (name: string) => {
    if (!quorumKept(world, name)) violations.push(`t=${world.sim.now}: etcd member ${name} removed without quorum`);
    exercised.etcdRemovals++;
    remove(name);
  };
  world.timeline.listen((event) => {
    if (event.type !== 'mhc.remediation' || event.by !== 'KubeadmControlPlane') return;
    exercised.kcpRemediations++;
    const machine = world.store.getByKey(event.machine) as Machine | undefined;
    if (!quorumKept(world, machine?.status.nodeRef)) violations.push(`t=${event.t}: ${String(event.machine)} remediated without quorum`);
  });
  for (const failure of fleet.failures) {
    world.sim.at(failure.at, () => {
      const cluster = world.workload('default/c1').cluster;
      const prefix = failure.controlPlane ? 'KubeadmControlPlane' : 'MachineDeployment';
      const nodes = cluster.sortedNodes().filter((n) => n.pool.startsWith(prefix) && !n.kubeletStopped);
      const node = nodes[failure.index % Math.max(nodes.length, 1)];
      if (node === undefined) return;
      cluster.stopKubelet(node);
      if (failure.recoverAfter !== null) world.sim.after(failure.recoverAfter, () => cluster.restartKubelet(node), undefined);
    }, undefined);
  }
  world.run();
  expect(violations).toEqual([]);
}

describe('remediation safety properties', () => {
  it('MHC never hands over while short-circuited; KCP never breaks etcd quorum', () => {
    fc.assert(fc.property(fleetArb, fc.integer({ min: 1, max: 1_000 }), check), { numRuns: 40, seed: 20260105 });
    expect(exercised.handOvers).toBeGreaterThan(0);
    expect(exercised.etcdRemovals).toBeGreaterThan(0);
    expect(exercised.kcpRemediations).toBeGreaterThan(0);
  });
});

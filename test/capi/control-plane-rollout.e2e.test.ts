/**
 * KubeadmControlPlane rollouts and the worker freeze, end to end (capi-semantics.md §5.5, §2.3,
 * §12.2): one machine operation at a time, surge by at most one, oldest first; while the control
 * plane rolls, MachineSets neither scale up nor remediate.
 */

import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../src/timeline/index.js';
import { breakNodes, eventsOf, run, SECOND } from './helpers.js';

const MINUTE = 60 * SECOND;

/** Control-plane Machines alive (created, not yet Deleted) and deleting, after each event. */
function controlPlaneCounts(events: TimelineEvent[]): { maxAlive: number; maxDeleting: number } {
  const alive = new Set<string>();
  const deleting = new Set<string>();
  let maxAlive = 0;
  let maxDeleting = 0;
  for (const e of events) {
    if (e.type !== 'machine.created' && e.type !== 'machine.phase') continue;
    const object = e.object;
    if (!object.includes('control-plane')) continue;
    if (e.type === 'machine.created') alive.add(object);
    if (e.type === 'machine.phase' && e.phase === 'Deleting') deleting.add(object);
    if (e.type === 'machine.phase' && e.phase === 'Deleted') {
      alive.delete(object);
      deleting.delete(object);
    }
    maxAlive = Math.max(maxAlive, alive.size);
    maxDeleting = Math.max(maxDeleting, deleting.size);
  }
  return { maxAlive, maxDeleting };
}

function upgrade(maxSurge: 0 | 1, extra = ''): string {
  return `
horizon: 3h
clusters:
  - name: c1
    provider: docker
    version: v1.34.3
    zones: [z1, z2, z3]
    controlPlane: { replicas: 3, maxSurge: ${maxSurge} }
    workers:
      - { name: md, kind: MachineDeployment, replicas: 3 }
${extra}
operations:
  - at: 1m
    upgrade: { clusters: { names: [c1] }, version: v1.35.0 }
`;
}

describe('KubeadmControlPlane rolling update', () => {
  it('maxSurge 1: at most 4 Machines, one deleting at a time, the oldest of the fullest zone first', () => {
    const world = run(upgrade(1));
    const counts = controlPlaneCounts(world.timeline.events);
    expect(counts).toEqual({ maxAlive: 4, maxDeleting: 1 });
    const initial = eventsOf(world, 'machine.created').filter((e) => e.t === 0 && e.object.includes('control-plane'));
    const deletedOrder = eventsOf(world, 'machine.phase').filter((e) => e.phase === 'Deleting' && e.object.includes('control-plane')).map((e) => e.object);
    expect([...deletedOrder].sort()).toEqual(initial.map((e) => e.object).sort());
    // Every new Machine goes where the old one left (zones stay balanced).
    const zones = eventsOf(world, 'machine.created').filter((e) => e.t > 0 && e.object.includes('control-plane')).map((e) => e.zone);
    expect([...zones].sort()).toEqual(['z1', 'z2', 'z3']);
    expect(world.workload('default/c1').cluster.etcd.size).toBe(3);
  });

  it('maxSurge 0: never more than 3 Machines; each old one leaves before its replacement comes', () => {
    const world = run(upgrade(0));
    expect(controlPlaneCounts(world.timeline.events).maxAlive).toBe(3);
    expect(eventsOf(world, 'rollout.completed')).toHaveLength(1);
  });

  const frozen = (version: string) => `
horizon: 3h
clusters:
  - name: c1
    provider: docker
    version: v1.34.3
    controlPlane: { replicas: 3 }
    workers:
      - { name: md, kind: MachineDeployment, replicas: 3, annotations: { topology.cluster.x-k8s.io/defer-upgrade: "true" } }
    healthChecks:
      - { name: workers, targets: workers, unhealthyConditions: [{ type: Ready, status: Unknown, timeout: 1m }] }
operations:
  - at: 1m
    upgrade: { clusters: { names: [c1] }, version: ${version} }
  - at: 1h
    resume: { clusters: { names: [c1] } }
`;

  it('workers are frozen while the control plane rolls: remediation waits for the last old control-plane Machine (ControlPlaneIsStable)', () => {
    const world = run(frozen('v1.34.5'), (w) => { breakNodes(w, 'default/c1', 0, 1, 'MachineDeployment'); });
    const unhealthy = eventsOf(world, 'mhc.unhealthy')[0]!;
    const remediation = eventsOf(world, 'mhc.remediation')[0]!;
    const lastOldControlPlaneGone = eventsOf(world, 'machine.phase').filter((e) => e.phase === 'Deleted' && e.object.includes('control-plane')).at(-1)!;
    expect(unhealthy.t).toBeLessThan(lastOldControlPlaneGone.t);
    expect(remediation.t).toBeGreaterThanOrEqual(lastOldControlPlaneGone.t);
    // MachineSet preflight retries every 15 s: the remediation lands within one retry of the unfreeze.
    expect(remediation.t - lastOldControlPlaneGone.t).toBeLessThanOrEqual(16 * SECOND);
  });

  it('after a minor upgrade a MachineSet left on the old minor cannot remediate at all (KubeadmVersionSkew)', () => {
    const world = run(frozen('v1.35.0'), (w) => { breakNodes(w, 'default/c1', 0, 1, 'MachineDeployment'); });
    expect(eventsOf(world, 'mhc.unhealthy')).toHaveLength(1);
    expect(eventsOf(world, 'mhc.remediation')).toEqual([]);
    const machine = [...world.store.list('Machine')].find((m) => (m as { status: { conditions: Array<{ type: string; reason?: string; message?: string }> } }).status.conditions.some((c) => c.type === 'OwnerRemediated')) as { status: { conditions: Array<{ type: string; reason?: string; message?: string }> } };
    const condition = machine.status.conditions.find((c) => c.type === 'OwnerRemediated')!;
    expect(condition.reason).toBe('RemediationDeferred');
    expect(condition.message).toMatch(/KubeadmVersionSkew/);
  });
});

describe('MachineDeployment strategies', () => {
  it('OnDelete: changing the image replaces nothing until a Machine is deleted by hand', () => {
    const body = `
horizon: 2h
clusters:
  - name: c1
    provider: docker
    version: v1.34.3
    controlPlane: { replicas: 1 }
    workers:
      - { name: md, kind: MachineDeployment, replicas: 2, strategy: { type: OnDelete } }
operations:
  - at: 1m
    rolloutImage: { clusters: { names: [c1] }, image: img-2, pools: [md] }
`;
    const world = run(body, (w) => w.sim.at(20 * MINUTE, () => {
      const victim = [...w.store.list('Machine')].find((m) => m.metadata.name.startsWith('c1-md-'))!;
      w.store.delete(victim);
    }, undefined));
    const created = eventsOf(world, 'machine.created').filter((e) => e.t > 0 && e.pool === 'MachineDeployment/default/c1-md');
    expect(created).toHaveLength(1);
    expect(created[0]!.t).toBeGreaterThan(20 * MINUTE);
    expect(created[0]!.image).toBe('img-2');
  });

  it('minReadySeconds holds each new Machine unavailable, which paces the rollout', () => {
    const base = (minReady: number) => `
horizon: 3h
clusters:
  - name: c1
    provider: docker
    version: v1.34.3
    controlPlane: { replicas: 1 }
    workers:
      - { name: md, kind: MachineDeployment, replicas: 2, minReadySeconds: ${minReady} }
    workloads: { podsPerNode: 0 }
operations:
  - at: 1m
    rolloutImage: { clusters: { names: [c1] }, image: img-2, pools: [md] }
`;
    const duration = (minReady: number) => eventsOf(run(base(minReady)), 'rollout.completed')[0]!.duration as number;
    // Two Machines replaced one after the other, each waiting minReadySeconds before the old one goes.
    expect(duration(120) - duration(0)).toBeGreaterThanOrEqual(2 * 120 * SECOND);
    expect(duration(120) - duration(0)).toBeLessThan(2 * 120 * SECOND + 2 * 20 * SECOND);
  });
});

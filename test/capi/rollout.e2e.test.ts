/**
 * Rollouts end to end: a bad image caught by nodeStartupTimeout while maxUnavailable 0 keeps every
 * old Machine (capi-semantics.md §4.2, §11 row h), a PodDisruptionBudget holding a drain until
 * nodeDrainTimeout (§3.3), the volume-detach wait and its timeout, and a management-cluster outage
 * during which nothing is remediated (§12.4, Manager.pause/resume).
 */

import { describe, expect, it } from 'vitest';
import { breakNodes, eventsOf, run, SECOND } from './helpers.js';

const MINUTE = 60 * SECOND;

describe('bad image', () => {
  it('new Machines never join: NodeStartupTimeout remediates them, the old ones stay, availability holds', () => {
    const body = `
horizon: 45m
clusters:
  - name: c1
    provider: docker
    version: v1.34.3
    controlPlane: { replicas: 1 }
    workers:
      - { name: md, kind: MachineDeployment, replicas: 3, strategy: { maxSurge: 1, maxUnavailable: 0 } }
    healthChecks:
      - name: workers
        targets: workers
        nodeStartupTimeout: 5m
        unhealthyConditions:
          - { type: Ready, status: Unknown, timeout: 5m }
operations:
  - at: 1m
    rolloutImage: { clusters: { names: [c1] }, image: broken-ami, pools: [md] }
`;
    const world = run(body, (w) => { w.kubelets.blockers.push((request) => (request.image === 'broken-ami' ? 'bad image' : undefined)); });
    const unhealthy = eventsOf(world, 'mhc.unhealthy');
    expect(unhealthy.length).toBeGreaterThanOrEqual(2);
    expect(unhealthy.every((e) => e.reason === 'NodeStartupTimeout')).toBe(true);
    const created = eventsOf(world, 'machine.created').filter((e) => e.t > 0);
    // One surge Machine at a time: each is remediated after the startup timeout, measured from its
    // InfrastructureReady (the VM runs, the kubelet never joins).
    for (const [i, e] of unhealthy.entries()) {
      const machine = created.find((c) => c.object === e.machine)!;
      expect(e.t - machine.t).toBeGreaterThan(5 * MINUTE);
      expect(e.t - machine.t).toBeLessThan(5 * MINUTE + 30 * SECOND);
      if (i > 0) expect(machine.t).toBeGreaterThan(unhealthy[i - 1]!.t);
    }
    expect(eventsOf(world, 'mhc.remediation').every((e) => e.by === 'MachineSet')).toBe(true);
    // No old Machine was deleted: maxUnavailable 0 and the new ones never became available.
    const oldMachines = eventsOf(world, 'machine.created').filter((e) => e.t === 0 && e.pool === 'MachineDeployment/default/c1-md').map((e) => e.object);
    const deleting = eventsOf(world, 'machine.phase').filter((e) => e.phase === 'Deleting').map((e) => e.object);
    expect(oldMachines.filter((m) => deleting.includes(m))).toEqual([]);
    expect(world.availability.clusters.get('default/c1')!.minRatio).toBe(1);
  });
});

describe('drains', () => {
  const body = (drainTimeout: string, extra = '') => `
horizon: 3h
clusters:
  - name: c1
    provider: docker
    version: v1.34.3
    controlPlane: { replicas: 1 }
    workers:
      - { name: md, kind: MachineDeployment, replicas: 2, nodeDrainTimeout: ${drainTimeout} }
    workloads: { podsPerNode: 10, pdbMaxUnavailable: 1, evictionSeconds: { distribution: constant, value: 10 }${extra} }
operations:
  - at: 1m
    rolloutImage: { clusters: { names: [c1] }, image: img-2, pools: [md] }
`;

  it('a PodDisruptionBudget that allows nothing stalls each drain until nodeDrainTimeout, then the rollout goes on', () => {
    const world = run(body('10m'), (w) => { w.workload('default/c1').budget.block(); });
    const drains = eventsOf(world, 'machine.drain');
    const started = drains.filter((e) => e.stage === 'started');
    const timedOut = drains.filter((e) => e.stage === 'timedOut');
    expect(started).toHaveLength(2);
    expect(timedOut).toHaveLength(2);
    expect(drains.filter((e) => e.stage === 'completed')).toEqual([]);
    for (const start of started) {
      const end = timedOut.find((e) => e.object === start.object)!;
      // Passes every 20 s; the first one at or after start + 10 min notices the timeout.
      expect(end.t - start.t).toBeGreaterThanOrEqual(10 * MINUTE);
      expect(end.t - start.t).toBeLessThanOrEqual(10 * MINUTE + 20 * SECOND);
      expect(end.refusedEvictions).toBe(30);
    }
    expect(eventsOf(world, 'rollout.completed')).toHaveLength(1);
  });

  it('without a blocking PDB the same drains complete on the 20 s pass grid', () => {
    const world = run(body('10m'));
    const drains = eventsOf(world, 'machine.drain');
    const completed = drains.filter((e) => e.stage === 'completed');
    expect(completed).toHaveLength(2);
    for (const done of completed) {
      const start = drains.find((e) => e.stage === 'started' && e.object === done.object)!;
      // Pods go 10 s after their eviction; the next pass, 20 s after the first (plus the
      // reconcile's own cost), sees them gone.
      expect(done.t - start.t).toBeGreaterThanOrEqual(20 * SECOND);
      expect(done.t - start.t).toBeLessThan(21 * SECOND);
    }
  });

  it('volumes detach after their pods are gone; a blocked guarded pod keeps its volume until nodeVolumeDetachTimeout', () => {
    const world = run(body('2m', ', volumesPerNode: 2, volumeDetach: { distribution: constant, value: 15s }').replace('nodeDrainTimeout: 2m', 'nodeDrainTimeout: 2m, nodeVolumeDetachTimeout: 5m'), (w) => { w.workload('default/c1').budget.block(); });
    const volumes = eventsOf(world, 'machine.volumeDetach');
    const started = volumes.filter((e) => e.stage === 'started');
    const timedOut = volumes.filter((e) => e.stage === 'timedOut');
    expect(started).toHaveLength(2);
    expect(timedOut).toHaveLength(2);
    for (const end of timedOut) {
      const start = started.find((e) => e.object === end.object)!;
      expect(end.t - start.t).toBeGreaterThanOrEqual(5 * MINUTE);
      expect(end.t - start.t).toBeLessThanOrEqual(5 * MINUTE + 20 * SECOND);
    }
  });

  it('volumes of evicted pods detach and the wait completes', () => {
    const world = run(body('10m', ', volumesPerNode: 2, volumeDetach: { distribution: constant, value: 15s }'));
    const volumes = eventsOf(world, 'machine.volumeDetach');
    expect(volumes.filter((e) => e.stage === 'completed')).toHaveLength(2);
    expect(volumes.filter((e) => e.stage === 'timedOut')).toEqual([]);
  });
});

describe('management cluster outage (clusterctl move)', () => {
  it('nothing is remediated while the controllers are stopped; the backlog clears after the resume', () => {
    const body = `
horizon: 2h
clusters:
  - name: c1
    provider: docker
    version: v1.34.3
    controlPlane: { replicas: 1 }
    workers:
      - { name: md, kind: MachineDeployment, replicas: 4 }
    healthChecks:
      - name: workers
        targets: workers
        unhealthyConditions:
          - { type: Ready, status: Unknown, timeout: 5m }
operations:
  - at: 2m
    move: { pauseFor: 20m }
  - at: 50m
    resume: { clusters: { names: [c1] } }
`;
    const world = run(body, (w) => { breakNodes(w, 'default/c1', 3 * MINUTE, 2, 'MachineDeployment'); });
    const resumedAt = 22 * MINUTE;
    expect(eventsOf(world, 'controller.resumed')[0]!.t).toBe(resumedAt);
    const remediations = eventsOf(world, 'mhc.remediation');
    expect(remediations).toHaveLength(2);
    for (const e of remediations) {
      expect(e.t).toBeGreaterThanOrEqual(resumedAt);
      expect(e.t).toBeLessThan(resumedAt + 20 * SECOND);
    }
    // Nothing at all was reconciled while stopped: no Machine changed phase in the window.
    const during = world.timeline.events.filter((e) => e.t > 2 * MINUTE && e.t < resumedAt && (e.type === 'machine.phase' || e.type.startsWith('mhc.')));
    expect(during).toEqual([]);
    expect(eventsOf(world, 'machine.created').filter((e) => e.t > 0)).toHaveLength(2);
  });

  it('a rollout in flight when the controllers stop resumes where it was', () => {
    const body = `
horizon: 3h
clusters:
  - name: c1
    provider: docker
    version: v1.34.3
    controlPlane: { replicas: 1 }
    workers:
      - { name: md, kind: MachineDeployment, replicas: 4 }
operations:
  - at: 1m
    rolloutImage: { clusters: { names: [c1] }, image: img-2, pools: [md] }
  - at: 2m
    move: { pauseFor: 15m }
`;
    const world = run(body);
    const during = world.timeline.events.filter((e) => e.t > 2 * MINUTE && e.t < 17 * MINUTE && e.type === 'machine.created');
    expect(during).toEqual([]);
    const completed = eventsOf(world, 'rollout.completed');
    expect(completed).toHaveLength(1);
    expect(completed[0]!.t).toBeGreaterThan(17 * MINUTE);
    const replaced = eventsOf(world, 'machine.created').filter((e) => e.t > 0 && e.pool === 'MachineDeployment/default/c1-md');
    expect(replaced).toHaveLength(4);
    expect(replaced.every((e) => e.image === 'img-2')).toBe(true);
  });
});

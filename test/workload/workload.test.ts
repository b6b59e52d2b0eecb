/**
 * The workload-cluster model: kubelet heartbeats as scheduled transitions with the node-monitor
 * grace period of the Kubernetes version, node conditions, drains on CAPI's pass grid with
 * PodDisruptionBudgets, volume detach, and etcd membership.
 */

import { describe, expect, it } from 'vitest';
import { constant, makeDistribution } from '../../src/engine/distribution.js';
import { Random } from '../../src/engine/random.js';
import { Simulation } from '../../src/engine/simulation.js';
import { DisruptionBudget, drainPass, startDrain, type WorkloadProfile } from '../../src/workload/drain.js';
import { EtcdMembership } from '../../src/workload/etcd.js';
import { nodeMonitorGracePeriod } from '../../src/workload/node-lifecycle.js';
import { applyNodeFailure, clearNodeFailure } from '../../src/workload/node-failures.js';
import { startVolumeDetach, volumesDetached } from '../../src/workload/volumes.js';
import { WorkloadCluster, isNodeUnreachable, type NodeEvent } from '../../src/workload/workload-cluster.js';

const S = 1000;

function cluster(version = 'v1.34.3') {
  const sim = new Simulation();
  const workload = new WorkloadCluster('ns/c', sim);
  const events: NodeEvent[] = [];
  workload.listen((_c, e) => events.push(e));
  const node = workload.addNode({ name: 'n1', providerID: 'p1', kubeletVersion: version, pool: 'MachineDeployment/ns/md', zone: 'a', pods: 10 });
  return { sim, workload, node, events };
}

describe('node-monitor grace period (kubernetes#124440)', () => {
  it.each([['v1.29.0', 40], ['v1.31.9', 40], ['v1.32.0', 50], ['v1.35.0', 50]] as const)('%s → %i s', (version, seconds) => {
    expect(nodeMonitorGracePeriod(version)).toBe(seconds * S);
  });
});

describe('kubelet heartbeats', () => {
  it('a stopped kubelet turns Ready and every pressure condition Unknown after the grace period, no earlier', () => {
    const { sim, workload, node } = cluster();
    sim.at(10 * S, () => workload.stopKubelet(node), undefined);
    sim.run({ horizon: 10 * S + 49_999 });
    expect(node.conditions.Ready.status).toBe('True');
    sim.run({ horizon: 60 * S });
    for (const type of ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'] as const) {
      expect(node.conditions[type]).toEqual({ status: 'Unknown', lastTransitionTime: 60 * S });
    }
    expect(isNodeUnreachable(node)).toBe(true);
  });
  it('a kubelet back within the grace period never shows Unknown', () => {
    const { sim, workload, node, events } = cluster('v1.30.1');
    sim.at(0, () => workload.stopKubelet(node), undefined);
    sim.at(30 * S, () => workload.restartKubelet(node), undefined);
    sim.run({ horizon: 5 * 60 * S });
    expect(events.filter((e) => e.type === 'condition')).toEqual([]);
  });
  it('when the kubelet comes back, conditions return to what it reports (pressure it observed meanwhile included)', () => {
    const { sim, workload, node } = cluster();
    sim.at(0, () => workload.stopKubelet(node), undefined);
    sim.at(100 * S, () => workload.reportCondition(node, 'DiskPressure', 'True'), undefined);
    sim.run({ horizon: 200 * S });
    expect(node.conditions.DiskPressure.status).toBe('Unknown');
    sim.at(200 * S, () => workload.restartKubelet(node), undefined);
    sim.run({ horizon: 300 * S });
    expect(node.conditions.Ready.status).toBe('True');
    expect(node.conditions.DiskPressure.status).toBe('True');
  });
  it('failure modes map to conditions and clear again', () => {
    const { sim, workload, node } = cluster();
    applyNodeFailure(workload, node, 'notReady');
    expect(node.conditions.Ready.status).toBe('False');
    clearNodeFailure(workload, node, 'notReady');
    expect(node.conditions.Ready.status).toBe('True');
    applyNodeFailure(workload, node, 'memoryPressure');
    expect(node.conditions.MemoryPressure.status).toBe('True');
    applyNodeFailure(workload, node, 'hang');
    sim.run({ horizon: 60 * S });
    expect(node.conditions.Ready.status).toBe('Unknown');
  });
});

function profile(overrides: Partial<WorkloadProfile> = {}): WorkloadProfile {
  return { podsPerNode: 10, pdbMaxUnavailable: 1, eviction: constant(10 * S), random: new Random('t'), ...overrides };
}

describe('drain passes (cluster-api drain.go EvictPods)', () => {
  it('completes at the first pass that finds every pod gone, not before', () => {
    const { node } = cluster();
    const p = profile();
    const budget = new DisruptionBudget(1);
    const drain = startDrain(node, p, 0);
    expect(drainPass(drain, node, budget, p, 0)).toBe(false);
    expect(drainPass(drain, node, budget, p, 9_999)).toBe(false);
    expect(drainPass(drain, node, budget, p, 20 * S)).toBe(true);
  });
  it('a node with no evictable pods drains on the first pass', () => {
    const { node } = cluster();
    node.pods = 0;
    expect(drainPass(startDrain(node, profile(), 0), node, new DisruptionBudget(1), profile(), 0)).toBe(true);
  });
  it('the PDB admits one disruption at a time; the slot frees when the replacement is Ready', () => {
    const a = cluster().node;
    const b = { ...cluster().node, name: 'n2' };
    const p = profile({ eviction: makeDistribution({ distribution: 'constant', value: 30 * S }) });
    const budget = new DisruptionBudget(1);
    const da = startDrain(a, p, 0);
    const db = startDrain(b, p, 0);
    drainPass(da, a, budget, p, 0);
    drainPass(db, b, budget, p, 0);
    expect(db.refusedEvictions).toBe(1);
    expect(drainPass(db, b, budget, p, 20 * S)).toBe(false);
    expect(db.refusedEvictions).toBe(2);
    drainPass(db, b, budget, p, 40 * S); // replacement Ready at 30 s: slot free again
    expect(db.guardedEvictedAt).toBe(40 * S);
  });
  it('a blocking PDB refuses every pass; a pool blocker only for that pool', () => {
    const { node } = cluster();
    const budget = new DisruptionBudget(5);
    budget.block('MachineDeployment/ns/other');
    const p = profile();
    const drain = startDrain(node, p, 0);
    expect(drainPass(drain, node, budget, p, 0)).toBe(false);
    expect(drain.refusedEvictions).toBe(0);
    budget.block('MachineDeployment/ns/md');
    const blocked = startDrain(node, p, 0);
    for (let t = 0; t <= 600 * S; t += 20 * S) expect(drainPass(blocked, node, budget, p, t)).toBe(false);
    expect(blocked.refusedEvictions).toBe(31);
    budget.unblock('MachineDeployment/ns/md');
    expect(drainPass(blocked, node, budget, p, 620 * S)).toBe(false);
    expect(drainPass(blocked, node, budget, p, 640 * S)).toBe(true);
  });
  it('on an unreachable node evicted pods are ignored after 1 s: the next pass completes', () => {
    const { node } = cluster();
    const p = profile({ eviction: constant(3600 * S) });
    const drain = startDrain(node, p, 0);
    expect(drainPass(drain, node, new DisruptionBudget(1), p, 0, true)).toBe(false);
    expect(drainPass(drain, node, new DisruptionBudget(1), p, 20 * S, true)).toBe(true);
  });
  it('a node that is gone needs no drain', () => {
    const { node } = cluster();
    expect(drainPass(startDrain(node, profile(), 0), undefined, new DisruptionBudget(1), profile(), 0)).toBe(true);
  });
});

describe('volume detach', () => {
  it('volumes detach their sample after their pods are gone', () => {
    const { node } = cluster();
    const p = profile({ volumesPerNode: 3, volumeDetach: constant(15 * S) });
    const drain = startDrain(node, p, 0);
    drainPass(drain, node, new DisruptionBudget(1), p, 0);
    const volumes = startVolumeDetach(drain, p, 20 * S);
    expect(volumes.detachedAt).toBe(25 * S);
    expect(volumesDetached(volumes, 20 * S)).toBe(false);
    expect(volumesDetached(volumes, 40 * S)).toBe(true);
  });
  it('a guarded pod never evicted (drain timed out) keeps its volume attached', () => {
    const { node } = cluster();
    const p = profile({ volumesPerNode: 2, volumeDetach: constant(15 * S) });
    const budget = new DisruptionBudget(1);
    budget.block();
    const drain = startDrain(node, p, 0);
    drainPass(drain, node, budget, p, 0);
    expect(startVolumeDetach(drain, p, 600 * S).detachedAt).toBeUndefined();
  });
  it('no volumes: nothing to wait for', () => {
    expect(startVolumeDetach(undefined, profile(), 5 * S).detachedAt).toBe(5 * S);
  });
});

describe('etcd membership', () => {
  it('members join once, leave for good, list in name order', () => {
    const etcd = new EtcdMembership();
    etcd.join('b');
    etcd.join('a');
    etcd.join('a');
    expect(etcd.list().map((m) => m.name)).toEqual(['a', 'b']);
    etcd.remove('a');
    etcd.join('a');
    expect(etcd.has('a')).toBe(false);
    expect(etcd.size).toBe(1);
  });
});

describe('drains run by a cloud node group (node-drainer.ts)', () => {
  it('passes every retryInterval until drained, or forced at the timeout', async () => {
    const { drainNodeInBackground } = await import('../../src/workload/node-drainer.js');
    const { sim, workload, node } = cluster();
    const outcomes: Array<{ result: string; at: number }> = [];
    const target = { cluster: workload, profile: profile(), budget: new DisruptionBudget(1) };
    drainNodeInBackground(sim, target, node, { retryInterval: 5 * S, timeout: 0 }, (o) => outcomes.push(o));
    sim.run({ horizon: 60 * S });
    expect(outcomes).toEqual([{ result: 'drained', at: 10 * S, refusedEvictions: 0 }]);
    expect(node.unschedulable).toBe(true);

    const blocked = cluster();
    const budget = new DisruptionBudget(1);
    budget.block();
    const forced: Array<{ result: string; at: number }> = [];
    drainNodeInBackground(blocked.sim, { cluster: blocked.workload, profile: profile(), budget }, blocked.node, { retryInterval: 60 * S, timeout: 15 * 60 * S }, (o) => forced.push(o));
    blocked.sim.run({ horizon: 3600 * S });
    expect(forced).toMatchObject([{ result: 'forced', at: 15 * 60 * S }]);
  });
});

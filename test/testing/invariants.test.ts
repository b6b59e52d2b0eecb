/**
 * Each invariant of fleetsim/testing on hand-written timelines: it fails when it should, with a
 * message naming the simulated time and the objects, and stays quiet in the cases CAPI allows.
 */

import { describe, expect, it } from 'vitest';
import { checkRun, formatViolation, invariants } from '../../src/testing/index.js';
import type { Invariant, RawScenario } from '../../src/testing/index.js';
import { etcdMember, faultEnded, faultStarted, mhcShortCircuit, nodeKubelet, rolloutCompleted, rolloutStarted, rolloutStuck, type TimelineEvent } from '../../src/timeline/index.js';
import {
  BASE_SCENARIO, CLUSTER, KCP, MD, MHC, condition, created, machine, phase, recordOf, remediation, replicas, running, unhealthy,
} from './helpers.js';

function messages(invariant: Invariant, events: TimelineEvent[], options: Parameters<typeof recordOf>[1] = {}): string[] {
  return checkRun(recordOf(events, options), [invariant]).map(formatViolation);
}

/** Three available Machines m1–m3 in the MachineDeployment, replicas 3. */
function threeRunning(maxSurge: number, maxUnavailable: number): TimelineEvent[] {
  return [...running('m1'), ...running('m2'), ...running('m3'), replicas(0, MD, 3, maxSurge, maxUnavailable)];
}

describe('pool-max-surge', () => {
  const invariant = invariants.poolMaxSurge();

  it('a Machine created beyond replicas + maxSurge is a violation naming the time, pool and Machine', () => {
    const events = [...threeRunning(1, 0), created(60_000, 'm4'), created(60_000, 'm5')];
    expect(messages(invariant, events)).toEqual([
      `[pool-max-surge] t=1m: ${MD} created ${machine('m5')}, making 5 Machines (0 being deleted), more than replicas 3 + maxSurge 1 = 4`,
    ]);
  });

  it('Machines being deleted count; once deleted they do not', () => {
    const counting = [...threeRunning(1, 0), created(60_000, 'm4'), phase(61_000, 'm1', 'Deleting'), created(62_000, 'm5')];
    expect(messages(invariant, counting)).toHaveLength(1);
    const gone = [...threeRunning(1, 0), created(60_000, 'm4'), phase(61_000, 'm1', 'Deleting'), phase(70_000, 'm1', 'Deleted'), created(71_000, 'm5')];
    expect(messages(invariant, gone)).toEqual([]);
  });

  it('after replicas are lowered the earlier bound applies until the pool fits the new one', () => {
    const events = [
      ...threeRunning(1, 0), created(10_000, 'm4'), replicas(20_000, MD, 1, 1, 0),
      created(21_000, 'm5'), // within the old bound 4? no: 5 Machines > 4
    ];
    expect(messages(invariant, events)[0]).toContain('(or 4, the bound before replicas were lowered)');
    const within = [...threeRunning(1, 0), replicas(20_000, MD, 1, 1, 0), created(21_000, 'm4')];
    expect(messages(invariant, within)).toEqual([]);
  });

  it('a KubeadmControlPlane is bounded too', () => {
    const events = [...running('cp1', KCP), replicas(0, KCP, 1, 1, 0), created(5_000, 'cp2', KCP), created(5_000, 'cp3', KCP)];
    expect(messages(invariant, events)).toHaveLength(1);
  });
});

describe('pool-min-available', () => {
  const invariant = invariants.poolMinAvailable();

  it('deleting an available Machine below replicas − maxUnavailable is a violation', () => {
    const events = [...threeRunning(1, 0), phase(60_000, 'm1', 'Deleting')];
    expect(messages(invariant, events)).toEqual([
      `[pool-min-available] t=1m: ${MD} took ${machine('m1')} out of service while it was available, leaving 2 available Machines (+0 down through faults), below replicas 3 − maxUnavailable 0 = 3`,
    ]);
  });

  it('within maxUnavailable it is not', () => {
    expect(messages(invariant, [...threeRunning(0, 1), phase(60_000, 'm1', 'Deleting')])).toEqual([]);
  });

  it('a node failure taking a pool below the bound is not, nor is the remediation that follows', () => {
    const events = [...threeRunning(1, 0), condition(60_000, 'm1', 'Unknown'), unhealthy(120_000, 'm1'), remediation(120_000, 'm1'), phase(121_000, 'm1', 'Deleting')];
    expect(messages(invariant, events)).toEqual([]);
  });

  it('Machines down through faults count as available when a controller removes another (the deadlock breaker)', () => {
    const events = [...threeRunning(1, 0), created(10_000, 'm4'), condition(20_000, 'm4', 'True'), condition(30_000, 'm1', 'Unknown'), phase(40_000, 'm2', 'Deleting')];
    expect(messages(invariant, events)).toEqual([]);
    const withoutFault = [...threeRunning(1, 0), created(10_000, 'm4'), condition(20_000, 'm4', 'True'), phase(30_000, 'm1', 'Deleting'), phase(40_000, 'm2', 'Deleting')];
    expect(messages(invariant, withoutFault)).toHaveLength(1);
  });

  it('after a scale-up the earlier bound applies until the pool reaches the new one', () => {
    const events = [...threeRunning(1, 1), replicas(10_000, MD, 6, 1, 1), phase(10_000, 'm1', 'Deleting')];
    expect(messages(invariant, events)).toEqual([]);
    const belowOld = [...threeRunning(1, 1), replicas(10_000, MD, 6, 1, 1), phase(10_000, 'm1', 'Deleting'), phase(11_000, 'm2', 'Deleting')];
    expect(messages(invariant, belowOld)[0]).toContain('(and below 2, the bound before replicas were raised)');
  });
});

const MHC_SCENARIO: RawScenario = {
  ...BASE_SCENARIO,
  clusters: [{
    name: 'c1', provider: 'docker', version: 'v1.34.3', controlPlane: { replicas: 3 }, workers: [{ name: 'md', replicas: 3 }],
    healthCheck: { targets: 'workers', maxUnhealthy: 1, unhealthyConditions: [{ type: 'Ready', status: 'Unknown', timeout: '1m' }] },
  }],
};

describe('mhc-max-unhealthy', () => {
  const invariant = invariants.mhcMaxUnhealthy();

  it('a remediation while more targets than maxUnhealthy were unhealthy all along is a violation', () => {
    const events = [
      ...threeRunning(1, 0), condition(10_000, 'm1', 'Unknown'), condition(10_000, 'm2', 'Unknown'),
      unhealthy(80_000, 'm1'), unhealthy(80_000, 'm2'), remediation(80_001, 'm1'),
    ];
    expect(messages(invariant, events, { scenario: MHC_SCENARIO })).toEqual([
      `[mhc-max-unhealthy] t=1m20.001s: ${machine('m1')} was remediated (by MachineSet) although ${MHC} had too many unhealthy targets all along since it reported the Machine unhealthy at t=1m20s: now 2 of 3 unhealthy, maxUnhealthy 1 = 1`,
    ]);
  });

  it('a remediation allowed when the Machine was reported stays allowed, even if more fail before its owner acts', () => {
    const events = [
      ...threeRunning(1, 0), condition(10_000, 'm1', 'Unknown'), unhealthy(80_000, 'm1'),
      condition(85_000, 'm2', 'Unknown'), remediation(90_000, 'm1'),
    ];
    expect(messages(invariant, events, { scenario: MHC_SCENARIO })).toEqual([]);
  });

  it('machines starting or being deleted count as not healthy (expected − healthy)', () => {
    const events = [...threeRunning(1, 0), created(5_000, 'm4'), condition(10_000, 'm1', 'Unknown'), unhealthy(80_000, 'm1'), remediation(80_001, 'm1')];
    expect(messages(invariant, events, { scenario: MHC_SCENARIO })).toHaveLength(1);
  });

  it('outside unhealthyRange is a violation too', () => {
    const ranged: RawScenario = JSON.parse(JSON.stringify(MHC_SCENARIO));
    (ranged.clusters[0] as { healthCheck: object }).healthCheck = { targets: 'workers', unhealthyRange: '[2-3]', unhealthyConditions: [{ type: 'Ready', status: 'Unknown', timeout: '1m' }] };
    const one = [...threeRunning(1, 0), condition(10_000, 'm1', 'Unknown'), unhealthy(80_000, 'm1'), remediation(80_001, 'm1')];
    expect(messages(invariant, one, { scenario: ranged })[0]).toContain('unhealthyRange [2-3]');
    const two = [...threeRunning(1, 0), condition(10_000, 'm1', 'Unknown'), condition(10_000, 'm2', 'Unknown'), unhealthy(80_000, 'm1'), remediation(80_001, 'm1')];
    expect(messages(invariant, two, { scenario: ranged })).toEqual([]);
  });

  it('a remediation no health check reported is a violation', () => {
    expect(messages(invariant, [...threeRunning(1, 0), remediation(5_000, 'm1')], { scenario: MHC_SCENARIO })[0])
      .toContain('no MachineHealthCheck of the scenario had reported it unhealthy');
  });

  it("the controller's own short-circuit report is held against it", () => {
    const events: TimelineEvent[] = [
      ...threeRunning(1, 0), condition(10_000, 'm1', 'Unknown'), unhealthy(30_000, 'm2'),
      mhcShortCircuit(80_000, { cluster: CLUSTER, object: MHC, healthCheck: MHC, unhealthy: 2, total: 3, limit: 1, flagged: 2 }),
      unhealthy(80_000, 'm1'), remediation(80_001, 'm1'),
    ];
    expect(messages(invariant, events, { scenario: MHC_SCENARIO })[0]).toContain(`while ${MHC} reported a short-circuit since t=1m20s`);
  });
});

describe('kcp-etcd-quorum', () => {
  const invariant = invariants.kcpEtcdQuorum();
  const cp = [...running('cp1', KCP), ...running('cp2', KCP), ...running('cp3', KCP), replicas(0, KCP, 3, 1, 0)];

  it('remediating a member while another is down loses quorum: a violation', () => {
    const events = [...cp, condition(60_000, 'cp2', 'Unknown'), condition(60_000, 'cp1', 'False'), remediation(120_000, 'cp1', 'KubeadmControlPlane')];
    expect(messages(invariant, events)).toEqual([
      `[kcp-etcd-quorum] t=2m: ${KCP} remediated ${machine('cp1')}, leaving 1 of 2 etcd members answering, below quorum 2 (not answering: ${machine('cp2')})`,
    ]);
  });

  it('remediating the member that is down keeps quorum', () => {
    expect(messages(invariant, [...cp, condition(60_000, 'cp2', 'Unknown'), remediation(120_000, 'cp2', 'KubeadmControlPlane')])).toEqual([]);
  });

  it('a host stopped by a node failure does not answer before its Node turns Unknown', () => {
    const fault = { fault: 'nodeFailures', index: 0, mode: 'kernelPanic', cluster: CLUSTER, target: { clusters: [CLUSTER], nodes: ['cp3'] } };
    const failed = faultStarted(60_000, fault);
    expect(messages(invariant, [...cp, failed, remediation(61_000, 'cp1', 'KubeadmControlPlane')])).toHaveLength(1);
    const ended = faultEnded(62_000, fault);
    expect(messages(invariant, [...cp, failed, ended, remediation(63_000, 'cp1', 'KubeadmControlPlane')])).toEqual([]);
  });

  it('a Machine that never joined is not a member: removing it changes nothing', () => {
    const events = [...cp, created(10_000, 'cp4', KCP), condition(60_000, 'cp2', 'Unknown'), remediation(700_000, 'cp4', 'KubeadmControlPlane')];
    expect(messages(invariant, events)).toEqual([]);
  });

  it('a single control-plane Machine cannot be remediated', () => {
    expect(messages(invariant, [...running('cp1', KCP), remediation(60_000, 'cp1', 'KubeadmControlPlane')])[0]).toContain('leaving 0 of 0 etcd members answering, below quorum 1');
  });

  it('uses etcd.member and node.kubelet events when the run records them', () => {
    const members: TimelineEvent[] = ['cp1', 'cp2', 'cp3'].map((node) => etcdMember(0, { cluster: CLUSTER, node, change: 'added' }));
    const stopped = nodeKubelet(30_000, { cluster: CLUSTER, node: 'cp3', pool: KCP, running: false });
    expect(messages(invariant, [...cp, ...members, stopped, remediation(40_000, 'cp1', 'KubeadmControlPlane')])).toHaveLength(1);
    // With the dead member removed first, one voting member is left and it answers.
    const removed = etcdMember(35_000, { cluster: CLUSTER, node: 'cp3', change: 'removed' });
    expect(messages(invariant, [...cp, ...members, stopped, removed, remediation(40_000, 'cp1', 'KubeadmControlPlane')])).toEqual([]);
    expect(messages(invariant, [...cp, ...members, remediation(40_000, 'cp1', 'KubeadmControlPlane')])).toEqual([]);
  });
});

describe('rollouts', () => {
  const rollout = { cluster: CLUSTER, object: 'Cluster/default/c1', kind: 'upgrade', from: 'v1.34.3', to: 'v1.35.0' } as const;
  const started = rolloutStarted(300_000, rollout);
  const completed = (t: number): TimelineEvent => rolloutCompleted(t, { ...rollout, startedAt: started.t, duration: t - started.t });

  it('a rollout that never completes and says nothing is a violation, with what the timeline shows', () => {
    const events = [...threeRunning(1, 0), started, created(301_000, 'm4'), phase(302_000, 'm4', 'Provisioning')];
    const found = messages(invariants.rolloutsCompleteOrStuck(), events, { settled: false, endedAt: 3_600_000 });
    expect(found).toEqual([
      `[rollouts-complete-or-stuck] the upgrade rollout of ${CLUSTER} (v1.34.3 → v1.35.0) started at t=5m did not complete by the end of the run (t=1h, stopped: horizon) and no rollout.stuck event said why; the timeline shows: Machines not Running: ${machine('m4')} Provisioning for 54m58s`,
    ]);
  });

  it('a rollout.stuck event with a reason satisfies it', () => {
    const stuck = rolloutStuck(400_000, { ...rollout, startedAt: started.t, reason: 'etcd quorum lost' });
    expect(messages(invariants.rolloutsCompleteOrStuck(), [started, stuck], { settled: false })).toEqual([]);
  });

  it('liveness: once faults heal, a rollout must complete within the bound', () => {
    const faulted: RawScenario = { ...BASE_SCENARIO, faults: [{ at: '10m', managementOutage: { for: '20m' } }] };
    const invariant = invariants.rolloutsFinish({ within: '1h' });
    expect(messages(invariant, [started, completed(5_400_000)], { scenario: faulted })).toEqual([]);
    expect(messages(invariant, [started, completed(5_400_001)], { scenario: faulted })).toEqual([
      `[rollouts-finish] the upgrade rollout of ${CLUSTER} (v1.34.3 → v1.35.0) started at t=5m completed at t=1h30m0.001s, 1h0.001s after the faults healed (the faults healed at t=30m); the bound is 1h`,
    ]);
    expect(messages(invariant, [started], { scenario: faulted, settled: false, endedAt: 7_200_000 })[0]).toContain('had not completed 1h after the faults healed');
  });

  it('liveness is not judged while a fault lasts to the end', () => {
    const lasting: RawScenario = { ...BASE_SCENARIO, faults: [{ at: '10m', partition: { clusters: { names: ['c1'] } } }] };
    expect(messages(invariants.rolloutsFinish({ within: '1m' }), [started], { scenario: lasting, settled: false })).toEqual([]);
  });
});

describe('no-leaks', () => {
  const invariant = invariants.noLeaks();
  const machineEntry = (instance: 'running' | 'terminated' | 'none') => ({
    key: machine('m1'), cluster: CLUSTER, phase: 'Running', deleting: false, providerID: instance === 'none' ? undefined : 'docker://m1', instance,
  });

  it('a Machine whose instance is gone after settling is a violation', () => {
    expect(messages(invariant, [], { endedAt: 600_000, inventory: { machines: [machineEntry('terminated')], instances: [] } })).toEqual([
      `[no-leaks] t=10m: ${machine('m1')} (phase Running) has instance docker://m1 in state terminated after the run settled; no MachineHealthCheck reported it unhealthy`,
    ]);
    const reported = messages(invariant, [unhealthy(60_000, 'm1')], { endedAt: 600_000, inventory: { machines: [machineEntry('terminated')], instances: [] } });
    expect(reported[0]).toContain(`; ${MHC} reported it unhealthy at t=1m (UnhealthyNode) but it was not remediated`);
  });

  it('an instance no Machine owns is a violation', () => {
    const instances = [{ providerID: 'docker://orphan', cloud: 'docker/default/local', cluster: CLUSTER, owner: 'InfraMachine/default/gone', state: 'running' as const }];
    expect(messages(invariant, [], { endedAt: 0, inventory: { machines: [machineEntry('running')], instances } })[0]).toContain('instance docker://orphan');
  });

  it('is not judged before the run settles', () => {
    expect(messages(invariant, [], { settled: false, inventory: { machines: [machineEntry('none')], instances: [] } })).toEqual([]);
  });
});

describe('expectations and determinism', () => {
  it('a failed expectation is a violation saying what was measured', () => {
    const expectations = [{ metric: 'fleet.upgradeMakespan', max: 3_600_000, value: 5_400_000, pass: false }];
    expect(messages(invariants.expectations(), [], { expectations })).toEqual(['[expectations] expect fleet.upgradeMakespan ≤ 1h failed: the run measured 1h30m']);
  });

  it('two runs that differ are a violation at the first different event', () => {
    const first = [...threeRunning(1, 0)];
    const second = first.map((e, i) => (i === 4 && e.type === 'node.condition' ? { ...e, status: 'False' as const } : e));
    expect(messages(invariants.deterministic(), first, { replay: second })[0]).toMatch(/^\[deterministic\] t=0s: two runs of seed 1 differ at timeline event #4/);
    expect(messages(invariants.deterministic(), first, { replay: [...first] })).toEqual([]);
    expect(messages(invariants.deterministic(), first)[0]).toContain('no second run');
  });
});

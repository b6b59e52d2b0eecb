import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseClusterKey, parseObjectKey, type ClusterKey, type ObjectKey } from '../../src/kube/keys.js';
import { cloudCall, controllerQueue, kcpRemediationRefused, machineCreated, mhcRemediation, mhcShortCircuit, mhcShortCircuitEnded, mhcUnhealthy, machinePhase, nodeCondition, poolReplicas, type CallOutcomeName, type ConditionStatusName, type MachinePhaseName, type TimelineEvent } from '../../src/timeline/index.js';
import { ClusterActivity } from '../../src/report/charts/cluster-activity.js';
import { bucketWidthFor, downsample } from '../../src/report/charts/downsample.js';
import { bucketWidth, CloudCallRate } from '../../src/report/charts/cloud-call-rate.js';
import { ControllerLoad } from '../../src/report/charts/controller-load.js';
import { WaveGroups, NO_WAVE } from '../../src/report/charts/wave-groups.js';
import { FaultSpans } from '../../src/report/charts/fault-spans.js';
import { naturalCompare } from '../../src/report/charts/natural-order.js';
import { byInterest } from '../../src/report/charts/interesting-clusters.js';
import { timeAxis } from '../../src/report/charts/time-axis.js';
import type { FaultSpec } from '../../src/scenario/model.js';
import { syntheticRun } from './synthetic-run.js';

const MINUTE = 60_000;
const C: ClusterKey = 'ns/c1';

function machine(t: number, name: string, pool: ObjectKey = 'MachineDeployment/ns/md'): TimelineEvent[] {
  return [machineCreated(t, { cluster: C, object: `Machine/ns/${name}`, owner: pool, pool, version: 'v1.34.3', zone: '', image: '' })];
}

const replicas = (t: number, pool: ObjectKey, count: number): TimelineEvent =>
  poolReplicas(t, { cluster: C, object: pool, kind: parseObjectKey(pool).kind, replicas: count, maxSurge: 1, maxUnavailable: 0, strategy: 'RollingUpdate' });
const ready = (t: number, name: string, status: ConditionStatusName): TimelineEvent =>
  nodeCondition(t, { cluster: C, node: name, pool: 'MachineDeployment/ns/md', machine: `Machine/ns/${name}`, condition: 'Ready', status });
const phase = (t: number, name: string, value: MachinePhaseName): TimelineEvent => machinePhase(t, { cluster: C, object: `Machine/ns/${name}`, phase: value });

describe('ClusterActivity', () => {
  it('counts Machines by phase and available vs desired nodes from the timeline alone', () => {
    const activity = new ClusterActivity([C]);
    const events: TimelineEvent[] = [
      replicas(0, 'MachineDeployment/ns/md', 2),
      replicas(0, 'KubeadmControlPlane/ns/cp', 1),
      ...machine(0, 'cp-1', 'KubeadmControlPlane/ns/cp'),
      ...machine(0, 'a'), ...machine(0, 'b'),
      ready(0, 'a', 'True'),
      ready(0, 'b', 'True'),
      ready(0, 'cp-1', 'True'),
      phase(0, 'a', 'Running'),
      phase(0, 'b', 'Running'),
      phase(0, 'cp-1', 'Running'),
      ...machine(10, 'c'),
      phase(20, 'c', 'Provisioning'),
      ready(30, 'a', 'False'),
      phase(40, 'a', 'Deleting'),
      phase(50, 'a', 'Deleted'),
      ready(60, 'c', 'True'),
      phase(60, 'c', 'Running'),
    ];
    for (const event of events) activity.observe(event);
    const series = activity.series(C);
    // PHASES order: Pending, Provisioning, Provisioned, Running, Deleting, Failed.
    expect(series?.phases.map((p) => [p.t, p.counts])).toEqual([
      [0, [0, 0, 0, 3, 0, 0]], [10, [1, 0, 0, 3, 0, 0]], [20, [0, 1, 0, 3, 0, 0]], [40, [0, 1, 0, 2, 1, 0]], [50, [0, 1, 0, 2, 0, 0]], [60, [0, 0, 0, 3, 0, 0]],
    ]);
    // Worker pools only (the control plane counts only in a cluster without workers).
    expect(series?.availability.map((p) => [p.t, p.available, p.desired])).toEqual([[0, 2, 2], [30, 1, 2], [60, 2, 2]]);
    expect(activity.fleet.map((p) => [p.t, p.available, p.desired])).toEqual([[0, 2, 2], [30, 1, 2], [60, 2, 2]]);
  });

  it('keeps MHC decisions and short-circuit spells with their counts', () => {
    const activity = new ClusterActivity([C]);
    const mhc: ObjectKey = 'MachineHealthCheck/ns/c1-mhc';
    const target = (cluster: ClusterKey, machine: ObjectKey) => ({ cluster, object: machine, machine });
    const unhealthy = (t: number, cluster: ClusterKey, machine: ObjectKey) => mhcUnhealthy(t, { ...target(cluster, machine), healthCheck: mhc, reason: 'UnhealthyNode', message: '' });
    const counts = (unhealthyCount: number) => ({ cluster: C, object: mhc, healthCheck: mhc, unhealthy: unhealthyCount, total: 5, limit: 2, flagged: unhealthyCount });
    for (const event of [
      unhealthy(5, C, 'Machine/ns/a'),
      mhcRemediation(6, { ...target(C, 'Machine/ns/a'), by: 'MachineSet' }),
      mhcShortCircuit(7, counts(3)),
      mhcShortCircuitEnded(9, counts(1)),
      mhcShortCircuit(11, counts(4)),
      kcpRemediationRefused(12, { ...target(C, 'Machine/ns/cp'), reason: 'etcdQuorum', conditionReason: '', message: '' }),
      unhealthy(13, 'ns/other', 'Machine/ns/x'),
    ]) activity.observe(event);
    const series = activity.series(C);
    expect(series?.decisions.map((d) => d.decision)).toEqual(['unhealthy', 'remediated', 'short-circuited', 'short-circuited', 'KCP refused']);
    expect(series?.shortCircuits).toEqual([
      { start: 7, end: 9, healthCheck: mhc, unhealthy: 3, total: 5, limit: '2' },
      { start: 11, end: null, healthCheck: mhc, unhealthy: 4, total: 5, limit: '2' },
    ]);
  });
});

describe('downsample', () => {
  const lowest = (into: { t: number; v: number }, later: { t: number; v: number }) => ({ t: into.t, v: Math.min(into.v, later.v) });

  it('keeps a dip inside a bucket and returns to where the series went after it', () => {
    const points = [{ t: 0, v: 10 }, { t: 105, v: 4 }, { t: 107, v: 10 }];
    expect(downsample(points, 100, lowest)).toEqual([{ t: 0, v: 10 }, { t: 100, v: 4 }, { t: 200, v: 10 }]);
  });

  it('gives at most one point per bucket plus a closing one, never two at the same time, and never a value the series did not have', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 9 })), { minLength: 1, maxLength: 200 }), fc.integer({ min: 1, max: 700 }), (raw, width) => {
      const points = [...raw].sort((a, b) => a[0] - b[0]).map(([t, v]) => ({ t, v }));
      const out = downsample(points, width, lowest);
      const times = out.map((p) => p.t);
      expect(new Set(times).size).toBe(times.length);
      expect([...times].sort((a, b) => a - b)).toEqual(times);
      for (const p of out) expect(p.t % width).toBe(0);
      for (const p of out) expect(points.some((q) => q.v === p.v)).toBe(true);
      expect(out.length).toBeLessThanOrEqual(2 * (Math.floor((points[points.length - 1] as { t: number }).t / width) + 1));
      // The series ends where the input ends.
      expect(out[out.length - 1]?.v).toBe(points[points.length - 1]?.v);
    }), { seed: 20261126, numRuns: 300 });
  });

  it('never splits below the time axis resolution', () => {
    const axis = timeAxis(10 * 3_600_000);
    expect(axis.unit).toBe('hours');
    expect(bucketWidthFor(axis, 1_000_000)).toBe(axis.resolution);
    expect(axis.at(3_600_000 + 1_000)).toBe(axis.at(3_600_000 + 1_500));
  });
});

describe('CloudCallRate', () => {
  it('uses 1-minute buckets for short runs and wider ones for long runs', () => {
    expect(bucketWidth(6 * 3_600_000)).toBe(MINUTE);
    expect(bucketWidth(48 * 3_600_000)).toBe(10 * MINUTE);
  });

  it('counts calls per cloud, region and outcome in each bucket, scaled for sampling', () => {
    const rate = new CloudCallRate(60 * MINUTE);
    const call = (t: number, cloud: string, outcome: CallOutcomeName): TimelineEvent => cloudCall(t, { cloud, account: 'a', region: 'r1', action: 'RunInstances', outcome, latencyMs: 0, attempt: 1, tokens: 0 });
    for (const event of [call(0, 'aws', 'ok'), call(30_000, 'aws', 'throttled'), call(59_999, 'aws', 'ok'), call(60_000, 'aws', 'error'), call(10, 'gcp', 'ok')]) rate.observe(event);
    expect(rate.result()).toEqual([
      { group: 'aws · r1', t: 0, counts: [2, 1, 0] },
      { group: 'aws · r1', t: MINUTE, counts: [0, 0, 1] },
      { group: 'gcp · r1', t: 0, counts: [1, 0, 0] },
    ]);
    expect(rate.result(10)[0]?.counts).toEqual([20, 10, 0]);
  });

  it('names the account when one cloud and region has several', () => {
    const rate = new CloudCallRate(MINUTE);
    const call = (account: string): TimelineEvent => cloudCall(0, { cloud: 'aws', account, region: 'r', action: 'RunInstances', outcome: 'ok', latencyMs: 0, attempt: 1, tokens: 0 });
    rate.observe(call('prod'));
    rate.observe(call('dev'));
    expect(rate.result().map((b) => b.group)).toEqual(['aws · dev · r', 'aws · prod · r']);
  });
});

describe('ControllerLoad', () => {
  it('keeps the deepest queue and the reconcile-weighted latency of each bucket, for controllers that had work', () => {
    const load = new ControllerLoad();
    const sample = (t: number, depth: number, reconciles: number, latency: number): TimelineEvent => controllerQueue(t, {
      depth: { machine: depth, idle: 0 }, active: {}, reconciles: { machine: reconciles, idle: 0 }, latencyMeanMs: { machine: latency, idle: 0 }, apiWrites: 0,
    });
    // 300 buckets over 300 s: one per second, so samples 0.5 s apart share one.
    for (const event of [sample(1000, 3, 1, 100), sample(1500, 7, 3, 500), sample(2000, 0, 0, 0)]) load.observe(event);
    expect(load.result(300_000)).toEqual([
      { controller: 'machine', t: 1000, depth: 7, reconciles: 4, latencyMs: 400 },
      { controller: 'machine', t: 2000, depth: 0, reconciles: 0, latencyMs: null },
    ]);
  });
});

describe('WaveGroups', () => {
  const keys = new Map([['a', ['ns/a']], ['b', ['ns/b']], ['c', ['ns/c']]]);

  it('groups clusters by the first wave that started them, the rest last', () => {
    const waves = new WaveGroups(keys);
    waves.observe({ t: 0, type: 'wave.started', operation: 0, wave: 0, clusters: ['b'] });
    waves.observe({ t: 1, type: 'wave.started', operation: 0, wave: 1, clusters: ['a', 'b'] });
    expect(waves.groups(['ns/a', 'ns/b', 'ns/c'])).toEqual([
      { label: 'wave 1', clusters: ['ns/b'] }, { label: 'wave 2', clusters: ['ns/a'] }, { label: NO_WAVE, clusters: ['ns/c'] },
    ]);
  });

  it('names the upgrade when several waved upgrades ran, and has no groups without waves', () => {
    const waves = new WaveGroups(keys);
    expect(waves.groups(['ns/a'])).toEqual([]);
    waves.observe({ t: 0, type: 'wave.started', operation: 0, wave: 0, clusters: ['a'] });
    waves.observe({ t: 1, type: 'wave.started', operation: 2, wave: 0, clusters: ['b', 'c'] });
    expect(waves.groups(['ns/a', 'ns/b', 'ns/c']).map((g) => g.label)).toEqual(['upgrade 1 · wave 1', 'upgrade 3 · wave 1']);
  });
});

describe('FaultSpans', () => {
  const faults = [
    { kind: 'zoneOutage', index: 0, at: 0, zone: 'z1' },
    { kind: 'apiBrownout', index: 1, at: 0, cloud: 'azure', errorRate: 0.3 },
    { kind: 'managementOutage', index: 2, at: 0, for: 10 },
  ] as FaultSpec[];
  const byProvider = new Map([['azure/default/westeurope', ['ns/az1', 'ns/az2']]]);

  it('pairs starts and ends by fault index and finds the clusters each hit', () => {
    const spans = new FaultSpans(faults, byProvider, 5);
    const events: TimelineEvent[] = [
      { t: 10, type: 'fault.started', fault: 'zoneOutage', index: 0, target: { zone: 'z1', clusters: ['ns/b', 'ns/a'] } },
      { t: 20, type: 'fault.started', fault: 'apiBrownout', index: 1, target: { cloud: 'azure', providers: ['azure/default/westeurope'] } },
      { t: 30, type: 'fault.ended', fault: 'zoneOutage', index: 0, target: { zone: 'z1' } },
      { t: 40, type: 'fault.started', fault: 'managementOutage', index: 2, target: { controllers: 'all' } },
    ];
    for (const event of events) spans.observe(event);
    expect(spans.spans(100)).toEqual([
      { label: 'zoneOutage z1', start: 10, end: 30, clusters: ['ns/a', 'ns/b'] },
      { label: 'apiBrownout azure 30%', start: 20, end: 100, clusters: ['ns/az1', 'ns/az2'] },
      { label: 'managementOutage', start: 40, end: 100, clusters: [] },
    ]);
  });

  it('draws a fault that hit every cluster over the whole fleet', () => {
    const spans = new FaultSpans(faults, byProvider, 2);
    spans.observe({ t: 1, type: 'fault.started', fault: 'zoneOutage', index: 0, target: { clusters: ['ns/a', 'ns/b'] } });
    expect(spans.spans(5)[0]?.clusters).toEqual([]);
  });
});

describe('naturalCompare', () => {
  it('orders digit runs by value', () => {
    expect(['c-10', 'c-2', 'c-1', 'b', 'c-02', 'c-1a'].sort(naturalCompare)).toEqual(['b', 'c-1', 'c-1a', 'c-2', 'c-02', 'c-10']);
  });

  it('is a total order: antisymmetric, and zero only for equal strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), (a, b) => {
      expect(Math.sign(naturalCompare(a, b)) + Math.sign(naturalCompare(b, a))).toBe(0);
      expect(naturalCompare(a, b) === 0).toBe(a === b);
    }), { seed: 20261126, numRuns: 500 });
  });

  it('is transitive', () => {
    fc.assert(fc.property(fc.array(fc.stringMatching(/^[a-c0-9]{0,5}$/), { maxLength: 30 }), (names) => {
      const sorted = [...names].sort(naturalCompare);
      for (let i = 1; i < sorted.length; i++) expect(naturalCompare(sorted[i - 1] as string, sorted[i] as string)).toBeLessThanOrEqual(0);
      for (let i = 0; i < sorted.length; i++) for (let j = i + 1; j < sorted.length; j++) expect(naturalCompare(sorted[i] as string, sorted[j] as string)).toBeLessThanOrEqual(0);
    }), { seed: 20261126, numRuns: 200 });
  });
});

describe('byInterest', () => {
  it('puts unfinished rollouts first, then short-circuits, remediations and low availability', () => {
    const { summary } = syntheticRun({ clusters: 7, workers: 2 });
    const order = byInterest(summary.clusters, summary.endedAt).map((c) => parseClusterKey(c.name).name);
    // cl-7 is unfinished; cl-2 and cl-5 had a short-circuit and a remediation (90% availability); the rest by longest rollout.
    expect(order.slice(0, 3)).toEqual(['cl-7', 'cl-2', 'cl-5']);
    expect(new Set(order).size).toBe(7);
  });
});

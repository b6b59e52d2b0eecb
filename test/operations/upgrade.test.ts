/**
 * The `upgrade` operation end to end on small docker fleets: every target cluster rolls to the new
 * version, and the fleet rollout plan is followed: waves by size, percent, canary and label,
 * `pauseBetween`, gates (`healthy` holding on a NotReady Node, `none` not waiting), a maintenance
 * window, and `maxConcurrentClusters`.
 */

import { describe, expect, it } from 'vitest';
import type { Machine } from '../../src/capi/types.js';
import { simulate } from '../../src/simulate.js';
import { scenarioFromYaml } from '../helpers/scenario.js';
import { HOUR, MINUTE, fleetYaml, ofType, runFleet, type Run } from '../faults/helpers.js';

function cluster(name: string, labels: Record<string, string> = {}): string {
  return `
  - name: ${name}
    provider: docker
    version: v1.34.3
    labels: ${JSON.stringify(labels)}
    controlPlane: { replicas: 1 }
    workers: [{ name: md, kind: MachineDeployment, replicas: 2 }]
`;
}

const fleet = (...names: string[]) => names.map((n) => cluster(n)).join('');

function upgrade(names: string[], waves?: string): string {
  return `
  - at: 1m
    upgrade:
      clusters: { names: [${names.join(', ')}] }
      version: v1.35.0
${waves !== undefined ? `      waves: ${waves}` : ''}
`;
}

function waves(run: Run): string[][] {
  return ofType(run.events, 'wave.started').map((e) => [...e.clusters]);
}

function rollout(run: Run, name: string, type: 'rollout.started' | 'rollout.completed') {
  return ofType(run.events, type).find((e) => e.cluster === `default/${name}` && e.kind === 'upgrade');
}

function versions(run: Run, name: string): string[] {
  return [...run.world.store.list<Machine>('Machine')].filter((m) => m.spec.clusterName === name).map((m) => m.spec.version);
}

describe('upgrade', () => {
  it('without waves: every target upgrades at once, control plane and workers end on the new version', () => {
    const result = simulate(scenarioFromYaml(fleetYaml({ clusters: fleet('a', 'b', 'c'), operations: upgrade(['a', 'b']) })));
    expect(result.summary.settled).toBe(true);
    const run = { world: result.world, outcome: { settled: true } as Run['outcome'], events: result.events };
    for (const name of ['a', 'b']) {
      expect(rollout(run, name, 'rollout.started')).toMatchObject({ t: MINUTE, from: 'v1.34.3', to: 'v1.35.0' });
      expect(rollout(run, name, 'rollout.completed')).toBeDefined();
      expect(versions(run, name)).toEqual(Array(3).fill('v1.35.0'));
    }
    expect(rollout(run, 'c', 'rollout.started')).toBeUndefined();
    expect(versions(run, 'c')).toEqual(Array(3).fill('v1.34.3'));
    expect(result.summary.fleet.clustersUpgraded).toBe(2);
  });

  it('waves of a given size start one after the other', () => {
    const run = runFleet({ clusters: fleet('a', 'b', 'c'), operations: upgrade(['a', 'b', 'c'], '{ size: 1 }') });
    expect(run.outcome.settled).toBe(true);
    expect(waves(run)).toEqual([['a'], ['b'], ['c']]);
    for (const [prev, next] of [['a', 'b'], ['b', 'c']] as const) {
      expect(rollout(run, next, 'rollout.started')!.t).toBeGreaterThanOrEqual(rollout(run, prev, 'rollout.completed')!.t);
    }
  });

  it('a percent size is of all targets, rounded up', () => {
    const run = runFleet({ clusters: fleet('a', 'b', 'c', 'd', 'e'), operations: upgrade(['a', 'b', 'c', 'd', 'e'], '{ size: 40% }') });
    expect(run.outcome.settled).toBe(true);
    expect(waves(run)).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
  });

  it('a canary wave (by selector or count) goes first', () => {
    const bySelector = runFleet({ clusters: fleet('a', 'b', 'c'), operations: upgrade(['a', 'b', 'c'], '{ canary: { names: [c] } }') });
    expect(waves(bySelector)).toEqual([['c'], ['a', 'b']]);
    const byCount = runFleet({ clusters: fleet('a', 'b', 'c'), operations: upgrade(['a', 'b', 'c'], '{ canary: 1, size: 1 }') });
    expect(waves(byCount)).toEqual([['a'], ['b'], ['c']]);
  });

  it('byLabel makes one wave per label value, in value order', () => {
    const clusters = cluster('a', { ring: '2' }) + cluster('b', { ring: '1' }) + cluster('c', { ring: '2' });
    const run = runFleet({ clusters, operations: upgrade(['a', 'b', 'c'], '{ byLabel: ring }') });
    expect(run.outcome.settled).toBe(true);
    expect(waves(run)).toEqual([['b'], ['a', 'c']]);
  });

  it('pauseBetween soaks a completed wave before the next starts', () => {
    const run = runFleet({ clusters: fleet('a', 'b'), operations: upgrade(['a', 'b'], '{ size: 1, pauseBetween: 15m }') });
    expect(run.outcome.settled).toBe(true);
    const [first] = ofType(run.events, 'wave.completed');
    const second = ofType(run.events, 'wave.started')[1]!;
    expect(second.t).toBe(first!.t + 15 * MINUTE);
  });

  it('gate healthy holds the next wave while a Node of the last wave is NotReady, and lets it go when it recovers', () => {
    const run = runFleet({ clusters: fleet('a', 'b'), operations: upgrade(['a', 'b'], '{ size: 1, gate: healthy, pauseBetween: 40m }'), faults: `
  - at: 30m
    nodeFailures: { clusters: { names: [a] }, count: 1, mode: notReady, for: 1h }
` });
    expect(run.outcome.settled).toBe(true);
    // a completes before the fault; its gate is judged 40 m later, while the Node is NotReady.
    expect(rollout(run, 'a', 'rollout.completed')!.t).toBeLessThan(30 * MINUTE);
    const [held, ...more] = ofType(run.events, 'wave.held');
    expect(more).toHaveLength(0);
    expect(held).toMatchObject({ wave: 0, clusters: ['a'], allReady: false });
    expect(held!.t).toBeLessThan(90 * MINUTE);
    const second = ofType(run.events, 'wave.started')[1]!;
    expect(second.t).toBeGreaterThanOrEqual(90 * MINUTE);
    expect(second.t).toBeLessThanOrEqual(91 * MINUTE); // re-checked every minute
  });

  it('a gate with an error budget halts the upgrade when remediations exceed it', () => {
    const withHealthCheck = (name: string) => `${cluster(name)}    healthCheck:
      unhealthyConditions:
        - { type: Ready, status: Unknown, timeout: 1m }
`;
    const run = runFleet({ clusters: withHealthCheck('a') + withHealthCheck('b'), operations: upgrade(['a', 'b'], '{ size: 1, gate: { maxRemediations: 0 }, pauseBetween: 40m }'), faults: `
  - at: 30m
    nodeFailures: { clusters: { names: [a] }, count: 1, mode: crash }
` });
    expect(run.outcome.settled).toBe(true);
    expect(ofType(run.events, 'mhc.remediation').filter((e) => e.cluster === 'default/a')).toHaveLength(1);
    expect(ofType(run.events, 'wave.halted')).toMatchObject([{ wave: 0, clusters: ['a'], remediations: 1, clustersNotStarted: 1 }]);
    expect(waves(run)).toEqual([['a']]);
    expect(rollout(run, 'b', 'rollout.started')).toBeUndefined();
  });

  it('gate none starts the next wave pauseBetween after the previous one started, without waiting', () => {
    const run = runFleet({ clusters: fleet('a', 'b'), operations: upgrade(['a', 'b'], '{ size: 1, gate: none, pauseBetween: 1m }') });
    expect(run.outcome.settled).toBe(true);
    const [first, second] = ofType(run.events, 'wave.started');
    expect(second!.t).toBe(first!.t + MINUTE);
    expect(second!.t).toBeLessThan(rollout(run, 'a', 'rollout.completed')!.t);
  });

  it('a maintenance window delays the start to its opening (t = 0 is Monday 00:00 UTC)', () => {
    const run = runFleet({ clusters: fleet('a'), operations: upgrade(['a'], '{ maintenanceWindow: { days: [Mon], start: "02:00", end: "04:00" } }') });
    expect(run.outcome.settled).toBe(true);
    expect(ofType(run.events, 'wave.waiting')).toMatchObject([{ t: MINUTE, reason: 'maintenance window', until: 2 * HOUR }]);
    expect(ofType(run.events, 'wave.started')).toMatchObject([{ t: 2 * HOUR }]);
    expect(rollout(run, 'a', 'rollout.started')!.t).toBe(2 * HOUR);
  });

  it('maxConcurrentClusters caps clusters upgrading at once across the fleet', () => {
    const run = runFleet({ clusters: fleet('a', 'b', 'c'), operations: upgrade(['a', 'b', 'c'], '{ maxConcurrentClusters: 1 }') });
    expect(run.outcome.settled).toBe(true);
    expect(waves(run)).toEqual([['a', 'b', 'c']]);
    const intervals = ['a', 'b', 'c'].map((n) => [rollout(run, n, 'rollout.started')!.t, rollout(run, n, 'rollout.completed')!.t] as const);
    intervals.sort((x, y) => x[0] - y[0]);
    for (let i = 1; i < intervals.length; i++) expect(intervals[i]![0]).toBeGreaterThanOrEqual(intervals[i - 1]![1]);
  });
});

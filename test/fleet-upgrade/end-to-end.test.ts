/** Fleet rollout plans end to end: small docker fleets through the whole simulator. */

import { describe, expect, it } from 'vitest';
import { parseClusterKey } from '../../src/kube/keys.js';
import { simulate } from '../../src/simulate.js';
import { scenarioFromYaml } from '../helpers/scenario.js';
import { ofType, type TimelineEvent, type TimelineEventType } from '../../src/timeline/index.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function fleet(waves: string, extra = ''): string {
  const cluster = (name: string, env: string) => `
  - name: ${name}
    provider: docker
    labels: { env: ${env}, fleet: demo }
    version: v1.34.3
    controlPlane: { replicas: 1 }
    workers: [{ name: md-0, kind: MachineDeployment, replicas: 2, strategy: { type: RollingUpdate, maxSurge: 1, maxUnavailable: 0 } }]`;
  return `apiVersion: fleetsim/v1alpha1
kind: Scenario
name: plan-e2e
seed: 7
horizon: 10d
clusters:${cluster('dev-1', 'dev')}${cluster('prod-1', 'prod')}${cluster('prod-2', 'prod')}${cluster('staging-1', 'staging')}${cluster('prod-3', 'prod')}
operations:
  - at: 30m
    upgrade:
      clusters: { matchLabels: { fleet: demo } }
      version: v1.35.0
      waves: ${waves}
${extra}`;
}

function run(text: string) {
  const result = simulate(scenarioFromYaml(text), { keepEvents: true });
  const of = <K extends TimelineEventType>(type: K) => result.events.filter(ofType(type));
  const started = new Map(of('rollout.started').map((e) => [parseClusterKey(e.cluster).name, e.t]));
  const completed = new Map(of('rollout.completed').map((e) => [parseClusterKey(e.cluster).name, e.t]));
  return { result, of, started, completed };
}

/** Largest number of cluster upgrades in progress at one instant. */
function peakConcurrent(events: TimelineEvent[]): number {
  let now = 0;
  let peak = 0;
  for (const e of events) {
    if (e.type === 'rollout.started') peak = Math.max(peak, ++now);
    if (e.type === 'rollout.completed') now--;
  }
  return peak;
}

describe('fleet rollout plans, end to end', () => {
  it('runs the canary, then one wave per label value, each after the previous one finished and soaked', () => {
    const r = run(fleet('{ canary: { names: [prod-2] }, byLabel: env, pauseBetween: 10m }'));
    expect(r.result.summary.settled).toBe(true);
    expect(r.result.summary.fleet.clustersUpgraded).toBe(5);
    const waves = r.of('wave.started').map((e) => e.clusters);
    expect(waves).toEqual([['prod-2'], ['dev-1'], ['prod-1', 'prod-3'], ['staging-1']]);
    const completedWaves = r.of('wave.completed');
    for (let i = 1; i < waves.length; i++) {
      const previousDone = completedWaves[i - 1]?.t as number;
      expect(r.of('wave.started')[i]?.t).toBeGreaterThanOrEqual(previousDone + 10 * MINUTE);
    }
    expect(r.started.get('prod-2')).toBe(30 * MINUTE);
  });

  it('never has more clusters upgrading than the fleet-wide cap', () => {
    const r = run(fleet('{ size: 5, maxConcurrentClusters: 2 }'));
    expect(r.result.summary.fleet.clustersUpgraded).toBe(5);
    expect(peakConcurrent(r.result.events)).toBe(2);
    const uncapped = run(fleet('{ size: 5 }'));
    expect(peakConcurrent(uncapped.result.events)).toBe(5);
    expect(r.result.summary.fleet.upgradeMakespan as number).toBeGreaterThan(uncapped.result.summary.fleet.upgradeMakespan as number);
  });

  it('starts waves only in the maintenance window (weekdays 02:00–06:00 UTC from startsAt)', () => {
    // startsAt is a Saturday noon: the first wave waits for Monday 02:00.
    const text = fleet('{ size: 3, maintenanceWindow: { days: [Mon, Tue, Wed, Thu, Fri], start: "02:00", end: "06:00" } }')
      .replace('horizon: 10d', 'horizon: 10d\nstartsAt: 2026-01-10T12:00:00Z');
    const r = run(text);
    expect(r.result.summary.fleet.clustersUpgraded).toBe(5);
    const mondayTwo = (24 + 12 + 2) * HOUR;
    for (const t of r.started.values()) {
      expect(t).toBeGreaterThanOrEqual(mondayTwo);
      const hourOfDay = ((t + 12 * HOUR) % (24 * HOUR)) / HOUR;
      expect(hourOfDay >= 2 && hourOfDay < 6).toBe(true);
    }
    expect(Math.min(...r.started.values())).toBe(mondayTwo);
  });

  it('holds the next wave while a Node of the last wave is not Ready, and starts it within a minute of recovery', () => {
    // The canary finishes within minutes; at 40m one of its Nodes goes NotReady for an hour.
    const text = fleet('{ canary: { names: [dev-1] }, size: 4, pauseBetween: 10m, gate: healthy }', `faults:
  - at: 40m
    nodeFailures: { clusters: { names: [dev-1] }, pool: md-0, count: 1, mode: notReady, for: 1h }
`);
    const r = run(text);
    const canaryDone = r.completed.get('dev-1') as number;
    expect(canaryDone).toBeLessThan(40 * MINUTE);
    const held = r.of('wave.held');
    expect(held).toHaveLength(1);
    expect(held[0]).toMatchObject({ wave: 0, allReady: false, clusters: ['dev-1'] });
    const recovered = r.of('fault.ended')[0]?.t as number;
    expect(recovered).toBe(100 * MINUTE);
    const secondWave = r.of('wave.started')[1]?.t as number;
    expect(secondWave).toBeGreaterThanOrEqual(recovered);
    expect(secondWave).toBeLessThanOrEqual(recovered + MINUTE);
    expect(r.result.summary.fleet.clustersUpgraded).toBe(5);
  });
});

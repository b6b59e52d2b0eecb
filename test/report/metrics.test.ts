/** The one metric catalogue: `expect:` and sweeps read the same figures, under the same names. */

import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/simulate.js';
import { loadScenarioText, formatIssue } from '../../src/scenario/index.js';
import { KNOWN_METRICS, METRIC_ALIASES, METRICS } from '../../src/scenario/metrics.js';
import { FIXED_METRICS, runMetrics } from '../../src/sweep/metrics.js';

function load(body: string) {
  const result = loadScenarioText(`apiVersion: fleetsim/v1alpha1\nkind: Scenario\nname: metrics\n${body}`, 'metrics.yaml');
  if (!result.ok) throw new Error(result.errors.map(formatIssue).join('\n'));
  return result.scenario;
}

const FLEET = `clusters:
  - { name: c1, provider: docker, version: v1.34.3, workers: [{ name: w, replicas: 2 }] }
  - { name: c2, provider: docker, version: v1.34.3, paused: true, workers: [{ name: w, replicas: 2 }] }
operations:
  - { at: 1m, upgrade: { clusters: { matchLabels: {} }, version: v1.35.0 } }
`;

describe('the metric catalogue', () => {
  it('keeps every name expect: took, and takes the sweep\'s too', () => {
    for (const name of ['fleet.upgradeMakespan', 'fleet.clustersUpgraded', 'fleet.remediations', 'fleet.shortCircuits', 'fleet.minAvailableRatio', 'fleet.machinesReplaced', 'fleet.settled',
      'cluster.minAvailableRatio', 'cluster.upgradeDuration', 'cluster.remediations', 'mhc.remediations', 'mhc.shortCircuits', 'kcp.remediationsRefused',
      'cloud.calls', 'cloud.throttled', 'cloud.errors', 'cloud.retries', 'management.maxQueueDepth']) expect(KNOWN_METRICS).toHaveProperty([name]);
    for (const info of FIXED_METRICS) expect(KNOWN_METRICS).toHaveProperty([info.name]);
    expect(FIXED_METRICS.map((m) => m.name)).toEqual(Object.keys(METRICS));
  });

  it('gives an alias the value of its figure, in expect: and in the sweep record alike', () => {
    const expectations = [...Object.keys(METRIC_ALIASES), ...Object.values(METRIC_ALIASES), 'fleet.upgradeHalted', 'run.events'].map((metric) => `  - { metric: ${metric}, min: 0 }`).join('\n');
    const scenario = load(`${FLEET}expect:\n${expectations}\n`);
    const result = simulate(scenario);
    const values = new Map(result.summary.expectations.map((e) => [e.metric, e.value]));
    const record = runMetrics(result.summary, scenario, result.run.timeline.counts);
    for (const [alias, figure] of Object.entries(METRIC_ALIASES)) {
      expect(values.get(alias)).toBe(values.get(figure));
      expect(record[figure]).toBe(values.get(figure));
    }
    expect(values.get('run.events')).toBe(result.summary.events);
  });

  it('has no makespan and no longest upgrade while a targeted cluster never upgraded (expect: and sweep)', () => {
    const scenario = load(`${FLEET}horizon: 2h\nexpect:\n  - { metric: fleet.upgradeMakespan, max: 48h }\n  - { metric: cluster.upgradeDuration, max: 48h }\n`);
    const result = simulate(scenario);
    // c2 is paused: its upgrade never starts, so the fleet's rollout never finished.
    expect(result.summary.fleet.clustersUpgraded).toBe(1);
    expect(result.summary.expectations.map((e) => [e.metric, e.value, e.pass])).toEqual([['fleet.upgradeMakespan', null, false], ['cluster.upgradeDuration', null, false]]);
    const record = runMetrics(result.summary, scenario, result.run.timeline.counts);
    expect(record['fleet.upgradeMakespan']).toBeNull();
    expect(record['cluster.upgradeDurationMax']).toBeNull();
  });
});

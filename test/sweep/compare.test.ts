import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bootstrapMeanInterval, compareMetric, type CompareSummary } from '../../src/sweep/compare.js';
import { Random } from '../../src/engine/random.js';
import { runCli } from '../e2e/helpers.js';
import { scenarioFile, smallFleet, tmp } from './helpers.js';

describe('paired comparison', () => {
  it('finds a shift far larger than the noise, and names the better side by the metric\'s direction', () => {
    const baseline = Float64Array.from({ length: 40 }, (_, i) => 1000 + ((i * 37) % 11));
    const candidate = baseline.map((v, i) => v - 300 + ((i * 13) % 7));
    const makespan = compareMetric('fleet.upgradeMakespan', baseline, candidate, 500);
    expect(makespan.significant).toBe(true);
    expect(makespan.winner).toBe('candidate'); // lower is better
    expect(makespan.ci![1]).toBeLessThan(0);
    expect(makespan.meanDifference).toBeGreaterThan(-300);
    expect(makespan.meanDifference).toBeLessThan(-290);
    const upgraded = compareMetric('fleet.clustersUpgraded', baseline, candidate, 500);
    expect(upgraded.winner).toBe('baseline'); // higher is better
    const load = compareMetric('management.apiWrites', baseline, candidate, 500);
    expect(load.winner).toBe('differs'); // neither direction is better
  });

  it('reports no difference for identical sides, and for noise around zero', () => {
    const values = Float64Array.from({ length: 30 }, (_, i) => (i * 7919) % 101);
    const same = compareMetric('fleet.upgradeMakespan', values, values.slice(), 500);
    expect(same).toMatchObject({ meanDifference: 0, ci: [0, 0], significant: false, winner: 'none', pairs: 30 });
    const noise = values.map((v, i) => v + (i % 2 === 0 ? 5 : -5));
    const noisy = compareMetric('fleet.upgradeMakespan', values, noise, 2000);
    expect(noisy.significant).toBe(false);
    expect(noisy.ci![0]).toBeLessThan(0);
    expect(noisy.ci![1]).toBeGreaterThan(0);
  });

  it('pairs only seeds where both sides have the figure', () => {
    const a = Float64Array.from([1, Number.NaN, 3, 4]);
    const b = Float64Array.from([2, 5, Number.NaN, 5]);
    expect(compareMetric('fleet.upgradeMakespan', a, b, 100).pairs).toBe(2);
  });

  it('draws the same interval every time (a seeded stream)', () => {
    const diffs = Float64Array.from({ length: 25 }, (_, i) => Math.sin(i) * 10);
    const first = bootstrapMeanInterval(diffs, 1000, new Random('fleetsim:compare:x'));
    expect(bootstrapMeanInterval(diffs, 1000, new Random('fleetsim:compare:x'))).toEqual(first);
    expect(first[0]).toBeLessThan(first[1]);
  });
});

describe('fleetsim compare', () => {
  const serial = smallFleet({ name: 'one-by-one', waves: '{ size: 1, pauseBetween: 30m }' });
  const parallel = smallFleet({ name: 'all-at-once', waves: '{ size: 4 }' });

  it('reports a known, large difference as significant and names the winner', async () => {
    const a = scenarioFile(serial, 'a.yaml');
    const b = scenarioFile(parallel, 'b.yaml');
    const out = tmp();
    const result = await runCli(['compare', a, b, '--seeds', '8', '--workers', '1', '--out', out, '--format', 'json,md', '--resamples', '500', '--quiet']);
    expect(result.code, result.err).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'compare.json'), 'utf8')) as CompareSummary;
    const makespan = summary.comparisons[0]!.metrics.find((m) => m.metric === 'fleet.upgradeMakespan')!;
    expect(makespan.pairs).toBe(8);
    expect(makespan.significant).toBe(true);
    expect(makespan.winner).toBe('candidate');
    // Three 30-minute soaks at least separate the two plans.
    expect(makespan.meanDifference!).toBeLessThan(-90 * 60_000);
    expect(result.out).toMatch(/^fleet\.upgradeMakespan .* B\s*$/m);
    expect(readFileSync(join(out, 'compare.md'), 'utf8')).toMatch(/\| `fleet\.upgradeMakespan` \|/);
  });

  it('finds no difference anywhere between two identical strategies', async () => {
    const a = scenarioFile(parallel, 'a.yaml');
    const b = scenarioFile(parallel, 'b.yaml');
    const out = tmp();
    const result = await runCli(['compare', a, b, '--seeds', '6', '--workers', '1', '--out', out, '--format', 'json', '--resamples', '200', '--quiet']);
    expect(result.code, result.err).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'compare.json'), 'utf8')) as CompareSummary;
    const metrics = summary.comparisons[0]!.metrics;
    expect(metrics.length).toBeGreaterThan(20);
    for (const m of metrics) {
      expect(m.significant, m.metric).toBe(false);
      expect(m.winner, m.metric).toBe('none');
    }
  });

  it('compares the variants of one grid, the first against each other', async () => {
    const file = scenarioFile(serial);
    const out = tmp();
    const result = await runCli(['compare', file, '--set', 'operations[0].upgrade.waves.pauseBetween=30m,0s,10m', '--seeds', '4', '--workers', '2', '--out', out, '--format', 'json,md,html', '--resamples', '200', '--quiet']);
    expect(result.code, result.err).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'compare.json'), 'utf8')) as CompareSummary;
    expect(summary.comparisons.map((c) => `${c.candidate.name} vs ${c.baseline.name}`)).toEqual(['V1 vs V0', 'V2 vs V0']);
    expect(readFileSync(join(out, 'compare.html'), 'utf8')).toMatch(/<svg/);
  });
});

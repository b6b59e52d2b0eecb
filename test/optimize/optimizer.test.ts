/**
 * The optimizer against the exhaustive sweep of the same grid over the same seeds, and its rules:
 * a candidate that breaks a requirement is never recommended, and nothing feasible is said plainly.
 */

import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { Resamples } from '../../src/optimize/bootstrap.js';
import { objectiveValue, parseObjective } from '../../src/optimize/objective.js';
import { runOptimize, type OptimizeProblem } from '../../src/optimize/optimizer.js';
import { allValues, parseVaryArguments } from '../../src/optimize/parameters.js';
import { CONFIDENCE } from '../../src/optimize/race.js';
import { meets, parseRequirement, requirementValue } from '../../src/optimize/requirement.js';
import { optimizerSeeds } from '../../src/optimize/seeds.js';
import { statisticOf } from '../../src/optimize/statistic.js';
import { summarizeOptimize } from '../../src/optimize/summary.js';
import { percentileInterval } from '../../src/optimize/bootstrap.js';
import type { RunRecord } from '../../src/sweep/metrics.js';
import { parseSetArgument } from '../../src/sweep/overrides.js';
import { runSweep } from '../../src/sweep/runner.js';
import { buildVariants } from '../../src/sweep/variants.js';
import { noisyFleet, smallFleet, tmp } from './helpers.js';

function problem(text: string, vary: string[], minimize: string, requirements: string[]): OptimizeProblem {
  return {
    name: 'test',
    source: { raw: parse(text), file: 'test.yaml', parameters: parseVaryArguments(vary) },
    objective: parseObjective(minimize, 'minimize'),
    requirements: requirements.map(parseRequirement),
  };
}

/** Every combination of every value over the optimizer's seeds, with the sweep's own runner. */
async function exhaustive(p: OptimizeProblem, seeds: number[]): Promise<Array<{ settings: unknown[]; records: RunRecord[] }>> {
  const parameters = p.source.parameters.map((parameter) => parseSetArgument(`${parameter.path}=${allValues(parameter).map(String).join(',')}`));
  const built = buildVariants(p.source.raw, p.source.file, parameters);
  if (!built.ok) throw new Error(built.errors.join('\n'));
  const outcome = await runSweep({ name: 'exhaustive', seeds, parameters: parameters.map((q) => ({ path: q.path, values: q.values })), variants: built.variants }, { workers: 2, outDir: tmp(), formats: ['json'] });
  const results = outcome.results;
  if (results === undefined) throw new Error('a full sweep keeps its results');
  // The sweep keeps columns; rebuild each variant's records in seed order from them.
  const names = results.metricNames();
  return built.variants.map((v) => ({
    settings: v.settings.map((s) => s.value),
    records: seeds.map((seed, i) => ({ variant: v.id, seed, exitCode: 0, stopReason: '', metrics: Object.fromEntries(names.map((name) => {
      const value = results.column(v.id, name)[i] as number;
      return [name, Number.isNaN(value) ? null : value];
    })) })),
  }));
}

describe('fleetsim optimize, the search', () => {
  it('picks the exhaustive sweep\'s winner (within its interval) with at most a third of its runs', async () => {
    const p = problem(noisyFleet(), ['operations[0].upgrade.waves.size=1..8', 'clusters[*].workers[*].strategy.maxUnavailable=0,1'], 'fleet.upgradeMakespan:p95', ['cluster.minAvailableRatio:p5 >= 0.6']);
    const maxSeeds = 24;
    const seeds = optimizerSeeds(1, maxSeeds);
    const grid = await exhaustive(p, seeds);
    expect(grid).toHaveLength(16);
    const requirement = p.requirements[0]!;
    const objectiveOf = (records: RunRecord[]) => statisticOf(p.objective.statistic, records.map((r) => objectiveValue(p.objective, r)));
    const feasible = grid.filter((g) => meets(requirement, statisticOf(requirement.statistic, g.records.map((r) => requirementValue(requirement, r)))));
    expect(feasible.length).toBeGreaterThan(0);
    const winner = feasible.reduce((best, g) => (objectiveOf(g.records) < objectiveOf(best.records) ? g : best));

    const run = await runOptimize(p, { budget: 1000, maxSeeds, firstSeed: 1, workers: 2 });
    const summary = summarizeOptimize(run);
    expect(summary.outcome).toBe('recommended');
    expect(run.runs).toBeLessThanOrEqual((16 * maxSeeds) / 3);
    const chosen = summary.recommended!;
    // Its runs are the sweep's runs of the same settings on the same seeds.
    const same = grid.find((g) => JSON.stringify(g.settings) === JSON.stringify(chosen.settings.map((s) => s.value)))!;
    const winnerValues = Float64Array.from(winner.records, (r) => objectiveValue(p.objective, r));
    const draws = new Resamples(maxSeeds, 2000, 'test:exhaustive').statistic(p.objective.statistic, winnerValues);
    const [lo, hi] = percentileInterval(draws, CONFIDENCE);
    const chosenValue = objectiveOf(same.records.slice(0, chosen.seeds.count));
    expect(chosenValue).toBeGreaterThanOrEqual(lo);
    expect(chosenValue).toBeLessThanOrEqual(hi);
    expect(chosen.objective.value).toBeCloseTo(chosenValue, 0);
    // A range is searched without running every value.
    expect(summary.parameters[0]!.notRun.length).toBeGreaterThan(0);
  }, 600_000);

  it('never recommends a candidate that breaks a requirement, even the fastest', async () => {
    // maxUnavailable 1 takes one of 2 machines down at a time: faster, but the cluster dips to 50 %.
    const p = problem(smallFleet({ count: 8 }), ['operations[0].upgrade.waves.size=1..8', 'clusters[*].workers[*].strategy.maxUnavailable=0,1'], 'fleet.upgradeMakespan:p95', ['cluster.minAvailableRatio:p5 >= 0.8']);
    const run = await runOptimize(p, { budget: 400, maxSeeds: 12, firstSeed: 1, workers: 2 });
    const summary = summarizeOptimize(run);
    const ran = summary.candidates.filter((c) => c.runs > 0);
    const fastest = ran.reduce((a, b) => ((a.objective ?? Infinity) <= (b.objective ?? Infinity) ? a : b));
    expect(fastest.settings[1]?.value).toBe(1);
    expect(fastest.status).toBe('infeasible');
    expect(summary.recommended?.settings.map((s) => s.value)).toEqual([8, 0]);
    for (const c of summary.candidates) {
      if (c.status === 'recommended' || c.status === 'runner-up') expect(c.requirements?.[0]).toBeGreaterThanOrEqual(0.8);
      if (c.settings[1]?.value === 1 && c.runs > 0) expect(c.status).toBe('infeasible');
    }
    for (const r of summary.recommended!.requirements) expect(r.met).toBe(true);
  }, 600_000);

  it('says when nothing meets every requirement and names the closest candidates', async () => {
    const p = problem(smallFleet({ count: 4 }), ['clusters[*].workers[*].strategy.maxUnavailable=1,2', 'operations[0].upgrade.waves.size=2,4'], 'fleet.upgradeMakespan:p95', ['cluster.minAvailableRatio:p5 >= 0.8', 'mhc.shortCircuits:max <= 0']);
    const run = await runOptimize(p, { budget: 200, maxSeeds: 10, firstSeed: 1, workers: 1 });
    const summary = summarizeOptimize(run);
    expect(summary.outcome).toBe('infeasible');
    expect(summary.recommended).toBeNull();
    expect(summary.closest.length).toBeGreaterThan(0);
    // maxUnavailable 1 of 2 machines (50 % left) comes closer to 80 % than 2 of 2 (none left).
    const closest = summary.candidates[summary.closest[0]!]!;
    expect(closest.settings[0]?.value).toBe(1);
    expect(summary.candidates.every((c) => c.status === 'infeasible')).toBe(true);
  }, 600_000);

  it('with fewer seeds than the first test, drops nobody and ranks the candidates by their estimates', async () => {
    const p = problem(smallFleet({ count: 4 }), ['operations[0].upgrade.waves.size=1..4'], 'fleet.upgradeMakespan:p95', []);
    const run = await runOptimize(p, { budget: 100, maxSeeds: 3, firstSeed: 1, workers: 1 });
    const summary = summarizeOptimize(run);
    expect(run.rounds.every((r) => r.eliminated.length === 0)).toBe(true);
    expect(summary.candidates.map((c) => c.runs)).toEqual([3, 3, 3, 3]);
    expect(summary.recommended?.settings[0]?.value).toBe(4);
    expect(summary.candidates.filter((c) => c.status !== 'recommended').every((c) => c.status === 'worse' || c.status === 'runner-up')).toBe(true);
  }, 300_000);
});

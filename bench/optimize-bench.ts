/**
 * Optimizer figures for `npm run bench` (issue 17): on the default scenario's wave-size × pause
 * grid (operations[0].upgrade.waves.size=2..14 × pauseBetween=0m,5m,15m, minimize the makespan's
 * p95 with the default scenario's availability and short-circuit requirements), the runs and wall
 * time `fleetsim optimize` spends to reach its recommendation, against the exhaustive sweep of every
 * combination over the same seeds, as ratios measured in one process run; and whether the
 * recommendation is the exhaustive sweep's winner.
 *
 * `tsx bench/optimize-bench.ts` runs it on its own; bench/run.ts calls `optimizeBench()`.
 * Environment: OPTIMIZE_BENCH_SEEDS (default 20: seeds per candidate, --max-seeds), OPTIMIZE_BENCH_WORKERS (default 2).
 */

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { loadScenarioFile } from '../src/scenario/index.js';
import { shortNames } from '../src/optimize/candidates.js';
import { objectiveValue, parseObjective } from '../src/optimize/objective.js';
import { runOptimize, type OptimizeProblem } from '../src/optimize/optimizer.js';
import { allValues, parseVaryArguments } from '../src/optimize/parameters.js';
import { meets, parseRequirement, requirementValue } from '../src/optimize/requirement.js';
import { optimizerSeeds } from '../src/optimize/seeds.js';
import { statisticOf } from '../src/optimize/statistic.js';
import { summarizeOptimize } from '../src/optimize/summary.js';
import type { RunRecord } from '../src/sweep/metrics.js';
import { parseSetArgument } from '../src/sweep/overrides.js';
import { runSweep } from '../src/sweep/runner.js';
import { buildVariants } from '../src/sweep/variants.js';

export interface OptimizeBenchResult {
  scenario: string;
  seeds: number;
  workers: number;
  combinations: number;
  optimizer: { runs: number; wallSeconds: number; recommended: string };
  exhaustive: { runs: number; wallSeconds: number; winner: string };
  /** The recommendation is the exhaustive winner. */
  sameWinner: boolean;
  runRatio: number;
  wallRatio: number;
}

const VARY = ['operations[0].upgrade.waves.size=2..14', 'operations[0].upgrade.waves.pauseBetween=0m,5m,15m'];
const OBJECTIVE = 'fleet.upgradeMakespan:p95';
const REQUIREMENTS = ['cluster.minAvailableRatio:p5 >= 0.8', 'mhc.shortCircuits:max <= 0'];

const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

export async function optimizeBench(file = 'scenarios/fleet-upgrade.yaml', seeds = Number(process.env.OPTIMIZE_BENCH_SEEDS ?? 20), workers = Number(process.env.OPTIMIZE_BENCH_WORKERS ?? 2)): Promise<OptimizeBenchResult> {
  const loaded = loadScenarioFile(file);
  if (!loaded.ok) throw new Error(`${file} is not valid`);
  const raw = parse(readFileSync(file, 'utf8'));
  const problem: OptimizeProblem = {
    name: loaded.scenario.name,
    source: { raw, file, parameters: parseVaryArguments(VARY) },
    objective: parseObjective(OBJECTIVE, 'minimize'),
    requirements: REQUIREMENTS.map(parseRequirement),
  };
  const seedList = optimizerSeeds(loaded.scenario.seed, seeds);

  let start = process.hrtime.bigint();
  const run = await runOptimize(problem, { budget: 1_000_000, maxSeeds: seeds, firstSeed: loaded.scenario.seed, workers });
  const optimizerSeconds = seconds(start);
  const recommended = summarizeOptimize(run).recommended;
  if (recommended === null) throw new Error('the optimizer found no plan that meets the requirements');

  // The exhaustive sweep: every combination over the same seeds, through the sweep's runner.
  const parameters = problem.source.parameters.map((p) => parseSetArgument(`${p.path}=${allValues(p).map(String).join(',')}`));
  const variants = buildVariants(raw, file, parameters);
  if (!variants.ok) throw new Error(variants.errors.join('\n'));
  const out = mkdtempSync(join(tmpdir(), 'fleetsim-optimize-bench-'));
  start = process.hrtime.bigint();
  const outcome = await runSweep({ name: problem.name, seeds: seedList, parameters: parameters.map((p) => ({ path: p.path, values: p.values })), variants: variants.variants }, { workers, outDir: out, formats: ['json'] });
  const exhaustiveSeconds = seconds(start);
  rmSync(out, { recursive: true, force: true });
  const results = outcome.results;
  if (results === undefined) throw new Error('a full sweep keeps its results');
  const names = results.metricNames();
  const recordsOf = (id: number): RunRecord[] => seedList.map((seed, i) => ({ variant: id, seed, exitCode: 0, stopReason: '', metrics: Object.fromEntries(names.map((n) => [n, Number.isNaN(results.column(id, n)[i] as number) ? null : results.column(id, n)[i] as number])) }));
  let winner: { label: string; value: number; settings: unknown[] } | undefined;
  const short = shortNames(problem.source.parameters);
  for (const v of variants.variants) {
    const records = recordsOf(v.id);
    const feasible = problem.requirements.every((r) => meets(r, statisticOf(r.statistic, records.map((x) => requirementValue(r, x)))));
    const value = statisticOf(problem.objective.statistic, records.map((x) => objectiveValue(problem.objective, x)));
    if (feasible && (winner === undefined || value < winner.value)) winner = { label: v.settings.map((s, d) => `${short[d]}=${String(s.value)}`).join(', '), value, settings: v.settings.map((s) => s.value) };
  }
  if (winner === undefined) throw new Error('no combination meets the requirements');
  return {
    scenario: file, seeds, workers, combinations: variants.variants.length,
    optimizer: { runs: run.runs, wallSeconds: optimizerSeconds, recommended: recommended.label },
    exhaustive: { runs: outcome.runs, wallSeconds: exhaustiveSeconds, winner: winner.label },
    sameWinner: JSON.stringify(recommended.settings.map((s) => s.value)) === JSON.stringify(winner.settings),
    runRatio: run.runs / outcome.runs,
    wallRatio: optimizerSeconds / exhaustiveSeconds,
  };
}

export function printOptimizeBench(r: OptimizeBenchResult): void {
  console.log(`optimize: ${r.scenario}, ${VARY.join(' × ')} (${r.combinations} combinations), minimize ${OBJECTIVE} subject to ${REQUIREMENTS.join(', ')}; ${r.seeds} seeds a candidate, ${r.workers} workers`);
  console.log('                 runs   wall s   result');
  console.log(`  optimizer  ${String(r.optimizer.runs).padStart(8)}  ${r.optimizer.wallSeconds.toFixed(1).padStart(7)}   ${r.optimizer.recommended}`);
  console.log(`  exhaustive ${String(r.exhaustive.runs).padStart(8)}  ${r.exhaustive.wallSeconds.toFixed(1).padStart(7)}   ${r.exhaustive.winner}`);
  console.log(`  optimizer / exhaustive: runs ${r.runRatio.toFixed(3)}, wall time ${r.wallRatio.toFixed(3)}; ${r.sameWinner ? 'the same winner' : 'a different recommendation'}`);
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) printOptimizeBench(await optimizeBench());

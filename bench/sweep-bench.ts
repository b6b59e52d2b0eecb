/**
 * Sweep figures for `npm run bench` (issue 8): a 1,000-seed sweep of the default scenario with 1
 * and 2 worker threads (wall time, runs/s, per-run cost, speed-up), and peak RSS at 100 and 1,000
 * seeds. Each sweep runs in its own child process, so each peak RSS is that sweep's alone (worker
 * threads share the process, so theirs is included).
 *
 * `tsx bench/sweep-bench.ts` runs it on its own; bench/run.ts calls `sweepBench()`.
 * Environment: SWEEP_BENCH_SEEDS (default 1000), SWEEP_BENCH_SCENARIO (default scenarios/fleet-upgrade.yaml).
 */

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface SweepBenchRow {
  seeds: number;
  workers: number;
  runs: number;
  wallSeconds: number;
  runsPerSecond: number;
  /** Wall time × workers / runs: what one run costs a worker thread. */
  msPerRunPerWorker: number;
  peakRssMiB: number;
}

export interface SweepBenchResult {
  scenario: string;
  rows: SweepBenchRow[];
  /** 1-worker wall time / 2-worker wall time at the largest seed count. */
  speedUp: number;
}

interface ChildResult {
  runs: number;
  wallSeconds: number;
  maxRssKiB: number;
}

/** One sweep in this process; prints its figures as JSON (the child side). */
async function child(scenario: string, seeds: number, workers: number): Promise<void> {
  const { loadScenarioFile } = await import('../src/scenario/index.js');
  const { parse } = await import('yaml');
  const { readFileSync } = await import('node:fs');
  const { buildVariants } = await import('../src/sweep/variants.js');
  const { runSweep } = await import('../src/sweep/runner.js');
  const loaded = loadScenarioFile(scenario);
  if (!loaded.ok) throw new Error(`${scenario} is not valid`);
  const variants = buildVariants(parse(readFileSync(scenario, 'utf8')), scenario, []);
  if (!variants.ok) throw new Error(variants.errors.join('\n'));
  const out = mkdtempSync(join(tmpdir(), 'fleetsim-sweep-bench-'));
  const start = process.hrtime.bigint();
  const outcome = await runSweep(
    { name: loaded.scenario.name, seeds: Array.from({ length: seeds }, (_, i) => i + 1), parameters: [], variants: variants.variants },
    { workers, outDir: out, formats: ['json', 'md', 'html'] },
  );
  const wallSeconds = Number(process.hrtime.bigint() - start) / 1e9;
  rmSync(out, { recursive: true, force: true });
  const result: ChildResult = { runs: outcome.runs, wallSeconds, maxRssKiB: process.resourceUsage().maxRSS };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function runChild(scenario: string, seeds: number, workers: number): SweepBenchRow {
  const self = fileURLToPath(import.meta.url);
  const run = spawnSync(process.execPath, ['--import', 'tsx', self, '--child', scenario, String(seeds), String(workers)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (run.status !== 0) throw new Error(`sweep bench child failed (${run.status}): ${run.stderr}`);
  const result = JSON.parse(run.stdout.trim().split('\n').pop() as string) as ChildResult;
  return {
    seeds, workers, runs: result.runs, wallSeconds: result.wallSeconds,
    runsPerSecond: result.runs / result.wallSeconds,
    msPerRunPerWorker: (result.wallSeconds * 1000 * workers) / result.runs,
    peakRssMiB: result.maxRssKiB / 1024,
  };
}

export function sweepBench(scenario = process.env.SWEEP_BENCH_SCENARIO ?? 'scenarios/fleet-upgrade.yaml', seeds = Number(process.env.SWEEP_BENCH_SEEDS ?? 1000)): SweepBenchResult {
  const small = Math.max(1, Math.round(seeds / 10));
  const rows = [runChild(scenario, small, 2), runChild(scenario, seeds, 2), runChild(scenario, seeds, 1)];
  const one = rows[2] as SweepBenchRow;
  const two = rows[1] as SweepBenchRow;
  return { scenario, rows, speedUp: one.wallSeconds / two.wallSeconds };
}

export function printSweepBench(result: SweepBenchResult): void {
  console.log(`sweep: ${result.scenario}, seeds 1..N, every report written (runs.jsonl, sweep.json, sweep.md, sweep.html)`);
  console.log('    seeds  workers   wall s   runs/s   ms/run/worker   peak RSS MiB');
  for (const r of result.rows) {
    console.log(`  ${String(r.seeds).padStart(7)}  ${String(r.workers).padStart(7)}  ${r.wallSeconds.toFixed(1).padStart(7)}  ${r.runsPerSecond.toFixed(1).padStart(7)}  ${r.msPerRunPerWorker.toFixed(0).padStart(14)}  ${r.peakRssMiB.toFixed(0).padStart(13)}`);
  }
  console.log(`  speed-up 1 → 2 workers: ${result.speedUp.toFixed(2)}x (target: 1,000 seeds under 60 s with 2 workers)`);
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  if (process.argv[2] === '--child') {
    await child(process.argv[3] as string, Number(process.argv[4]), Number(process.argv[5]));
  } else {
    printSweepBench(sweepBench());
  }
}

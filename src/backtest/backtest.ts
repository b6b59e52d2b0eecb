/**
 * `fleetsim backtest BEFORE AFTER [NODES...]`: what really happened in a rollout (reconstruct.ts)
 * against what fleetsim forecasts from the "before" state with timings calibrated on the "after"
 * dump (forecast.ts), per cluster and pool: start, duration, machines replaced and the duration's
 * error in percent, with the fleet's median and worst error over clusters.
 */

import { resolve as resolvePath } from 'node:path';
import type { ScenarioIssue } from '../scenario/issues.js';
import { forecast, LEAD_MS, planForecast, type ForecastPlan } from './forecast.js';
import { readDumps } from './objects.js';
import { reconstructRollouts, type PoolRollout } from './reconstruct.js';

export interface BacktestRow {
  cluster: string;
  /** `*` for the cluster as a whole. */
  pool: string;
  actual: { start: number; duration: number | null; replaced: number };
  forecast: { start: number; duration: number | null; replaced: number } | null;
  /** (forecast − actual) / actual duration, in percent; null when either has not finished. */
  errorPercent: number | null;
}

export interface BacktestResult {
  /** Epoch ms every start is measured from (the first real rollout's start). */
  origin: number;
  rows: BacktestRow[];
  fleet: { clusters: number; medianErrorPercent: number | null; worstErrorPercent: number | null };
  plan: ForecastPlan;
  notes: string[];
}

const durationOf = (r: { start: number; end?: number | undefined }) => (r.end === undefined ? null : r.end - r.start);

function clusterTotal(pools: readonly PoolRollout[]): { start: number; duration: number | null; replaced: number } {
  const start = Math.min(...pools.map((p) => p.start));
  const ends = pools.map((p) => p.end);
  const done = ends.every((e) => e !== undefined);
  return { start, duration: done ? Math.max(...(ends as number[])) - start : null, replaced: pools.reduce((n, p) => n + p.replaced, 0) };
}

function row(cluster: string, pool: string, actual: BacktestRow['actual'], predicted: BacktestRow['forecast']): BacktestRow {
  const errorPercent = predicted === null || predicted.duration === null || actual.duration === null || actual.duration === 0
    ? null : ((predicted.duration - actual.duration) / actual.duration) * 100;
  return { cluster, pool, actual, forecast: predicted, errorPercent };
}

export function compareRollouts(actual: readonly PoolRollout[], predicted: readonly PoolRollout[]): BacktestRow[] {
  const rows: BacktestRow[] = [];
  const clusters = [...new Set(actual.map((r) => r.cluster))];
  for (const cluster of clusters) {
    const real = actual.filter((r) => r.cluster === cluster);
    const sim = predicted.filter((r) => r.cluster === cluster);
    rows.push(row(cluster, '*', clusterTotal(real), sim.length === 0 ? null : clusterTotal(sim)));
    for (const pool of real) {
      const match = sim.find((s) => s.pool === pool.pool);
      rows.push(row(cluster, pool.pool, { start: pool.start, duration: durationOf(pool), replaced: pool.replaced },
        match === undefined ? null : { start: match.start, duration: durationOf(match), replaced: match.replaced }));
    }
  }
  return rows;
}

function fleetFigures(rows: readonly BacktestRow[]): BacktestResult['fleet'] {
  const errors = rows.filter((r) => r.pool === '*' && r.errorPercent !== null).map((r) => Math.abs(r.errorPercent!)).sort((a, b) => a - b);
  const clusters = rows.filter((r) => r.pool === '*').length;
  if (errors.length === 0) return { clusters, medianErrorPercent: null, worstErrorPercent: null };
  const mid = errors.length / 2;
  const median = errors.length % 2 === 1 ? errors[Math.floor(mid)]! : (errors[mid - 1]! + errors[mid]!) / 2;
  return { clusters, medianErrorPercent: median, worstErrorPercent: errors[errors.length - 1]! };
}

export type BacktestOutcome = { ok: true; result: BacktestResult } | { ok: false; errors: ScenarioIssue[] };

/** `before` is the dump from before the rollout; `after` the dump(s) after it (Nodes may be added). */
export function backtest(beforePaths: readonly string[], afterPaths: readonly string[], options: { seed?: number } = {}): BacktestOutcome {
  const before = readDumps(beforePaths.map((p) => resolvePath(p)));
  if (!before.ok) return before;
  const after = readDumps(afterPaths.map((p) => resolvePath(p)));
  if (!after.ok) return after;
  const actual = reconstructRollouts(before.index, after.index);
  if (actual.length === 0) {
    return { ok: false, errors: [{ file: resolvePath(afterPaths[0] ?? ''), line: 0, column: 0, path: '', message: 'no rollout between the two dumps: no MachineDeployment has a new MachineSet and no control plane a new Machine (is the first file the dump from before the rollout?)' }] };
  }
  const plan = planForecast(actual, afterPaths.map((p) => resolvePath(p)));
  const predicted = forecast(beforePaths.map((p) => resolvePath(p)), plan, options.seed ?? 1);
  if (!predicted.ok) return predicted;
  const rows = compareRollouts(actual, predicted.rollouts);
  const notes = [...plan.skipped];
  if (!predicted.settled) notes.push('the forecast did not settle within its horizon: unfinished rollouts have no duration');
  const unfinished = actual.filter((r) => r.end === undefined);
  if (unfinished.length > 0) notes.push(`${unfinished.length} real pool rollout(s) still had Machines without a Ready Node in the after dump: no duration`);
  if (Object.keys(plan.clouds).length === 0) notes.push('no timings could be calibrated from the after dump: the forecast uses the clouds\' defaults');
  return { ok: true, result: { origin: plan.startsAt + LEAD_MS, rows, fleet: fleetFigures(rows), plan, notes } };
}

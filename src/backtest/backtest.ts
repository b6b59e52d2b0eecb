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
import { rolloutsOfOneDump } from './single.js';
import type { ObjectIndex } from '../scenario/manifests/objects.js';

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

export interface BacktestOptions {
  seed?: number;
  /** One-dump backtests: count rollouts that started at or after this instant (epoch ms). */
  since?: number;
}

const noRollout = (file: string, message: string): BacktestOutcome => ({ ok: false, errors: [{ file: resolvePath(file), line: 0, column: 0, path: '', message }] });

/**
 * `before` is the dump from before the rollout; `after` the dump(s) after it (Nodes may be added).
 * With no `before`, the rollout is rebuilt from `after` alone (single.ts) and the "before" state is
 * `after` with each rolled-out cluster back at its earlier version.
 */
export function backtest(beforePaths: readonly string[], afterPaths: readonly string[], options: BacktestOptions = {}): BacktestOutcome {
  const after = readDumps(afterPaths.map((p) => resolvePath(p)));
  if (!after.ok) return after;
  let actual: PoolRollout[];
  const notes: string[] = [];
  let forecastFrom: { paths: string[]; versions?: Map<string, string> };
  if (beforePaths.length === 0) {
    const one = rolloutsOfOneDump(after.index, options.since === undefined ? {} : { since: options.since });
    actual = one.rollouts;
    notes.push(...one.notes);
    if (actual.length === 0) return noRollout(afterPaths[0] ?? '', 'no rollout in this dump: no MachineDeployment has a MachineSet of revision 2 or more (annotation machinedeployment.clusters.x-k8s.io/revision) or an older MachineSet beside its newest; give the dump from before the rollout too, or --since for a control plane that rolled out alone');
    forecastFrom = { paths: managementFiles(after.index, afterPaths), versions: versionsBefore(actual) };
  } else {
    const before = readDumps(beforePaths.map((p) => resolvePath(p)));
    if (!before.ok) return before;
    actual = reconstructRollouts(before.index, after.index);
    if (actual.length === 0) return noRollout(afterPaths[0] ?? '', 'no rollout between the two dumps: no MachineDeployment has a new MachineSet and no control plane a new Machine (is the first file the dump from before the rollout?)');
    forecastFrom = { paths: beforePaths.map((p) => resolvePath(p)) };
  }
  const plan = planForecast(actual, afterPaths.map((p) => resolvePath(p)));
  const predicted = forecast(forecastFrom, plan, options.seed ?? 1);
  if (!predicted.ok) return predicted;
  const rows = compareRollouts(actual, predicted.rollouts);
  notes.push(...plan.skipped);
  if (!predicted.settled) notes.push('the forecast did not settle within its horizon: unfinished rollouts have no duration');
  const unfinished = actual.filter((r) => r.end === undefined);
  if (unfinished.length > 0) notes.push(`${unfinished.length} real pool rollout(s) had not finished in the after dump (Machines of the old revision left, too few new ones, or new ones without a Ready Node): no duration`);
  if (Object.keys(plan.clouds).length === 0) notes.push('no timings could be calibrated from the after dump: the forecast uses the clouds\' defaults');
  return { ok: true, result: { origin: plan.startsAt + LEAD_MS, rows, fleet: fleetFigures(rows), plan, notes } };
}

/** The files that hold more than Nodes (the ones to import). */
function managementFiles(index: ObjectIndex, paths: readonly string[]): string[] {
  const files = paths.map((p) => resolvePath(p));
  return files.filter((f) => index.objects.some((o) => o.file === f && o.kind !== 'Node'));
}

/** Per cluster (`namespace/name`), the version it ran before the rollout. */
function versionsBefore(actual: readonly PoolRollout[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of actual) if (r.from !== undefined && r.from !== r.to) out.set(r.cluster, r.from);
  return out;
}

/**
 * The command line's files, in order: one dump with Machines is an after-dump backtest, two or more
 * are before and after; files holding only Nodes are the workload clusters' Nodes.
 */
export function backtestFiles(paths: readonly string[], options: BacktestOptions = {}): BacktestOutcome {
  const read = readDumps(paths.map((p) => resolvePath(p)));
  if (!read.ok) return read;
  const management = paths.filter((p) => read.index.objects.some((o) => o.file === resolvePath(p) && o.kind !== 'Node'));
  const nodes = paths.filter((p) => !management.includes(p));
  if (management.length === 0) return noRollout(paths[0] ?? '', 'no management-cluster dump among these files (only Nodes): give the kubectl get clusters,machines,… -A -o yaml dump');
  if (management.length === 1) return backtest([], [...management, ...nodes], options);
  return backtest([management[0]!], [...management.slice(1), ...nodes], options);
}

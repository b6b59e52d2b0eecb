/**
 * The figures a sweep keeps of each run: one flat record of numbers (null when the run did not
 * produce the figure), taken from the run's summary and timeline counts. The catalogue's figures
 * come first (scenario/metrics.ts, computed in report/metrics.ts, the same as `expect:` reads);
 * per-controller and per-cloud-action metrics follow, sorted by name.
 *
 * Rates per second come from the summary: the mean over the whole run, and the peak (the busiest
 * 30 s interval). Management-cluster sizing reads the peaks; the means show steady load.
 */

import { PROVIDER_KINDS } from '../cloud/clouds.js';
import type { Summary } from '../report/summary.js';
import { catalogueValues, finite, type MetricValues } from '../report/metrics.js';
import { METRICS, type MetricName, type MetricUnit } from '../scenario/metrics.js';
import type { Scenario } from '../scenario/model.js';

export type { MetricUnit, MetricValues };

export interface MetricInfo {
  name: string;
  unit: MetricUnit;
  /** Which direction is better, for `compare`'s verdict; undefined when neither is (a load figure). */
  better?: 'lower' | 'higher';
  description: string;
  /** A run without this (per-action) metric counts as 0 rather than missing. */
  zeroWhenAbsent?: boolean;
}

/** What the sweep keeps of one run: a line of runs.jsonl. */
export interface RunRecord {
  variant: number;
  seed: number;
  exitCode: number;
  stopReason: string;
  metrics: MetricValues;
  /** Only for a run that crashed (exit code 70): the simulator's error message. */
  error?: string;
}

const info = (name: string, unit: MetricUnit, better: MetricInfo['better'], description: string): MetricInfo =>
  better === undefined ? { name, unit, description } : { name, unit, better, description };

/** The catalogue's figures (scenario/metrics.ts), in its order. */
export const FIXED_METRICS: readonly MetricInfo[] = (Object.keys(METRICS) as MetricName[]).map((name) => ({ name, ...METRICS[name] }));

const FIXED_BY_NAME = new Map(FIXED_METRICS.map((m) => [m.name, m]));

const CONTROLLER_METRICS: ReadonlyArray<[string, MetricUnit, MetricInfo['better'], string]> = [
  ['reconcilesPerSecond', 'perSecond', undefined, 'reconciles per second (mean over the run)'],
  ['peakReconcilesPerSecond', 'perSecond', undefined, 'reconciles per second in the busiest 30 s'],
  ['utilization', 'ratio', undefined, 'share of worker time spent reconciling (busy / (concurrency × run time))'],
  ['maxQueueDepth', 'count', 'lower', 'deepest work queue'],
  ['latencyP95Ms', 'ms', 'lower', '95th percentile of queue-to-done latency'],
];

/** Describes any metric name a run can produce, fixed or per controller / cloud action. */
export function metricInfo(name: string): MetricInfo {
  const fixed = FIXED_BY_NAME.get(name);
  if (fixed !== undefined) return fixed;
  const controller = /^management\.controller\.([^.]+)\.(\w+)$/.exec(name);
  if (controller !== null) {
    const row = CONTROLLER_METRICS.find(([suffix]) => suffix === controller[2]);
    if (row !== undefined) return info(name, row[1], row[2], `${controller[1]} controller: ${row[3]}`);
  }
  const action = /^cloud\.action\.(.+)\.(calls|throttled)$/.exec(name);
  if (action !== null) {
    return { name, unit: 'count', ...(action[2] === 'throttled' ? { better: 'lower' as const } : {}), description: `${action[1]}: API ${action[2] === 'calls' ? 'calls' : 'calls throttled'}`, zeroWhenAbsent: true };
  }
  return { name, unit: 'count', description: name };
}

/** Every provider of the cloud table (src/cloud/clouds.ts). */
const CLOUDS_OF_ACTIONS: ReadonlySet<string> = new Set(PROVIDER_KINDS);

/** A name a run can produce: fixed, per controller (a known figure), or per cloud action. Merge refuses any other. */
export function isKnownMetricName(name: string): boolean {
  if (name.length > 300) return false;
  if (FIXED_BY_NAME.has(name)) return true;
  const controller = /^management\.controller\.([A-Za-z][A-Za-z0-9]*)\.(\w+)$/.exec(name);
  if (controller !== null) return CONTROLLER_METRICS.some(([suffix]) => suffix === controller[2]);
  const action = /^cloud\.action\.([a-z]+)\.([A-Za-z0-9:._/-]+)\.(calls|throttled)$/.exec(name);
  return action !== null && CLOUDS_OF_ACTIONS.has(action[1] as string);
}

/** Orders metric names: fixed ones in their order, then the rest by name. */
export function compareMetricNames(a: string, b: string): number {
  const ia = FIXED_METRICS.findIndex((m) => m.name === a);
  const ib = FIXED_METRICS.findIndex((m) => m.name === b);
  if (ia >= 0 || ib >= 0) return (ia < 0 ? Number.MAX_SAFE_INTEGER : ia) - (ib < 0 ? Number.MAX_SAFE_INTEGER : ib);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The flat record of one run. `eventCounts` are the timeline's counts per event type. */
export function runMetrics(summary: Summary, scenario: Scenario, eventCounts: ReadonlyMap<string, number>): MetricValues {
  const out = catalogueValues({ summary, scenario, eventCounts });
  const controllers = summary.management.controllers;
  const dynamic: MetricValues = {};
  for (const c of controllers) {
    const base = `management.controller.${c.name}`;
    dynamic[`${base}.reconcilesPerSecond`] = finite(c.reconcilesPerSecond);
    dynamic[`${base}.peakReconcilesPerSecond`] = finite(c.peakReconcilesPerSecond);
    dynamic[`${base}.utilization`] = finite(c.utilization);
    dynamic[`${base}.maxQueueDepth`] = c.maxQueueDepth;
    dynamic[`${base}.latencyP95Ms`] = finite(c.latencyP95Ms);
  }
  // Per cloud and action, summed over accounts and regions: the headroom question is per action.
  for (const cloud of summary.clouds) {
    for (const action of cloud.actions) {
      const base = `cloud.action.${cloud.cloud}.${action.action}`;
      dynamic[`${base}.calls`] = (dynamic[`${base}.calls`] ?? 0) + action.calls;
      dynamic[`${base}.throttled`] = (dynamic[`${base}.throttled`] ?? 0) + action.throttled;
    }
  }
  for (const name of Object.keys(dynamic).sort()) out[name] = dynamic[name] ?? null;
  return out;
}

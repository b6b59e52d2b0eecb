/**
 * The figures a sweep keeps of each run: one flat record of numbers (null when the run did not
 * produce the figure), taken from the run's summary and timeline counts. Fixed metrics come first,
 * in the order below; per-controller and per-cloud-action metrics follow, sorted by name.
 *
 * Rates per second come from the summary: the mean over the whole run, and the peak (the busiest
 * 30 s interval). Management-cluster sizing reads the peaks; the means show steady load.
 */

import type { Summary } from '../report/summary.js';
import type { Scenario } from '../scenario/model.js';
import { compareVersions } from '../scenario/index.js';

export type MetricUnit = 'ms' | 'ratio' | 'count' | 'perSecond' | 'boolean';

export interface MetricInfo {
  name: string;
  unit: MetricUnit;
  /** Which direction is better, for `compare`'s verdict; undefined when neither is (a load figure). */
  better?: 'lower' | 'higher';
  description: string;
  /** A run without this (per-action) metric counts as 0 rather than missing. */
  zeroWhenAbsent?: boolean;
}

export type MetricValues = Record<string, number | null>;

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

export const FIXED_METRICS: readonly MetricInfo[] = [
  info('fleet.upgradeMakespan', 'ms', 'lower', 'first upgrade operation to the last targeted cluster upgraded; missing when some target was never upgraded'),
  info('fleet.settled', 'boolean', 'higher', '1 when the run settled before the horizon'),
  info('fleet.clustersUpgraded', 'count', 'higher', 'clusters whose upgrade completed'),
  info('fleet.upgradeHalted', 'boolean', 'lower', '1 when a wave gate halted the rollout (error budget spent, short-circuit)'),
  info('fleet.availabilityDip', 'ratio', 'lower', '1 − the lowest fraction of all worker machines available at any instant'),
  info('cluster.worstAvailabilityDip', 'ratio', 'lower', '1 − the worst single cluster\'s lowest available fraction'),
  info('cluster.upgradeDurationP50', 'ms', 'lower', 'median single-cluster upgrade duration in the run'),
  info('cluster.upgradeDurationMax', 'ms', 'lower', 'longest single-cluster upgrade in the run'),
  info('fleet.remediations', 'count', 'lower', 'MachineHealthCheck remediations'),
  info('fleet.shortCircuits', 'count', 'lower', 'MachineHealthCheck short-circuits'),
  info('fleet.shortCircuited', 'boolean', 'lower', '1 when any MachineHealthCheck short-circuited'),
  info('kcp.remediationsRefused', 'count', 'lower', 'KubeadmControlPlane remediations refused'),
  info('fleet.drainTimeouts', 'count', 'lower', 'node drains that hit their timeout'),
  info('fleet.machinesReplaced', 'count', undefined, 'machines created after the start'),
  info('cloud.calls', 'count', undefined, 'cloud API calls, all clouds'),
  info('cloud.throttled', 'count', 'lower', 'cloud API calls throttled'),
  info('cloud.throttledRatio', 'ratio', 'lower', 'throttled share of cloud API calls'),
  info('cloud.errors', 'count', 'lower', 'cloud API calls failed for another reason'),
  info('cloud.retries', 'count', 'lower', 'cloud API SDK retries'),
  info('management.apiWrites', 'count', undefined, 'writes to the management API server'),
  info('management.apiWritesPerSecond', 'perSecond', undefined, 'writes to the management API server per second (mean over the run)'),
  info('management.peakApiWritesPerSecond', 'perSecond', undefined, 'writes to the management API server per second in the busiest 30 s'),
  info('management.clientThrottledMs', 'ms', 'lower', 'time controllers waited on their client rate limit'),
  info('management.reconcilesPerSecond', 'perSecond', undefined, 'reconciles per second, all controllers (mean over the run)'),
  info('management.maxQueueDepth', 'count', 'lower', 'deepest work queue of any controller'),
  info('management.objects', 'count', undefined, 'objects in the management store at the end'),
  info('management.peakObjects', 'count', undefined, 'most objects in the management store at once'),
  info('run.endedAt', 'ms', undefined, 'simulated time at which the run ended'),
  info('run.events', 'count', undefined, 'simulated events'),
];

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

const CLOUDS_OF_ACTIONS = new Set(['aws', 'azure', 'gcp', 'docker']);

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

function round(value: number, digits = 3): number {
  const f = 10 ** digits;
  const r = Math.round(value * f) / f;
  return r === 0 ? 0 : r;
}

function finite(value: number | null | undefined): number | null {
  return value === null || value === undefined || !Number.isFinite(value) ? null : value;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = (sorted.length - 1) / 2;
  return (sorted[Math.floor(mid)] as number) / 2 + (sorted[Math.ceil(mid)] as number) / 2;
}

/** Clusters an upgrade operation targets that start below its version (those that must be upgraded). */
export function clustersToUpgrade(scenario: Scenario): number {
  const versions = new Map(scenario.clusters.map((c) => [c.name, c.version]));
  const names = new Set<string>();
  for (const op of scenario.operations) {
    if (op.kind !== 'upgrade') continue;
    for (const name of op.targets) if (compareVersions(versions.get(name) ?? op.version, op.version) < 0) names.add(name);
  }
  return names.size;
}

/** The flat record of one run. `eventCounts` are the timeline's counts per event type. */
export function runMetrics(summary: Summary, scenario: Scenario, eventCounts: ReadonlyMap<string, number>): MetricValues {
  const f = summary.fleet;
  const seconds = summary.endedAt / 1000;
  const perSecond = (count: number) => (seconds > 0 ? round(count / seconds) : null);
  const upgradeDurations = summary.clusters.flatMap((c) => c.rollouts.filter((r) => r.kind === 'upgrade' && r.duration !== null).map((r) => r.duration as number));
  const cloudTotal = (field: 'calls' | 'throttled' | 'errors' | 'retries') => summary.clouds.reduce((sum, c) => sum + c[field], 0);
  const controllers = summary.management.controllers;
  const calls = cloudTotal('calls');
  const mustUpgrade = clustersToUpgrade(scenario);
  const out: MetricValues = {
    'fleet.upgradeMakespan': f.clustersUpgraded >= mustUpgrade ? finite(f.upgradeMakespan) : null,
    'fleet.settled': summary.settled ? 1 : 0,
    'fleet.clustersUpgraded': f.clustersUpgraded,
    'fleet.upgradeHalted': (eventCounts.get('wave.halted') ?? 0) > 0 ? 1 : 0,
    'fleet.availabilityDip': round(1 - f.minAvailableRatio),
    'cluster.worstAvailabilityDip': round(1 - summary.clusters.reduce((min, c) => Math.min(min, c.minAvailableRatio), 1)),
    'cluster.upgradeDurationP50': finite(median(upgradeDurations)),
    'cluster.upgradeDurationMax': upgradeDurations.length === 0 ? null : upgradeDurations.reduce((max, d) => Math.max(max, d), 0),
    'fleet.remediations': f.remediations,
    'fleet.shortCircuits': f.shortCircuits,
    'fleet.shortCircuited': f.shortCircuits > 0 ? 1 : 0,
    'kcp.remediationsRefused': f.kcpRemediationsRefused,
    'fleet.drainTimeouts': summary.clusters.reduce((sum, c) => sum + c.drainTimeouts, 0),
    'fleet.machinesReplaced': f.machinesReplaced,
    'cloud.calls': calls,
    'cloud.throttled': cloudTotal('throttled'),
    'cloud.throttledRatio': calls === 0 ? 0 : round(cloudTotal('throttled') / calls, 4),
    'cloud.errors': cloudTotal('errors'),
    'cloud.retries': cloudTotal('retries'),
    'management.apiWrites': summary.management.apiWrites,
    'management.apiWritesPerSecond': finite(summary.management.apiWritesPerSecond),
    'management.peakApiWritesPerSecond': finite(summary.management.peakApiWritesPerSecond),
    'management.clientThrottledMs': summary.management.clientThrottledMs,
    'management.reconcilesPerSecond': perSecond(controllers.reduce((sum, c) => sum + c.reconciles, 0)),
    'management.maxQueueDepth': controllers.reduce((max, c) => Math.max(max, c.maxQueueDepth), 0),
    'management.objects': Object.values(summary.management.objects).reduce((sum, n) => sum + n, 0),
    'management.peakObjects': summary.management.peakObjects,
    'run.endedAt': summary.endedAt,
    'run.events': summary.events,
  };
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

/**
 * The value of every figure of the metric catalogue (scenario/metrics.ts) for one run, computed
 * once for expectations and sweeps alike: from the run's summary, its scenario (which clusters an
 * upgrade must upgrade) and its timeline's event counts. null when the run did not produce the
 * figure (an upgrade that never finished has no makespan).
 */

import { METRICS, metricNamed, type MetricName } from '../scenario/metrics.js';
import type { Scenario } from '../scenario/model.js';
import { compareVersions } from '../capi/version.js';
import type { Summary } from './summary.js';

/** What a figure is computed from. */
export interface MetricInput {
  summary: Omit<Summary, 'expectations'>;
  scenario: Scenario;
  /** The timeline's counts per event type. */
  eventCounts: ReadonlyMap<string, number>;
}

export type MetricValues = Record<string, number | null>;

function round(value: number, digits = 3): number {
  const f = 10 ** digits;
  const r = Math.round(value * f) / f;
  return r === 0 ? 0 : r;
}

/** The value when it is a finite number, else null. */
export function finite(value: number | null | undefined): number | null {
  return value === null || value === undefined || !Number.isFinite(value) ? null : value;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = (sorted.length - 1) / 2;
  return (sorted[Math.floor(mid)] as number) / 2 + (sorted[Math.ceil(mid)] as number) / 2;
}

const maxOf = (values: readonly number[]): number => values.reduce((max, v) => Math.max(max, v), 0);

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

const upgradeDurations = (summary: MetricInput['summary']) => summary.clusters.flatMap((c) => c.rollouts.filter((r) => r.kind === 'upgrade').map((r) => r.duration));
const finishedUpgradeDurations = (summary: MetricInput['summary']) => upgradeDurations(summary).filter((d): d is number => d !== null);
const cloudTotal = (summary: MetricInput['summary'], field: 'calls' | 'throttled' | 'errors' | 'retries') => summary.clouds.reduce((sum, c) => sum + c[field], 0);
const perSecond = (summary: MetricInput['summary'], count: number) => (summary.endedAt > 0 ? round(count / (summary.endedAt / 1000)) : null);
const minClusterRatio = (summary: MetricInput['summary']) => summary.clusters.reduce((min, c) => Math.min(min, c.minAvailableRatio), 1);

const VALUES: { readonly [N in MetricName]: (input: MetricInput) => number | null } = {
  'fleet.upgradeMakespan': ({ summary, scenario }) => (summary.fleet.clustersUpgraded >= clustersToUpgrade(scenario) ? finite(summary.fleet.upgradeMakespan) : null),
  'fleet.settled': ({ summary }) => (summary.settled ? 1 : 0),
  'fleet.clustersUpgraded': ({ summary }) => summary.fleet.clustersUpgraded,
  'fleet.upgradeHalted': ({ eventCounts }) => ((eventCounts.get('wave.halted') ?? 0) > 0 ? 1 : 0),
  'fleet.availabilityDip': ({ summary }) => round(1 - summary.fleet.minAvailableRatio),
  'cluster.worstAvailabilityDip': ({ summary }) => round(1 - minClusterRatio(summary)),
  'cluster.upgradeDurationP50': ({ summary }) => finite(median(finishedUpgradeDurations(summary))),
  'cluster.upgradeDurationMax': ({ summary }) => {
    const durations = upgradeDurations(summary);
    return durations.length === 0 || durations.some((d) => d === null) ? null : maxOf(durations as number[]);
  },
  'fleet.remediations': ({ summary }) => summary.fleet.remediations,
  'fleet.shortCircuits': ({ summary }) => summary.fleet.shortCircuits,
  'fleet.shortCircuited': ({ summary }) => (summary.fleet.shortCircuits > 0 ? 1 : 0),
  'kcp.remediationsRefused': ({ summary }) => summary.fleet.kcpRemediationsRefused,
  'fleet.drainTimeouts': ({ summary }) => summary.clusters.reduce((sum, c) => sum + c.drainTimeouts, 0),
  'fleet.machinesReplaced': ({ summary }) => summary.fleet.machinesReplaced,
  'fleet.machinesCreated': ({ summary }) => summary.fleet.machinesCreated,
  'fleet.imageRolloutMakespan': ({ summary }) => finite(summary.fleet.imageRolloutMakespan),
  'fleet.clustersImageRolled': ({ summary }) => summary.fleet.clustersImageRolled,
  'cloud.calls': ({ summary }) => cloudTotal(summary, 'calls'),
  'cloud.throttled': ({ summary }) => cloudTotal(summary, 'throttled'),
  'cloud.throttledRatio': ({ summary }) => {
    const calls = cloudTotal(summary, 'calls');
    return calls === 0 ? 0 : round(cloudTotal(summary, 'throttled') / calls, 4);
  },
  'cloud.errors': ({ summary }) => cloudTotal(summary, 'errors'),
  'cloud.retries': ({ summary }) => cloudTotal(summary, 'retries'),
  'management.apiWrites': ({ summary }) => summary.management.apiWrites,
  'management.apiWritesPerSecond': ({ summary }) => finite(summary.management.apiWritesPerSecond),
  'management.peakApiWritesPerSecond': ({ summary }) => finite(summary.management.peakApiWritesPerSecond),
  'management.clientThrottledMs': ({ summary }) => summary.management.clientThrottledMs,
  'management.reconcilesPerSecond': ({ summary }) => perSecond(summary, summary.management.controllers.reduce((sum, c) => sum + c.reconciles, 0)),
  'management.maxQueueDepth': ({ summary }) => maxOf(summary.management.controllers.map((c) => c.maxQueueDepth)),
  'management.objects': ({ summary }) => Object.values(summary.management.objects).reduce((sum, n) => sum + n, 0),
  'management.peakObjects': ({ summary }) => summary.management.peakObjects,
  'run.endedAt': ({ summary }) => summary.endedAt,
  'run.events': ({ summary }) => summary.events,
  'fleet.minAvailableRatio': ({ summary }) => summary.fleet.minAvailableRatio,
  'cluster.minAvailableRatio': ({ summary }) => (summary.clusters.length === 0 ? 1 : minClusterRatio(summary)),
  'cluster.remediations': ({ summary }) => maxOf(summary.clusters.map((c) => c.remediations)),
};

/** The value of a figure, by its name or an alias (the loader has checked the name). */
export function metricValue(name: string, input: MetricInput): number | null {
  const figure = metricNamed(name);
  if (figure === undefined) throw new Error(`unknown metric ${name}`);
  return VALUES[figure](input);
}

/** Every figure of the catalogue, in its order. */
export function catalogueValues(input: MetricInput): MetricValues {
  const out: MetricValues = {};
  for (const name of Object.keys(METRICS) as MetricName[]) out[name] = VALUES[name](input);
  return out;
}

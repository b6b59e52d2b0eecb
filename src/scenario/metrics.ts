/**
 * The one catalogue of run figures: what an expectation (`expect:`) may bound and what a sweep
 * keeps of each run (runs.jsonl, summary, compare). Each figure has one name here; its value is
 * computed once, in report/metrics.ts. Durations are in ms, ratios in 0..1, counts whole numbers.
 * The order is the sweep's column order.
 *
 * Aliases are names the file format accepted for a figure that has another name here; they stay
 * accepted in `expect:` (and are reported as written).
 */

export type MetricUnit = 'ms' | 'ratio' | 'count' | 'perSecond' | 'boolean';

export interface MetricDefinition {
  unit: MetricUnit;
  /** Which direction is better, for `compare`'s verdict; unset when neither is (a load figure). */
  better?: 'lower' | 'higher';
  description: string;
}

const metric = (unit: MetricUnit, better: MetricDefinition['better'], description: string): MetricDefinition =>
  better === undefined ? { unit, description } : { unit, better, description };

export const METRICS = {
  'fleet.upgradeMakespan': metric('ms', 'lower', 'first upgrade operation to the last targeted cluster upgraded; missing when some target was never upgraded'),
  'fleet.settled': metric('boolean', 'higher', '1 when the run settled before the horizon'),
  'fleet.clustersUpgraded': metric('count', 'higher', 'clusters whose upgrade completed'),
  'fleet.upgradeHalted': metric('boolean', 'lower', '1 when a wave gate halted the rollout (error budget spent, short-circuit)'),
  'fleet.availabilityDip': metric('ratio', 'lower', '1 − the lowest fraction of all worker machines available at any instant'),
  'cluster.worstAvailabilityDip': metric('ratio', 'lower', '1 − the worst single cluster\'s lowest available fraction'),
  'cluster.upgradeDurationP50': metric('ms', 'lower', 'median single-cluster upgrade duration in the run'),
  'cluster.upgradeDurationMax': metric('ms', 'lower', 'longest single-cluster upgrade in the run, from its start to its last machine; missing when an upgrade never finished'),
  'fleet.remediations': metric('count', 'lower', 'MachineHealthCheck remediations'),
  'fleet.shortCircuits': metric('count', 'lower', 'MachineHealthCheck short-circuits'),
  'fleet.shortCircuited': metric('boolean', 'lower', '1 when any MachineHealthCheck short-circuited'),
  'kcp.remediationsRefused': metric('count', 'lower', 'KubeadmControlPlane remediations refused'),
  'fleet.drainTimeouts': metric('count', 'lower', 'node drains that hit their timeout'),
  'fleet.machinesReplaced': metric('count', undefined, 'machines that took an outdated or remediated machine\'s place (a pure scale-up replaces nothing)'),
  'fleet.machinesCreated': metric('count', undefined, 'machines created after the start, for any reason'),
  'fleet.imageRolloutMakespan': metric('ms', 'lower', 'first rolloutImage operation to the last cluster\'s image rollout completed; missing while one is open'),
  'fleet.clustersImageRolled': metric('count', 'higher', 'clusters whose image rollout completed'),
  'cloud.calls': metric('count', undefined, 'cloud API calls, all clouds'),
  'cloud.throttled': metric('count', 'lower', 'cloud API calls throttled'),
  'cloud.throttledRatio': metric('ratio', 'lower', 'throttled share of cloud API calls'),
  'cloud.errors': metric('count', 'lower', 'cloud API calls failed for another reason'),
  'cloud.retries': metric('count', 'lower', 'cloud API SDK retries'),
  'management.apiWrites': metric('count', undefined, 'writes to the management API server'),
  'management.apiWritesPerSecond': metric('perSecond', undefined, 'writes to the management API server per second (mean over the run)'),
  'management.peakApiWritesPerSecond': metric('perSecond', undefined, 'writes to the management API server per second in the busiest 30 s'),
  'management.clientThrottledMs': metric('ms', 'lower', 'time controllers waited on their client rate limit'),
  'management.reconcilesPerSecond': metric('perSecond', undefined, 'reconciles per second, all controllers (mean over the run)'),
  'management.maxQueueDepth': metric('count', 'lower', 'deepest work queue of any controller'),
  'management.objects': metric('count', undefined, 'objects in the management store at the end'),
  'management.peakObjects': metric('count', undefined, 'most objects in the management store at once'),
  'run.endedAt': metric('ms', undefined, 'simulated time at which the run ended'),
  'run.events': metric('count', undefined, 'simulated events'),
  'fleet.minAvailableRatio': metric('ratio', 'higher', 'lowest fraction of all worker machines available at any instant'),
  'cluster.minAvailableRatio': metric('ratio', 'higher', 'the worst cluster\'s lowest fraction of available worker machines'),
  'cluster.remediations': metric('count', 'lower', 'the largest number of remediations in one cluster'),
} as const satisfies Record<string, MetricDefinition>;

export type MetricName = keyof typeof METRICS;

/** Other names of figures above, accepted by `expect:`. */
export const METRIC_ALIASES = {
  'mhc.remediations': 'fleet.remediations',
  'mhc.shortCircuits': 'fleet.shortCircuits',
  'cluster.upgradeDuration': 'cluster.upgradeDurationMax',
} as const satisfies Record<string, MetricName>;

export type MetricAlias = keyof typeof METRIC_ALIASES;

const has = (table: object, name: string) => Object.prototype.hasOwnProperty.call(table, name);

/** The figure a name (or alias) stands for, or undefined when it names none. */
export function metricNamed(name: string): MetricName | undefined {
  if (has(METRICS, name)) return name as MetricName;
  if (has(METRIC_ALIASES, name)) return METRIC_ALIASES[name as MetricAlias];
  return undefined;
}

/** Every name `expect:` accepts (the figures' own first, then the aliases) with what it measures. */
export const KNOWN_METRICS: Readonly<Record<MetricName | MetricAlias, string>> = Object.fromEntries([
  ...Object.entries(METRICS).map(([name, definition]) => [name, definition.description]),
  ...Object.entries(METRIC_ALIASES).map(([alias, name]) => [alias, METRICS[name].description]),
]) as Record<MetricName | MetricAlias, string>;

export function isKnownMetric(name: string): name is MetricName | MetricAlias {
  return metricNamed(name) !== undefined;
}

/** Whether the figure a name stands for is a duration in ms, whose bounds the file may write as durations (`8h`). */
export function isDurationMetric(name: string): boolean {
  const figure = metricNamed(name);
  return figure !== undefined && METRICS[figure].unit === 'ms';
}

/** The names (aliases included) of figures in ms. */
export const DURATION_METRICS: ReadonlySet<string> = new Set(Object.keys(KNOWN_METRICS).filter(isDurationMetric));

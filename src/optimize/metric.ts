/**
 * The metrics an objective or a requirement may name: every figure a sweep keeps of a run
 * (src/sweep/metrics.ts: `fleet.upgradeMakespan`, `cloud.throttled`, per controller and per cloud
 * action), and the names `expect:` uses (src/scenario/metrics.ts) where a sweep figure gives them:
 * `cluster.minAvailableRatio` is 1 − `cluster.worstAvailabilityDip`, `mhc.shortCircuits` is
 * `fleet.shortCircuits`, … A misspelt name gets a "did you mean".
 */

import { KNOWN_METRICS } from '../scenario/metrics.js';
import { closest } from '../scenario/names.js';
import { FIXED_METRICS, metricInfo, type MetricUnit, type RunRecord } from '../sweep/metrics.js';
import { OptimizeInputError } from './errors.js';

export interface MetricRef {
  /** As written: `cluster.minAvailableRatio`. */
  name: string;
  /** The sweep figure it is read from: `cluster.worstAvailabilityDip`. */
  column: string;
  /** The value is 1 − the column's (an available ratio from an availability dip). */
  complement: boolean;
  unit: MetricUnit;
  better?: 'lower' | 'higher';
  description: string;
}

/** `expect:` names that are another sweep figure, or its complement. */
const ALIASES: Readonly<Record<string, { column: string; complement: boolean }>> = {
  'fleet.minAvailableRatio': { column: 'fleet.availabilityDip', complement: true },
  'cluster.minAvailableRatio': { column: 'cluster.worstAvailabilityDip', complement: true },
  'cluster.upgradeDuration': { column: 'cluster.upgradeDurationMax', complement: false },
  'mhc.remediations': { column: 'fleet.remediations', complement: false },
  'mhc.shortCircuits': { column: 'fleet.shortCircuits', complement: false },
};

const CONTROLLER = /^management\.controller\.[^.]+\.(reconcilesPerSecond|peakReconcilesPerSecond|utilization|maxQueueDepth|latencyP95Ms)$/;
const CLOUD_ACTION = /^cloud\.action\..+\.(calls|throttled)$/;

/** Every fixed name an objective or requirement may use, for messages. */
export function metricNames(): string[] {
  const names = new Set<string>(FIXED_METRICS.map((m) => m.name));
  for (const name of Object.keys(KNOWN_METRICS)) if (names.has(name) || name in ALIASES) names.add(name);
  return [...names];
}

function suggestion(name: string): string {
  const names = metricNames();
  const near = closest(name, names);
  if (near !== undefined) return ` (did you mean "${near}"?)`;
  // `makespan` for `fleet.upgradeMakespan`: the names whose last part contains what was written last.
  const last = name.split('.').pop()?.toLowerCase() ?? '';
  const containing = last.length < 4 ? [] : names.filter((n) => (n.split('.').pop() ?? '').toLowerCase().includes(last)).slice(0, 3);
  if (containing.length > 0) return ` (did you mean ${containing.map((n) => `"${n}"`).join(' or ')}?)`;
  // `cluster.minAvailabilityRatio` for `cluster.minAvailableRatio`: the longest shared start, of 6 characters or more.
  const shared = (a: string, b: string) => {
    let i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    return i;
  };
  const lower = name.toLowerCase();
  let best: string | undefined;
  let longest = lower.indexOf('.') + 6; // one less than the group, its dot and 6 characters of the name
  for (const n of names) {
    const length = shared(n.toLowerCase(), lower);
    if (length > longest) {
      best = n;
      longest = length;
    }
  }
  if (best !== undefined) return ` (did you mean "${best}"?)`;
  return '; fleetsim sweep writes every metric name into sweep.json';
}

export function resolveMetric(name: string, flag: string): MetricRef {
  const alias = ALIASES[name];
  if (alias !== undefined) {
    const source = metricInfo(alias.column);
    const flipped: MetricRef['better'] = source.better === 'lower' ? 'higher' : 'lower';
    return {
      name, column: alias.column, complement: alias.complement, unit: source.unit,
      ...(source.better === undefined ? {} : { better: alias.complement ? flipped : source.better }),
      description: KNOWN_METRICS[name as keyof typeof KNOWN_METRICS],
    };
  }
  const fixed = FIXED_METRICS.find((m) => m.name === name);
  if (fixed !== undefined || CONTROLLER.test(name) || CLOUD_ACTION.test(name)) {
    const info = fixed ?? metricInfo(name);
    return { name, column: name, complement: false, unit: info.unit, ...(info.better === undefined ? {} : { better: info.better }), description: info.description };
  }
  throw new OptimizeInputError(`${flag} ${name}: not a metric${suggestion(name)}`);
}

/** The metric's value in one run; NaN when the run did not produce it (an upgrade that never finished). */
export function metricValue(ref: MetricRef, record: RunRecord): number {
  const raw = record.metrics[ref.column];
  if (raw === undefined) return metricInfo(ref.column).zeroWhenAbsent === true ? (ref.complement ? 1 : 0) : Number.NaN;
  if (raw === null) return Number.NaN;
  // Rounded as the sweep rounds its ratios, so 1 − 0.2 prints as 0.8.
  return ref.complement ? Math.round((1 - raw) * 1e6) / 1e6 : raw;
}

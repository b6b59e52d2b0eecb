/**
 * The metrics an objective or a requirement may name: every figure a sweep keeps of a run (the one
 * catalogue, src/scenario/metrics.ts, with the names `expect:` accepts as aliases: `mhc.shortCircuits`
 * is `fleet.shortCircuits`), and the per-controller and per-cloud-action figures
 * (src/sweep/metrics.ts). A misspelt name gets a "did you mean".
 */

import { KNOWN_METRICS, metricNamed } from '../scenario/metrics.js';
import { closest } from '../schema/names.js';
import { metricInfo, type MetricUnit, type RunRecord } from '../sweep/metrics.js';
import { OptimizeInputError } from './errors.js';

export interface MetricRef {
  /** As written: `mhc.shortCircuits`. */
  name: string;
  /** The sweep figure it is read from: `fleet.shortCircuits`. */
  column: string;
  unit: MetricUnit;
  better?: 'lower' | 'higher';
  description: string;
}

const CONTROLLER = /^management\.controller\.[^.]+\.(reconcilesPerSecond|peakReconcilesPerSecond|utilization|maxQueueDepth|latencyP95Ms)$/;
const CLOUD_ACTION = /^cloud\.action\..+\.(calls|throttled)$/;

/** Every fixed name an objective or requirement may use, for messages. */
export function metricNames(): string[] {
  return Object.keys(KNOWN_METRICS);
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
  const column = metricNamed(name) ?? (CONTROLLER.test(name) || CLOUD_ACTION.test(name) ? name : undefined);
  if (column === undefined) throw new OptimizeInputError(`${flag} ${name}: not a metric${suggestion(name)}`);
  const info = metricInfo(column);
  return { name, column, unit: info.unit, ...(info.better === undefined ? {} : { better: info.better }), description: info.description };
}

/** The metric's value in one run; NaN when the run did not produce it (an upgrade that never finished). */
export function metricValue(ref: MetricRef, record: RunRecord): number {
  const raw = record.metrics[ref.column];
  if (raw === undefined) return metricInfo(ref.column).zeroWhenAbsent === true ? 0 : Number.NaN;
  return raw === null ? Number.NaN : raw;
}

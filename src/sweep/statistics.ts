/**
 * Distributions over runs: count, mean, min, p50, p90, p95, p99, max via d3-array (quantileSorted:
 * linear interpolation between order statistics, R-7 / Excel PERCENTILE.INC), on a sorted copy
 * (deps-perf.md §5: sort once, then one quantileSorted per percentile). The mean is d3's fsum (exact
 * float summation) over the sorted values, so it does not depend on the order runs arrived in.
 */

import { fsum } from 'd3-array';
import { quantileOfSorted } from '../kube/metrics.js';

export interface Distribution {
  /** Runs that produced the figure. */
  count: number;
  /** Runs that did not (an upgrade that never finished has no makespan). */
  missing: number;
  mean: number | null;
  min: number | null;
  p50: number | null;
  p90: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
}

export const PERCENTILES = [['p50', 0.5], ['p90', 0.9], ['p95', 0.95], ['p99', 0.99]] as const;

/** Rounds for output (3 decimals, 6 below 1; -0 becomes 0) so reports print the same on every platform. */
export function roundStat(value: number): number {
  const f = Math.abs(value) < 1 ? 1e6 : 1e3;
  const r = Math.round(value * f) / f;
  return r === 0 ? 0 : r;
}

/** The finite values of `column` (NaN marks a missing value), sorted ascending. */
export function sortedFinite(column: ArrayLike<number>): Float64Array {
  let n = 0;
  for (let i = 0; i < column.length; i++) if (!Number.isNaN(column[i] as number)) n++;
  const out = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < column.length; i++) {
    const v = column[i] as number;
    if (!Number.isNaN(v)) out[k++] = v;
  }
  return out.sort();
}

/** The p-quantile of a non-empty sorted sample. */
export function quantile(sorted: Float64Array, p: number): number {
  return quantileOfSorted(sorted, p) as number;
}

export function describe(column: ArrayLike<number>): Distribution {
  const sorted = sortedFinite(column);
  const missing = column.length - sorted.length;
  if (sorted.length === 0) return { count: 0, missing, mean: null, min: null, p50: null, p90: null, p95: null, p99: null, max: null };
  return {
    count: sorted.length,
    missing,
    mean: roundStat(fsum(sorted) / sorted.length),
    min: roundStat(sorted[0] as number),
    p50: roundStat(quantile(sorted, 0.5)),
    p90: roundStat(quantile(sorted, 0.9)),
    p95: roundStat(quantile(sorted, 0.95)),
    p99: roundStat(quantile(sorted, 0.99)),
    max: roundStat(sorted[sorted.length - 1] as number),
  };
}

/** Percentiles for reports, via d3-array on a sorted copy (deps-perf.md §5: sort once, quantileSorted per percentile). */

import { quantileSorted } from 'd3-array';

/** The p-quantile (0..1) of values, or undefined for none; values need not be sorted. */
export function percentile(values: ArrayLike<number>, p: number): number | undefined {
  if (values.length === 0) return undefined;
  return percentileOfSorted(Float64Array.from(values as ArrayLike<number>).sort(), p);
}

/** d3's quantileSorted reads typed arrays fine; its type declaration asks for an Array. */
export function percentileOfSorted(sorted: Float64Array, p: number): number | undefined {
  return sorted.length === 0 ? undefined : quantileSorted(sorted as unknown as number[], p);
}

/** Rounds to an integer number of ms (or to 3 decimals for ratios) so summaries print the same everywhere. */
export function roundMs(value: number | undefined): number | null {
  return value === undefined || !Number.isFinite(value) ? null : Math.round(value);
}

export function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

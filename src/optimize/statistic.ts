/**
 * What an objective or requirement reads from a candidate's runs: the mean, the lowest or highest
 * run, or a percentile (`p5`, `p95`, `p99.9`; `median` is p50). Percentiles interpolate between
 * order statistics as the sweep's do (R-7, Excel PERCENTILE.INC: src/sweep/statistics.ts). A run
 * without the figure counts as the worst value (±∞, src/optimize/objective.ts and requirement.ts),
 * so these functions handle infinities: an interpolation towards ∞ is ∞.
 */

import { fsum } from 'd3-array';
import { OptimizeInputError } from './errors.js';

export type Statistic =
  | { kind: 'mean' }
  | { kind: 'min' }
  | { kind: 'max' }
  | { kind: 'quantile'; p: number };

export function parseStatistic(text: string, context: string): Statistic {
  const t = text.trim().toLowerCase();
  if (t === 'mean' || t === 'min' || t === 'max') return { kind: t };
  if (t === 'median') return { kind: 'quantile', p: 0.5 };
  const match = /^p(\d{1,2}(?:\.\d+)?)$/.exec(t);
  if (match !== null) {
    const percent = Number(match[1]);
    if (percent > 0 && percent < 100) return { kind: 'quantile', p: percent / 100 };
  }
  throw new OptimizeInputError(`${context}: ":${text}" is not a statistic; expected :mean, :min, :max or a percentile such as :p5, :p50, :p95`);
}

export function statisticLabel(statistic: Statistic): string {
  if (statistic.kind !== 'quantile') return statistic.kind;
  return `p${Number((statistic.p * 100).toFixed(6))}`;
}

/** Interpolates between two neighbouring order statistics; an infinite end wins unless the weight on it is 0. */
export function interpolate(lo: number, hi: number, fraction: number): number {
  if (fraction === 0 || lo === hi) return lo;
  if (hi === Infinity) return Infinity;
  if (lo === -Infinity) return -Infinity;
  return lo + (hi - lo) * fraction;
}

/** The p-quantile of a non-empty ascending sample. */
export function quantileOfSorted(sorted: ArrayLike<number>, p: number): number {
  const h = (sorted.length - 1) * p;
  const k = Math.floor(h);
  return interpolate(sorted[k] as number, sorted[Math.min(k + 1, sorted.length - 1)] as number, h - k);
}

/** The statistic of a non-empty ascending sample (no NaN; ±∞ allowed). */
export function statisticOfSorted(statistic: Statistic, sorted: ArrayLike<number>): number {
  switch (statistic.kind) {
    case 'min': return sorted[0] as number;
    case 'max': return sorted[sorted.length - 1] as number;
    case 'mean': {
      let infinite = 0;
      for (let i = 0; i < sorted.length; i++) if (!Number.isFinite(sorted[i] as number)) infinite += Math.sign(sorted[i] as number);
      if (infinite !== 0) return infinite > 0 ? Infinity : -Infinity;
      return fsum(Array.from(sorted)) / sorted.length;
    }
    case 'quantile': return quantileOfSorted(sorted, statistic.p);
  }
}

/** The statistic of values in any order. */
export function statisticOf(statistic: Statistic, values: ArrayLike<number>): number {
  return statisticOfSorted(statistic, Float64Array.from(values).sort());
}

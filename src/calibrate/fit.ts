/**
 * Fitting a sample of durations: a lognormal by the mean and standard deviation of the logs
 * (maximum likelihood), written as fleetsim writes lognormals (median e^μ, p95 e^(μ + 1.645σ),
 * src/engine/distribution.ts), or, for a large sample, its empirical percentiles. The goodness of
 * fit is the Kolmogorov–Smirnov statistic D = sup |F_n(x) − F(x)| of the sample against the fitted
 * lognormal (for an empirical fit, against the piecewise-linear CDF through its percentiles).
 */

import type { DistributionSpec } from '../engine/distribution.js';

const Z95 = 1.6448536269514722;

/** Samples at or above this size are written as empirical percentiles. ASSUMPTION: enough for a stable p99. */
export const EMPIRICAL_FROM = 200;
/** Fewer samples than this are not fitted. ASSUMPTION: below it, a p95 is a guess. */
export const MIN_SAMPLES = 5;

export interface Fit {
  spec: DistributionSpec;
  n: number;
  median: number;
  p95: number;
  /** Kolmogorov–Smirnov statistic against the fitted distribution. */
  ks: number;
}

/** The standard normal CDF (Abramowitz–Stegun 7.1.26 through erf, |error| < 1.5e-7). */
function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** The sample quantile at q (linear interpolation between order statistics). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 1) return sorted[0]!;
  const position = q * (sorted.length - 1);
  const low = Math.floor(position);
  const high = Math.min(low + 1, sorted.length - 1);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (position - low);
}

function ksStatistic(sorted: readonly number[], cdf: (x: number) => number): number {
  let d = 0;
  const n = sorted.length;
  sorted.forEach((x, i) => {
    const f = cdf(x);
    d = Math.max(d, Math.abs(f - i / n), Math.abs((i + 1) / n - f));
  });
  return d;
}

const PERCENTILES = [0, 5, 10, 25, 50, 75, 90, 95, 99, 100];

/** Fits `values` (ms, every one > 0). */
export function fitDurations(values: readonly number[]): Fit {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  if (n >= EMPIRICAL_FROM) {
    const points = PERCENTILES.map((p) => [p, Math.round(quantile(sorted, p / 100))] as const);
    const cdf = (x: number): number => {
      if (x <= points[0]![1]) return 0;
      for (let i = 1; i < points.length; i++) {
        const [p, v] = points[i]!;
        const [p0, v0] = points[i - 1]!;
        if (x <= v) return (v === v0 ? p : p0 + ((p - p0) * (x - v0)) / (v - v0)) / 100;
      }
      return 1;
    };
    return {
      spec: { distribution: 'empirical', percentiles: Object.fromEntries(points.map(([p, v]) => [`p${p}`, v])) },
      n, median: Math.round(quantile(sorted, 0.5)), p95: Math.round(quantile(sorted, 0.95)), ks: ksStatistic(sorted, cdf),
    };
  }
  const logs = sorted.map(Math.log);
  const mu = logs.reduce((s, v) => s + v, 0) / n;
  const sigma = n > 1 ? Math.sqrt(logs.reduce((s, v) => s + (v - mu) ** 2, 0) / (n - 1)) : 0;
  const median = Math.round(Math.exp(mu));
  const p95 = Math.max(median, Math.round(Math.exp(mu + Z95 * sigma)));
  const cdf = (x: number) => (sigma === 0 ? (x >= median ? 1 : 0) : normalCdf((Math.log(x) - mu) / sigma));
  return { spec: { distribution: 'lognormal', median, p95 }, n, median, p95, ks: ksStatistic(sorted, cdf) };
}

/**
 * Distributions of durations and counts. Each sample takes exactly one uniform draw (inverse-CDF
 * sampling), so a stream's position never depends on which distribution a parameter uses.
 */

import type { Random } from './random.js';

export type DistributionSpec =
  | { distribution: 'constant'; value: number }
  | { distribution: 'uniform'; min: number; max: number }
  | { distribution: 'exponential'; mean: number }
  /** Normal truncated at 0 (inverse CDF restricted to the non-negative tail, not clamped). */
  | { distribution: 'normal'; mean: number; stddev: number }
  /** Lognormal fixed by its median and 95th percentile. */
  | { distribution: 'lognormal'; median: number; p95: number }
  /** Piecewise-linear inverse CDF through the given percentiles, e.g. { p0: 10, p50: 30, p100: 90 }. */
  | { distribution: 'empirical'; percentiles: Readonly<Record<string, number>> };

export interface Distribution {
  readonly spec: DistributionSpec;
  /** The value at quantile u in [0, 1). */
  quantile(u: number): number;
  sample(random: Random): number;
}

const Z95 = 1.6448536269514722;

/** Inverse of the standard normal CDF (Acklam's rational approximation, |error| < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

/** Standard normal CDF (Zelen & Severo 26.2.17 via erf, |error| < 7.5e-8). */
export function normalCdf(x: number): number {
  const t = 1 / (1 + 0.2316419 * Math.abs(x));
  const density = Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI);
  const tail = density * t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  return x >= 0 ? 1 - tail : tail;
}

function percentilePoints(percentiles: Readonly<Record<string, number>>): Array<[number, number]> {
  const points: Array<[number, number]> = [];
  for (const key of Object.keys(percentiles)) {
    const match = /^p(\d+(?:\.\d+)?)$/.exec(key);
    if (!match) throw new Error(`empirical distribution: key "${key}" is not a percentile such as p50 or p99.9`);
    const p = Number(match[1]);
    if (p > 100) throw new Error(`empirical distribution: ${key} is above p100`);
    points.push([p / 100, percentiles[key] as number]);
  }
  if (points.length === 0) throw new Error('empirical distribution needs at least one percentile');
  points.sort((x, y) => x[0] - y[0]);
  for (let i = 1; i < points.length; i++) {
    if ((points[i]![1]) < (points[i - 1]![1])) throw new Error('empirical distribution: values must not decrease as percentiles grow');
  }
  return points;
}

/** Checks a spec and returns its error, or undefined when it is usable. */
export function distributionError(spec: DistributionSpec): string | undefined {
  const nonNegative = (name: string, v: number) => (Number.isFinite(v) && v >= 0 ? undefined : `${name} must be a non-negative number`);
  switch (spec.distribution) {
    case 'constant': return nonNegative('value', spec.value);
    case 'uniform': return nonNegative('min', spec.min) ?? nonNegative('max', spec.max) ?? (spec.max < spec.min ? 'max must be >= min' : undefined);
    case 'exponential': return nonNegative('mean', spec.mean);
    case 'normal': return nonNegative('mean', spec.mean) ?? nonNegative('stddev', spec.stddev);
    case 'lognormal':
      if (!(spec.median > 0)) return 'median must be > 0';
      return spec.p95 < spec.median ? 'p95 must be >= median' : undefined;
    case 'empirical':
      try { percentilePoints(spec.percentiles); return undefined; } catch (error) { return (error as Error).message; }
  }
}

export function makeDistribution(spec: DistributionSpec): Distribution {
  const error = distributionError(spec);
  if (error !== undefined) throw new Error(`invalid ${spec.distribution} distribution: ${error}`);
  const quantile = quantileFunction(spec);
  return { spec, quantile, sample: (random: Random) => quantile(random.next()) };
}

function quantileFunction(spec: DistributionSpec): (u: number) => number {
  switch (spec.distribution) {
    case 'constant': {
      const value = spec.value;
      return () => value;
    }
    case 'uniform': {
      const { min, max } = spec;
      return (u) => min + u * (max - min);
    }
    case 'exponential': {
      const mean = spec.mean;
      return (u) => -mean * Math.log(1 - u);
    }
    case 'normal': {
      const { mean, stddev } = spec;
      if (stddev === 0) return () => mean;
      const floor = normalCdf(-mean / stddev); // probability mass below 0, cut away
      return (u) => Math.max(0, mean + stddev * normalQuantile(floor + u * (1 - floor)));
    }
    case 'lognormal': {
      const mu = Math.log(spec.median);
      const sigma = (Math.log(spec.p95) - mu) / Z95;
      return (u) => Math.exp(mu + sigma * normalQuantile(u));
    }
    case 'empirical': {
      const points = percentilePoints(spec.percentiles);
      return (u) => {
        const first = points[0]!;
        if (u <= first[0]) return first[1];
        for (let i = 1; i < points.length; i++) {
          const [p, v] = points[i]!;
          if (u <= p) {
            const [p0, v0] = points[i - 1]!;
            return p === p0 ? v : v0 + ((u - p0) / (p - p0)) * (v - v0);
          }
        }
        return points[points.length - 1]![1];
      };
    }
  }
}

/** A constant distribution, for defaults written in code. */
export function constant(value: number): Distribution {
  return makeDistribution({ distribution: 'constant', value });
}

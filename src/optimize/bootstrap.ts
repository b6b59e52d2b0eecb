/**
 * Paired bootstrap over common random numbers. Every candidate runs the same seeds, so one set of
 * resamples of the seeds serves every candidate: in resample r, seed i is drawn counts[r·n + i]
 * times for all of them. A statistic's value in each resample then gives its percentile interval,
 * and the difference of two candidates' values in the same resamples gives a paired interval of
 * their difference (Efron & Tibshirani, "An Introduction to the Bootstrap", 1993, ch. 13 and
 * §16.4 on paired data). The draws come from a stream named after the seed list and n, so a
 * decision is the same on every run and machine.
 *
 * A resample's statistic is computed from the counts over the sample's sorted order, in O(n), so
 * no resample is materialised or sorted.
 */

import { Random } from '../engine/random.js';
import type { Statistic } from './statistic.js';
import { interpolate, quantileOfSorted } from './statistic.js';

export class Resamples {
  readonly counts: Uint16Array;

  constructor(readonly n: number, readonly count: number, stream: string) {
    this.counts = new Uint16Array(n * count);
    const random = new Random(stream);
    for (let r = 0; r < count; r++) {
      const row = r * n;
      for (let i = 0; i < n; i++) {
        const at = row + Math.floor(random.next() * n);
        this.counts[at] = (this.counts[at] as number) + 1;
      }
    }
  }

  /** The statistic of `values` (the first n seeds, in seed order; no NaN) in every resample. */
  statistic(statistic: Statistic, values: ArrayLike<number>): Float64Array {
    const { n, count, counts } = this;
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => {
      const va = values[a] as number;
      const vb = values[b] as number;
      return va < vb ? -1 : va > vb ? 1 : a - b;
    });
    const sorted = Float64Array.from(order, (i) => values[i] as number);
    const out = new Float64Array(count);
    for (let r = 0; r < count; r++) {
      out[r] = resampleStatistic(statistic, sorted, order, counts, r * n, n);
    }
    return out;
  }
}

/** The statistic of a resample given as counts per original index, walking the sorted order. */
function resampleStatistic(statistic: Statistic, sorted: Float64Array, order: number[], counts: Uint16Array, row: number, n: number): number {
  const countOf = (i: number) => counts[row + i] as number;
  switch (statistic.kind) {
    case 'min':
      for (let k = 0; k < n; k++) if (countOf(order[k] as number) > 0) return sorted[k] as number;
      return Number.NaN;
    case 'max':
      for (let k = n - 1; k >= 0; k--) if (countOf(order[k] as number) > 0) return sorted[k] as number;
      return Number.NaN;
    case 'mean': {
      let sum = 0;
      for (let k = 0; k < n; k++) {
        const c = countOf(order[k] as number);
        if (c > 0) sum += c * (sorted[k] as number);
      }
      return sum / n;
    }
    case 'quantile': {
      // rank h = (n − 1)p; the values at ranks ⌊h⌋ and ⌊h⌋ + 1 of the resample.
      const h = (n - 1) * statistic.p;
      const lowRank = Math.floor(h);
      let seen = 0;
      let lo = Number.NaN;
      let found = false;
      for (let k = 0; k < n; k++) {
        const c = countOf(order[k] as number);
        if (c === 0) continue;
        const v = sorted[k] as number;
        // This value fills ranks seen … seen + c − 1 of the resample.
        if (!found && lowRank < seen + c) {
          lo = v;
          found = true;
        }
        if (lowRank + 1 < seen + c) return interpolate(lo, v, h - lowRank);
        seen += c;
      }
      return lo;
    }
  }
}

/** The central `confidence` percentile interval of bootstrap draws. */
export function percentileInterval(draws: Float64Array, confidence: number): [number, number] {
  const sorted = Float64Array.from(draws, (d) => (Number.isNaN(d) ? 0 : d)).sort();
  const tail = (1 - confidence) / 2;
  return [quantileOfSorted(sorted, tail), quantileOfSorted(sorted, 1 - tail)];
}

/** Paired differences a[r] − b[r] of two candidates' draws; ∞ − ∞ (both never finished) is no difference. */
export function differences(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length);
  for (let r = 0; r < a.length; r++) {
    const d = (a[r] as number) - (b[r] as number);
    out[r] = Number.isNaN(d) ? 0 : d;
  }
  return out;
}

/** Share of draws for which `test` holds. */
export function share(draws: Float64Array, test: (value: number) => boolean): number {
  let hits = 0;
  for (let r = 0; r < draws.length; r++) if (test(draws[r] as number)) hits++;
  return hits / draws.length;
}

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { describe as describeSample, roundStat } from '../../src/sweep/statistics.js';

/** The textbook definition (Hyndman & Fan type 7): h = (n − 1)p; interpolate between the floor and ceiling order statistics. */
function reference(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return (sorted[lo] as number) + (h - lo) * ((sorted[hi] as number) - (sorted[lo] as number));
}

describe('distributions over runs', () => {
  it('match a straightforward computation on a fixed sample', () => {
    // 20 values, out of order, with a tie and a negative.
    const sample = [15, 3, 8, 42, 8, 23, 4, 16, -2, 7, 30, 11, 5, 19, 27, 1, 9, 13, 36, 2];
    const d = describeSample(sample);
    expect(d.count).toBe(20);
    expect(d.missing).toBe(0);
    expect(d.min).toBe(-2);
    expect(d.max).toBe(42);
    expect(d.mean).toBe(13.85); // 277 / 20
    // Sorted: -2 1 2 3 4 5 7 8 8 9 11 13 15 16 19 23 27 30 36 42
    expect(d.p50).toBe(10); // h = 9.5 → (9 + 11) / 2
    expect(d.p90).toBe(30.6); // h = 17.1 → 30 + 0.1 × 6
    expect(d.p95).toBe(36.3); // h = 18.05 → 36 + 0.05 × 6
    expect(d.p99).toBe(40.86); // h = 18.81 → 36 + 0.81 × 6
  });

  it('leave missing runs out and count them', () => {
    const d = describeSample(Float64Array.from([Number.NaN, 4, Number.NaN, 2]));
    expect(d).toMatchObject({ count: 2, missing: 2, min: 2, max: 4, p50: 3, mean: 3 });
    expect(describeSample([Number.NaN])).toMatchObject({ count: 0, missing: 1, p50: null, mean: null });
  });

  it('agree with the reference on any sample, whatever its order', () => {
    fc.assert(fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 200 }), (values) => {
      const d = describeSample(values);
      expect(d.p50).toBe(roundStat(reference(values, 0.5)));
      expect(d.p90).toBe(roundStat(reference(values, 0.9)));
      expect(d.p99).toBe(roundStat(reference(values, 0.99)));
      expect(describeSample([...values].reverse())).toEqual(d);
    }));
  });
});

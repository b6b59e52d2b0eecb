/** The optimizer's statistics: percentiles with ∞, the counts-based bootstrap, exact binomial bounds. */

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { quantile as d3Quantile } from 'd3-array';
import { binomialCdf, clopperPearson } from '../../src/optimize/binomial.js';
import { percentileInterval, Resamples } from '../../src/optimize/bootstrap.js';
import { quantileOfSorted, statisticOf, type Statistic } from '../../src/optimize/statistic.js';
import { Random } from '../../src/engine/random.js';

const statistics: Statistic[] = [{ kind: 'mean' }, { kind: 'min' }, { kind: 'max' }, { kind: 'quantile', p: 0.05 }, { kind: 'quantile', p: 0.5 }, { kind: 'quantile', p: 0.95 }];

describe('statistics with runs that never reached the figure', () => {
  it('interpolate as d3 does on finite samples (the sweep\'s percentiles)', () => {
    fc.assert(fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 40 }), fc.double({ min: 0, max: 1, noNaN: true }), (values, p) => {
      const sorted = Float64Array.from(values).sort();
      expect(quantileOfSorted(sorted, p)).toBeCloseTo(d3Quantile(Array.from(sorted), p) as number, 6);
    }));
  });

  it('take ∞ as the worst value: a tail reaching a run without the figure is ∞', () => {
    const values = [10, 20, 30, 40, Infinity];
    expect(statisticOf({ kind: 'quantile', p: 0.5 }, values)).toBe(30);
    expect(statisticOf({ kind: 'quantile', p: 0.95 }, values)).toBe(Infinity);
    expect(statisticOf({ kind: 'quantile', p: 0.75 }, values)).toBe(40);
    expect(statisticOf({ kind: 'mean' }, values)).toBe(Infinity);
    expect(statisticOf({ kind: 'min' }, [-Infinity, 3])).toBe(-Infinity);
    expect(statisticOf({ kind: 'quantile', p: 0.05 }, [-Infinity, 3, 4])).toBe(-Infinity);
  });
});

describe('Resamples', () => {
  it('gives each resample\'s statistic as if the resample were drawn and sorted', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 25 }), fc.constantFrom(...statistics), (ints, statistic) => {
      const values = Float64Array.from(ints);
      const resamples = new Resamples(values.length, 30, `test:${ints.join(',')}`);
      const fast = resamples.statistic(statistic, values);
      for (let r = 0; r < resamples.count; r++) {
        const drawn: number[] = [];
        for (let i = 0; i < values.length; i++) for (let c = 0; c < (resamples.counts[r * values.length + i] as number); c++) drawn.push(values[i] as number);
        expect(drawn).toHaveLength(values.length);
        expect(fast[r]).toBeCloseTo(statisticOf(statistic, drawn), 9);
      }
    }), { numRuns: 60 });
  });

  it('is the same for the same stream name, and pairs candidates on the same draws', () => {
    const a = new Resamples(12, 200, 'fleetsim:optimize:bootstrap:1:12');
    const b = new Resamples(12, 200, 'fleetsim:optimize:bootstrap:1:12');
    expect(b.counts).toEqual(a.counts);
    // A constant shift of every run shifts every resample's percentile by the same amount: the paired difference has no spread.
    const random = new Random('values');
    const base = Float64Array.from({ length: 12 }, () => random.next() * 100);
    const shifted = base.map((v) => v + 7);
    const p95 = { kind: 'quantile', p: 0.95 } as const;
    const d = a.statistic(p95, shifted).map((v, r) => v - (a.statistic(p95, base)[r] as number));
    const [lo, hi] = percentileInterval(d, 0.95);
    expect(lo).toBeCloseTo(7, 9);
    expect(hi).toBeCloseTo(7, 9);
  });
});

describe('Clopper–Pearson bounds', () => {
  it('match the closed forms at 0 and n events', () => {
    for (const n of [5, 20, 72, 100]) {
      // 0 events: upper = 1 − (α/2)^(1/n); n events: lower = (α/2)^(1/n).
      expect(clopperPearson(0, n, 0.95)[1]).toBeCloseTo(1 - 0.025 ** (1 / n), 9);
      expect(clopperPearson(0, n, 0.95)[0]).toBe(0);
      expect(clopperPearson(n, n, 0.95)[0]).toBeCloseTo(0.025 ** (1 / n), 9);
    }
    // 72 runs without a violation are the fewest that show, at 95 %, that at most 5 % of runs violate.
    expect(clopperPearson(0, 71, 0.95)[1]).toBeGreaterThan(0.05);
    expect(clopperPearson(0, 72, 0.95)[1]).toBeLessThanOrEqual(0.05);
  });

  it('put each tail at α/2', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 200 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, f) => {
      const k = Math.min(n - 1, Math.floor(f * n));
      const [lo, hi] = clopperPearson(k, n, 0.95);
      expect(binomialCdf(k, n, hi)).toBeCloseTo(0.025, 6);
      if (k > 0) expect(1 - binomialCdf(k - 1, n, lo)).toBeCloseTo(0.025, 6);
      expect(lo).toBeLessThanOrEqual(k / n);
      expect(hi).toBeGreaterThanOrEqual(k / n);
    }), { numRuns: 100 });
  });
});

import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../src/engine/random.js';
import { makeDistribution, normalQuantile } from '../../src/engine/distribution.js';

const draws = (streams: RandomStreams, name: string, n: number): number[] => Array.from({ length: n }, () => streams.stream(name).next());

describe('RandomStreams', () => {
  it('gives the same stream for the same seed and name', () => {
    expect(draws(new RandomStreams(42), 'aws/us-east-1/boot', 5)).toEqual(draws(new RandomStreams(42), 'aws/us-east-1/boot', 5));
  });

  it('gives different streams for different seeds and different names', () => {
    const a = draws(new RandomStreams(42), 'x', 5);
    expect(draws(new RandomStreams(43), 'x', 5)).not.toEqual(a);
    expect(draws(new RandomStreams(42), 'y', 5)).not.toEqual(a);
  });

  it('keeps named streams independent: drawing from one does not shift another', () => {
    const quiet = new RandomStreams(9);
    const busy = new RandomStreams(9);
    draws(busy, 'noisy-neighbour', 1000);
    busy.stream('late-component');
    expect(draws(busy, 'victim', 10)).toEqual(draws(quiet, 'victim', 10));
  });

  it('draws uniform values in [0, 1) and integers in range', () => {
    const random = new RandomStreams(1).stream('u');
    for (let i = 0; i < 10_000; i++) {
      const u = random.next();
      expect(u >= 0 && u < 1).toBe(true);
      const k = random.int(3, 5);
      expect(k >= 3 && k <= 5 && Number.isInteger(k)).toBe(true);
    }
  });
});

describe('distributions', () => {
  const sample = (spec: Parameters<typeof makeDistribution>[0], n = 20_000) => {
    const d = makeDistribution(spec);
    const random = new RandomStreams(3).stream('d');
    return Array.from({ length: n }, () => d.sample(random)).sort((a, b) => a - b);
  };
  const at = (sorted: number[], p: number) => sorted[Math.floor(p * (sorted.length - 1))] as number;

  it('lognormal matches its median and p95', () => {
    const s = sample({ distribution: 'lognormal', median: 55_000, p95: 120_000 });
    expect(at(s, 0.5)).toBeGreaterThan(52_000);
    expect(at(s, 0.5)).toBeLessThan(58_000);
    expect(at(s, 0.95)).toBeGreaterThan(112_000);
    expect(at(s, 0.95)).toBeLessThan(128_000);
  });

  it('normal is truncated at 0, not clamped into a spike', () => {
    const s = sample({ distribution: 'normal', mean: 10, stddev: 20 });
    expect(s[0]).toBeGreaterThanOrEqual(0);
    expect(s.filter((x) => x === 0).length).toBeLessThan(5);
  });

  it('uniform, exponential, constant and empirical behave', () => {
    const u = sample({ distribution: 'uniform', min: 5, max: 60 });
    expect(u[0]).toBeGreaterThanOrEqual(5);
    expect(u[u.length - 1]).toBeLessThan(60);
    const e = sample({ distribution: 'exponential', mean: 100 });
    expect(e.reduce((a, b) => a + b, 0) / e.length).toBeGreaterThan(95);
    expect(e.reduce((a, b) => a + b, 0) / e.length).toBeLessThan(105);
    expect(new Set(sample({ distribution: 'constant', value: 7 }, 10))).toEqual(new Set([7]));
    const emp = sample({ distribution: 'empirical', percentiles: { p0: 10, p50: 30, p100: 90 } });
    expect(at(emp, 0.5)).toBeGreaterThan(29);
    expect(at(emp, 0.5)).toBeLessThan(31);
    expect(emp[emp.length - 1]).toBeLessThanOrEqual(90);
  });

  it('refuses invalid parameters with a sentence', () => {
    expect(() => makeDistribution({ distribution: 'uniform', min: 5, max: 1 })).toThrow(/max must be >= min/);
    expect(() => makeDistribution({ distribution: 'lognormal', median: 10, p95: 5 })).toThrow(/p95/);
    expect(() => makeDistribution({ distribution: 'empirical', percentiles: { q50: 1 } })).toThrow(/percentile/);
  });

  it('inverts the normal CDF accurately', () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 8);
    expect(normalQuantile(0.95)).toBeCloseTo(1.6448536, 6);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.3263479, 6);
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TokenBucket } from '../../src/engine/token-bucket.js';

describe('TokenBucket', () => {
  it('starts full, refills continuously and caps at its capacity', () => {
    const bucket = new TokenBucket(5, 2);
    for (let i = 0; i < 5; i++) expect(bucket.tryTake(0)).toBe(true);
    expect(bucket.tryTake(0)).toBe(false);
    expect(bucket.waitTime(0)).toBe(500);
    expect(bucket.tryTake(499)).toBe(false);
    expect(bucket.tryTake(500)).toBe(true);
    expect(bucket.available(1_000_000)).toBe(5);
  });

  it('reserves into debt like rate.Limiter.Reserve and reports the wait', () => {
    const bucket = new TokenBucket(1, 1);
    expect(bucket.reserve(0, 1)).toBe(0);
    expect(bucket.reserve(0, 1)).toBe(1000);
    expect(bucket.reserve(0, 1)).toBe(2000);
    bucket.drain(5000);
    expect(bucket.available(5000)).toBe(0);
  });

  it('never grants more than capacity + rate × elapsed in any window', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 40 }).map((r) => r / 4),
      fc.array(fc.integer({ min: 0, max: 2000 }), { minLength: 1, maxLength: 200 }),
      (capacity, rate, gaps) => {
        const bucket = new TokenBucket(capacity, rate);
        const grants: number[] = [];
        let t = 0;
        for (const gap of gaps) {
          t += gap;
          if (bucket.tryTake(t)) grants.push(t);
        }
        for (let i = 0; i < grants.length; i++) {
          for (let j = i; j < grants.length; j++) {
            const count = j - i + 1;
            expect(count).toBeLessThanOrEqual(capacity + (rate * ((grants[j] as number) - (grants[i] as number))) / 1000 + 1e-6);
          }
        }
      }), { seed: 11, numRuns: 200 });
  });

  it('waitTime is exact: waiting that long is enough and a millisecond less is not', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 1000 }).map((r) => r / 100), (capacity, rate) => {
      const bucket = new TokenBucket(capacity, rate);
      while (bucket.tryTake(0)) { /* empty it */ }
      const wait = bucket.waitTime(0);
      const probe = new TokenBucket(capacity, rate);
      while (probe.tryTake(0)) { /* same state */ }
      if (wait > 1) expect(probe.tryTake(wait - 1)).toBe(false);
      expect(bucket.tryTake(wait)).toBe(true);
    }), { seed: 5, numRuns: 200 });
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FixedWindowLimiter } from '../../src/cloud/limits/fixed-window-limiter.js';
import { LimitStore } from '../../src/cloud/limits/limit-store.js';
import { ContinuousBucketLimiter, IntervalBucketLimiter } from '../../src/cloud/limits/token-bucket-limiter.js';
import type { Limiter } from '../../src/cloud/limits/limiter.js';

interface Call {
  dt: number;
  cost: number;
}

const calls = fc.array(fc.record({ dt: fc.integer({ min: 0, max: 4000 }), cost: fc.integer({ min: 1, max: 3 }) }), { minLength: 1, maxLength: 120 });

/** Runs the calls in time order and returns the granted ones as [time, cost]. */
function run(limiter: Limiter, pattern: readonly Call[]): Array<[number, number]> {
  const granted: Array<[number, number]> = [];
  let t = 0;
  for (const call of pattern) {
    t += call.dt;
    if (limiter.tryTake(t, call.cost)) granted.push([t, call.cost]);
  }
  return granted;
}

/** Largest excess of granted tokens over `bound(a, b)` across windows [a, b] with endpoints at grants. */
function worstExcess(granted: Array<[number, number]>, bound: (a: number, b: number) => number): number {
  let worst = -Infinity;
  for (let i = 0; i < granted.length; i++) {
    let sum = 0;
    for (let j = i; j < granted.length; j++) {
      sum += granted[j]![1];
      worst = Math.max(worst, sum - bound(granted[i]![0], granted[j]![0]));
    }
  }
  return worst;
}

describe('token bucket conformance', () => {
  it('continuous refill: grants in any window [a, b] never exceed bucket + rate·(b − a)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.double({ min: 0.01, max: 25, noNaN: true }), calls, (capacity, rate, pattern) => {
        const granted = run(new ContinuousBucketLimiter(capacity, rate, 0), pattern);
        expect(worstExcess(granted, (a, b) => capacity + (rate * (b - a)) / 1000)).toBeLessThanOrEqual(1e-6);
      }),
      { numRuns: 300 },
    );
  });

  it('stepped refill (Azure CRP): grants in [a, b] never exceed bucket + amount × refill steps in (a, b]', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 100, max: 60_000 }),
        calls,
        (capacity, amount, interval, pattern) => {
          const granted = run(new IntervalBucketLimiter(capacity, amount, interval, 0), pattern);
          const steps = (a: number, b: number) => Math.floor(b / interval) - Math.floor(a / interval);
          expect(worstExcess(granted, (a, b) => capacity + amount * steps(a, b))).toBeLessThanOrEqual(1e-6);
          // and, a fortiori, the continuous bound plus one step's worth
          expect(worstExcess(granted, (a, b) => capacity + (amount / interval) * (b - a) + amount)).toBeLessThanOrEqual(1e-6);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('fixed window (GCE): grants in each clock-aligned window never exceed the limit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 1000, max: 60_000 }), calls, (limit, window, pattern) => {
        const granted = run(new FixedWindowLimiter(limit, window), pattern);
        const perWindow = new Map<number, number>();
        for (const [t, cost] of granted) perWindow.set(Math.floor(t / window), (perWindow.get(Math.floor(t / window)) ?? 0) + cost);
        for (const used of perWindow.values()) expect(used).toBeLessThanOrEqual(limit);
      }),
      { numRuns: 300 },
    );
  });

  // The engine's TokenBucket.waitTime rounds up a float that can carry noise above an exact
  // integer, so the wait may be 1 ms long: the check allows that one millisecond.
  it('waitTime is exact to 1 ms: refused before the wait, granted after it (every limiter kind)', () => {
    const kinds = fc.oneof(
      fc.record({ kind: fc.constant('continuous' as const), capacity: fc.integer({ min: 3, max: 20 }), rate: fc.double({ min: 0.05, max: 10, noNaN: true }) }),
      fc.record({ kind: fc.constant('interval' as const), capacity: fc.integer({ min: 3, max: 20 }), amount: fc.integer({ min: 1, max: 5 }), interval: fc.integer({ min: 100, max: 60_000 }) }),
      fc.record({ kind: fc.constant('window' as const), limit: fc.integer({ min: 3, max: 20 }), window: fc.integer({ min: 1000, max: 60_000 }) }),
    );
    fc.assert(
      fc.property(kinds, calls, (kind, pattern) => {
        const limiter: Limiter = kind.kind === 'continuous' ? new ContinuousBucketLimiter(kind.capacity, kind.rate, 0)
          : kind.kind === 'interval' ? new IntervalBucketLimiter(kind.capacity, kind.amount, kind.interval, 0)
          : new FixedWindowLimiter(kind.limit, kind.window);
        let t = 0;
        for (const call of pattern) {
          t += call.dt;
          if (limiter.tryTake(t, call.cost)) continue;
          const wait = limiter.waitTime(t, call.cost);
          expect(wait).toBeGreaterThan(0);
          if (wait > 2) expect(limiter.available(t + wait - 2)).toBeLessThan(call.cost);
          t += wait;
          expect(limiter.tryTake(t, call.cost)).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('LimitStore', () => {
  it('throttles when any limit of a call is short, and then takes nothing from the others', () => {
    const store = new LimitStore({
      request: { kind: 'bucket', capacity: 5, refillPerSecond: 2, scope: 'region' },
      instances: { kind: 'bucket', capacity: 3, refillPerSecond: 2, scope: 'region' },
    });
    const charges = [
      { limit: 'request', per: 'request', when: 'admit' },
      { limit: 'instances', per: 'unit', when: 'success' },
    ] as const;
    expect(store.admit(0, charges, 2).ok).toBe(true);
    store.commit(0, charges, 2);
    const refused = store.admit(0, charges, 2);
    expect(refused).toMatchObject({ ok: false, limit: 'instances', waitMs: 500 });
    expect(store.limiter('request', 0).available(0)).toBe(4);
    // a call that is admitted but then fails takes its admit charges only
    expect(store.admit(0, charges, 1).ok).toBe(true);
    expect(store.limiter('request', 0).available(0)).toBe(3);
    expect(store.limiter('instances', 0).available(0)).toBe(1);
  });

  it('keeps one limiter per resource for resource-scoped limits and shares account-scoped ones', () => {
    const shared = new Map();
    const specs = {
      perVm: { kind: 'bucket', capacity: 2, refillPerSecond: 0, scope: 'resource' },
      global: { kind: 'window', limit: 3, windowMs: 60_000, scope: 'account' },
    } as const;
    const east = new LimitStore(specs, shared);
    const west = new LimitStore(specs, shared);
    const perVm = [{ limit: 'perVm', per: 'request', when: 'admit' }] as const;
    expect(east.admit(0, perVm, 1, 'vm-a').ok).toBe(true);
    expect(east.admit(0, perVm, 1, 'vm-a').ok).toBe(true);
    expect(east.admit(0, perVm, 1, 'vm-a').ok).toBe(false);
    expect(east.admit(0, perVm, 1, 'vm-b').ok).toBe(true);
    east.forgetResource('vm-a');
    expect(east.admit(0, perVm, 1, 'vm-a').ok).toBe(true);
    const global = [{ limit: 'global', per: 'request', when: 'admit' }] as const;
    expect(east.admit(0, global, 1).ok).toBe(true);
    expect(west.admit(0, global, 1).ok).toBe(true);
    expect(west.admit(0, global, 1).ok).toBe(true);
    expect(east.admit(0, global, 1)).toMatchObject({ ok: false, waitMs: 60_000 });
  });
});

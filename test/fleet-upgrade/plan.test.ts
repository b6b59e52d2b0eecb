import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { delayUntilWindow, judgeGate, planWaves, waveSize } from '../../src/fleet/fleet-upgrade.js';
import type { ClusterSpec, MaintenanceWindow, UpgradeOperation, WavePlan, Weekday } from '../../src/scenario/model.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** 2026-01-05T00:00:00Z, a Monday (the scenario format's default startsAt). */
const MONDAY = Date.UTC(2026, 0, 5);

function cluster(name: string, labels: Record<string, string> = {}): ClusterSpec {
  return { name, labels } as unknown as ClusterSpec;
}

function upgrade(targets: string[], waves?: Partial<WavePlan>): UpgradeOperation {
  const op: UpgradeOperation = { kind: 'upgrade', at: 0, index: 0, clusters: {}, targets, version: 'v1.35.0' };
  if (waves !== undefined) op.waves = { pauseBetween: 0, gate: 'healthy', ...waves };
  return op;
}

function window(days: Weekday[], start: string, end: string): MaintenanceWindow {
  const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
  return { days, start, end, startMinute: minutes(start), endMinute: minutes(end) };
}

const names = (n: number) => Array.from({ length: n }, (_, i) => `c${i + 1}`);

describe('planWaves', () => {
  it('puts every target in one wave without a plan, in target order', () => {
    expect(planWaves(upgrade(['b', 'a', 'c']), [])).toEqual([['b', 'a', 'c']]);
    expect(planWaves(upgrade([]), [])).toEqual([]);
  });

  it('splits by count, the last wave taking the remainder', () => {
    const targets = names(10);
    expect(planWaves(upgrade(targets, { size: 4 }), []).map((w) => w.length)).toEqual([4, 4, 2]);
    expect(planWaves(upgrade(targets, { size: 4 }), []).flat()).toEqual(targets);
  });

  it('splits by percent of all targets, rounded up', () => {
    // 25% of 10 = 2.5 → 3 clusters a wave.
    expect(planWaves(upgrade(names(10), { size: '25%' }), []).map((w) => w.length)).toEqual([3, 3, 3, 1]);
    // 1% of 10 = 0.1 → at least one.
    expect(planWaves(upgrade(names(10), { size: '1%' }), []).map((w) => w.length)).toEqual(Array(10).fill(1));
    expect(waveSize('100%', 7, 1)).toBe(7);
  });

  it('runs a numeric canary first, then sizes the rest against all targets', () => {
    const waves = planWaves(upgrade(names(10), { canary: 1, size: '50%' }), []);
    expect(waves).toEqual([['c1'], ['c2', 'c3', 'c4', 'c5', 'c6'], ['c7', 'c8', 'c9', 'c10']]);
  });

  it('runs a selector canary first, whatever its position among the targets', () => {
    const clusters = [cluster('a'), cluster('b', { tier: 'canary' }), cluster('c'), cluster('d', { tier: 'canary' })];
    const waves = planWaves(upgrade(['a', 'b', 'c', 'd'], { canary: { matchLabels: { tier: 'canary' } }, size: 1 }), clusters);
    expect(waves).toEqual([['b', 'd'], ['a'], ['c']]);
  });

  it('groups by a label, values sorted, unlabelled clusters last, each group split by size', () => {
    const clusters = [
      cluster('p1', { env: 'prod' }), cluster('s1', { env: 'staging' }), cluster('x1'), cluster('p2', { env: 'prod' }),
      cluster('d1', { env: 'dev' }), cluster('p3', { env: 'prod' }),
    ];
    const targets = clusters.map((c) => c.name);
    expect(planWaves(upgrade(targets, { byLabel: 'env' }), clusters)).toEqual([['d1'], ['p1', 'p2', 'p3'], ['s1'], ['x1']]);
    expect(planWaves(upgrade(targets, { byLabel: 'env', size: 2 }), clusters)).toEqual([['d1'], ['p1', 'p2'], ['p3'], ['s1'], ['x1']]);
    expect(planWaves(upgrade(targets, { byLabel: 'env', canary: { names: ['p2'] } }), clusters)).toEqual([['p2'], ['d1'], ['p1', 'p3'], ['s1'], ['x1']]);
  });

  it('every target lands in exactly one wave, in a plan of any shape', () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 40 }),
      fc.option(fc.oneof(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 100 }).map((p) => `${p}%` as const)), { nil: undefined }),
      fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined }),
      fc.boolean(),
      (count, size, canary, byLabel) => {
        const targets = names(count);
        const clusters = targets.map((name, i) => cluster(name, i % 3 === 0 ? {} : { zone: `z${i % 4}` }));
        const plan: Partial<WavePlan> = {};
        if (size !== undefined) plan.size = size;
        if (canary !== undefined) plan.canary = canary;
        if (byLabel) plan.byLabel = 'zone';
        const waves = planWaves(upgrade(targets, plan), clusters);
        expect(waves.flat().sort()).toEqual([...targets].sort());
        expect(waves.every((w) => w.length > 0)).toBe(true);
        if (canary !== undefined && count > 0) expect(waves[0]).toEqual(targets.slice(0, canary));
      },
    ));
  });
});

/** Reference: scan minute by minute, asking "is the window open at this instant?" the slow way. */
function openAt(w: MaintenanceWindow, epochMs: number): boolean {
  const date = new Date(epochMs);
  const day = (['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const)[date.getUTCDay()] as Weekday;
  const yesterday = (['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const)[(date.getUTCDay() + 6) % 7] as Weekday;
  const minute = date.getUTCHours() * 60 + date.getUTCMinutes();
  if (w.endMinute > w.startMinute) return w.days.includes(day) && minute >= w.startMinute && minute < w.endMinute;
  return (w.days.includes(day) && minute >= w.startMinute) || (w.days.includes(yesterday) && minute < w.endMinute);
}

describe('delayUntilWindow', () => {
  const weekdays = window(['Mon', 'Tue', 'Wed', 'Thu', 'Fri'], '02:00', '06:00');

  it('is 0 inside the window and the time to the opening before it', () => {
    expect(delayUntilWindow(weekdays, MONDAY, 3 * HOUR)).toBe(0);
    expect(delayUntilWindow(weekdays, MONDAY, 30 * MINUTE)).toBe(90 * MINUTE);
    expect(delayUntilWindow(weekdays, MONDAY, 2 * HOUR)).toBe(0);
    // The end is exclusive: at 06:00 the next opening is Tuesday 02:00.
    expect(delayUntilWindow(weekdays, MONDAY, 6 * HOUR)).toBe(20 * HOUR);
    // Not aligned to a minute: exact to the millisecond.
    expect(delayUntilWindow(weekdays, MONDAY, HOUR + 59 * MINUTE + 30_123)).toBe(29_877);
  });

  it('skips days not in the window: Friday after 06:00 waits for Monday 02:00', () => {
    const friday7 = 4 * DAY + 7 * HOUR;
    expect(delayUntilWindow(weekdays, MONDAY, friday7)).toBe(3 * DAY - 5 * HOUR);
    const saturday = 5 * DAY + 12 * HOUR;
    expect(delayUntilWindow(weekdays, MONDAY, saturday)).toBe(DAY + 14 * HOUR);
  });

  it('handles a window across midnight: the part after midnight belongs to the day it opened', () => {
    const friNight = window(['Fri'], '22:00', '02:00');
    expect(delayUntilWindow(friNight, MONDAY, 4 * DAY + 23 * HOUR)).toBe(0); // Fri 23:00
    expect(delayUntilWindow(friNight, MONDAY, 5 * DAY + HOUR)).toBe(0); // Sat 01:00
    expect(delayUntilWindow(friNight, MONDAY, 5 * DAY + 2 * HOUR)).toBe(6 * DAY + 20 * HOUR); // Sat 02:00 → next Fri 22:00
    expect(delayUntilWindow(friNight, MONDAY, 0)).toBe(4 * DAY + 22 * HOUR); // Mon 00:00: Sunday had no window
  });

  it('works from any startsAt, not only midnight', () => {
    const startsAt = Date.UTC(2026, 2, 3, 17, 45); // Tue 17:45
    expect(delayUntilWindow(weekdays, startsAt, 0)).toBe(8 * HOUR + 15 * MINUTE);
  });

  it('agrees with a minute-by-minute reference: the window is open at now + delay and closed just before', () => {
    const dayArb = fc.subarray(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as Weekday[], { minLength: 1 });
    const hhmm = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
    fc.assert(fc.property(dayArb, hhmm, hhmm, fc.integer({ min: 0, max: 14 * DAY }), fc.integer({ min: 0, max: 365 * DAY }), (days, start, end, now, offset) => {
      fc.pre(start !== end);
      const w = window(days, start, end);
      const startsAt = MONDAY + offset - (offset % MINUTE);
      const delay = delayUntilWindow(w, startsAt, now);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThanOrEqual(7 * DAY);
      expect(openAt(w, startsAt + now + delay)).toBe(true);
      if (delay > 0) expect(openAt(w, startsAt + now + delay - 1)).toBe(false);
      // Nothing opens in between (checked each minute boundary).
      for (let t = startsAt + now - ((startsAt + now) % MINUTE) + MINUTE; t < startsAt + now + delay; t += 30 * MINUTE) expect(openAt(w, t)).toBe(false);
    }), { numRuns: 300 });
  });
});

describe('judgeGate', () => {
  const healthy = { allReady: true, shortCircuits: 0, remediations: 0 };
  it('healthy: Nodes not Ready → wait; a short-circuit → halt; remediations alone are fine', () => {
    expect(judgeGate('healthy', healthy)).toBe('open');
    expect(judgeGate('healthy', { ...healthy, allReady: false })).toBe('wait');
    expect(judgeGate('healthy', { ...healthy, shortCircuits: 1 })).toBe('halt');
    expect(judgeGate('healthy', { ...healthy, remediations: 9 })).toBe('open');
  });

  it('an error budget halts once remediations exceed it', () => {
    expect(judgeGate({ maxRemediations: 2 }, { ...healthy, remediations: 2 })).toBe('open');
    expect(judgeGate({ maxRemediations: 2 }, { ...healthy, remediations: 3 })).toBe('halt');
    expect(judgeGate({ maxRemediations: 2 }, { ...healthy, allReady: false })).toBe('open');
    expect(judgeGate({ allReady: true, maxRemediations: 2 }, { ...healthy, allReady: false })).toBe('wait');
    expect(judgeGate({ noShortCircuit: true }, { ...healthy, shortCircuits: 1 })).toBe('halt');
    expect(judgeGate({}, { allReady: false, shortCircuits: 4, remediations: 50 })).toBe('open');
  });

  it('none always opens', () => {
    expect(judgeGate('none', { allReady: false, shortCircuits: 3, remediations: 3 })).toBe('open');
  });
});

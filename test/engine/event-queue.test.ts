import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EventQueue } from '../../src/engine/event-queue.js';
import { Simulation } from '../../src/engine/simulation.js';

describe('EventQueue', () => {
  it('pops events in time order', () => {
    const queue = new EventQueue();
    for (const t of [50, 10, 40, 20, 30]) queue.push(t, () => {}, t);
    const out: number[] = [];
    for (let e = queue.pop(); e !== undefined; e = queue.pop()) out.push(e.time);
    expect(out).toEqual([10, 20, 30, 40, 50]);
  });

  it('breaks ties by insertion sequence', () => {
    const queue = new EventQueue();
    const labels = ['a', 'b', 'c', 'd', 'e', 'f'];
    for (const label of labels) queue.push(100, () => {}, label);
    queue.push(50, () => {}, 'first');
    const out: string[] = [];
    for (let e = queue.pop(); e !== undefined; e = queue.pop()) out.push(e.payload as string);
    expect(out).toEqual(['first', ...labels]);
  });

  it('orders any mix of times by (time, sequence)', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 300 }), (times) => {
      const queue = new EventQueue();
      times.forEach((t, i) => queue.push(t, () => {}, i));
      const popped: Array<[number, number]> = [];
      for (let e = queue.pop(); e !== undefined; e = queue.pop()) popped.push([e.time, e.payload as number]);
      const expected = times.map((t, i) => [t, i] as [number, number]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      expect(popped).toEqual(expected);
    }), { seed: 7, numRuns: 100 });
  });
});

describe('Simulation', () => {
  it('advances the clock to each event and runs events at the horizon', () => {
    const sim = new Simulation();
    const seen: number[] = [];
    for (const t of [5, 10, 15]) sim.at(t, (x: number) => seen.push(x * 1000 + sim.now), t);
    const result = sim.run({ horizon: 10 });
    expect(seen).toEqual([5005, 10010]);
    expect(result.reason).toBe('horizon');
    expect(sim.now).toBe(10);
  });

  it('skips cancelled events and stops at the event guard', () => {
    const sim = new Simulation();
    let fired = 0;
    const cancelled = sim.at(1, () => fired++, undefined);
    cancelled.cancel();
    const tick = (): void => { fired++; sim.after(1, tick, undefined); };
    sim.at(2, tick, undefined);
    const result = sim.run({ horizon: 1_000_000, maxEvents: 10 });
    expect(result.reason).toBe('eventLimit');
    expect(fired).toBe(10);
  });

  it('refuses non-integer times and clamps the past to now', () => {
    const sim = new Simulation();
    expect(() => sim.at(1.5, () => {}, undefined)).toThrow(/integer/);
    sim.at(10, () => sim.at(3, () => expect(sim.now).toBe(10), undefined), undefined);
    expect(sim.run({ horizon: 100 }).reason).toBe('drained');
  });
});

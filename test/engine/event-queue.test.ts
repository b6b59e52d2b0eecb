import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EventQueue } from '../../src/engine/event-queue.js';
import { Simulation, SimulationError } from '../../src/engine/simulation.js';

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

  it('refuses non-integer times, times in the past and negative delays', () => {
    const sim = new Simulation();
    expect(() => sim.at(1.5, () => {}, undefined)).toThrow(/integer/);
    expect(() => sim.after(-1, () => {}, undefined)).toThrow('cannot schedule an event after -1 ms at t=0: a delay must be a non-negative number');
    expect(() => sim.after(Number.NaN, () => {}, undefined)).toThrow(/non-negative/);
    const late = (): void => { sim.at(3, () => {}, undefined); };
    sim.at(10, late, undefined);
    expect(() => sim.run({ horizon: 100 })).toThrow('cannot schedule an event at t=3: it is already t=10');
  });

  it('rounds a fractional delay to the ms and runs a zero delay at the same instant', () => {
    const sim = new Simulation();
    const seen: number[] = [];
    sim.at(5, () => {
      sim.after(0, () => seen.push(sim.now), undefined);
      sim.after(2.4, () => seen.push(sim.now), undefined);
    }, undefined);
    sim.run({ horizon: 100 });
    expect(seen).toEqual([5, 7]);
  });

  it('says when, in which handler and with what payload an event handler threw', () => {
    const sim = new Simulation();
    const reconcile = (payload: { key: string; attempt: number }): void => {
      throw new Error(`no such object ${payload.key}`);
    };
    sim.at(90_500, reconcile, { key: 'Machine/fleet/m-1', attempt: 2 });
    let thrown: unknown;
    try {
      sim.run({ horizon: 100_000 });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SimulationError);
    const error = thrown as SimulationError;
    expect(error.message).toBe('at t=1m30.5s (90500 ms) reconcile() with payload { key: "Machine/fleet/m-1", attempt: 2 } threw: no such object Machine/fleet/m-1');
    expect(error.time).toBe(90_500);
    expect((error.cause as Error).message).toBe('no such object Machine/fleet/m-1');
    expect(sim.now).toBe(90_500);
  });
});

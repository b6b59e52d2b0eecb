/**
 * Engine throughput: a synthetic model keeps `pending` events in the queue; each event schedules
 * one more at a pseudo-random delay. The same work runs on fleetsim's Simulation and on a minimal
 * hand-written binary heap of (time, seq) records, and the ratio of their event rates is reported.
 */

import { Simulation } from '../src/engine/simulation.js';

/** xorshift32: the same delays for both loops without touching the simulation's streams. */
function delays(count: number): Uint32Array {
  const out = new Uint32Array(count);
  let x = 2463534242;
  for (let i = 0; i < count; i++) {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    out[i] = 1 + (x % 10_000);
  }
  return out;
}

interface Item { t: number; seq: number; payload: number }

/** The minimal loop: an array heap ordered by (t, seq), popping and pushing plain records. */
function minimalLoop(pending: number, total: number, d: Uint32Array): number {
  const heap: Item[] = [];
  let seq = 0;
  let sum = 0;
  const push = (item: Item): void => {
    let i = heap.length;
    heap.push(item);
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = heap[p] as Item;
      if (parent.t < item.t || (parent.t === item.t && parent.seq < item.seq)) break;
      heap[i] = parent;
      i = p;
    }
    heap[i] = item;
  };
  const pop = (): Item => {
    const top = heap[0] as Item;
    const last = heap.pop() as Item;
    const n = heap.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        let c = l;
        let child = heap[l] as Item;
        if (l + 1 < n) {
          const r = heap[l + 1] as Item;
          if (r.t < child.t || (r.t === child.t && r.seq < child.seq)) { c = l + 1; child = r; }
        }
        if (last.t < child.t || (last.t === child.t && last.seq < child.seq)) break;
        heap[i] = child;
        i = c;
      }
      heap[i] = last;
    }
    return top;
  };
  let k = 0;
  for (let i = 0; i < pending; i++) push({ t: d[k++ % d.length] as number, seq: seq++, payload: i });
  for (let i = 0; i < total; i++) {
    const item = pop();
    sum += item.payload;
    push({ t: item.t + (d[k++ % d.length] as number), seq: seq++, payload: item.payload });
  }
  return sum;
}

function engineLoop(pending: number, total: number, d: Uint32Array): number {
  const sim = new Simulation();
  let k = 0;
  let sum = 0;
  const handler = (payload: number): void => {
    sum += payload;
    sim.after(d[k++ % d.length] as number, handler, payload);
  };
  for (let i = 0; i < pending; i++) sim.at(d[k++ % d.length] as number, handler, i);
  sim.run({ horizon: Number.MAX_SAFE_INTEGER, maxEvents: total });
  return sum;
}

export interface EngineBenchRow {
  pending: number;
  events: number;
  engineEventsPerSecond: number;
  minimalEventsPerSecond: number;
  ratio: number;
}

function timeIt(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

export function engineBench(pendings: number[] = [1e3, 1e5, 1e6], events = 2_000_000): EngineBenchRow[] {
  const d = delays(1 << 20);
  const rows: EngineBenchRow[] = [];
  for (const pending of pendings) {
    // Warm both loops once, then time them interleaved, best of three each.
    minimalLoop(Math.min(pending, 1000), 100_000, d);
    engineLoop(Math.min(pending, 1000), 100_000, d);
    let bestEngine = Infinity;
    let bestMinimal = Infinity;
    for (let rep = 0; rep < 3; rep++) {
      bestMinimal = Math.min(bestMinimal, timeIt(() => minimalLoop(pending, events, d)));
      bestEngine = Math.min(bestEngine, timeIt(() => engineLoop(pending, events, d)));
    }
    rows.push({
      pending, events,
      engineEventsPerSecond: events / bestEngine,
      minimalEventsPerSecond: events / bestMinimal,
      ratio: bestMinimal / bestEngine,
    });
  }
  return rows;
}

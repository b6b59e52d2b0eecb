/**
 * Spans of simulated time, `[start, end)` in integer ms, and the one operation the time accounting
 * needs: painting a window with layers in priority order, so every instant is counted once, by the
 * first layer that covers it, and what no layer covers is left over. The parts therefore add up to
 * the window exactly.
 */

import type { Millis } from '../engine/duration.js';

export type Span = readonly [Millis, Millis];

/** Sorted, merged, without empty spans. */
export function union(spans: readonly Span[]): Span[] {
  const sorted = spans.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const out: [Millis, Millis][] = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

function total(spans: readonly Span[]): Millis {
  return spans.reduce((sum, [a, b]) => sum + (b - a), 0);
}

/** `free` minus `cover` (both sorted and merged): what stays free, and how much `cover` took. */
function subtract(free: readonly Span[], cover: readonly Span[]): { rest: Span[]; taken: Millis } {
  const rest: Span[] = [];
  let j = 0;
  for (const [a, b] of free) {
    let start = a;
    while (j < cover.length && (cover[j] as Span)[1] <= start) j++;
    let k = j;
    while (k < cover.length && (cover[k] as Span)[0] < b) {
      const [ca, cb] = cover[k] as Span;
      if (ca > start) rest.push([start, ca]);
      start = Math.max(start, cb);
      if (start >= b) break;
      k++;
    }
    if (start < b) rest.push([start, b]);
  }
  return { rest, taken: total(free) - total(rest) };
}

export interface Layer<P extends string> {
  part: P;
  /** Sorted and merged (`union`). */
  spans: readonly Span[];
}

/**
 * How much of `[from, to)` each layer covers where no earlier layer does, and what is left for
 * `rest`. The amounts add up to `to − from`.
 */
export function paint<P extends string>(from: Millis, to: Millis, layers: readonly Layer<P>[], rest: P): Map<P, Millis> {
  const amounts = new Map<P, Millis>();
  let free: Span[] = to > from ? [[from, to]] : [];
  for (const layer of layers) {
    if (free.length === 0) break;
    const { rest: left, taken } = subtract(free, layer.spans);
    if (taken > 0) amounts.set(layer.part, (amounts.get(layer.part) ?? 0) + taken);
    free = left;
  }
  const leftover = total(free);
  if (leftover > 0) amounts.set(rest, (amounts.get(rest) ?? 0) + leftover);
  return amounts;
}

/**
 * Keeps series small enough for a page and free of points closer than the time axis can tell
 * apart: one point per time bucket of `width` ms. A bucket's point starts from the state carried
 * into the bucket (the previous point) and folds in every point inside it with `combine`, so a
 * dip inside a bucket is kept when `combine` keeps minima.
 */

import type { Millis } from '../../engine/duration.js';
import type { TimeAxis } from './time-axis.js';

/** The bucket width that gives at most about `maxPoints` points and never splits below the axis's resolution. */
export function bucketWidthFor(axis: TimeAxis, maxPoints: number): Millis {
  return Math.max(axis.resolution, Math.ceil(axis.endMs / maxPoints));
}

/** `combine(into, later)` returns the bucket's point after folding in a later point of the same bucket. */
export function downsample<P extends { t: Millis }>(points: readonly P[], width: Millis, combine: (into: P, later: P) => P): P[] {
  const out: P[] = [];
  let current: P | undefined;
  let bucket = -1;
  for (let i = 0; i < points.length; i++) {
    const point = points[i] as P;
    const b = Math.floor(point.t / width);
    if (current !== undefined && b === bucket) {
      current = combine(current, point);
      continue;
    }
    if (current !== undefined) out.push(current);
    const start = b * width;
    const previous = points[i - 1];
    current = previous !== undefined && point.t > start ? combine({ ...previous, t: start }, point) : { ...point, t: start };
    bucket = b;
  }
  if (current !== undefined) out.push(current);
  return out;
}

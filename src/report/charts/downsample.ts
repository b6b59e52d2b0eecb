/**
 * Keeps series small enough for a page and free of points closer than the time axis can tell
 * apart: one point per time bucket of `width` ms. A bucket's point starts from the state carried
 * into the bucket (the previous point) and folds in every point inside it with `combine`, so a
 * dip inside a bucket is kept when `combine` keeps minima. When the state at the end of a bucket
 * differs from the bucket's point and no point follows in the next bucket, the end state is added
 * at the next bucket's start, so a step chart returns to where the series really went.
 */

import type { Millis } from '../../engine/duration.js';
import type { TimeAxis } from './time-axis.js';

/** The bucket width that gives at most about `maxPoints` points and never splits below the axis's resolution. */
export function bucketWidthFor(axis: TimeAxis, maxPoints: number): Millis {
  return Math.max(axis.resolution, Math.ceil(axis.endMs / maxPoints));
}

function sameValues<P extends { t: Millis }>(a: P, b: P): boolean {
  return JSON.stringify({ ...a, t: 0 }) === JSON.stringify({ ...b, t: 0 });
}

/** `combine(into, later)` returns the bucket's point after folding in a later point of the same bucket. */
export function downsample<P extends { t: Millis }>(points: readonly P[], width: Millis, combine: (into: P, later: P) => P): P[] {
  const out: P[] = [];
  let current: P | undefined;
  let last: P | undefined;
  let bucket = -1;
  const close = (nextBucket: number): void => {
    if (current === undefined || last === undefined) return;
    out.push(current);
    if (nextBucket > bucket + 1 && !sameValues(current, last)) out.push({ ...last, t: (bucket + 1) * width });
  };
  for (let i = 0; i < points.length; i++) {
    const point = points[i] as P;
    const b = Math.floor(point.t / width);
    if (current !== undefined && b === bucket) {
      current = combine(current, point);
      last = point;
      continue;
    }
    close(b);
    const start = b * width;
    const previous = points[i - 1];
    current = previous !== undefined && point.t > start ? combine({ ...previous, t: start }, point) : { ...point, t: start };
    last = point;
    bucket = b;
  }
  close(Number.POSITIVE_INFINITY);
  return out;
}

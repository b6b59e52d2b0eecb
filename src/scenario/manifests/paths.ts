/** Reading a path (`['spec', 'template', 0]`) inside a manifest object without trusting its shape. */

import type { PathSegment } from '../issues.js';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The value at `path`, or undefined when the object does not have it. */
export function getPath(value: unknown, path: readonly PathSegment[]): unknown {
  let current = value;
  for (const segment of path) {
    if (Array.isArray(current) && typeof segment === 'number') current = current[segment];
    else if (isRecord(current) && typeof segment === 'string') current = current[segment];
    else return undefined;
  }
  return current;
}

/** The first path (v1beta2 first, then v1beta1) that holds a value. */
export function firstPath(value: unknown, paths: PathSegment[][]): PathSegment[] | undefined {
  return paths.find((path) => getPath(value, path) !== undefined);
}

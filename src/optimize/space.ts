/**
 * Which candidates the search tries. A list parameter contributes every value; a range `FROM..TO`
 * first contributes a coarse grid of COARSE_POINTS evenly spaced values (ends included), and then,
 * stage by stage, the value halfway between the best candidate's and its nearest tried neighbour
 * on each side, holding the other parameters at the best's values: a coarse-to-fine line search
 * per range, a bisection that brackets the optimum (a coordinate search: Hooke & Jeeves, "Direct
 * search solution of numerical and statistical problems", J. ACM 1961, with a halving step). It finds the best value of a range
 * without running every value when the response along it is unimodal (smooth, one dip); a jagged
 * response can hide a better value between tried ones, which the report shows (values never run).
 */

import type { SearchParameter } from './parameters.js';
import { allValues, valueCount } from './parameters.js';

/** Values of a range tried in the first stage. */
export const COARSE_POINTS = 5;

export type Point = readonly unknown[];

/** The first stage's values of one parameter. */
export function coarseValues(parameter: SearchParameter): unknown[] {
  if (parameter.kind === 'list' || valueCount(parameter) <= COARSE_POINTS) return allValues(parameter);
  const { from, to } = parameter;
  const values = new Set<number>();
  for (let i = 0; i < COARSE_POINTS; i++) values.add(from + Math.round((i * (to - from)) / (COARSE_POINTS - 1)));
  return [...values];
}

/** The cross product of every parameter's first-stage values, first parameter outermost. */
export function coarseGrid(parameters: readonly SearchParameter[]): Point[] {
  let points: unknown[][] = [[]];
  for (const parameter of parameters) {
    const values = coarseValues(parameter);
    points = points.flatMap((point) => values.map((value) => [...point, value]));
  }
  return points;
}

/** The number of points in the whole grid (every value of every parameter). */
export function gridSize(parameters: readonly SearchParameter[]): number {
  return parameters.reduce((n, p) => n * valueCount(p), 1);
}

export function pointKey(point: Point): string {
  return JSON.stringify(point);
}

/** The values of parameter `d` tried so far, ascending: on the line through `best` along d, or anywhere. */
function tried(d: number, best: Point | undefined, points: readonly Point[]): number[] {
  const values = new Set<number>();
  const keys = best?.map((v) => pointKey([v]));
  for (const point of points) {
    if (keys === undefined || point.every((value, j) => j === d || pointKey([value]) === keys[j])) values.add(point[d] as number);
  }
  return [...values].sort((a, b) => a - b);
}

/** The nearest value below and above `x`. */
function neighbours(x: number, values: readonly number[]): { below?: number; above?: number } {
  let below: number | undefined;
  let above: number | undefined;
  for (const v of values) {
    if (v < x) below = v;
    else if (v > x && above === undefined) above = v;
  }
  return { ...(below === undefined ? {} : { below }), ...(above === undefined ? {} : { above }) };
}

/**
 * The values to try next along range `d` from `best`, one per side: where the line through `best`
 * is coarser than the values tried elsewhere (the best moved to a new row), the nearest value
 * tried elsewhere; else the midpoint towards the line's nearest tried value, rounded towards
 * `best`, when an untried value lies between them.
 */
function nextAlong(d: number, best: Point, points: readonly Point[]): { values: number[]; steps: number } {
  const x = best[d] as number;
  const line = neighbours(x, tried(d, best, points));
  const anywhere = neighbours(x, tried(d, undefined, points));
  const values: number[] = [];
  let steps = 0;
  for (const side of ['below', 'above'] as const) {
    const near = anywhere[side];
    const onLine = line[side];
    if (near === undefined) continue;
    const gap = Math.abs(near - x);
    if (onLine !== near) {
      values.push(near);
      steps += 1 + (gap >= 2 ? Math.ceil(Math.log2(gap)) : 0);
    } else if (gap >= 2) {
      values.push(side === 'below' ? Math.ceil((near + x) / 2) : Math.floor((x + near) / 2));
      steps += Math.ceil(Math.log2(gap));
    }
  }
  return { values, steps };
}

/** The next stage's new points around `best`: per range, one step towards each side (see nextAlong), the other parameters at the best's values. */
export function refinements(parameters: readonly SearchParameter[], best: Point, points: readonly Point[]): Point[] {
  const known = new Set(points.map(pointKey));
  const out: Point[] = [];
  parameters.forEach((parameter, d) => {
    if (parameter.kind !== 'range') return;
    for (const value of nextAlong(d, best, points).values) {
      const point = best.map((v, j) => (j === d ? value : v));
      const key = pointKey(point);
      if (!known.has(key)) {
        known.add(key);
        out.push(point);
      }
    }
  });
  return out;
}

/** How many more refinement points the search may still add around `best` (steps left on each side of each range). */
export function refinementsLeft(parameters: readonly SearchParameter[], best: Point, points: readonly Point[]): number {
  let left = 0;
  parameters.forEach((parameter, d) => {
    if (parameter.kind === 'range') left += nextAlong(d, best, points).steps;
  });
  return left;
}

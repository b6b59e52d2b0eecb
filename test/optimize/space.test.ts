/** The coarse-to-fine search over ranges: on a response with one dip it finds the best value without trying every one. */

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseVaryArgument, type SearchParameter } from '../../src/optimize/parameters.js';
import { coarseGrid, coarseValues, refinements, refinementsLeft, type Point } from '../../src/optimize/space.js';

/** Runs the stages with an exact response: the best tried point, then its refinements, until there are none. */
function search(parameters: SearchParameter[], f: (point: Point) => number): { best: Point; tried: Point[] } {
  const tried: Point[] = coarseGrid(parameters);
  for (;;) {
    const best = tried.reduce((b, p) => (f(p) < f(b) ? p : b));
    const next = refinements(parameters, best, tried);
    if (next.length === 0) {
      expect(refinementsLeft(parameters, best, tried)).toBe(0);
      return { best, tried };
    }
    tried.push(...next);
  }
}

describe('search space', () => {
  it('starts a range with five evenly spaced values, a list with all of them', () => {
    expect(coarseValues(parseVaryArgument('a=2..14'))).toEqual([2, 5, 8, 11, 14]);
    expect(coarseValues(parseVaryArgument('a=1..4'))).toEqual([1, 2, 3, 4]);
    expect(coarseValues(parseVaryArgument('a=0m,5m,15m'))).toEqual(['0m', '5m', '15m']);
    expect(coarseGrid([parseVaryArgument('a=1..3'), parseVaryArgument('b=x,y')])).toEqual([[1, 'x'], [1, 'y'], [2, 'x'], [2, 'y'], [3, 'x'], [3, 'y']]);
  });

  it('refines around the best value, halfway towards each tried neighbour', () => {
    const size = parseVaryArgument('a=2..14');
    const pause = parseVaryArgument('b=0m,15m');
    const tried = coarseGrid([size, pause]);
    expect(refinements([size, pause], [8, '15m'], tried)).toEqual([[7, '15m'], [9, '15m']]);
    expect(refinements([size, pause], [14, '0m'], tried)).toEqual([[13, '0m']]);
    // 13 is as close as it gets to 14; 12 lies between 11 and 13, which are both worse than 14.
    expect(refinements([size, pause], [14, '0m'], [...tried, [13, '0m']])).toEqual([]);
    expect(refinements([size, pause], [13, '0m'], [...tried, [13, '0m']])).toEqual([[12, '0m']]);
    // A best point off the coarse rows is first filled in at the resolution tried elsewhere.
    expect(refinements([size, pause], [13, '15m'], [...tried, [13, '0m'], [12, '0m'], [13, '15m']])).toEqual([[12, '15m']]);
  });

  it('finds the lowest point of any response with one dip, trying fewer values than the range has', () => {
    fc.assert(fc.property(fc.integer({ min: -50, max: 50 }), fc.integer({ min: 6, max: 300 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0.1, max: 5, noNaN: true }), fc.double({ min: 0.1, max: 5, noNaN: true }), (from, length, at, left, right) => {
      const to = from + length - 1;
      const optimum = from + Math.floor(at * (length - 1));
      // Strictly falling to the optimum, strictly rising after it, at different slopes on each side.
      const f = (point: Point) => {
        const x = point[0] as number;
        return x < optimum ? (optimum - x) * left : (x - optimum) * right;
      };
      const { best, tried } = search([parseVaryArgument(`a=${from}..${to}`)], f);
      expect(best[0]).toBe(optimum);
      if (length >= 12) expect(tried.length).toBeLessThan(length);
      expect(tried.length).toBeLessThanOrEqual(5 + 2 * Math.ceil(Math.log2(length)) + 2);
    }), { numRuns: 300 });
  });

  it('finds the best point of two ranges and a list when their effects add up', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 2 }), (ox, oy, oz) => {
      const parameters = [parseVaryArgument('x=1..20'), parseVaryArgument('y=1..40'), parseVaryArgument('z=a,b,c')];
      const f = (p: Point) => Math.abs((p[0] as number) - ox) * 3 + Math.abs((p[1] as number) - oy) + (['a', 'b', 'c'].indexOf(p[2] as string) === oz ? 0 : 100);
      const { best, tried } = search(parameters, f);
      expect(best).toEqual([ox, oy, ['a', 'b', 'c'][oz]]);
      expect(tried.length).toBeLessThan(20 * 40 * 3 / 10);
    }), { numRuns: 100 });
  });
});

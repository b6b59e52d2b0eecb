import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatSeeds, parseSeeds, SeedSpecError } from '../../src/sweep/seeds.js';

describe('seed lists', () => {
  it('reads a count as seeds 1…N', () => {
    expect(parseSeeds('5')).toEqual([1, 2, 3, 4, 5]);
    expect(parseSeeds(3)).toEqual([1, 2, 3]);
    expect(parseSeeds('1000')).toHaveLength(1000);
  });

  it('reads lists and inclusive ranges, sorted and without duplicates', () => {
    expect(parseSeeds('17,42,100-103')).toEqual([17, 42, 100, 101, 102, 103]);
    expect(parseSeeds('9, 3-4, 3, 0')).toEqual([0, 3, 4, 9]);
  });

  it('refuses what is not a seed list, naming the flag', () => {
    for (const bad of ['0', '', 'abc', '5-3', '1,,2', '-4', '1.5', '99999999999999999999']) {
      expect(() => parseSeeds(bad), bad).toThrow(SeedSpecError);
      expect(() => parseSeeds(bad), bad).toThrow(/--seeds/);
    }
    expect(() => parseSeeds('0')).toThrow(/at least 1 seed/);
  });

  it('prints the shortest list that reads back the same', () => {
    expect(formatSeeds([1, 2, 3, 4])).toBe('1-4');
    expect(formatSeeds([17, 42, 100, 101, 102])).toBe('17,42,100-102');
    expect(formatSeeds([5, 6])).toBe('5,6');
    fc.assert(fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 300 }), { minLength: 1, maxLength: 60 }), (seeds) => {
      const sorted = [...seeds].sort((a, b) => a - b);
      expect(parseSeeds(formatSeeds(sorted))).toEqual(sorted);
    }));
  });
});

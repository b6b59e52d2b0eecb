import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatDuration, parseDuration } from '../../src/engine/duration.js';

describe('durations', () => {
  it.each([
    ['90s', 90_000], ['5m', 300_000], ['1h30m', 5_400_000], ['2d', 172_800_000], ['250ms', 250],
    ['1.5h', 5_400_000], ['1d2h3m4s5ms', 93_784_005], [1500, 1500], ['0', 0], ['5', 5], [' 10s ', 10_000],
  ])('parses %s', (input, ms) => {
    expect(parseDuration(input)).toBe(ms);
  });

  it.each(['', 'abc', '-5s', '5x', '1h1h', '10 s', 'h', 1.5, -1])('rejects %s with a message', (input) => {
    const result = parseDuration(input);
    expect(typeof result).toBe('object');
    expect((result as { error: string }).error).toMatch(/expected|twice|longer/);
  });

  it('formats exactly and round-trips', () => {
    expect(formatDuration(5_400_000)).toBe('1h30m');
    expect(formatDuration(1500)).toBe('1.5s');
    expect(formatDuration(250)).toBe('250ms');
    expect(formatDuration(0)).toBe('0s');
    fc.assert(fc.property(fc.integer({ min: 0, max: 10 * 24 * 3600 * 1000 }), (ms) => {
      expect(parseDuration(formatDuration(ms))).toBe(ms);
    }), { seed: 1, numRuns: 500 });
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatElapsed, parseDuration } from '../../src/engine/duration.js';

describe('formatElapsed: the one duration format of the reports', () => {
  it('writes every unit below the largest with two digits', () => {
    expect(formatElapsed(3 * 3_600_000 + 18_458)).toBe('3h00m18s');
    expect(formatElapsed(245_000)).toBe('4m05s');
    expect(formatElapsed(12_500)).toBe('12.5s');
    expect(formatElapsed(350)).toBe('350ms');
    expect(formatElapsed(0)).toBe('0ms');
    expect(formatElapsed(59_970)).toBe('1m00s');
    expect(formatElapsed(2 * 86_400_000 + 3 * 3_600_000)).toBe('2d03h00m');
  });

  it('reads back as a duration within the rounding it shows', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 20 * 86_400_000 }), (ms) => {
      const text = formatElapsed(ms);
      const back = parseDuration(text);
      expect(typeof back).toBe('number');
      const tolerance = ms < 1000 ? 1 : ms < 60_000 ? 50 : ms < 86_400_000 ? 500 : 60_000;
      expect(Math.abs((back as number) - ms)).toBeLessThanOrEqual(tolerance);
    }));
  });
});

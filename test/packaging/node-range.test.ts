import { describe, expect, it } from 'vitest';
import { satisfies } from './node-range.js';

describe('engines ranges', () => {
  it('reads the forms package-lock.json holds', () => {
    const yes: Array<[string, string]> = [
      ['20.19.0', '>=20.19'], ['20.19.0', '>=18'], ['20.19.0', '^20.19.0 || >=22.12.0'], ['20.19.0', '>= 14.6'],
      ['20.19.0', '6.* || 8.* || >= 10.*'], ['20.19.0', '^10 || ^12 || >=14'], ['20.19.0', '^20.0.0 || ^22.0.0 || >=24.0.0'],
    ];
    const no: Array<[string, string]> = [['20.19.0', '>=22'], ['20.19.0', '^22.13.0 || >=23.5.0'], ['20.19.0', '^20.20.0'], ['20.19.0', '8.*'], ['20.19.0', '~20.18.1']];
    for (const [v, range] of yes) expect(satisfies(v, range), range).toBe(true);
    for (const [v, range] of no) expect(satisfies(v, range), range).toBe(false);
  });
});

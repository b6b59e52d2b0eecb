/**
 * Issue 19: a fixed budget of hostile-input cases in CI (mutants of the example scenarios and the
 * seed CAPI manifests, test/reliability/fuzz/mutants.ts): none may crash, and every error of a
 * scenario text has a position. `npm run fuzz:long` runs 100,000 of them with a hang detector.
 */

import { afterAll, describe, expect, it } from 'vitest';
import { mutant, sources } from './fuzz/mutants.js';
import { removeScratch, runCase } from './fuzz/harness.js';

afterAll(removeScratch);

/** Cases per CI run: about 10 s here. Case numbers are fixed, so a failure replays by its number. */
const CASES = 150;

describe('hostile-input fuzz', () => {
  it(`${CASES} mutants: no crash, no error without a position, and some validate and simulate`, () => {
    const list = sources();
    let validated = 0;
    let simulated = 0;
    const failures: string[] = [];
    for (let n = 0; n < CASES; n++) {
      const m = mutant(n, list);
      const outcome = runCase(m);
      if (outcome.validated) validated++;
      if (outcome.simulated) simulated++;
      if (outcome.crash !== undefined) failures.push(`case ${n} (${m.source.name}, ${m.how}): ${outcome.crash.split('\n')[0]}`);
      if (outcome.errorsWithoutPosition > 0) failures.push(`case ${n} (${m.source.name}, ${m.how}): ${outcome.errorsWithoutPosition} errors without a position`);
    }
    expect(failures).toEqual([]);
    expect(validated).toBeGreaterThan(CASES / 20);
    expect(simulated).toBeGreaterThan(0);
  }, 300_000);
});

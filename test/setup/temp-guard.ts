/**
 * Vitest global setup: the test run gets a temp dir of its own (TMPDIR, which os.tmpdir() and the
 * child processes the tests start read), so nothing a test writes reaches the system temp dir, and
 * at the end anything a test left there fails the run (exit 1), by name. Tools' caches (tsx) are not a
 * test's leftovers and are removed with the directory.
 */

import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CACHES = /^tsx-\d+$/;

export default function setup(): () => void {
  // Each project runs the global setup; the first one makes the directory for the whole run.
  if (process.env.FLEETSIM_TEST_TMPDIR !== undefined) return () => {};
  const dir = mkdtempSync(join(tmpdir(), 'fleetsim-test-run-'));
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  process.env.FLEETSIM_TEST_TMPDIR = dir;
  return () => {
    delete process.env.FLEETSIM_TEST_TMPDIR;
    const left = readdirSync(dir).filter((name) => !CACHES.test(name));
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    if (left.length > 0) {
      // Vitest reports an error thrown here but still exits 0: fail the run by its exit code.
      console.error(`\nFAIL: tests left ${left.length} entr${left.length === 1 ? 'y' : 'ies'} in the temp dir (use tempDir() from test/helpers/temp.ts): ${left.sort().join(', ')}`);
      process.exitCode = 1;
    }
  };
}

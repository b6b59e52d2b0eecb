/**
 * Temporary directories for tests that remove themselves: when the test that made one finishes,
 * or, for a directory made at module or hook level, after the file's tests. Every test that needs a
 * scratch directory uses this, so a run leaves nothing in the temp dir (test/setup/temp-guard.ts
 * checks that).
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, onTestFinished } from 'vitest';

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}

/**
 * A fresh directory `<tmp>/<prefix>XXXXXX`, removed when the current test ends; made at a file's
 * top level, removed after the file's tests. (Not from a beforeAll: a hook cannot add hooks.)
 */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  try {
    onTestFinished(() => removeDir(dir));
  } catch {
    // Not inside a test: at a file's top level.
    afterAll(() => removeDir(dir));
  }
  return dir;
}

/**
 * Temporary files for atomic writes: a unique name next to the final one, created exclusively
 * (`O_CREAT | O_EXCL | O_NOFOLLOW`: never an existing file, never through a planted symlink), and
 * renamed into place (a rename replaces a symlink at the final name; it never writes through it).
 * `<file>.tmp-<pid>` was shared by every pod of an Indexed Job, which all run as PID 1. Files
 * still open when SIGINT or SIGTERM arrives are removed before the process exits, once the CLI has
 * called `removeTemporariesOnSignals`.
 */

import { randomBytes } from 'node:crypto';
import { constants, lstatSync, openSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export class OutputError extends Error {}

const live = new Set<string>();
let onSignals = false;
const handlers = new Map<NodeJS.Signals, () => void>();

/** The CLI's choice: remove live temporary files on SIGINT/SIGTERM, then exit 128 + the signal number. */
export function removeTemporariesOnSignals(): void {
  onSignals = true;
}

function signalHandler(code: number): () => void {
  return () => {
    for (const path of live) rmSync(path, { force: true });
    live.clear();
    process.exit(code);
  };
}

/**
 * Handlers are installed only while a temporary file exists, so a long synchronous simulation
 * (which has none) still stops at once on Ctrl-C.
 */
function track(path: string): void {
  live.add(path);
  if (onSignals && handlers.size === 0) {
    for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
      const handler = signalHandler(code);
      handlers.set(signal, handler);
      process.on(signal, handler);
    }
  }
}

function untrack(path: string): void {
  live.delete(path);
  if (live.size === 0) {
    for (const [signal, handler] of handlers) process.off(signal, handler);
    handlers.clear();
  }
}

/**
 * Creates `.<name>.tmp-<random>` next to `path`, exclusively, and returns it open for writing.
 * The random part is not simulation state (nothing simulated or written depends on it).
 */
export function createTemporary(path: string): { temporary: string; fd: number } {
  const dir = dirname(path);
  for (let attempt = 0; ; attempt++) {
    const temporary = join(dir, `.${basename(path)}.tmp-${randomBytes(8).toString('hex')}`);
    try {
      const fd = openSync(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
      track(temporary);
      return { temporary, fd };
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST' || attempt >= 16) throw error;
    }
  }
}

/** Renames a finished temporary file to `path` (replacing a file or a symlink there, never a directory). */
export function commitTemporary(temporary: string, path: string): void {
  try {
    const existing = lstatSync(path, { throwIfNoEntry: false });
    if (existing?.isDirectory()) throw new OutputError(`${path} is a directory; expected a file name to write`);
    renameSync(temporary, path);
  } finally {
    rmSync(temporary, { force: true });
    untrack(temporary);
  }
}

/** Gives up on a temporary file. */
export function abandonTemporary(temporary: string): void {
  rmSync(temporary, { force: true });
  untrack(temporary);
}


/**
 * Writes a run's files atomically: each goes to a temporary name in the same directory and is
 * renamed into place, so an interrupted run never leaves a half-written report (outputs.md).
 */

import { mkdirSync, openSync, renameSync, rmSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import type { TimelineEvent } from '../timeline/index.js';

function temporaryName(path: string): string {
  return `${path}.tmp-${process.pid}`;
}

export function writeFileAtomic(path: string, content: string): void {
  const temporary = temporaryName(path);
  try {
    const fd = openSync(temporary, 'w');
    try {
      writeSync(fd, content);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** timeline.jsonl: one event a line, written in chunks so a large timeline never becomes one huge string. */
export function writeTimelineAtomic(path: string, events: readonly TimelineEvent[]): void {
  const temporary = temporaryName(path);
  try {
    const fd = openSync(temporary, 'w');
    try {
      const chunk: string[] = [];
      for (const event of events) {
        chunk.push(JSON.stringify(event));
        if (chunk.length === 4096) {
          writeSync(fd, `${chunk.join('\n')}\n`);
          chunk.length = 0;
        }
      }
      if (chunk.length > 0) writeSync(fd, `${chunk.join('\n')}\n`);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** Writes each `[name, content]` into `dir` atomically (the directory exists); returns the paths. */
export function writeFilesAtomic(dir: string, files: ReadonlyArray<readonly [string, string]>): string[] {
  return files.map(([name, content]) => {
    const path = join(dir, name);
    writeFileAtomic(path, content);
    return path;
  });
}

export function ensureDirectory(dir: string): void {
  mkdirSync(dir, { recursive: true });
}

export { join };

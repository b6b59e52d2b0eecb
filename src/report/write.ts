/**
 * Writing output files safely on a shared volume (outputs.md: an interrupted run never leaves a
 * half-written report):
 * - each file is written to a temporary name in its own directory, unique and created exclusively
 *   (`wx`, O_CREAT|O_EXCL: never an existing file, never through a planted symlink), then renamed
 *   into place; a rename replaces a symlink at the final name, it never writes through it. Names
 *   like `<file>.tmp-<pid>` were shared by every pod of an Indexed Job (all PID 1) and by anyone
 *   who planted a link there;
 * - a set of files (a run's reports, a sweep's) is replaced as a set: the directory's
 *   `manifest.json` is removed first and written last, listing each file with its size and
 *   SHA-256, so a directory without it, or whose files do not match it, is incomplete;
 * - temporary files still open when SIGINT or SIGTERM arrives are removed before the process exits
 *   (with `removeTemporariesOnSignals`, which the CLI turns on).
 */

import { createHash } from 'node:crypto';
import { closeSync, unlinkSync, writeSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { TimelineEvent } from '../timeline/index.js';
import { FLEETSIM_VERSION } from '../version.js';
import { makeDirectory } from './output-location.js';
import { abandonTemporary, commitTemporary, createTemporary } from './temporary-files.js';

export { removeTemporariesOnSignals } from './temporary-files.js';

/** The file written last into an output directory: what the set holds. */
export const MANIFEST_FILE = 'manifest.json';

function writeAll(fd: number, content: string | Buffer): void {
  const buffer = typeof content === 'string' ? Buffer.from(content) : content;
  let offset = 0;
  while (offset < buffer.length) offset += writeSync(fd, buffer, offset, buffer.length - offset);
}

export function writeFileAtomic(path: string, content: string): void {
  const { temporary, fd } = createTemporary(path);
  try {
    try {
      writeAll(fd, content);
    } finally {
      closeSync(fd);
    }
    commitTemporary(temporary, path);
  } catch (error) {
    abandonTemporary(temporary);
    throw error;
  }
}

/** timeline.jsonl: one event a line, written in chunks so a large timeline never becomes one huge string. */
export function writeTimelineAtomic(path: string, events: readonly TimelineEvent[]): FileEntry {
  const { temporary, fd } = createTemporary(path);
  const hash = createHash('sha256');
  let bytes = 0;
  try {
    try {
      const chunk: string[] = [];
      const flush = () => {
        const buffer = Buffer.from(`${chunk.join('\n')}\n`);
        writeAll(fd, buffer);
        hash.update(buffer);
        bytes += buffer.length;
        chunk.length = 0;
      };
      for (const event of events) {
        chunk.push(JSON.stringify(event));
        if (chunk.length === 4096) flush();
      }
      if (chunk.length > 0) flush();
    } finally {
      closeSync(fd);
    }
    commitTemporary(temporary, path);
  } catch (error) {
    abandonTemporary(temporary);
    throw error;
  }
  return { name: basename(path), bytes, sha256: hash.digest('hex') };
}

/** One file of an output set, as manifest.json lists it. */
export interface FileEntry {
  name: string;
  bytes: number;
  sha256: string;
}

export function fileEntry(name: string, content: string | Buffer): FileEntry {
  const buffer = typeof content === 'string' ? Buffer.from(content) : content;
  return { name, bytes: buffer.length, sha256: createHash('sha256').update(buffer).digest('hex') };
}

/**
 * Starts replacing the file set of `dir`: its manifest goes first, so from now until
 * `finishFileSet` a reader sees the directory as incomplete.
 */
export function beginFileSet(dir: string): void {
  try {
    unlinkSync(join(dir, MANIFEST_FILE));
  } catch (error) {
    if ((error as { code?: string }).code !== 'ENOENT') throw error;
  }
}

/** Writes manifest.json last: the set in `dir` is complete. */
export function finishFileSet(dir: string, what: string, files: readonly FileEntry[]): string {
  const path = join(dir, MANIFEST_FILE);
  const sorted = [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  writeFileAtomic(path, `${JSON.stringify({ kind: 'fleetsim-output', fleetsimVersion: FLEETSIM_VERSION, what, files: sorted }, null, 2)}\n`);
  return path;
}

/** Writes each `[name, content]` into `dir` atomically (the directory exists); returns the paths and their entries. */
export function writeFilesAtomic(dir: string, files: ReadonlyArray<readonly [string, string]>): string[] {
  return writeFilesWithEntries(dir, files).paths;
}

export function writeFilesWithEntries(dir: string, files: ReadonlyArray<readonly [string, string]>): { paths: string[]; entries: FileEntry[] } {
  const paths: string[] = [];
  const entries: FileEntry[] = [];
  for (const [name, content] of files) {
    const path = join(dir, name);
    writeFileAtomic(path, content);
    paths.push(path);
    entries.push(fileEntry(name, content));
  }
  return { paths, entries };
}

/** Makes `dir` and its parents, one level at a time (output-location.ts). */
export function ensureDirectory(dir: string): void {
  makeDirectory(dir);
}

export { join };

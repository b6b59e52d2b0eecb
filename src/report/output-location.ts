/**
 * Where outputs go, checked before any work: an existing file, a symbolic link to a file, a
 * dangling link, a read-only directory or a place no directory can be made (/proc, /sys) is a bad
 * `--out`, refused at once with one line, not after a long run with an internal error. Node's
 * `mkdirSync({ recursive: true })` spins forever on /proc/x, so directories are made one level at
 * a time here.
 */

import { closeSync, lstatSync, mkdirSync, readlinkSync, statSync, type Stats } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { abandonTemporary, createTemporary } from './temporary-files.js';

export class OutputLocationError extends Error {}

function reason(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EROFS') return 'the file system is read-only';
  if (code === 'ENOENT') return 'no such place (a directory cannot be made there)';
  if (code === 'ENOTDIR') return 'a part of the path is a file, not a directory';
  if (code === 'ENOSPC') return 'no space left on the device';
  return (error as Error).message;
}

function describeLink(path: string): string {
  try {
    return ` (to ${readlinkSync(path)})`;
  } catch {
    return '';
  }
}

/** Why `path` cannot be used as a directory as it is now, or undefined (it is one, or nothing is there). */
function directoryProblem(path: string, stats: Stats | undefined): string | undefined {
  if (stats === undefined) return undefined;
  if (stats.isSymbolicLink()) {
    const target = statSync(path, { throwIfNoEntry: false });
    if (target === undefined) return `is a symbolic link to nothing${describeLink(path)}; expected a directory`;
    if (!target.isDirectory()) return `is a symbolic link to a file${describeLink(path)}; expected a directory`;
    return undefined;
  }
  if (!stats.isDirectory()) return 'is a file; expected a directory (a file is never replaced by a directory of reports)';
  return undefined;
}

/** Makes `dir` and any missing parents, one level at a time; throws OutputLocationError. */
export function makeDirectory(dir: string): void {
  const missing: string[] = [];
  let current = resolve(dir);
  for (;;) {
    let stats: Stats | undefined;
    try {
      stats = lstatSync(current, { throwIfNoEntry: false });
    } catch (error) {
      throw new OutputLocationError(`${current}: ${reason(error)}`);
    }
    const problem = directoryProblem(current, stats);
    if (problem !== undefined) throw new OutputLocationError(`${current} ${problem}`);
    if (stats !== undefined) break;
    missing.push(current);
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const path of missing.reverse()) {
    try {
      mkdirSync(path);
    } catch (error) {
      if ((error as { code?: string }).code === 'EEXIST' && statSync(path).isDirectory()) continue;
      throw new OutputLocationError(`cannot make the directory ${path}: ${reason(error)}`);
    }
  }
}

/** Can a file be created in `dir` (which exists)? A directory with no write bit counts as read-only, even for root. */
function writableProblem(dir: string): string | undefined {
  const stats = statSync(dir);
  if ((stats.mode & 0o222) === 0) return `${dir} is read-only (mode ${(stats.mode & 0o777).toString(8)})`;
  try {
    const { temporary, fd } = createTemporary(join(dir, '.fleetsim-write-check'));
    closeSync(fd);
    abandonTemporary(temporary);
  } catch (error) {
    return `cannot write in ${dir}: ${reason(error)}`;
  }
  return undefined;
}

/**
 * Makes sure reports can be written into `dir` (creating it and its parents); returns the problem
 * in one line, or undefined.
 */
export function prepareOutputDirectory(dir: string): string | undefined {
  try {
    const problem = directoryProblem(dir, lstatSync(dir, { throwIfNoEntry: false }));
    if (problem !== undefined) return `${dir} ${problem}`;
    makeDirectory(dir);
  } catch (error) {
    return error instanceof OutputLocationError ? error.message : `${dir}: ${reason(error)}`;
  }
  return writableProblem(dir);
}

/** Makes sure a file can be written at `path`: its directory exists and is writable, and it is no directory or link. */
export function prepareOutputFile(path: string): string | undefined {
  try {
    const stats = lstatSync(path, { throwIfNoEntry: false });
    if (stats?.isDirectory()) return `${path} is a directory; expected a file name`;
    if (stats?.isSymbolicLink()) return `${path} is a symbolic link${describeLink(path)}; refusing to replace it (give the file's own path)`;
    if (stats !== undefined && !stats.isFile()) return `${path} is not a regular file`;
    const dir = dirname(resolve(path));
    const parent = statSync(dir, { throwIfNoEntry: false });
    if (parent === undefined) return `the directory ${dirname(path)} does not exist; create it first`;
    if (!parent.isDirectory()) return `${dirname(path)} is not a directory`;
    return writableProblem(dir);
  } catch (error) {
    return `${path}: ${reason(error)}`;
  }
}

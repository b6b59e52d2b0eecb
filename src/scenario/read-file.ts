/**
 * Reading an input file with bounded work: only a regular file, opened without blocking (a FIFO or
 * /proc/kmsg would wait forever), and the size limit enforced while reading, since /proc and /sys
 * files report a size of 0 and then stream without end (/proc/self/pagemap grows to gigabytes).
 */

import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';

export type ReadFileResult = { ok: true; bytes: Buffer } | { ok: false; message: string };

const CHUNK = 1 << 16;

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a named pipe';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSocket()) return 'a socket';
  return 'a special file';
}

function mib(bytes: number): string {
  const value = bytes / 1024 / 1024;
  return `${Number.isInteger(value) ? value : value.toFixed(value < 1 ? 2 : 1)} MiB`;
}

/** What went wrong opening or reading, in a user's words (never a stack trace). */
export function readErrorMessage(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT') return 'file not found';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EAGAIN' || code === 'EWOULDBLOCK') return 'the file cannot be read without waiting (a special file?); expected a regular file';
  if (code === 'ELOOP') return 'too many levels of symbolic links';
  if (code === 'ENOTDIR') return 'a part of the path is not a directory';
  return `could not read the file: ${(error as Error).message}`;
}

/** The bytes of a regular file of at most `maxBytes`. */
export function readRegularFile(path: string, maxBytes: number): ReadFileResult {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return { ok: false, message: readErrorMessage(error) };
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return { ok: false, message: `expected a file, found ${kindOf(stats)}` };
    if (stats.size > maxBytes) return { ok: false, message: `file is ${mib(stats.size)}; the limit is ${mib(maxBytes)}` };
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(CHUNK);
      const read = readSync(fd, chunk, 0, CHUNK, null);
      if (read === 0) break;
      total += read;
      if (total > maxBytes) return { ok: false, message: `file is larger than ${mib(maxBytes)}, the limit (it reported ${stats.size} bytes: a special file?)` };
      chunks.push(read === CHUNK ? chunk : chunk.subarray(0, read));
    }
    return { ok: true, bytes: Buffer.concat(chunks, total) };
  } catch (error) {
    return { ok: false, message: readErrorMessage(error) };
  } finally {
    closeSync(fd);
  }
}

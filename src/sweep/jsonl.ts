/**
 * Streaming JSON lines: a writer that appends to a temporary file and renames it into place when
 * done (an interrupted sweep leaves no half-written runs.jsonl), and a synchronous line reader
 * that holds one buffer, not the file.
 */

import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { basename } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { abandonTemporary, commitTemporary, createTemporary } from '../report/temporary-files.js';
import type { FileEntry } from '../report/write.js';

const FLUSH_BYTES = 1 << 16;

export class JsonlWriter {
  private readonly temporary: string;
  private fd: number | undefined;
  private pending: string[] = [];
  private pendingBytes = 0;
  private readonly hash = createHash('sha256');
  private bytes = 0;

  constructor(private readonly path: string) {
    const { temporary, fd } = createTemporary(path);
    this.temporary = temporary;
    this.fd = fd;
  }

  /** Appends one line (without its newline). */
  line(text: string): void {
    this.pending.push(text);
    this.pendingBytes += text.length + 1;
    if (this.pendingBytes >= FLUSH_BYTES) this.flush();
  }

  private flush(): void {
    if (this.fd === undefined || this.pending.length === 0) return;
    const buffer = Buffer.from(`${this.pending.join('\n')}\n`);
    let offset = 0;
    while (offset < buffer.length) offset += writeSync(this.fd, buffer, offset, buffer.length - offset);
    this.hash.update(buffer);
    this.bytes += buffer.length;
    this.pending = [];
    this.pendingBytes = 0;
  }

  /** Writes what is left and renames the file into place; returns its size and SHA-256. */
  close(): FileEntry {
    this.flush();
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    commitTemporary(this.temporary, this.path);
    return { name: basename(this.path), bytes: this.bytes, sha256: this.hash.digest('hex') };
  }

  /** Gives up: the temporary file is removed, nothing is renamed. */
  abort(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    abandonTemporary(this.temporary);
  }
}

export class NotAFileError extends Error {}

export class LineReader {
  private readonly fd: number;
  private readonly buffer = Buffer.alloc(1 << 16);
  private readonly decoder = new StringDecoder('utf8');
  private carry = '';
  private lines: string[] = [];
  private index = 0;
  private ended = false;
  /** 1-based number of the last line returned. */
  lineNumber = 0;

  constructor(readonly path: string) {
    // Non-blocking, and only a regular file: a FIFO planted as runs.jsonl must not hang a merge.
    this.fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    if (!fstatSync(this.fd).isFile()) {
      closeSync(this.fd);
      throw new NotAFileError(`${path}: expected a file`);
    }
  }

  /** The next non-empty line, or undefined at the end of the file. */
  next(): string | undefined {
    for (;;) {
      while (this.index < this.lines.length) {
        const line = this.lines[this.index++] as string;
        this.lineNumber++;
        if (line !== '') return line;
      }
      if (this.ended) return undefined;
      const read = readSync(this.fd, this.buffer, 0, this.buffer.length, null);
      if (read === 0) {
        this.ended = true;
        const tail = this.carry + this.decoder.end();
        this.lines = tail === '' ? [] : [tail];
        this.carry = '';
        this.index = 0;
        continue;
      }
      const text = this.carry + this.decoder.write(this.buffer.subarray(0, read));
      const parts = text.split('\n');
      this.carry = parts.pop() as string;
      this.lines = parts;
      this.index = 0;
    }
  }

  close(): void {
    closeSync(this.fd);
  }
}

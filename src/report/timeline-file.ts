/**
 * timeline.jsonl streamed as the run produces it (issue 19 defect 8): each event is serialised
 * when it is recorded and written in chunks to a temporary file next to its final name
 * (temporary-files.ts), so memory stays flat in the length of the run. After the run the reports
 * that need the events read them back from that file in one incremental pass (`events()`), and
 * the file is renamed into place with the rest of the set (simulate.ts `writeReports`), or removed.
 * The bytes are those `writeTimelineAtomic` writes from an in-memory list: one JSON object a line.
 */

import { createHash, type Hash } from 'node:crypto';
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { basename } from 'node:path';
import type { TimelineEvent, TimelineListener } from '../timeline/index.js';
import { abandonTemporary, commitTemporary, createTemporary } from './temporary-files.js';

/** Events serialised before a write (the in-memory writer's chunk). */
const CHUNK_EVENTS = 4096;
/** Bytes read at a time when the file is read back. */
const READ_BYTES = 1 << 20;

export interface TimelineFileEntry {
  name: string;
  bytes: number;
  sha256: string;
}

export class TimelineFile {
  private readonly temporary: string;
  private fd: number | undefined;
  private readonly hash: Hash = createHash('sha256');
  private readonly chunk: string[] = [];
  private bytes = 0;
  private state: 'writing' | 'closed' | 'gone' = 'writing';
  /** Subscribe this to the run's timeline (WorldOptions.listeners). */
  readonly listener: TimelineListener = (event) => this.write(event);

  /** Opens a temporary file for `path` (exclusively created, never through a symlink). */
  constructor(readonly path: string) {
    const { temporary, fd } = createTemporary(path);
    this.temporary = temporary;
    this.fd = fd;
  }

  write(event: TimelineEvent): void {
    if (this.state !== 'writing') throw new Error(`${this.path}: the timeline file is already closed`);
    this.chunk.push(JSON.stringify(event));
    if (this.chunk.length === CHUNK_EVENTS) this.flush();
  }

  private flush(): void {
    const buffer = Buffer.from(`${this.chunk.join('\n')}\n`);
    this.chunk.length = 0;
    let offset = 0;
    while (offset < buffer.length) offset += writeSync(this.fd!, buffer, offset, buffer.length - offset);
    this.hash.update(buffer);
    this.bytes += buffer.length;
  }

  /** Writes what is left and closes the file; its entry for manifest.json. Idempotent. */
  close(): TimelineFileEntry {
    if (this.state === 'writing') {
      try {
        if (this.chunk.length > 0) this.flush();
      } finally {
        closeSync(this.fd!);
        this.fd = undefined;
        this.state = 'closed';
      }
      this.entry = { name: basename(this.path), bytes: this.bytes, sha256: this.hash.digest('hex') };
    }
    if (this.entry === undefined) throw new Error(`${this.path}: the timeline file was removed`);
    return this.entry;
  }

  private entry: TimelineFileEntry | undefined;

  /** The events written, read back from the file one chunk at a time (closes it first). */
  *events(): Generator<TimelineEvent> {
    this.close();
    if (this.state === 'gone') throw new Error(`${this.path}: the timeline file was removed`);
    const fd = openSync(this.temporary, 'r');
    try {
      const buffer = Buffer.allocUnsafe(READ_BYTES);
      let rest = Buffer.alloc(0);
      for (;;) {
        const read = readSync(fd, buffer, 0, READ_BYTES, null);
        if (read === 0) break;
        const data = rest.length === 0 ? buffer.subarray(0, read) : Buffer.concat([rest, buffer.subarray(0, read)]);
        let start = 0;
        for (let newline = data.indexOf(10, start); newline >= 0; newline = data.indexOf(10, start)) {
          yield JSON.parse(data.toString('utf8', start, newline)) as TimelineEvent;
          start = newline + 1;
        }
        rest = Buffer.from(data.subarray(start));
      }
      if (rest.length > 0) yield JSON.parse(rest.toString('utf8')) as TimelineEvent;
    } finally {
      closeSync(fd);
    }
  }

  /** Renames the file to its final name; its manifest entry. */
  commit(): TimelineFileEntry {
    const entry = this.close();
    this.state = 'gone';
    commitTemporary(this.temporary, this.path);
    return entry;
  }

  /** Removes the temporary file (a failed run, or a run that writes no timeline.jsonl). */
  abandon(): void {
    if (this.state === 'gone') return;
    if (this.state === 'writing') {
      closeSync(this.fd!);
      this.fd = undefined;
    }
    this.state = 'gone';
    abandonTemporary(this.temporary);
  }
}

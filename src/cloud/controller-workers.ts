/**
 * The provider controller's workers. CAPA, CAPZ and CAPG each reconcile at most 10 machines at a
 * time (`--awsmachine-concurrency`, `--azuremachine-concurrency`, `--gcpmachine-concurrency`,
 * default 10: CAPA@2cf09d78 main.go, CAPZ@69ec3a40 main.go, CAPG@5e0bb3b2 main.go), and a
 * reconcile holds its worker while it waits: on CAPA's client-side limiter, in the SDK's retry
 * backoff, in CAPZ's 2 s poll, in CAPG's wait for an operation. One pool serves every cluster and
 * region of a cloud (one controller manager). Waiting reconciles start in arrival order.
 */

import type { Millis } from '../engine/duration.js';

export class WorkerPool {
  private busy = 0;
  private readonly queue: Array<() => void> = [];
  private head = 0;
  /** Time reconciles spent waiting for a worker, summed. */
  waitedMs: Millis = 0;
  /** The longest queue seen. */
  maxQueued = 0;

  /** `size` may be Infinity: no limit (when another layer models the controller's workers). */
  constructor(readonly size: number) {
    if (!((Number.isInteger(size) && size >= 1) || size === Number.POSITIVE_INFINITY)) {
      throw new Error(`controller concurrency must be an integer ≥ 1, got ${size}`);
    }
  }

  get queued(): number {
    return this.queue.length - this.head;
  }

  /** Runs `start` when a worker is free (now, if one is). */
  acquire(start: () => void): void {
    if (this.busy < this.size) {
      this.busy++;
      start();
      return;
    }
    this.queue.push(start);
    if (this.queued > this.maxQueued) this.maxQueued = this.queued;
  }

  /** Frees a worker; the longest-waiting reconcile takes it. */
  release(): void {
    if (this.head < this.queue.length) {
      const next = this.queue[this.head]!;
      this.queue[this.head++] = noop;
      if (this.head > 1024 && this.head * 2 > this.queue.length) {
        this.queue.splice(0, this.head);
        this.head = 0;
      }
      next();
      return;
    }
    if (this.busy === 0) throw new Error('WorkerPool.release without a matching acquire');
    this.busy--;
  }
}

function noop(): void {}

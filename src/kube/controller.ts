/**
 * A controller-runtime analogue: a work queue that de-duplicates keys, N workers, a reconcile
 * cost in virtual time, requeueAfter, per-object rate limiting and error backoff.
 *
 * Life of a key: `enqueue` → waiting (deduplicated; delayed if the object was reconciled less than
 * `interval` ago) → a free worker takes it and is busy for the reconcile cost → the reconcile runs
 * against the store → the worker waits for the manager's client rate limiter to admit the writes it
 * made → released. A key enqueued while it is being reconciled is marked dirty and queued again on
 * release, as client-go's work queue does.
 */

import type { Millis } from '../engine/duration.js';
import type { Distribution } from '../engine/distribution.js';
import type { Random } from '../engine/random.js';
import type { ScheduledEvent } from '../engine/event-queue.js';
import type { Simulation } from '../engine/simulation.js';
import { TokenBucket } from '../engine/token-bucket.js';
import { failureBackoff, type RateLimiterSpec } from './rate-limiter.js';
import type { ControllerMetrics } from './metrics.js';
import { LatencyRecorder } from './metrics.js';

export interface ReconcileResult {
  /** Reconcile again after this delay (raised to the rate limiter's floor). */
  requeueAfter?: Millis;
  /** The reconcile failed: requeue with exponential backoff. */
  error?: string;
  /**
   * The reconcile left time-driven work without requeueing, relying on the periodic resync
   * (MachineHealthCheck while short-circuited): the next resync must run it even if nothing changed.
   */
  needsResync?: boolean;
}

/** Returned by a reconciler that finishes later (it holds its worker until `finish` is called). */
export const PENDING: unique symbol = Symbol('pending');

export type Reconciler = (key: string) => ReconcileResult | undefined | typeof PENDING;

export interface ControllerHost {
  readonly sim: Simulation;
  readonly paused: boolean;
  /** Admits `writes` API requests from a worker; returns how long the worker must wait. */
  admitWrites(writes: number): Millis;
  /** Total write requests served so far (the store's counter). */
  writeCount(): number;
  /** Called when a controller's worker becomes free, so the manager can resume its run loop. */
  onRecordQueue?(controller: Controller): void;
  /** The resourceVersion of the object behind a key (undefined when it is gone). */
  versionOf(key: string): number | undefined;
}

export interface ControllerOptions {
  name: string;
  concurrency: number;
  reconcileCost: Distribution;
  rateLimiter: RateLimiterSpec;
  random: Random;
  /**
   * A resync reconcile of an object that has not changed since its last reconcile, and that nothing
   * else asked for, still takes its worker and its cost, but its reconcile logic is not run: in a
   * level-triggered controller whose every other input arrives as an event, it would change
   * nothing. A reconcile that relies on the resync says so (ReconcileResult.needsResync).
   */
  elideUnchangedResyncs?: boolean;
}

export class Controller {
  readonly name: string;
  readonly concurrency: number;
  private readonly cost: Distribution;
  private readonly limiter: RateLimiterSpec;
  private readonly random: Random;
  private reconciler: Reconciler | undefined;
  private readonly bucket: TokenBucket | undefined;

  // The FIFO is an array with a moving head, so dequeue is O(1) without shifting.
  private fifo: string[] = [];
  private head = 0;
  private readonly waiting = new Set<string>();
  private readonly processing = new Set<string>();
  private readonly dirty = new Set<string>();
  private readonly delayed = new Map<string, ScheduledEvent<string>>();
  private readonly failures = new Map<string, number>();
  private readonly notBefore = new Map<string, Millis>();
  private readonly enqueuedAt = new Map<string, Millis>();
  /** Keys queued by a resync and nothing else since. */
  private readonly resyncOnly = new Set<string>();
  /** resourceVersion of each object after its last reconcile. */
  private readonly reconciledVersion = new Map<string, number>();
  private readonly elideUnchangedResyncs: boolean;
  private busy = 0;

  readonly metrics: ControllerMetrics;
  private readonly latency = new LatencyRecorder();

  private readonly fireDelayed = (key: string): void => {
    this.delayed.delete(key);
    this.enqueue(key);
  };
  private readonly runReconcile = (key: string): void => this.execute(key);
  private readonly releaseWorker = (entry: { key: string; result: ReconcileResult | undefined }): void => this.release(entry.key, entry.result);

  constructor(private readonly host: ControllerHost, options: ControllerOptions) {
    if (!(options.concurrency >= 1)) throw new Error(`controller ${options.name}: concurrency must be >= 1`);
    this.name = options.name;
    this.concurrency = options.concurrency;
    this.cost = options.reconcileCost;
    this.limiter = options.rateLimiter;
    this.random = options.random;
    if (options.rateLimiter.kind === 'controllerRuntime') {
      this.bucket = new TokenBucket(options.rateLimiter.bucketBurst ?? 100, options.rateLimiter.bucketQps ?? 10);
    }
    this.elideUnchangedResyncs = options.elideUnchangedResyncs ?? false;
    this.metrics = { name: this.name, reconciles: 0, errors: 0, requeues: 0, maxDepth: 0, busyMs: 0, resyncsElided: 0, latency: this.latency };
  }

  setReconciler(reconciler: Reconciler): void {
    this.reconciler = reconciler;
  }

  /** Keys waiting for a worker (not counting delayed ones). */
  get depth(): number {
    return this.fifo.length - this.head;
  }

  get activeWorkers(): number {
    return this.busy;
  }

  /**
   * Adds a key (a watch event, a resync). Deduplicated; deferred while the object is inside its
   * rate-limit interval; dropped while the manager is stopped (its informers are down, and it
   * re-lists everything when it starts again).
   */
  enqueue(key: string): void {
    this.resyncOnly.delete(key);
    this.add(key);
  }

  /** Adds a key for the periodic resync: deduplicated like any other, and marked as asked for by nothing else. */
  enqueueResync(key: string): void {
    if (this.processing.has(key) || this.waiting.has(key)) return;
    this.resyncOnly.add(key);
    this.add(key);
  }

  private add(key: string): void {
    if (this.host.paused) return;
    if (this.processing.has(key)) {
      this.dirty.add(key);
      return;
    }
    if (this.waiting.has(key)) return;
    const now = this.host.sim.now;
    const notBefore = this.notBefore.get(key);
    if (notBefore !== undefined && notBefore > now) {
      this.enqueueAfter(key, notBefore - now);
      return;
    }
    this.waiting.add(key);
    this.fifo.push(key);
    if (!this.enqueuedAt.has(key)) this.enqueuedAt.set(key, now);
    const depth = this.depth;
    if (depth > this.metrics.maxDepth) this.metrics.maxDepth = depth;
    this.startWorkers();
  }

  /** Adds a key after `delay`; an earlier pending add for the same key wins. */
  enqueueAfter(key: string, delay: Millis): void {
    if (delay <= 0) {
      this.enqueue(key);
      return;
    }
    const at = this.host.sim.now + Math.round(delay);
    const existing = this.delayed.get(key);
    if (existing !== undefined) {
      if (existing.time <= at) return;
      existing.cancel();
    }
    this.delayed.set(key, this.host.sim.at(at, this.fireDelayed, key));
    if (!this.enqueuedAt.has(key)) this.enqueuedAt.set(key, this.host.sim.now);
  }

  /** Drops every waiting and delayed key (the informers of a stopped manager). Keys being reconciled finish. */
  dropQueued(): void {
    for (const event of this.delayed.values()) event.cancel();
    this.delayed.clear();
    this.waiting.clear();
    this.fifo = [];
    this.head = 0;
    this.dirty.clear();
    this.enqueuedAt.clear();
  }

  /** Starts workers for waiting keys; called when a key arrives, a worker frees up or the manager resumes. */
  startWorkers(): void {
    if (this.host.paused) return;
    while (this.busy < this.concurrency && this.head < this.fifo.length) {
      const key = this.fifo[this.head++] as string;
      if (this.head > 1024 && this.head * 2 > this.fifo.length) {
        this.fifo = this.fifo.slice(this.head);
        this.head = 0;
      }
      this.waiting.delete(key);
      this.processing.add(key);
      this.busy++;
      const cost = Math.round(this.cost.sample(this.random));
      this.metrics.busyMs += cost;
      this.host.sim.after(cost, this.runReconcile, key);
    }
  }

  private execute(key: string): void {
    const reconciler = this.reconciler;
    if (reconciler === undefined) throw new Error(`controller ${this.name} has no reconciler`);
    this.notBefore.set(key, this.host.sim.now + this.limiter.interval);
    if (this.resyncOnly.delete(key) && this.elideUnchangedResyncs && this.host.versionOf(key) === this.reconciledVersion.get(key)) {
      this.metrics.resyncsElided++;
      this.release(key, undefined);
      return;
    }
    const writesBefore = this.host.writeCount();
    this.pendingWrites.set(key, writesBefore);
    const result = reconciler(key);
    if (result === PENDING) {
      // A callback may already have finished it synchronously (a provider answering at once).
      if (this.earlyResults.has(key)) {
        const early = this.earlyResults.get(key);
        this.earlyResults.delete(key);
        this.pendingWrites.delete(key);
        this.complete(key, early, this.host.writeCount() - writesBefore);
      } else {
        this.pendingReconciles.add(key);
      }
      return;
    }
    this.pendingWrites.delete(key);
    this.complete(key, result, this.host.writeCount() - writesBefore);
  }

  private readonly pendingWrites = new Map<string, number>();
  private readonly pendingReconciles = new Set<string>();
  private readonly earlyResults = new Map<string, ReconcileResult | undefined>();

  /** Completes a reconcile that returned PENDING (possibly before it returned). */
  finish(key: string, result?: ReconcileResult): void {
    const writesBefore = this.pendingWrites.get(key);
    if (writesBefore === undefined) throw new Error(`t=${this.host.sim.now}: controller ${this.name} finished ${key}, which was not pending`);
    if (!this.pendingReconciles.has(key)) {
      this.earlyResults.set(key, result);
      return;
    }
    this.pendingReconciles.delete(key);
    this.pendingWrites.delete(key);
    this.complete(key, result, this.host.writeCount() - writesBefore);
  }

  private complete(key: string, result: ReconcileResult | undefined, writes: number): void {
    const version = this.host.versionOf(key);
    if (version === undefined || result?.needsResync) this.reconciledVersion.delete(key);
    else this.reconciledVersion.set(key, version);
    const wait = writes > 0 ? this.host.admitWrites(writes) : 0;
    if (wait > 0) this.host.sim.after(wait, this.releaseWorker, { key, result });
    else this.release(key, result);
  }

  private release(key: string, result: ReconcileResult | undefined): void {
    const now = this.host.sim.now;
    this.processing.delete(key);
    this.busy--;
    this.metrics.reconciles++;
    const enqueuedAt = this.enqueuedAt.get(key);
    if (enqueuedAt !== undefined) {
      this.latency.record(now - enqueuedAt);
      this.enqueuedAt.delete(key);
    }
    if (result?.error !== undefined) {
      this.metrics.errors++;
      const failures = (this.failures.get(key) ?? 0) + 1;
      this.failures.set(key, failures);
      this.enqueueAfter(key, this.rateLimitedDelay(failures));
    } else {
      this.failures.delete(key);
      if (result?.requeueAfter !== undefined) {
        this.metrics.requeues++;
        this.enqueueAfter(key, Math.max(result.requeueAfter, (this.notBefore.get(key) ?? now) - now));
      }
    }
    if (this.dirty.delete(key)) this.enqueue(key);
    this.startWorkers();
  }

  private rateLimitedDelay(failures: number): Millis {
    let delay = failureBackoff(this.limiter, failures);
    if (this.bucket !== undefined) delay = Math.max(delay, this.bucket.reserve(this.host.sim.now, 1));
    return delay;
  }
}

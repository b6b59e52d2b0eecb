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

/**
 * Everything the queue knows about one key, in one record: a work queue touches several of these
 * facts on every add and release, and one lookup is cheaper than six (the event loop's hot path).
 */
interface KeyState {
  /** The key itself: events carry the state, so no event looks its key up again. */
  readonly key: string;
  waiting: boolean;
  processing: boolean;
  /** Added again while being reconciled: queue once more on release. */
  dirty: boolean;
  /** Queued by a resync and by nothing else since. */
  resyncOnly: boolean;
  delayed: ScheduledEvent<KeyState> | undefined;
  failures: number;
  /** The per-object rate limit: no reconcile starts before this time. */
  notBefore: Millis;
  /** When the key was first added since its last reconcile (-1: not waiting). */
  enqueuedAt: Millis;
  /** resourceVersion of the object after its last reconcile (-1: none, or the next resync must run). */
  reconciledVersion: number;
  /** Store writes counted when a PENDING reconcile started (-1: none in flight). */
  writesBefore: number;
  /** Returned PENDING and waiting for `finish`. */
  pending: boolean;
  /** `finish` came before the reconciler returned PENDING. */
  early: { result: ReconcileResult | undefined } | undefined;
}

const SWEEP_EVERY = 4096;

export class Controller {
  readonly name: string;
  readonly concurrency: number;
  private readonly cost: Distribution;
  private readonly limiter: RateLimiterSpec;
  private readonly random: Random;
  private reconciler: Reconciler | undefined;
  private readonly bucket: TokenBucket | undefined;
  private readonly elideUnchangedResyncs: boolean;

  // The FIFO is an array with a moving head, so dequeue is O(1) without shifting.
  private fifo: KeyState[] = [];
  private head = 0;
  private readonly keys = new Map<string, KeyState>();
  private busy = 0;
  /** Keys whose object was gone when they were last released: their state is dropped once idle (sweepGone). */
  private gone: string[] = [];
  private releasesSinceSweep = 0;

  readonly metrics: ControllerMetrics;
  private readonly latency = new LatencyRecorder();

  private readonly fireDelayed = (state: KeyState): void => {
    state.delayed = undefined;
    state.resyncOnly = false;
    this.add(state);
  };
  private readonly runReconcile = (state: KeyState): void => this.execute(state);
  private readonly releaseWorker = (entry: { state: KeyState; result: ReconcileResult | undefined }): void => this.release(entry.state, entry.result);

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

  private state(key: string): KeyState {
    let state = this.keys.get(key);
    if (state === undefined) {
      state = {
        key, waiting: false, processing: false, dirty: false, resyncOnly: false, delayed: undefined, failures: 0,
        notBefore: 0, enqueuedAt: -1, reconciledVersion: -1, writesBefore: -1, pending: false, early: undefined,
      };
      this.keys.set(key, state);
    }
    return state;
  }

  /**
   * Adds a key (a watch event, a resync). Deduplicated; deferred while the object is inside its
   * rate-limit interval; dropped while the manager is stopped (its informers are down, and it
   * re-lists everything when it starts again).
   */
  enqueue(key: string): void {
    const state = this.state(key);
    state.resyncOnly = false;
    this.add(state);
  }

  /** Adds a key for the periodic resync: deduplicated like any other, and marked as asked for by nothing else. */
  enqueueResync(key: string): void {
    const state = this.state(key);
    if (state.processing || state.waiting) return;
    state.resyncOnly = true;
    this.add(state);
  }

  private add(state: KeyState): void {
    if (this.host.paused) return;
    if (state.processing) {
      state.dirty = true;
      return;
    }
    if (state.waiting) return;
    const now = this.host.sim.now;
    if (state.notBefore > now) {
      this.delay(state, state.notBefore - now);
      return;
    }
    state.waiting = true;
    this.fifo.push(state);
    if (state.enqueuedAt < 0) state.enqueuedAt = now;
    const depth = this.fifo.length - this.head;
    if (depth > this.metrics.maxDepth) this.metrics.maxDepth = depth;
    this.startWorkers();
  }

  /** Adds a key after `delay`; an earlier pending add for the same key wins. */
  enqueueAfter(key: string, delay: Millis): void {
    this.delay(this.state(key), delay);
  }

  private delay(state: KeyState, delay: Millis): void {
    if (delay <= 0) {
      state.resyncOnly = false;
      this.add(state);
      return;
    }
    const at = this.host.sim.now + Math.round(delay);
    const existing = state.delayed;
    if (existing !== undefined) {
      if (existing.time <= at) return;
      existing.cancel();
    }
    state.delayed = this.host.sim.at(at, this.fireDelayed, state);
    if (state.enqueuedAt < 0) state.enqueuedAt = this.host.sim.now;
  }

  /** Drops every waiting and delayed key (the informers of a stopped manager). Keys being reconciled finish. */
  dropQueued(): void {
    for (const state of this.keys.values()) {
      state.delayed?.cancel();
      state.delayed = undefined;
      state.waiting = false;
      state.dirty = false;
      state.enqueuedAt = -1;
    }
    this.fifo = [];
    this.head = 0;
  }

  /** Starts workers for waiting keys; called when a key arrives, a worker frees up or the manager resumes. */
  startWorkers(): void {
    if (this.host.paused) return;
    while (this.busy < this.concurrency && this.head < this.fifo.length) {
      const state = this.fifo[this.head++] as KeyState;
      if (this.head > 1024 && this.head * 2 > this.fifo.length) {
        this.fifo = this.fifo.slice(this.head);
        this.head = 0;
      }
      state.waiting = false;
      state.processing = true;
      this.busy++;
      const cost = Math.round(this.cost.sample(this.random));
      this.metrics.busyMs += cost;
      this.host.sim.after(cost, this.runReconcile, state);
    }
  }

  private execute(state: KeyState): void {
    const reconciler = this.reconciler;
    if (reconciler === undefined) throw new Error(`controller ${this.name} has no reconciler`);
    const key = state.key;
    state.notBefore = this.host.sim.now + this.limiter.interval;
    const resyncOnly = state.resyncOnly;
    state.resyncOnly = false;
    if (resyncOnly && this.elideUnchangedResyncs && state.reconciledVersion >= 0 && this.host.versionOf(key) === state.reconciledVersion) {
      this.metrics.resyncsElided++;
      this.release(state, undefined);
      return;
    }
    const writesBefore = this.host.writeCount();
    state.writesBefore = writesBefore;
    const result = reconciler(key);
    if (result === PENDING) {
      // A callback may already have finished it synchronously (a provider answering at once).
      const early = state.early;
      if (early !== undefined) {
        state.early = undefined;
        state.writesBefore = -1;
        this.complete(state, early.result, this.host.writeCount() - writesBefore);
      } else {
        state.pending = true;
      }
      return;
    }
    state.writesBefore = -1;
    this.complete(state, result, this.host.writeCount() - writesBefore);
  }

  /** Completes a reconcile that returned PENDING (possibly before it returned). */
  finish(key: string, result?: ReconcileResult): void {
    const state = this.keys.get(key);
    if (state === undefined || state.writesBefore < 0) throw new Error(`t=${this.host.sim.now}: controller ${this.name} finished ${key}, which was not pending`);
    if (!state.pending) {
      state.early = { result };
      return;
    }
    const writesBefore = state.writesBefore;
    state.pending = false;
    state.writesBefore = -1;
    this.complete(state, result, this.host.writeCount() - writesBefore);
  }

  private complete(state: KeyState, result: ReconcileResult | undefined, writes: number): void {
    const version = this.host.versionOf(state.key);
    state.reconciledVersion = version === undefined || result?.needsResync ? -1 : version;
    const wait = writes > 0 ? this.host.admitWrites(writes) : 0;
    if (wait > 0) this.host.sim.after(wait, this.releaseWorker, { state, result });
    else this.release(state, result);
  }

  private release(state: KeyState, result: ReconcileResult | undefined): void {
    const now = this.host.sim.now;
    state.processing = false;
    this.busy--;
    this.metrics.reconciles++;
    if (state.enqueuedAt >= 0) {
      this.latency.record(now - state.enqueuedAt);
      state.enqueuedAt = -1;
    }
    if (result?.error !== undefined) {
      this.metrics.errors++;
      state.failures++;
      this.delay(state, this.rateLimitedDelay(state.failures));
    } else {
      state.failures = 0;
      if (result?.requeueAfter !== undefined) {
        this.metrics.requeues++;
        this.delay(state, Math.max(result.requeueAfter, state.notBefore - now));
      }
    }
    if (state.dirty) {
      state.dirty = false;
      state.resyncOnly = false;
      this.add(state);
    }
    if (this.host.versionOf(state.key) === undefined) this.gone.push(state.key);
    if (++this.releasesSinceSweep >= SWEEP_EVERY) this.sweepGone();
    this.startWorkers();
  }

  /**
   * Drops the queue state of deleted objects (issue 14: 21 k states of deleted objects were kept
   * forever). Only an idle state goes — not waiting, delayed, being reconciled or failing, and past
   * its rate-limit interval — so a key added again behaves exactly as with the state kept: a fresh
   * state has the same defaults, and the version it remembers could not match a new object's.
   */
  private sweepGone(): void {
    this.releasesSinceSweep = 0;
    const now = this.host.sim.now;
    const keep: string[] = [];
    for (const key of this.gone) {
      const state = this.keys.get(key);
      if (state === undefined) continue;
      const idle = !state.waiting && !state.processing && !state.dirty && state.delayed === undefined && !state.pending && state.failures === 0 && state.enqueuedAt < 0;
      if (idle && state.notBefore <= now && this.host.versionOf(key) === undefined) this.keys.delete(key);
      else if (this.host.versionOf(key) === undefined) keep.push(key);
    }
    this.gone = keep;
  }

  /** Keys with queue state (a test of sweepGone reads it). */
  get trackedKeys(): number {
    return this.keys.size;
  }

  private rateLimitedDelay(failures: number): Millis {
    let delay = failureBackoff(this.limiter, failures);
    if (this.bucket !== undefined) delay = Math.max(delay, this.bucket.reserve(this.host.sim.now, 1));
    return delay;
  }
}

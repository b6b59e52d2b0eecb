/**
 * The management cluster's controller manager: its controllers, the client-side rate limit on its
 * requests to the API server (CAPI's --kube-api-qps 100 / --kube-api-burst 200, capi-semantics.md
 * §8.1, cluster-api@v1.13.5:main.go `InitFlags`), the informer resync period (10 min, jittered per
 * informer: `jitteredResyncPeriod`), and pausing the whole manager (a management-cluster outage, `clusterctl move`).
 *
 * While paused nothing reconciles and watch events are lost; on resume every controller lists its
 * objects again, which is how a restarted controller-runtime manager catches up: level-triggered
 * reconciles repair whatever changed meanwhile.
 */

import type { Millis } from '../engine/duration.js';
import type { Distribution } from '../engine/distribution.js';
import type { Random, RandomStreams } from '../engine/random.js';
import type { Simulation } from '../engine/simulation.js';
import { TokenBucket } from '../engine/token-bucket.js';
import { Controller, type ControllerHost } from './controller.js';
import type { RateLimiterSpec } from './rate-limiter.js';
import type { ObjectStore } from './store.js';

export interface ManagerOptions {
  clientQPS: number;
  clientBurst: number;
  /** Every controller re-lists its objects this often (0 disables). */
  syncPeriod: Millis;
}

export interface ControllerRegistration {
  name: string;
  concurrency: number;
  reconcileCost: Distribution;
  rateLimiter: RateLimiterSpec;
  /** Enqueues every object this controller owns (informer list on start, resync, resume). */
  listKeys: () => Iterable<string>;
  /** See ControllerOptions.elideUnchangedResyncs. */
  elideUnchangedResyncs?: boolean;
}

export class Manager implements ControllerHost {
  readonly controllers: Controller[] = [];
  private readonly listers: Array<() => Iterable<string>> = [];
  private readonly client: TokenBucket;
  private pausedFlag = false;
  private readonly pauses = new Map<string, number>();
  /** Each controller's informer resync period, by controller name (`jitteredResyncPeriod`). */
  readonly resyncPeriods = new Map<string, Millis>();
  /** Time the client limiter held workers back, summed. */
  clientThrottledMs = 0;

  constructor(
    readonly sim: Simulation,
    private readonly store: ObjectStore,
    private readonly streams: RandomStreams,
    private readonly options: ManagerOptions,
  ) {
    this.client = new TokenBucket(options.clientBurst, options.clientQPS, sim.now);
  }

  get paused(): boolean {
    return this.pausedFlag;
  }

  addController(registration: ControllerRegistration): Controller {
    const controller = new Controller(this, {
      name: registration.name,
      concurrency: registration.concurrency,
      reconcileCost: registration.reconcileCost,
      rateLimiter: registration.rateLimiter,
      random: this.streams.stream(`management/controller/${registration.name}/cost`),
      ...(registration.elideUnchangedResyncs === undefined ? {} : { elideUnchangedResyncs: registration.elideUnchangedResyncs }),
    });
    this.controllers.push(controller);
    this.listers.push(registration.listKeys);
    if (this.options.syncPeriod > 0) {
      const period = jitteredResyncPeriod(this.options.syncPeriod, this.streams.stream(`management/informer/${registration.name}/resync`));
      const index = this.controllers.length - 1;
      this.resyncPeriods.set(registration.name, period);
      this.sim.after(period, this.resync, { index, period });
    }
    return controller;
  }

  admitWrites(writes: number): Millis {
    const wait = this.client.reserve(this.sim.now, writes);
    this.clientThrottledMs += wait;
    return wait;
  }

  writeCount(): number {
    return this.store.writes;
  }

  /**
   * Stops all reconciling and drops queued work (informers are down). Pauses nest by reason: the
   * manager runs again only when every reason that paused it has resumed (a management outage
   * overlapping a `clusterctl move` does not end the move early). Returns true when this call
   * stopped a running manager.
   */
  pause(reason = 'paused'): boolean {
    this.pauses.set(reason, (this.pauses.get(reason) ?? 0) + 1);
    if (this.pausedFlag) return false;
    this.pausedFlag = true;
    for (const controller of this.controllers) controller.dropQueued();
    return true;
  }

  /** Ends one pause for `reason`; returns true when the manager runs again (every controller re-lists its objects). */
  resume(reason = 'paused'): boolean {
    const count = this.pauses.get(reason) ?? 0;
    if (count <= 1) this.pauses.delete(reason);
    else this.pauses.set(reason, count - 1);
    if (!this.pausedFlag || this.pauses.size > 0) return false;
    this.pausedFlag = false;
    this.relistAll();
    for (const controller of this.controllers) controller.startWorkers();
    return true;
  }

  /** Enqueues every object of every controller (start-up list). */
  relistAll(): void {
    this.controllers.forEach((controller, index) => {
      for (const key of this.listers[index]!()) controller.enqueue(key);
    });
  }

  versionOf(key: string): number | undefined {
    return this.store.getByKey(key)?.metadata.resourceVersion;
  }

  /** One informer's resync: every object of its kind is enqueued as a resync, and again one period later. */
  private readonly resync = (entry: { index: number; period: Millis }): void => {
    if (!this.pausedFlag) {
      const controller = this.controllers[entry.index]!;
      for (const key of this.listers[entry.index]!()) controller.enqueueResync(key);
    }
    this.sim.after(entry.period, this.resync, entry);
  };
}

/**
 * An informer's resync period: the manager's SyncPeriod times a factor in [0.9, 1.1), drawn once
 * per informer when it is created, "so that multiple controllers don't get into lock-step and all
 * hammer the apiserver with list requests simultaneously" (sigs.k8s.io/controller-runtime
 * pkg/cache/internal/informers.go `calculateResyncPeriod`: `rand.Float64()/5.0 + 0.9`, truncated to
 * a Duration; issue 12 case 9). Each controller here stands for the informer of the kind it
 * reconciles (controller-runtime shares one informer per kind between controllers).
 */
export function jitteredResyncPeriod(syncPeriod: Millis, random: Random): Millis {
  return Math.max(1, Math.floor(syncPeriod * (random.next() / 5 + 0.9)));
}

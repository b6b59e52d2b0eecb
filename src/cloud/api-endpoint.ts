/**
 * One cloud API endpoint (one account or subscription or project, one region) in virtual time.
 * `call` runs a request the way a real client does: wait on the client-side limiter, send,
 * receive after the action's latency, and on an error let the SDK's retry policy back off and
 * try again. The server side decides at the moment of the answer: an outage, then the rate
 * limits (throttling takes no tokens), then a brownout's random errors, then the provider's own
 * answer (capacity, quota). Every attempt is counted in the stats and may become a `cloud.call`
 * timeline event.
 *
 * Long-running-operation polls that only find the operation still running are not simulated as
 * events (architecture.md: "a long-running operation's completion is seen at the first poll
 * after it"). The provider computes when its poll sees the operation done and registers the
 * polls as a `PollTrain`; the endpoint charges each poll to the rate limits at its own time,
 * lazily, before anything else touches the limits, so the buckets evolve exactly as if the
 * polls had been sent. Approximation: a poll that would be throttled is counted as throttled
 * but does not delay the moment the provider sees the operation done, and is not retried.
 */

import type { Millis } from '../engine/duration.js';
import { EventQueue } from '../engine/event-queue.js';
import { makeDistribution, type Distribution, type DistributionSpec } from '../engine/distribution.js';
import type { Random, RandomStreams } from '../engine/random.js';
import type { Simulation } from '../engine/simulation.js';
import type { ClusterKey, ObjectKey } from '../kube/keys.js';
import { cloudCall, cloudThrottled, type Timeline } from '../timeline/index.js';
import { CallEventFilter, type CallEventSampling } from './call-events.js';
import { makeError, type CallError, type CloudErrorCatalog } from './errors.js';
import type { ClientLimiters } from './limits/client-limiters.js';
import type { Charge, LimitStore } from './limits/limit-store.js';
import type { RetryPolicy } from './retry/retry-policy.js';
import { EndpointStats, type CallOutcome } from './stats.js';

/** One API action as a catalog defines it. */
export interface ActionSpec {
  /** The server-side limits one call draws from. */
  charges: readonly Charge[];
  /** Time from sending one attempt to its answer. */
  latency: DistributionSpec;
}

/** A client as the provider controller holds it: its SDK retry state and client-side limiters. */
export interface ApiClient {
  retry: RetryPolicy;
  limiters?: ClientLimiters;
}

export interface ApiRequest {
  action: string;
  client: ApiClient;
  cluster?: ClusterKey;
  /** `Kind/namespace/name` of the object the call is for. */
  object?: ObjectKey;
  /** Key of resource-scoped limits (a VM name, an agent pool). */
  resource?: string;
  /** Units for per-unit charges (instances for EC2's resource buckets); 1 when absent. */
  units?: number;
  /** The server's own answer once the call got past limits and faults: an error, or undefined. */
  serve?: (now: Millis) => CallError | undefined;
  done: (result: ApiResult) => void;
}

export interface ApiResult {
  /** The last attempt's error; undefined on success. */
  error?: CallError;
  attempts: number;
  /** When the last attempt was sent (its answer came `latency` later, now). */
  sentAt: Millis;
}

/** Polls of one long-running operation, computed rather than simulated. */
export interface PollTrain {
  action: string;
  cluster?: string;
  resource?: string;
  /** Client-side limiters the polls pass; a poll that would wait on them is not sent. */
  limiters?: ClientLimiters;
  /** Time of poll k (increasing in k). */
  time: (k: number) => Millis;
  /** Number of polls (k = 0 .. count − 1). */
  count: number;
}

export interface EndpointOptions {
  sim: Simulation;
  streams: RandomStreams;
  cloud: string;
  account: string;
  region: string;
  actions: Readonly<Record<string, ActionSpec>>;
  limits: LimitStore;
  errors: CloudErrorCatalog;
  /** Whether a throttled answer carries Retry-After (ARM and AKS: yes; EC2, GCE: no). */
  throttleRetryAfter: boolean;
  timeline?: Timeline;
  callEvents?: CallEventSampling;
}

interface Attempt {
  request: ApiRequest;
  attempt: number;
  latency: Millis;
}

interface TrainState {
  train: PollTrain;
  k: number;
  /** Polls in the train: `train.count`, or Infinity until an open train is closed. */
  count: number;
}

/** Polls of an operation whose end is not known when they start (a node-group update). */
export interface OpenPolls {
  /**
   * The operation ended at `t` (now): the train stops at its first poll at or after `t`, the one
   * that sees it; returns that poll's time.
   */
  close(t: Millis): Millis;
}

interface Brownout {
  handle: number;
  errorRate: number;
  actions?: ReadonlySet<string>;
}

const RETRY_AFTER_WHEN_NEVER: Millis = 60_000;

export class ApiEndpoint {
  readonly stats: EndpointStats;
  readonly cloud: string;
  readonly account: string;
  readonly region: string;
  private readonly sim: Simulation;
  private readonly limits: LimitStore;
  private readonly errors: CloudErrorCatalog;
  private readonly throttleRetryAfter: boolean;
  private readonly timeline: Timeline | undefined;
  private readonly filter: CallEventFilter;
  private readonly actions = new Map<string, { spec: ActionSpec; latency: Distribution }>();
  private readonly latencyRandom: Random;
  private readonly pollLatencyRandom: Random;
  private readonly jitterRandom: Random;
  private readonly brownoutRandom: Random;
  private readonly polls = new EventQueue();
  /** Active brownouts in the order they started; they stack (see `setBrownout`). */
  private readonly brownouts: Brownout[] = [];
  private nextBrownout = 1;
  /** Active outages: each `setOutage(true)` is matched by one `setOutage(false)`. */
  private outages = 0;
  private readonly respondHandler = (attempt: Attempt) => this.respond(attempt);
  private readonly sendHandler = (attempt: Attempt) => this.send(attempt.request, attempt.attempt);
  private readonly drainHandler = () => this.drainPolls(this.sim.now);

  constructor(options: EndpointOptions) {
    this.sim = options.sim;
    this.cloud = options.cloud;
    this.account = options.account;
    this.region = options.region;
    this.limits = options.limits;
    this.errors = options.errors;
    this.throttleRetryAfter = options.throttleRetryAfter;
    this.timeline = options.timeline;
    this.stats = new EndpointStats(options.cloud, options.account, options.region);
    for (const name of Object.keys(options.actions)) {
      const spec = options.actions[name]!;
      for (const charge of spec.charges) options.limits.spec(charge.limit); // fail early on a bad catalog
      this.actions.set(name, { spec, latency: makeDistribution(spec.latency) });
    }
    const path = this.path;
    this.latencyRandom = options.streams.stream(`${path}/latency`);
    this.pollLatencyRandom = options.streams.stream(`${path}/poll-latency`);
    this.jitterRandom = options.streams.stream(`${path}/retry-jitter`);
    this.brownoutRandom = options.streams.stream(`${path}/brownout`);
    this.filter = new CallEventFilter(options.callEvents ?? 'all', options.streams.stream(`${path}/call-sampling`));
  }

  /** `aws/<account>/<region>`: the prefix of this endpoint's random streams. */
  get path(): string {
    return `${this.cloud}/${this.account}/${this.region}`;
  }

  hasAction(action: string): boolean {
    return this.actions.has(action);
  }

  actionNames(): string[] {
    return [...this.actions.keys()].sort();
  }

  private action(name: string): { spec: ActionSpec; latency: Distribution } {
    const action = this.actions.get(name);
    if (action === undefined) throw new Error(`${this.cloud}: unknown API action "${name}" (known: ${this.actionNames().join(', ')})`);
    return action;
  }

  call(request: ApiRequest): void {
    this.action(request.action);
    this.send(request, 1);
  }

  private send(request: ApiRequest, attempt: number): void {
    const now = this.sim.now;
    const wait = request.client.limiters?.reserve(request.action, now) ?? 0;
    this.stats.recordClientWait(request.action, wait);
    const latency = Math.round(this.action(request.action).latency.sample(this.latencyRandom));
    this.sim.after(wait + latency, this.respondHandler, { request, attempt, latency });
  }

  private respond({ request, attempt, latency }: Attempt): void {
    const now = this.sim.now;
    this.drainPolls(now);
    const { spec } = this.action(request.action);
    const error = this.answer(request, spec, now);
    const outcome: CallOutcome = error === undefined ? 'ok' : error.kind === 'throttle' ? 'throttled' : 'error';
    this.stats.recordCall(request.action, outcome, latency, attempt);
    if (this.timeline !== undefined && this.filter.keep()) {
      this.timeline.record(cloudCall(now, {
        ...(request.cluster !== undefined ? { cluster: request.cluster } : {}), ...(request.object !== undefined ? { object: request.object } : {}),
        cloud: this.cloud, account: this.account, region: this.region, action: request.action, outcome, latencyMs: latency, attempt,
        tokens: this.limits.tokensLeft(now, spec.charges, request.resource),
        ...(error !== undefined ? { code: error.code, ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}) } : {}),
      }));
    }
    if (error === undefined) {
      request.client.retry.onSuccess(attempt);
      request.done({ attempts: attempt, sentAt: now - latency });
      return;
    }
    if (error.kind === 'throttle') request.client.limiters?.onThrottled(request.action, now);
    const delay = request.client.retry.retryDelay(attempt, error, this.jitterRandom);
    if (error.kind === 'throttle' && request.object !== undefined && this.timeline !== undefined) {
      this.timeline.record(cloudThrottled(now, {
        ...(request.cluster !== undefined ? { cluster: request.cluster } : {}), object: request.object, cloud: this.cloud, action: request.action,
        attempt, latencyMs: latency, ...(delay === undefined ? {} : { retryInMs: delay }),
      }));
    }
    if (delay === undefined) {
      request.done({ error, attempts: attempt, sentAt: now - latency });
      return;
    }
    this.stats.recordBackoff(request.action, delay);
    this.sim.after(delay, this.sendHandler, { request, attempt: attempt + 1, latency: 0 });
  }

  /** The server's answer to one attempt at `now`. */
  private answer(request: ApiRequest, spec: ActionSpec, now: Millis): CallError | undefined {
    if (this.outages > 0) return makeError(this.errors, 'unavailable');
    const units = request.units ?? 1;
    const admission = this.limits.admit(now, spec.charges, units, request.resource);
    if (!admission.ok) return this.throttled(admission.waitMs);
    if (this.brownsOut(request.action)) return makeError(this.errors, 'server');
    const refused = request.serve?.(now);
    if (refused !== undefined) return refused;
    this.limits.commit(now, spec.charges, units, request.resource);
    return undefined;
  }

  private throttled(waitMs: Millis): CallError {
    if (!this.throttleRetryAfter) return makeError(this.errors, 'throttle');
    // Retry-After is whole seconds (ARM: "Retry-After (seconds)", cloud-facts.md §2.1).
    const retryAfter = Number.isFinite(waitMs) ? Math.max(1, Math.ceil(waitMs / 1000)) * 1000 : RETRY_AFTER_WHEN_NEVER;
    return makeError(this.errors, 'throttle', retryAfter);
  }

  /**
   * Whether the active brownouts fail a call of `action`. Overlapping brownouts act independently:
   * the call survives only if it survives each that covers its action, so the error rate is
   * 1 − Π(1 − rate). One draw per call that any brownout covers.
   */
  private brownsOut(action: string): boolean {
    const brownouts = this.brownouts;
    if (brownouts.length === 0) return false;
    let covering = 0;
    let rate = 0;
    let survive = 1;
    for (const brownout of brownouts) {
      if (brownout.actions !== undefined && !brownout.actions.has(action)) continue;
      covering++;
      rate = brownout.errorRate;
      survive *= 1 - brownout.errorRate;
    }
    if (covering === 0) return false;
    return this.brownoutRandom.next() < (covering === 1 ? rate : 1 - survive);
  }

  // ---- computed polls -------------------------------------------------------------------------

  /**
   * Registers polls that will be charged to the limits at their times. One simulation event at
   * the last poll keeps the clock (and the stats of a run that ends there) honest: the
   * controller is still polling until then.
   */
  schedulePolls(train: PollTrain): void {
    this.action(train.action);
    if (train.count <= 0) return;
    const state: TrainState = { train, k: 0, count: train.count };
    this.polls.push(train.time(0), noop, state);
    this.sim.at(train.time(train.count - 1), this.drainHandler, undefined);
  }

  /**
   * Registers polls that go on until `close`: each is charged at its time, lazily, as in
   * `schedulePolls`; no simulation event is needed until the train is closed.
   */
  openPolls(train: Omit<PollTrain, 'count'>): OpenPolls {
    this.action(train.action);
    const state: TrainState = { train: { ...train, count: Number.POSITIVE_INFINITY }, k: 0, count: Number.POSITIVE_INFINITY };
    this.polls.push(train.time(0), noop, state);
    return {
      close: (t) => {
        let seen = 0;
        while (train.time(seen) < t) seen++;
        state.count = Math.max(seen + 1, state.k);
        if (state.k >= state.count) return train.time(seen);
        this.sim.at(train.time(seen), this.drainHandler, undefined);
        return train.time(seen);
      },
    };
  }

  /** Charges every registered poll due by `now`, in time order. */
  drainPolls(now: Millis): void {
    const polls = this.polls;
    for (let next = polls.peek(); next !== undefined && next.time <= now; next = polls.peek()) {
      polls.pop();
      const state = next.payload as TrainState;
      if (state.k >= state.count) continue; // an open train closed before this poll
      this.chargePoll(state.train, next.time);
      state.k++;
      if (state.k < state.count) polls.push(state.train.time(state.k), noop, state);
    }
  }

  private chargePoll(train: PollTrain, t: Millis): void {
    if (train.limiters !== undefined && !train.limiters.tryTake(train.action, t)) return;
    const { spec, latency } = this.action(train.action);
    const sampled = Math.round(latency.sample(this.pollLatencyRandom));
    let outcome: CallOutcome = 'ok';
    if (this.outages > 0) outcome = 'error';
    else if (!this.limits.admit(t, spec.charges, 1, train.resource).ok) {
      outcome = 'throttled';
      train.limiters?.onThrottled(train.action, t);
    } else if (this.brownsOut(train.action)) outcome = 'error';
    else this.limits.commit(t, spec.charges, 1, train.resource);
    this.stats.recordCall(train.action, outcome, sampled, 1, true);
  }

  // ---- faults ---------------------------------------------------------------------------------

  /**
   * A fraction of admitted calls fail with a 5xx (of every action, or only those listed). Brownouts
   * stack: each lasts until its own `clearBrownout`. Returns the handle that ends it.
   */
  setBrownout(errorRate: number, actions?: readonly string[]): number {
    if (!(errorRate >= 0 && errorRate <= 1)) throw new Error(`${this.path}: brownout error rate must be in [0, 1], got ${errorRate}`);
    for (const action of actions ?? []) this.action(action);
    this.drainPolls(this.sim.now);
    const handle = this.nextBrownout++;
    this.brownouts.push(actions === undefined ? { handle, errorRate } : { handle, errorRate, actions: new Set(actions) });
    return handle;
  }

  /** Ends the brownout `handle`; without a handle, the oldest one still active. */
  clearBrownout(handle?: number): void {
    this.drainPolls(this.sim.now);
    const index = handle === undefined ? 0 : this.brownouts.findIndex((brownout) => brownout.handle === handle);
    if (index >= 0 && index < this.brownouts.length) this.brownouts.splice(index, 1);
  }

  /** While at least one outage is on, every call fails with a connection error. Outages stack: each `true` is ended by one `false`. */
  setOutage(on: boolean): void {
    this.drainPolls(this.sim.now);
    this.outages = on ? this.outages + 1 : Math.max(0, this.outages - 1);
  }

  get inOutage(): boolean {
    return this.outages > 0;
  }

  forgetResource(resource: string): void {
    this.limits.forgetResource(resource);
  }

  /** Tokens left now in the tightest limit of `action` (for tests and reports). */
  tokensLeft(action: string, resource?: string): number {
    this.drainPolls(this.sim.now);
    return this.limits.tokensLeft(this.sim.now, this.action(action).spec.charges, resource);
  }

  /** The stats so far, with every poll due by now charged. */
  report(): ReturnType<EndpointStats['report']> {
    this.drainPolls(this.sim.now);
    return this.stats.report();
  }
}

function noop(): void {}

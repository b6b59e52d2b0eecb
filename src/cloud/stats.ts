/**
 * Counts of every API call one provider (cloud, account, region) made, whether or not its
 * `cloud.call` event was kept: calls, throttled answers, errors, SDK retries, and latency
 * percentiles per action. Polls that are computed rather than simulated (`idlePolls`) are
 * counted here too. This is the `clouds[]` part of summary.json (outputs.md).
 */

import type { Millis } from '../engine/duration.js';

export type CallOutcome = 'ok' | 'throttled' | 'error';

export interface ActionStats {
  action: string;
  /** HTTP requests sent (every attempt and every poll). */
  calls: number;
  throttled: number;
  /** Answers that were neither ok nor throttled. */
  errors: number;
  /** Attempts after the first, made by the SDK's retryer. */
  retries: number;
  /** Calls of this action that were long-running-operation polls computed rather than simulated. */
  idlePolls: number;
  /** Time calls spent in SDK backoff before a retry. */
  backoffMs: Millis;
  /** Time calls waited on the client-side limiter before being sent (CAPA). */
  clientWaitMs: Millis;
  p50LatencyMs: number;
  p95LatencyMs: number;
}

export interface CloudRegionStats {
  cloud: string;
  account: string;
  region: string;
  calls: number;
  throttled: number;
  errors: number;
  retries: number;
  idlePolls: number;
  backoffMs: Millis;
  clientWaitMs: Millis;
  /** Time creates and deletes waited for a free provider-controller worker (set by the provider). */
  workerWaitMs?: Millis;
  /** Sorted by action name. */
  actions: ActionStats[];
}

class ActionCounter {
  calls = 0;
  throttled = 0;
  errors = 0;
  retries = 0;
  idlePolls = 0;
  backoffMs = 0;
  clientWaitMs = 0;
  private latencies = new Float64Array(64);

  addLatency(latency: Millis): void {
    const index = this.calls - 1;
    if (index >= this.latencies.length) {
      const grown = new Float64Array(this.latencies.length * 2);
      grown.set(this.latencies);
      this.latencies = grown;
    }
    this.latencies[index] = latency;
  }

  sortedLatencies(): Float64Array {
    return this.latencies.slice(0, this.calls).sort();
  }
}

export class EndpointStats {
  private readonly actions = new Map<string, ActionCounter>();

  constructor(readonly cloud: string, readonly account: string, readonly region: string) {}

  private counter(action: string): ActionCounter {
    let counter = this.actions.get(action);
    if (counter === undefined) {
      counter = new ActionCounter();
      this.actions.set(action, counter);
    }
    return counter;
  }

  recordCall(action: string, outcome: CallOutcome, latency: Millis, attempt: number, idlePoll = false): void {
    const counter = this.counter(action);
    counter.calls++;
    counter.addLatency(latency);
    if (outcome === 'throttled') counter.throttled++;
    else if (outcome === 'error') counter.errors++;
    if (attempt > 1) counter.retries++;
    if (idlePoll) counter.idlePolls++;
  }

  recordBackoff(action: string, delay: Millis): void {
    this.counter(action).backoffMs += delay;
  }

  recordClientWait(action: string, wait: Millis): void {
    if (wait > 0) this.counter(action).clientWaitMs += wait;
  }

  /** Totals for one action, or undefined if it was never called. */
  action(action: string): ActionStats | undefined {
    const counter = this.actions.get(action);
    return counter === undefined ? undefined : summarize(action, counter);
  }

  report(): CloudRegionStats {
    const actions = [...this.actions.keys()].sort().map((name) => summarize(name, this.actions.get(name)!));
    const sum = (field: 'calls' | 'throttled' | 'errors' | 'retries' | 'idlePolls' | 'backoffMs' | 'clientWaitMs') =>
      actions.reduce((total, action) => total + action[field], 0);
    return {
      cloud: this.cloud,
      account: this.account,
      region: this.region,
      calls: sum('calls'),
      throttled: sum('throttled'),
      errors: sum('errors'),
      retries: sum('retries'),
      idlePolls: sum('idlePolls'),
      backoffMs: sum('backoffMs'),
      clientWaitMs: sum('clientWaitMs'),
      actions,
    };
  }
}

function summarize(action: string, counter: ActionCounter): ActionStats {
  const sorted = counter.sortedLatencies();
  return {
    action,
    calls: counter.calls,
    throttled: counter.throttled,
    errors: counter.errors,
    retries: counter.retries,
    idlePolls: counter.idlePolls,
    backoffMs: counter.backoffMs,
    clientWaitMs: counter.clientWaitMs,
    p50LatencyMs: sorted.length === 0 ? 0 : quantileSorted(sorted, 0.5),
    p95LatencyMs: sorted.length === 0 ? 0 : quantileSorted(sorted, 0.95),
  };
}

/** The p-quantile of sorted values, linear between closest ranks (R-7, as d3-array's quantileSorted). */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return 0;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const low = sorted[lo]!;
  return lo + 1 < n ? low + (h - lo) * (sorted[lo + 1]! - low) : low;
}

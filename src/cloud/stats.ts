/**
 * Counts of every API call one provider (cloud, account, region) made, whether or not its
 * `cloud.call` event was kept: calls, throttled answers, errors, SDK retries, and latency
 * percentiles per action. Polls that are computed rather than simulated (`idlePolls`) are
 * counted here too. This is the `clouds[]` part of summary.json (outputs.md).
 */

import type { Millis } from '../engine/duration.js';
import { must } from '../engine/must.js';
import { LatencyRecorder, quantileOfSorted } from '../kube/metrics.js';

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
  readonly latencies = new LatencyRecorder();
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
    counter.latencies.record(latency);
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
    const actions = [...this.actions.keys()].sort().map((name) => summarize(name, must(this.actions, name, 'action')));
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
  const sorted = counter.latencies.sorted();
  return {
    action,
    calls: counter.calls,
    throttled: counter.throttled,
    errors: counter.errors,
    retries: counter.retries,
    idlePolls: counter.idlePolls,
    backoffMs: counter.backoffMs,
    clientWaitMs: counter.clientWaitMs,
    p50LatencyMs: quantileOfSorted(sorted, 0.5) ?? 0,
    p95LatencyMs: quantileOfSorted(sorted, 0.95) ?? 0,
  };
}

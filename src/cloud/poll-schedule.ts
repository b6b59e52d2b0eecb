/**
 * When a provider controller polls a long-running operation. Each schedule is a function from the
 * poll index k (0, 1, 2, ...) to its time; the provider looks up the first poll at or after the
 * operation's completion (that is when the controller sees it done) and hands the polls up to
 * that one to the endpoint to charge.
 */

import { SECOND, type Millis } from '../engine/duration.js';
import type { Random } from '../engine/random.js';

export interface PollSchedule {
  /** Time of poll k; increasing in k. */
  time(k: number): Millis;
}

/** Index of the first poll at or after `t`. */
export function firstPollAtOrAfter(schedule: PollSchedule, t: Millis): number {
  let k = 0;
  while (schedule.time(k) < t) k++;
  return k;
}

/** Polls every `interval` after `start` (the first at start + interval). */
export function everyInterval(start: Millis, interval: Millis): PollSchedule {
  if (!(interval > 0)) throw new Error(`poll interval must be > 0, got ${interval}`);
  return { time: (k) => start + (k + 1) * interval };
}

export interface CapzPollTiming {
  /** The poll's context timeout (CAPZ `--api-call-timeout`, `DefaultAzureCallTimeout`, 2 s). */
  callTimeout: Millis;
  /** `PollUntilDone` frequency (CAPZ `DefaultPollerFrequency`, 1 s). */
  pollFrequency: Millis;
  /** Requeue while the operation is pending (CAPZ `DefaultReconcilerRequeue`, 15 s). */
  requeue: Millis;
}

/**
 * CAPZ's pattern (cloud-facts.md §2.6; CAPZ@69ec3a40 azure/services/virtualmachines/client.go
 * `CreateOrUpdateAsync`, `DeleteAsync`; azure/services/async/async.go): after the PUT or DELETE
 * is answered at `accepted`, `PollUntilDone` runs under a `callTimeout` context, polling at once
 * and then every `pollFrequency` (azcore sdk/azcore/runtime/poller.go polls before its first
 * sleep); when the context expires the poller is saved as a resume token and the reconcile
 * requeues after `requeue`; each later reconcile resumes the poller under a fresh context.
 * Reconcile overheads are left out.
 */
export function capzPolls(accepted: Millis, timing: CapzPollTiming): PollSchedule {
  const perCall = Math.max(1, Math.ceil(timing.callTimeout / timing.pollFrequency));
  const cycle = timing.callTimeout + timing.requeue;
  return {
    time: (k) => accepted + Math.floor(k / perCall) * cycle + (k % perCall) * timing.pollFrequency,
  };
}

/** Default CAPZ timings (CAPZ@69ec3a40 util/reconciler/defaults.go, azure/services/async/async.go). */
export const CAPZ_POLL_TIMING: CapzPollTiming = {
  callTimeout: 2 * SECOND, // DefaultAzureCallTimeout
  pollFrequency: 1 * SECOND, // DefaultPollerFrequency
  requeue: 15 * SECOND, // DefaultReconcilerRequeue
};

export interface WaiterTiming {
  minDelay: Millis;
  maxDelay: Millis;
  /** The waiter gives up after this long; the controller's next reconcile starts a new one. */
  maxWait: Millis;
}

/**
 * An AWS SDK waiter as CAPA runs it (CAPA_EKS_WAITER): it describes at `start`, then before
 * attempt n + 1 waits smithy's `ComputeDelay(n)`: min · 2^(n−1) capped at max, jittered uniformly
 * in [min, that) when it is above min, and shortened so the last attempt lands `min` before the
 * deadline (aws/smithy-go waiter/waiter.go `ComputeDelay`). When the waiter gives up, the failed
 * reconcile is retried at once (controller-runtime's first backoff is 5 ms) and a new waiter
 * starts with that describe. The jitter comes from `random`; times are drawn once and kept.
 */
export function waiterPolls(start: Millis, timing: WaiterTiming, random: Random): PollSchedule {
  const times: Millis[] = [start];
  let roundStart = start;
  let attempt = 1;
  const ceiling = Math.floor(Math.log2(timing.maxDelay / timing.minDelay) + 1);
  const extend = (): void => {
    const last = times[times.length - 1] as Millis;
    const remaining = roundStart + timing.maxWait - last;
    let delay = attempt > ceiling ? timing.maxDelay : Math.min(timing.maxDelay, timing.minDelay * 2 ** (attempt - 1));
    if (delay !== timing.minDelay) delay = timing.minDelay + Math.floor(random.next() * (delay - timing.minDelay));
    let lastOfRound = false;
    if (remaining - delay <= timing.minDelay) {
      delay = Math.max(0, remaining - timing.minDelay);
      lastOfRound = true;
    }
    const next = last + Math.max(1, Math.round(delay));
    times.push(next);
    attempt++;
    if (lastOfRound) {
      roundStart = next;
      attempt = 1;
    }
  };
  return {
    time: (k) => {
      while (times.length <= k) extend();
      return times[k] as Millis;
    },
  };
}

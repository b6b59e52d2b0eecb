/**
 * When a provider controller polls a long-running operation. Each schedule is a function from the
 * poll index k (0, 1, 2, ...) to its time; the provider looks up the first poll at or after the
 * operation's completion (that is when the controller sees it done) and hands the polls up to
 * that one to the endpoint to charge.
 */

import { SECOND, type Millis } from '../engine/duration.js';

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

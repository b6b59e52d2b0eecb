/**
 * A server-side API limit: a token bucket (AWS, Azure) or a clock-aligned fixed window (GCP).
 * A call may need several limits at once (EC2's request and resource buckets; ARM's subscription
 * bucket and the Compute provider's buckets); `LimitStore.acquire` takes them all or none.
 */

import type { Millis } from '../../engine/duration.js';
import { FixedWindowLimiter } from './fixed-window-limiter.js';
import { ContinuousBucketLimiter, IntervalBucketLimiter } from './token-bucket-limiter.js';

export interface Limiter {
  /** Tokens left at `now` (requests left in the current window). */
  available(now: Millis): number;
  /** Takes `n` if they are all there; returns whether it did. */
  tryTake(now: Millis, n: number): boolean;
  /** Milliseconds from `now` until `n` could be taken (0 when they can now; Infinity when never). */
  waitTime(now: Millis, n: number): Millis;
}

/**
 * Which instance of a limit a call draws from: one per (account, region), one per account across
 * regions, or one per resource (a VM, an agent pool, a managed cluster).
 */
export type LimitScope = 'region' | 'account' | 'resource';

export type LimitSpec =
  | {
      kind: 'bucket';
      /** Bucket size: the burst. */
      capacity: number;
      /** Average refill rate. */
      refillPerSecond: number;
      /**
       * Refill in steps of this many ms (Azure Compute refills once a minute); continuous when
       * absent (EC2, ARM, AKS: see each catalog).
       */
      refillIntervalMs?: Millis;
      scope: LimitScope;
    }
  | {
      kind: 'window';
      /** Requests allowed per window. */
      limit: number;
      /** Window length; windows are aligned to multiples of it from simulation time 0. */
      windowMs: Millis;
      scope: LimitScope;
    };

/** A limit as written in a report: `100 @ 20/s`, `12 @ 4/min`, `1500 / 60s window`. */
export function describeLimit(spec: LimitSpec): string {
  if (spec.kind === 'window') return `${spec.limit} per ${spec.windowMs / 1000}s window`;
  const perMinute = spec.refillPerSecond * 60;
  const rate = spec.refillPerSecond >= 1 || !Number.isInteger(perMinute) ? `${spec.refillPerSecond}/s` : `${perMinute}/min`;
  return `${spec.capacity} @ ${rate}${spec.refillIntervalMs !== undefined ? ` (every ${spec.refillIntervalMs / 1000}s)` : ''}`;
}

export function makeLimiter(spec: LimitSpec, now: Millis): Limiter {
  if (spec.kind === 'window') return new FixedWindowLimiter(spec.limit, spec.windowMs);
  if (spec.refillIntervalMs !== undefined) {
    return new IntervalBucketLimiter(spec.capacity, (spec.refillPerSecond * spec.refillIntervalMs) / 1000, spec.refillIntervalMs, now);
  }
  return new ContinuousBucketLimiter(spec.capacity, spec.refillPerSecond, now);
}

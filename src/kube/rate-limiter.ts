/**
 * How a controller spaces out reconciles of one object. CAPI v1.13 builds every controller with
 * its own limiter (ReconcilerRateLimiting, on by default): at most one reconcile per object per
 * `interval` (1 s; MHC 15 s), error backoff `interval + 5 ms·2^failures` capped at 1000 s, and no
 * global token bucket (capi-semantics.md §8.2; cluster-api@v1.13.5:util/controller/builder.go
 * `typedItemExponentialFailureRateLimiter.When`, util/controller/controller.go `reconcilerWrapper`).
 * `controllerRuntime` is client-go's DefaultTypedControllerRateLimiter for comparison: per-item
 * 5 ms…1000 s, combined with a 10 qps / 100 burst bucket.
 */

import type { Millis } from '../engine/duration.js';

export interface RateLimiterSpec {
  kind: 'capi' | 'controllerRuntime';
  /** Minimum time between reconciles of one object (CAPI flavour). */
  interval: Millis;
  baseDelay: Millis;
  maxDelay: Millis;
  /** controllerRuntime flavour: the overall bucket on rate-limited requeues. */
  bucketQps?: number;
  bucketBurst?: number;
}

export const CAPI_RATE_LIMITER: RateLimiterSpec = { kind: 'capi', interval: 1000, baseDelay: 5, maxDelay: 1_000_000 };
export const CAPI_MHC_RATE_LIMITER: RateLimiterSpec = { ...CAPI_RATE_LIMITER, interval: 15_000 };
export const CONTROLLER_RUNTIME_RATE_LIMITER: RateLimiterSpec = {
  kind: 'controllerRuntime', interval: 0, baseDelay: 5, maxDelay: 1_000_000, bucketQps: 10, bucketBurst: 100,
};

/** Backoff after `failures` consecutive failures (failures ≥ 1). */
export function failureBackoff(spec: RateLimiterSpec, failures: number): Millis {
  const exponential = spec.baseDelay * 2 ** Math.min(failures, 40);
  return Math.min(spec.interval + exponential, spec.maxDelay);
}

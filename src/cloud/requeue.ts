/**
 * The provider controller's requeue after a failed reconcile. CAPA, CAPZ and CAPG return the
 * error to controller-runtime, whose default per-item limiter waits 5 ms · 2^failures, capped at
 * 1000 s, and forgets the item after a success (client-go workqueue
 * `DefaultTypedControllerRateLimiter` / `ItemExponentialFailureRateLimiter(5ms, 1000s)`;
 * capi-semantics.md §8.2 "Gate off"). The 10 qps bucket that controller-runtime combines with it
 * is shared by a whole queue and is left to the controllers' layer.
 */

import { SECOND, type Millis } from '../engine/duration.js';

export const FAILURE_BASE_DELAY: Millis = 5;
export const FAILURE_MAX_DELAY: Millis = 1000 * SECOND;

export class FailureBackoff {
  private readonly failures = new Map<string, number>();

  constructor(private readonly base: Millis = FAILURE_BASE_DELAY, private readonly max: Millis = FAILURE_MAX_DELAY) {}

  /** Counts a failure of `key` and returns the delay before its next reconcile. */
  next(key: string): Millis {
    const failures = this.failures.get(key) ?? 0;
    this.failures.set(key, failures + 1);
    return Math.min(this.base * 2 ** failures, this.max);
  }

  reset(key: string): void {
    this.failures.delete(key);
  }
}

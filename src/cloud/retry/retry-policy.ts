/**
 * How an SDK client decides whether and when to retry a failed call. One policy object per
 * client, because some keep state (the AWS retry quota). Jitter comes from the caller's seeded
 * stream.
 */

import type { Millis } from '../../engine/duration.js';
import type { Random } from '../../engine/random.js';
import type { CallError } from '../errors.js';

export type RetryPolicyName = 'aws-standard' | 'azcore' | 'gax';

export interface RetrySettings {
  policy: RetryPolicyName;
  /** Attempts in all, the first included; 1 disables retries. */
  maxAttempts: number;
  /** The backoff's base: AWS 1 s (the 2^n unit), azcore RetryDelay, gax Initial. */
  baseDelayMs: Millis;
  /** The backoff's cap: AWS 20 s, azcore MaxRetryDelay, gax Max. */
  maxDelayMs: Millis;
}

export interface RetryPolicy {
  /**
   * Attempt `attempt` (1-based) failed with `error`: the delay before the next attempt, or
   * undefined when the client gives up and returns the error.
   */
  retryDelay(attempt: number, error: CallError, random: Random): Millis | undefined;
  /** Attempt `attempt` succeeded. */
  onSuccess(attempt: number): void;
}

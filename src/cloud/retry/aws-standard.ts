/**
 * aws-sdk-go-v2's "standard" retryer (cloud-facts.md §1.3; aws/aws-sdk-go-v2@1489ddb2:
 * aws/retry/standard.go `NewStandard`, aws/retry/jitter_backoff.go `BackoffDelay`; "Retry
 * behavior", https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html):
 * - 3 attempts; delay U[0,1) × 2^n s with n the attempt that just failed, capped: past the cap
 *   the delay is U[0,1) × 20 s (jitter_backoff_test.go "max delay");
 * - a retry quota of 500 tokens per client: a retry costs 5 (10 after a timeout); with too few
 *   tokens the error is returned at once; a retried call that then succeeds returns its cost, a
 *   first-attempt success adds 1 (capped at 500);
 * - retried: throttle codes (RequestLimitExceeded, Throttling, ...), 500/502/503/504 and
 *   connection errors; not InsufficientInstanceCapacity or InstanceLimitExceeded.
 */

import type { Millis } from '../../engine/duration.js';
import type { Random } from '../../engine/random.js';
import type { CallError } from '../errors.js';
import type { RetryPolicy, RetrySettings } from './retry-policy.js';

export const AWS_RETRY_QUOTA = 500;
export const AWS_RETRY_COST = 5;
export const AWS_TIMEOUT_RETRY_COST = 10;
const AWS_NO_RETRY_INCREMENT = 1;

export class AwsStandardRetry implements RetryPolicy {
  /** Tokens left in the client's retry quota. */
  quota = AWS_RETRY_QUOTA;
  private lastCost = 0;

  constructor(private readonly settings: RetrySettings) {}

  retryDelay(attempt: number, error: CallError, random: Random): Millis | undefined {
    if (attempt >= this.settings.maxAttempts) return undefined;
    if (error.kind === 'capacity' || error.kind === 'quota' || error.kind === 'conflict' || error.kind === 'invalid') return undefined;
    const cost = error.timeout ? AWS_TIMEOUT_RETRY_COST : AWS_RETRY_COST;
    if (this.quota < cost) return undefined;
    this.quota -= cost;
    this.lastCost = cost;
    const ceiling = Math.min(this.settings.baseDelayMs * 2 ** attempt, this.settings.maxDelayMs);
    return Math.round(random.next() * ceiling);
  }

  onSuccess(attempt: number): void {
    const refund = attempt === 1 ? AWS_NO_RETRY_INCREMENT : this.lastCost;
    this.quota = Math.min(AWS_RETRY_QUOTA, this.quota + refund);
    this.lastCost = 0;
  }
}

/**
 * The Azure SDK for Go's retry policy (cloud-facts.md §2.4; Azure/azure-sdk-for-go:
 * sdk/azcore/runtime/policy_retry.go `setDefaults`, `calcDelay`, `retryPolicy.Do`):
 * - MaxRetries 3 (4 tries); delay of try n = (2^n − 1) × RetryDelay (800 ms) × U[0.8, 1.3),
 *   capped at MaxRetryDelay (60 s);
 * - a Retry-After from the server is used as the delay; one above MaxRetryDelay ends the retries;
 * - retried: 408, 429, 500, 502, 503, 504 and transport errors.
 * CAPZ turns retries off (`opts.Retry.MaxRetries = -1`, azure/defaults.go `ARMClientOptions`),
 * so the Azure catalog sets maxAttempts 1; a scenario can turn them back on.
 */

import type { Millis } from '../../engine/duration.js';
import type { Random } from '../../engine/random.js';
import type { CallError } from '../errors.js';
import type { RetryPolicy, RetrySettings } from './retry-policy.js';

const RETRIED_STATUS = new Set([408, 429, 500, 502, 503, 504]);

export class AzcoreRetry implements RetryPolicy {
  constructor(private readonly settings: RetrySettings) {}

  retryDelay(attempt: number, error: CallError, random: Random): Millis | undefined {
    if (attempt >= this.settings.maxAttempts) return undefined;
    if (error.kind !== 'unavailable' && !RETRIED_STATUS.has(error.status)) return undefined;
    if (error.retryAfterMs !== undefined) {
      return error.retryAfterMs > this.settings.maxDelayMs ? undefined : error.retryAfterMs;
    }
    const jitter = 0.8 + random.next() * 0.5;
    return Math.round(Math.min((2 ** attempt - 1) * this.settings.baseDelayMs * jitter, this.settings.maxDelayMs));
  }

  onSuccess(): void {}
}

/**
 * Google's gax-go retryer (cloud-facts.md §3.2; googleapis/gax-go@5a1e0eb0:v2/call_option.go
 * `Backoff.Pause`, `OnCodes`): pause U(0, cur] with cur starting at Initial (1 s) and multiplied
 * by 2 after each pause up to Max (30 s); retried codes UNAVAILABLE and DEADLINE_EXCEEDED only,
 * so 403 rateLimitExceeded is not retried. gax has no attempt cap (it stops at the context
 * deadline); CAPG's compute client (google.golang.org/api/compute/v1) makes a single attempt, so
 * the GCP catalog sets maxAttempts 1.
 */

import type { Millis } from '../../engine/duration.js';
import type { Random } from '../../engine/random.js';
import type { CallError } from '../errors.js';
import type { RetryPolicy, RetrySettings } from './retry-policy.js';

const MULTIPLIER = 2;

export class GaxRetry implements RetryPolicy {
  constructor(private readonly settings: RetrySettings) {}

  retryDelay(attempt: number, error: CallError, random: Random): Millis | undefined {
    if (attempt >= this.settings.maxAttempts) return undefined;
    const retried = error.kind === 'unavailable' || error.status === 503 || error.status === 504;
    if (!retried) return undefined;
    const current = Math.min(this.settings.baseDelayMs * MULTIPLIER ** (attempt - 1), this.settings.maxDelayMs);
    // U(0, cur]: 1 - next() is in (0, 1].
    return Math.max(1, Math.round((1 - random.next()) * current));
  }

  onSuccess(): void {}
}

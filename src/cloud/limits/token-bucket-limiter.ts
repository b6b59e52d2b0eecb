/**
 * Token-bucket limits. `ContinuousBucketLimiter` refills smoothly (the engine's TokenBucket);
 * `IntervalBucketLimiter` adds a fixed amount once per interval, as Azure's Compute resource
 * provider does ("buckets refill once per minute", cloud-facts.md §2.2,
 * MicrosoftDocs/azure-compute-docs:articles/virtual-machines/compute-throttling-limits.md).
 * Both start full (EC2: "a bucket starts full"; CRP: "buckets full at resource creation").
 */

import type { Millis } from '../../engine/duration.js';
import { TokenBucket } from '../../engine/token-bucket.js';
import type { Limiter } from './limiter.js';

/** Float drift allowance: never enough to grant a whole token. */
const EPSILON = 1e-9;

export class ContinuousBucketLimiter implements Limiter {
  private readonly bucket: TokenBucket;

  constructor(readonly capacity: number, readonly refillPerSecond: number, now: Millis) {
    this.bucket = new TokenBucket(capacity, refillPerSecond, now);
  }

  available(now: Millis): number {
    return this.bucket.available(now);
  }

  tryTake(now: Millis, n: number): boolean {
    return this.bucket.tryTake(now, n);
  }

  waitTime(now: Millis, n: number): Millis {
    if (n > this.capacity) return Number.POSITIVE_INFINITY;
    return this.bucket.waitTime(now, n);
  }
}

export class IntervalBucketLimiter implements Limiter {
  private tokens: number;
  /** Index of the last refill step applied, counted from `origin`. */
  private step = 0;

  constructor(
    readonly capacity: number,
    /** Tokens added at each step. */
    readonly refillAmount: number,
    readonly intervalMs: Millis,
    /** Steps happen at origin + k·interval. */
    private readonly origin: Millis,
  ) {
    if (!(capacity > 0) || !(refillAmount >= 0) || !(intervalMs > 0)) {
      throw new Error(`interval bucket needs capacity > 0, refill >= 0 and interval > 0, got ${capacity}, ${refillAmount}, ${intervalMs}`);
    }
    this.tokens = capacity;
  }

  private refill(now: Millis): void {
    const step = Math.floor((now - this.origin) / this.intervalMs);
    if (step <= this.step) return;
    this.tokens = Math.min(this.capacity, this.tokens + (step - this.step) * this.refillAmount);
    this.step = step;
  }

  available(now: Millis): number {
    this.refill(now);
    return this.tokens;
  }

  tryTake(now: Millis, n: number): boolean {
    this.refill(now);
    if (this.tokens + EPSILON < n) return false;
    this.tokens -= n;
    return true;
  }

  waitTime(now: Millis, n: number): Millis {
    this.refill(now);
    const missing = n - this.tokens;
    if (missing <= EPSILON) return 0;
    if (n > this.capacity || this.refillAmount === 0) return Number.POSITIVE_INFINITY;
    const steps = Math.ceil((missing - EPSILON) / this.refillAmount);
    return this.origin + (this.step + steps) * this.intervalMs - now;
  }
}

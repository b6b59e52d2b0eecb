/**
 * A token bucket in virtual time: `capacity` tokens at most, refilled continuously at
 * `refillPerSecond`. Used for client-side QPS limits and for cloud API buckets.
 */

import type { Millis } from './duration.js';

export class TokenBucket {
  private tokens: number;
  private updatedAt: Millis;

  constructor(
    readonly capacity: number,
    readonly refillPerSecond: number,
    now: Millis = 0,
  ) {
    if (!(capacity > 0) || !(refillPerSecond >= 0)) throw new Error(`token bucket needs capacity > 0 and refill >= 0, got ${capacity}, ${refillPerSecond}`);
    this.tokens = capacity;
    this.updatedAt = now;
  }

  private refill(now: Millis): void {
    if (now <= this.updatedAt) return;
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.updatedAt) * this.refillPerSecond) / 1000);
    this.updatedAt = now;
  }

  /** Tokens available at `now` (may be negative after reservations). */
  available(now: Millis): number {
    this.refill(now);
    return this.tokens;
  }

  /** Takes `n` tokens if they are all there; returns whether it did. */
  tryTake(now: Millis, n = 1): boolean {
    this.refill(now);
    // A tiny epsilon absorbs float drift in long refills without ever granting a whole extra token.
    if (this.tokens + 1e-9 < n) return false;
    this.tokens -= n;
    return true;
  }

  /** Milliseconds from `now` until `n` tokens will be there (0 when they are), rounded up. */
  waitTime(now: Millis, n = 1): Millis {
    this.refill(now);
    const missing = n - this.tokens;
    if (missing <= 1e-9) return 0;
    if (this.refillPerSecond === 0) return Number.POSITIVE_INFINITY;
    // Float noise can put an exact integer a hair above itself; never round that up to a whole extra ms.
    return Math.ceil((missing * 1000) / this.refillPerSecond - 1e-9);
  }

  /**
   * Takes `n` tokens now, going into debt if needed (golang.org/x/time/rate `Reserve`), and returns
   * how long the caller must wait before acting.
   */
  reserve(now: Millis, n = 1): Millis {
    const wait = this.waitTime(now, n);
    this.tokens -= n;
    return wait;
  }

  /** Empties the bucket (CAPA resets its limiter to 0 tokens on a throttling response). */
  drain(now: Millis): void {
    this.refill(now);
    if (this.tokens > 0) this.tokens = 0;
  }
}

/**
 * A per-minute quota counted in clock-aligned windows, as Compute Engine counts its rate quotas:
 * "if you reach the limit at 10:00:15, the quota refills at 10:01:00" — a fixed window, not a
 * token bucket (cloud-facts.md §3.1, "Compute Engine rate quotas",
 * https://cloud.google.com/compute/api-quota). Windows start at multiples of `windowMs` from
 * simulation time 0, which fleetsim takes to be a minute boundary.
 */

import type { Millis } from '../../engine/duration.js';
import type { Limiter } from './limiter.js';

export class FixedWindowLimiter implements Limiter {
  private window = 0;
  private used = 0;

  constructor(readonly limit: number, readonly windowMs: Millis) {
    if (!(limit >= 0) || !(windowMs > 0)) throw new Error(`fixed window needs limit >= 0 and window > 0, got ${limit}, ${windowMs}`);
  }

  private roll(now: Millis): void {
    const window = Math.floor(now / this.windowMs);
    if (window !== this.window) {
      this.window = window;
      this.used = 0;
    }
  }

  available(now: Millis): number {
    this.roll(now);
    return this.limit - this.used;
  }

  tryTake(now: Millis, n: number): boolean {
    this.roll(now);
    if (this.used + n > this.limit) return false;
    this.used += n;
    return true;
  }

  waitTime(now: Millis, n: number): Millis {
    this.roll(now);
    if (this.used + n <= this.limit) return 0;
    if (n > this.limit) return Number.POSITIVE_INFINITY;
    return (this.window + 1) * this.windowMs - now;
  }
}

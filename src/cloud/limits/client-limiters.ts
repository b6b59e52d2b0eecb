/**
 * Client-side rate limiters, as CAPA keeps them: one set per session (region, controller,
 * cluster, namespace — so per cluster), operations matched by name prefix with the first match
 * winning, each a golang.org/x/time/rate limiter whose `Wait` blocks the caller; on a
 * `Throttling` or `RequestLimitExceeded` answer the matched limiter's tokens are reset to 0
 * (cloud-facts.md §1.6; CAPA@2cf09d78:pkg/cloud/throttle/throttle.go,
 * pkg/cloud/scope/session.go `newEC2ServiceLimiter`, pkg/internal/rate/reset.go `ResetTokens`).
 */

import type { Millis } from '../../engine/duration.js';
import { TokenBucket } from '../../engine/token-bucket.js';

export interface ClientLimitRule {
  /** Operation-name prefixes this rule matches (`Describe`, `RunInstances`); `*` matches all. */
  prefixes: readonly string[];
  /** The limiter; absent for operations the client does not limit (CAPA: EKS, Auto Scaling). */
  limit?: { refillPerSecond: number; burst: number };
}

export class ClientLimiters {
  private readonly buckets: Array<TokenBucket | undefined>;
  private readonly ruleOf = new Map<string, number>();

  constructor(private readonly rules: readonly ClientLimitRule[]) {
    this.buckets = rules.map(() => undefined);
  }

  private ruleIndex(action: string): number {
    let index = this.ruleOf.get(action);
    if (index === undefined) {
      index = this.rules.findIndex((rule) => rule.prefixes.some((prefix) => prefix === '*' || action.startsWith(prefix)));
      this.ruleOf.set(action, index);
    }
    return index;
  }

  private bucket(action: string, now: Millis): TokenBucket | undefined {
    const index = this.ruleIndex(action);
    if (index < 0) return undefined;
    let bucket = this.buckets[index];
    if (bucket === undefined) {
      const limit = this.rules[index]!.limit;
      if (limit === undefined) return undefined;
      bucket = new TokenBucket(limit.burst, limit.refillPerSecond, now);
      this.buckets[index] = bucket;
    }
    return bucket;
  }

  /** Takes a token, going into debt like `rate.Limiter.Wait`; returns how long the caller waits. */
  reserve(action: string, now: Millis): Millis {
    return this.bucket(action, now)?.reserve(now) ?? 0;
  }

  /** Takes a token only if one is there now (used for polls that are computed, not simulated). */
  tryTake(action: string, now: Millis): boolean {
    return this.bucket(action, now)?.tryTake(now) ?? true;
  }

  /** The server throttled `action`: empty its limiter. */
  onThrottled(action: string, now: Millis): void {
    this.bucket(action, now)?.drain(now);
  }
}

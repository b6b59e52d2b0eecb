/**
 * The live limiters of one provider (one account and region), created on first use from their
 * specs. Account-scoped limiters are shared between the regions of an account through a map the
 * registry hands to every region's store; resource-scoped ones exist per resource and are
 * forgotten when the resource goes.
 */

import type { Millis } from '../../engine/duration.js';
import { makeLimiter, type Limiter, type LimitSpec } from './limiter.js';

/** One limit a call draws from. */
export interface Charge {
  limit: string;
  /** `request`: 1 token per call; `unit`: 1 token per unit (EC2 resource buckets: per instance). */
  per: 'request' | 'unit';
  /**
   * `admit`: taken when the server accepts the call; `success`: taken only if the call then
   * succeeds (a failed RunInstances is assumed not to use resource tokens: cloud-facts.md §1.7,
   * UNCONFIRMED).
   */
  when: 'admit' | 'success';
}

export type Admission = { ok: true } | { ok: false; limit: string; waitMs: Millis };

export class LimitStore {
  private readonly own = new Map<string, Limiter>();

  constructor(
    readonly specs: Readonly<Record<string, LimitSpec>>,
    /** Account-scoped limiters, shared by every region of the account. */
    private readonly shared: Map<string, Limiter> = new Map(),
  ) {}

  spec(name: string): LimitSpec {
    const spec = this.specs[name];
    if (spec === undefined) throw new Error(`unknown API limit "${name}"`);
    return spec;
  }

  limiter(name: string, now: Millis, resource = ''): Limiter {
    const spec = this.spec(name);
    const map = spec.scope === 'account' ? this.shared : this.own;
    const key = spec.scope === 'resource' ? `${name}\u0000${resource}` : name;
    let limiter = map.get(key);
    if (limiter === undefined) {
      limiter = makeLimiter(spec, now);
      map.set(key, limiter);
    }
    return limiter;
  }

  /**
   * The server's decision: throttled when any charge is short (EC2: "a call is throttled if
   * either its request bucket or its resource bucket is short", cloud-facts.md §1.1); otherwise
   * the `admit` charges are taken. A throttled call takes nothing.
   */
  admit(now: Millis, charges: readonly Charge[], units: number, resource?: string): Admission {
    for (const charge of charges) {
      const cost = charge.per === 'unit' ? units : 1;
      const limiter = this.limiter(charge.limit, now, resource);
      if (limiter.available(now) + 1e-9 < cost) return { ok: false, limit: charge.limit, waitMs: limiter.waitTime(now, cost) };
    }
    for (const charge of charges) {
      if (charge.when === 'admit') this.limiter(charge.limit, now, resource).tryTake(now, charge.per === 'unit' ? units : 1);
    }
    return { ok: true };
  }

  /** Takes the `success` charges of an admitted call that succeeded (same instant as `admit`). */
  commit(now: Millis, charges: readonly Charge[], units: number, resource?: string): void {
    for (const charge of charges) {
      if (charge.when === 'success') this.limiter(charge.limit, now, resource).tryTake(now, charge.per === 'unit' ? units : 1);
    }
  }

  /** The tightest of the call's limits after the call: the fewest tokens left, floored. */
  tokensLeft(now: Millis, charges: readonly Charge[], resource?: string): number {
    let least = Number.POSITIVE_INFINITY;
    for (const charge of charges) least = Math.min(least, this.limiter(charge.limit, now, resource).available(now));
    return least === Number.POSITIVE_INFINITY ? -1 : Math.floor(least + 1e-9);
  }

  /** Drops a resource's own limiters (the VM is gone). */
  forgetResource(resource: string): void {
    for (const name of Object.keys(this.specs)) {
      if (this.specs[name]!.scope === 'resource') this.own.delete(`${name}\u0000${resource}`);
    }
  }
}

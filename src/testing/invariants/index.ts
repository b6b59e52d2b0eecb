/**
 * The invariant library. Each is a pure function over a run's timeline, summary and inventory;
 * `invariants.all()` is the set fleetsim checks its own controllers with.
 */

import type { Invariant } from '../invariant.js';
import { poolMaxSurge } from './pool-max-surge.js';
import { poolMinAvailable } from './pool-min-available.js';
import { mhcMaxUnhealthy } from './mhc-max-unhealthy.js';
import { kcpEtcdQuorum } from './kcp-etcd-quorum.js';
import { rolloutsCompleteOrStuck, rolloutsFinish, type LivenessOptions } from './rollouts.js';
import { noLeaks } from './leaks.js';
import { expectations } from './expectations.js';
import { deterministic } from './determinism.js';

export interface AllInvariantsOptions {
  /** Liveness bound after faults heal (default 2h). */
  liveness?: string | number;
  /** Also run every scenario twice and compare (default true). */
  deterministic?: boolean;
  /** Check the scenario's `expect:` too (default true). */
  expectations?: boolean;
}

function all(options: AllInvariantsOptions = {}): Invariant[] {
  const list: Invariant[] = [
    poolMaxSurge(),
    poolMinAvailable(),
    mhcMaxUnhealthy(),
    kcpEtcdQuorum(),
    rolloutsCompleteOrStuck(),
    rolloutsFinish(options.liveness === undefined ? {} : { within: options.liveness }),
    noLeaks(),
  ];
  if (options.expectations !== false) list.push(expectations());
  if (options.deterministic !== false) list.push(deterministic());
  return list;
}

export const invariants = {
  poolMaxSurge,
  poolMinAvailable,
  mhcMaxUnhealthy,
  kcpEtcdQuorum,
  rolloutsCompleteOrStuck,
  rolloutsFinish,
  noLeaks,
  expectations,
  deterministic,
  all,
};

export type { LivenessOptions };
export { faultsHealedAt } from './rollouts.js';

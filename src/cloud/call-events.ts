/**
 * Which `cloud.call` events reach the timeline. Large fleets make hundreds of thousands of calls;
 * the stats count every one of them whatever is chosen here.
 */

import type { Random } from '../engine/random.js';

export type CallEventSampling =
  | 'all'
  | 'none'
  /** Keep each event with probability `rate`, decided by a seeded stream per provider. */
  | { sampled: number };

export function samplingError(sampling: CallEventSampling): string | undefined {
  if (sampling === 'all' || sampling === 'none') return undefined;
  if (typeof sampling === 'object' && sampling !== null && typeof sampling.sampled === 'number' && sampling.sampled >= 0 && sampling.sampled <= 1) return undefined;
  return `cloud.call events: expected 'all', 'none' or { sampled: rate } with 0 ≤ rate ≤ 1, got ${JSON.stringify(sampling)}`;
}

/** Decides per event; draws from its own stream only when sampling, so the choice shifts no other draws. */
export class CallEventFilter {
  constructor(private readonly sampling: CallEventSampling, private readonly random: Random) {
    const error = samplingError(sampling);
    if (error !== undefined) throw new Error(error);
  }

  keep(): boolean {
    if (this.sampling === 'all') return true;
    if (this.sampling === 'none') return false;
    return this.random.next() < this.sampling.sampled;
  }
}

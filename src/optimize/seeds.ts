/**
 * The seeds of an optimization: one list, S, S+1, …, S+max−1, shared by every candidate (common
 * random numbers), each candidate running a prefix of it. S is `--seed`, else the scenario's seed,
 * so `fleetsim sweep plan.yaml --seeds S-…` reruns exactly the runs the figures come from.
 */

import { OptimizeInputError } from './errors.js';

export function optimizerSeeds(first: number, count: number): number[] {
  if (!Number.isSafeInteger(first + count)) throw new OptimizeInputError(`--seed ${first}: too large for ${count} seeds after it`);
  return Array.from({ length: count }, (_, i) => first + i);
}

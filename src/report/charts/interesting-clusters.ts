/**
 * Which clusters a large fleet's report draws one by one: the ones a platform engineer would
 * look at first. The order is lexicographic, so it is easy to explain on the page: unfinished
 * rollouts, then MHC short-circuits, remediations, lowest availability, KCP refusals, drain
 * timeouts, the longest rollout, and the name last so ties are stable.
 */

import { must } from '../../engine/must.js';
import type { ClusterSummary } from '../summary.js';
import { naturalCompare } from './natural-order.js';

export const INTERESTING_ORDER = 'unfinished rollouts first, then the most MHC short-circuits, remediations, the lowest availability, KCP refusals, drain timeouts and the longest rollout';

function longestRollout(cluster: ClusterSummary, endedAt: number): number {
  let longest = 0;
  for (const rollout of cluster.rollouts) longest = Math.max(longest, rollout.duration ?? endedAt - rollout.startedAt);
  return longest;
}

function unfinished(cluster: ClusterSummary): number {
  return cluster.rollouts.some((r) => r.completedAt === null) ? 1 : 0;
}

/** Sorts a copy of `clusters`, most interesting first. */
export function byInterest(clusters: readonly ClusterSummary[], endedAt: number): ClusterSummary[] {
  const keys = new Map(clusters.map((c) => [c, [
    -unfinished(c), -c.shortCircuits, -c.remediations, c.minAvailableRatio, -c.kcpRemediationsRefused, -c.drainTimeouts, -longestRollout(c, endedAt),
  ]]));
  return [...clusters].sort((a, b) => {
    const ka = must(keys, a, 'sort key of cluster');
    const kb = must(keys, b, 'sort key of cluster');
    for (let i = 0; i < ka.length; i++) {
      const d = (ka[i] as number) - (kb[i] as number);
      if (d !== 0) return d;
    }
    return naturalCompare(a.name, b.name);
  });
}

/** The `limit` most interesting clusters (all of them when the fleet is no larger). */
export function mostInteresting(clusters: readonly ClusterSummary[], endedAt: number, limit: number): ClusterSummary[] {
  return byInterest(clusters, endedAt).slice(0, Math.max(0, limit));
}

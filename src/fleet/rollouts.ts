/**
 * The rollouts in progress, per cluster: fleetsim's bookkeeping behind rollout.started,
 * rollout.superseded, rollout.completed and rollout.stuck. A rollout starts when the operator
 * bumps a cluster's version or rotates its image (operations.ts, operator.ts) and completes when
 * the topology controller sees the whole cluster converged on it (capi/topology/controller.ts
 * closeRollout, through CapiContext.rollouts). It is not CAPI state: it lives here, not on the
 * Cluster object, so keeping it writes nothing to the management cluster's API.
 */

import type { RolloutLedger } from '../capi/context.js';
import type { ClusterRollout } from '../capi/types.js';
import type { ClusterKey } from '../kube/keys.js';

const NONE: readonly ClusterRollout[] = [];

export class Rollouts implements RolloutLedger {
  private readonly byCluster = new Map<ClusterKey, ClusterRollout[]>();

  open(clusterKey: ClusterKey): readonly ClusterRollout[] {
    return this.byCluster.get(clusterKey) ?? NONE;
  }

  start(clusterKey: ClusterKey, rollout: ClusterRollout): void {
    const open = this.byCluster.get(clusterKey);
    if (open === undefined) this.byCluster.set(clusterKey, [rollout]);
    else open.push(rollout);
  }

  close(clusterKey: ClusterKey, done: readonly ClusterRollout[]): void {
    const open = this.byCluster.get(clusterKey);
    if (open === undefined) return;
    const left = open.filter((r) => !done.includes(r));
    if (left.length === 0) this.byCluster.delete(clusterKey);
    else this.byCluster.set(clusterKey, left);
  }
}

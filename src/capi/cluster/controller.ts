/**
 * The Cluster controller, reduced to the conditions other controllers read: InfrastructureReady
 * (the infrastructure cluster exists from the start) and ControlPlaneInitialized (from the control
 * plane's status), which MachineHealthCheck measures node startup from (cluster-api@v1.13.5
 * internal/controllers/cluster/cluster_controller_status.go; capi-semantics.md §4.2).
 */

import { setCondition } from '../../kube/conditions.js';
import type { ReconcileResult } from '../../kube/controller.js';
import type { CapiContext } from '../context.js';
import { controlPlaneOf } from '../control-plane.js';
import { isClusterPaused } from '../paused.js';
import type { Cluster } from '../types.js';

export function reconcileCluster(ctx: CapiContext, key: string): ReconcileResult | undefined {
  const cluster = ctx.store.getByKey<Cluster>(key);
  if (cluster === undefined || isClusterPaused(cluster)) return undefined;
  const now = ctx.sim.now;
  const cp = controlPlaneOf(ctx, cluster);
  let changed = setCondition(cluster.status.conditions, now, 'InfrastructureReady', 'True', 'Ready');
  const initialized = cp !== undefined && cp.status.initialized;
  changed = setCondition(cluster.status.conditions, now, 'ControlPlaneInitialized', initialized ? 'True' : 'False', initialized ? 'Initialized' : 'NotInitialized') || changed;
  if (changed) ctx.store.update(cluster);
  return undefined;
}

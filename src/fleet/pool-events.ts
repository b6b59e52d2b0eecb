/**
 * `pool.replicas` timeline events: a pool's desired replicas and its resolved surge and
 * unavailability budget, recorded at t=0 and whenever they change, so availability and invariants
 * can be read from the timeline alone.
 */

import { keyOf } from '../kube/object.js';
import type { CapiContext } from '../capi/context.js';
import { clusterKeyOf } from '../capi/context.js';
import { maxSurge, maxUnavailable } from '../capi/machinedeployment/fenceposts.js';
import type { KubeadmControlPlane, MachineDeployment } from '../capi/types.js';
import { poolReplicas } from '../timeline/index.js';

export function recordPoolReplicas(ctx: CapiContext, md: MachineDeployment): void {
  ctx.timeline.record(poolReplicas(ctx.sim.now, {
    cluster: clusterKeyOf(md.metadata.namespace, md.spec.clusterName), object: keyOf(md),
    kind: md.kind, replicas: md.spec.replicas, maxSurge: maxSurge(md.spec), maxUnavailable: maxUnavailable(md.spec), strategy: md.spec.strategy.type,
  }));
}

export function recordControlPlaneReplicas(ctx: CapiContext, kcp: KubeadmControlPlane, clusterName: string): void {
  ctx.timeline.record(poolReplicas(ctx.sim.now, {
    cluster: clusterKeyOf(kcp.metadata.namespace, clusterName), object: keyOf(kcp),
    kind: kcp.kind, replicas: kcp.spec.replicas, maxSurge: kcp.spec.rollout.maxSurge, maxUnavailable: kcp.spec.rollout.maxSurge === 0 ? 1 : 0, strategy: 'RollingUpdate',
  }));
}

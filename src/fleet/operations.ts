/**
 * What operators do, in virtual time: bump versions (through the fleet rollout plan), roll out a
 * new machine image, scale a pool, pause or resume clusters, and `clusterctl move`. Each operation
 * edits management-cluster objects exactly as a user (or GitOps) would; the controllers do the rest.
 */

import { keyOf } from '../kube/object.js';
import type { CapiContext } from '../capi/context.js';
import { clusterKeyOf } from '../capi/context.js';
import { KIND, type Cluster, type InfraMachineTemplate, type KubeadmControlPlane, type MachineDeployment } from '../capi/types.js';
import type { OperationSpec, RolloutImageOperation, ScaleOperation } from '../scenario/model.js';
import { createInfraTemplate, POOL_LABEL } from './templates.js';
import { machineImage } from '../capi/infrastructure/image.js';
import { zonalDeployments } from '../capi/machinedeployment/zonal.js';
import { rotateMachinePoolImage, scaleMachinePool } from '../capi/machinepool/build.js';
import type { FleetUpgrade } from './fleet-upgrade.js';
import { recordPoolReplicas } from './pool-events.js';
import type { Rollouts } from './rollouts.js';
import { rolloutStarted, rolloutSuperseded } from '../timeline/index.js';
import { startMove } from './move.js';

export interface OperationHost {
  ctx: CapiContext;
  rollouts: Rollouts;
  clusterByName(name: string): Cluster;
  startFleetUpgrade(operation: Extract<OperationSpec, { kind: 'upgrade' }>): FleetUpgrade;
  /** Called when an operation has fully happened (a move's pause ended, a fleet upgrade applied every wave). */
  done(): void;
}

export function applyOperation(host: OperationHost, operation: OperationSpec): void {
  switch (operation.kind) {
    case 'upgrade':
      host.startFleetUpgrade(operation);
      return;
    case 'rolloutImage':
      rolloutImage(host, operation);
      break;
    case 'scale':
      scale(host, operation);
      break;
    case 'pause':
    case 'resume':
      for (const name of operation.targets) {
        const cluster = host.clusterByName(name);
        cluster.spec.paused = operation.kind === 'pause';
        host.ctx.store.update(cluster, true);
      }
      break;
    case 'move':
      startMove(host, operation);
      return;
  }
  host.done();
}

/** Image rollout = template rotation: a new infrastructure template per pool, referenced by the pool (capi-semantics.md §1.3). */
function rolloutImage(host: OperationHost, operation: RolloutImageOperation): void {
  const { ctx } = host;
  for (const name of operation.targets) {
    const cluster = host.clusterByName(name);
    let from: string | undefined;
    // A template without a pinned image boots the provider's default for its owner's version; the
    // rolled-out one pins the new image, which a later upgrade keeps (capi/infrastructure/image.ts).
    const rotate = (ref: { name: string }, pool: string, version: string): { kind: string; name: string } | undefined => {
      const current = ctx.store.get<InfraMachineTemplate>(KIND.InfraMachineTemplate, cluster.metadata.namespace, ref.name);
      const image = current === undefined ? undefined : machineImage(current.spec, version);
      if (current === undefined || image === operation.image) return undefined;
      from ??= image;
      const serial = Number(/-(\d+)$/.exec(ref.name)?.[1] ?? '1') + 1;
      return createInfraTemplate(ctx, cluster, pool, { ...current.spec, image: operation.image }, serial);
    };
    const cp = cluster.spec.controlPlaneRef;
    if (cp?.kind === KIND.KubeadmControlPlane && (operation.pools === undefined || operation.pools.includes('control-plane'))) {
      const kcp = ctx.store.get<KubeadmControlPlane>(KIND.KubeadmControlPlane, cluster.metadata.namespace, cp.name);
      const next = kcp === undefined ? undefined : rotate(kcp.spec.machineTemplate.infrastructureRef, 'control-plane', kcp.spec.version);
      if (kcp !== undefined && next !== undefined) {
        kcp.spec.machineTemplate.infrastructureRef = next;
        ctx.store.update(kcp, true);
      }
    }
    for (const ref of cluster.spec.topology.workers) {
      const objectPool = ref.name.slice(cluster.metadata.name.length + 1);
      const md = ref.kind === KIND.MachineDeployment ? ctx.store.get<MachineDeployment>(KIND.MachineDeployment, cluster.metadata.namespace, ref.name) : undefined;
      // A pool split over zones is several MachineDeployments; all carry the scenario pool's name.
      const poolName = md?.spec.template.labels[POOL_LABEL] ?? objectPool;
      if (operation.pools !== undefined && !operation.pools.includes(poolName)) continue;
      if (ref.kind === KIND.MachineDeployment) {
        const next = md === undefined ? undefined : rotate(md.spec.template.infrastructureRef, objectPool, md.spec.template.version);
        if (md !== undefined && next !== undefined) {
          md.spec.template.infrastructureRef = next;
          ctx.store.update(md, true);
        }
      } else if (ref.kind === KIND.MachinePool) {
        const previous = rotateMachinePoolImage(ctx, cluster, ref, operation.image);
        from ??= previous;
      }
    }
    if (from !== undefined) startRollout(ctx, host.rollouts, cluster, 'image', from, operation.image);
  }
}

/** Records a rollout's start (fleetsim bookkeeping in `rollouts`, not on the Cluster: no API write). */
export function startRollout(ctx: CapiContext, rollouts: Rollouts, cluster: Cluster, kind: 'upgrade' | 'image', from: string, to: string): void {
  const clusterKey = clusterKeyOf(cluster.metadata.namespace, cluster.metadata.name);
  // A second rollout of the same kind while one is in flight (another image) supersedes it: the
  // older one ends as superseded, never completed, and the newer one is its own rollout (issue 12
  // case 11). Upgrades do not get here: CAPI's webhook refuses a bump mid-rollout (world.upgradeCluster).
  const active = rollouts.open(clusterKey).find((r) => r.kind === kind);
  if (active !== undefined) {
    rollouts.close(clusterKey, [active]);
    ctx.timeline.record(rolloutSuperseded(ctx.sim.now, {
      cluster: clusterKey, object: keyOf(cluster), kind, from: active.from, to: active.to, startedAt: active.startedAt, by: to,
    }));
  }
  rollouts.start(clusterKey, { kind, from, to, startedAt: ctx.sim.now });
  ctx.timeline.record(rolloutStarted(ctx.sim.now, { cluster: clusterKey, object: keyOf(cluster), kind, from, to }));
}

function scale(host: OperationHost, operation: ScaleOperation): void {
  const { ctx } = host;
  for (const name of operation.targets) {
    const cluster = host.clusterByName(name);
    const deployments = poolDeployments(ctx, cluster, operation.pool);
    if (deployments.length > 0) {
      // A pool split over zones: the new total split over its zones as at the start (capi/machinedeployment/zonal.ts).
      const zones = deployments.length > 1 ? deployments.map((md) => md.spec.template.failureDomain ?? '') : [];
      const split = zonalDeployments(operation.pool, zones, operation.replicas);
      deployments.forEach((md, i) => {
        md.spec.replicas = split[i]!.replicas;
        ctx.store.update(md, true);
        recordPoolReplicas(ctx, md);
      });
      continue;
    }
    scaleMachinePool(ctx, cluster, operation.pool, operation.replicas);
  }
}

/** The MachineDeployments of a scenario pool, in the cluster's order (one, or one per zone). */
function poolDeployments(ctx: CapiContext, cluster: Cluster, pool: string): MachineDeployment[] {
  const out: MachineDeployment[] = [];
  for (const ref of cluster.spec.topology.workers) {
    if (ref.kind !== KIND.MachineDeployment) continue;
    const md = ctx.store.get<MachineDeployment>(KIND.MachineDeployment, cluster.metadata.namespace, ref.name);
    if (md !== undefined && (md.spec.template.labels[POOL_LABEL] ?? ref.name.slice(cluster.metadata.name.length + 1)) === pool) out.push(md);
  }
  return out;
}


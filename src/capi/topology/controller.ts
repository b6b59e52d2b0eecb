/**
 * Managed topology upgrades: the control plane first, one minor version per step; then the worker
 * pools in list order, at most `upgrade-concurrency` at a time (default 1), skipping pools
 * annotated `defer-upgrade` and stopping at `hold-upgrade-sequence` (cluster-api@v1.13.5
 * exp/topology/desiredstate/desired_state.go `computeControlPlaneVersion`,
 * `computeMachineDeploymentVersion`, `isMachineDeploymentDeferred`; exp/topology/scope/scope.go;
 * capi-semantics.md §7). It also closes a cluster's rollout on the timeline once every pool has
 * converged.
 */

import type { ReconcileResult } from '../../kube/controller.js';
import { isTrue } from '../../kube/conditions.js';
import { keyOf } from '../../kube/object.js';
import { rolloutCompleted } from '../../timeline/index.js';
import type { CapiContext } from '../context.js';
import { clusterKeyOf } from '../context.js';
import { controlPlaneOf } from '../control-plane.js';
import { DEFER_UPGRADE_ANNOTATION, HOLD_UPGRADE_SEQUENCE_ANNOTATION } from '../labels.js';
import { isClusterPaused } from '../paused.js';
import { KIND, type Cluster, type ControlPlane, type KubeadmControlPlane, type ManagedControlPlane } from '../types.js';
import { controlPlaneMachines, isMachineUpToDate } from '../kubeadmcontrolplane/controller.js';
import { compareVersions, nextUpgradeStep } from '../version.js';
import { topologyWorker, type TopologyWorker } from './workers.js';

function controlPlaneUpgrading(ctx: CapiContext, cp: ControlPlane): boolean {
  if (cp.kind === KIND.KubeadmControlPlane) {
    const kcp = cp as KubeadmControlPlane;
    return controlPlaneMachines(ctx, kcp).some((m) => m.spec.version !== kcp.spec.version);
  }
  const managed = cp as ManagedControlPlane;
  return managed.status.upgrading || managed.status.version !== managed.spec.version;
}

function controlPlaneConverged(ctx: CapiContext, cp: ControlPlane): boolean {
  if (cp.kind === KIND.KubeadmControlPlane) {
    const kcp = cp as KubeadmControlPlane;
    const machines = controlPlaneMachines(ctx, kcp);
    // A KCP rollout is done when its replicas are up to date, ready and available, not when the
    // last new Machine is created (cluster-api@v1.13.5 controlplane/kubeadm/internal/controllers/status.go
    // `setReplicas`: readyReplicas / availableReplicas count Machines with Ready / Available True).
    return machines.length === kcp.spec.replicas && kcp.status.readyReplicas === kcp.spec.replicas &&
      machines.every((m) => m.metadata.deletionTimestamp === undefined && isMachineUpToDate(kcp, m) &&
        isTrue(m.status.conditions, 'Ready') && isTrue(m.status.conditions, 'Available'));
  }
  return !controlPlaneUpgrading(ctx, cp);
}

function setControlPlaneVersion(ctx: CapiContext, cp: ControlPlane, version: string): void {
  cp.spec.version = version;
  ctx.store.update(cp, true);
}

export function reconcileTopology(ctx: CapiContext, key: string): ReconcileResult | undefined {
  const cluster = ctx.store.getByKey<Cluster>(key);
  if (cluster === undefined || isClusterPaused(cluster)) return undefined;
  const cp = controlPlaneOf(ctx, cluster);
  if (cp === undefined) return undefined;
  const desired = cluster.spec.topology.version;
  const workers = cluster.spec.topology.workers
    .map((ref) => topologyWorker(ctx, cluster.metadata.namespace, ref))
    .filter((w): w is TopologyWorker => w !== undefined);

  const cpUpgrading = controlPlaneUpgrading(ctx, cp);
  if (cp.spec.version !== desired && compareVersions(cp.spec.version, desired) < 0) {
    // The control plane takes the next step only when it and every pool are stable.
    if (!cpUpgrading && !workers.some((w) => w.upgrading())) setControlPlaneVersion(ctx, cp, nextUpgradeStep(cp.spec.version, desired));
  } else if (!cpUpgrading) {
    upgradeWorkers(ctx, cluster, workers, desired);
  }
  closeRollout(ctx, cluster, cp, workers);
  return undefined;
}

/**
 * MachineDeployments and MachinePools are upgraded in list order, each kind with its own counter
 * against the same `upgrade-concurrency` (cluster-api@v1.13.5 exp/topology/scope/scope.go `New`:
 * separate UpgradeTracker entries for MachineDeployments and MachinePools; capi-semantics §7).
 */
function upgradeWorkers(ctx: CapiContext, cluster: Cluster, workers: TopologyWorker[], desired: string): void {
  void ctx;
  const concurrency = Math.max(1, cluster.spec.topology.upgradeConcurrency);
  for (const kind of [...new Set(workers.map((w) => w.object.kind))]) {
    const ofKind = workers.filter((w) => w.object.kind === kind);
    let upgrading = ofKind.filter((w) => w.upgrading()).length;
    for (const worker of ofKind) {
      const annotations = worker.object.metadata.annotations;
      if (annotations[HOLD_UPGRADE_SEQUENCE_ANNOTATION] !== undefined) break;
      if (worker.version() === desired || compareVersions(worker.version(), desired) > 0) continue;
      if (annotations[DEFER_UPGRADE_ANNOTATION] !== undefined) continue;
      if (upgrading >= concurrency) break;
      worker.setVersion(desired);
      upgrading++;
    }
  }
}

/** Closes every rollout in progress whose target the whole cluster has reached and converged on. */
function closeRollout(ctx: CapiContext, cluster: Cluster, cp: ControlPlane, workers: TopologyWorker[]): void {
  const clusterKey = clusterKeyOf(cluster.metadata.namespace, cluster.metadata.name);
  const rollouts = ctx.rollouts.open(clusterKey);
  if (rollouts.length === 0) return;
  if (!controlPlaneConverged(ctx, cp) || workers.some((w) => w.upgrading() || !w.converged())) return;
  const done = rollouts.filter((r) => r.kind !== 'upgrade' || (cp.spec.version === r.to && workers.every((w) => w.version() === r.to)));
  if (done.length === 0) return;
  ctx.rollouts.close(clusterKey, done);
  for (const rollout of done) {
    ctx.timeline.record(rolloutCompleted(ctx.sim.now, {
      cluster: clusterKey, object: keyOf(cluster),
      kind: rollout.kind, from: rollout.from, to: rollout.to, startedAt: rollout.startedAt, duration: ctx.sim.now - rollout.startedAt,
    }));
  }
}

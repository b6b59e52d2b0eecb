/**
 * Managed control planes (CAPA AWSManagedControlPlane, CAPZ AzureManagedControlPlane, CAPG
 * GCPManagedControlPlane): the cloud upgrades the control plane; the provider asks for one minor
 * version at a time (CAPA `reconcileClusterVersion` calls UpdateClusterVersion with current minor
 * + 1; cloud-facts.md §1.6) and reports the new version when the cloud says it is done.
 * Without a cloud model of the upgrade, it takes `DEFAULT_MANAGED_UPGRADE` (EKS "several minutes",
 * assumed 10 min: cloud-facts.md §1.5, UNCONFIRMED).
 */

import type { ReconcileResult } from '../../kube/controller.js';
import type { CloudFailure, ControlPlaneUpgradeRequest } from '../../cloud/provider.js';
import type { CapiContext } from '../context.js';
import { isClusterPaused } from '../paused.js';
import { KIND, type Cluster, type ManagedControlPlane } from '../types.js';
import { compareVersions, nextUpgradeStep } from '../version.js';
import { setCondition } from '../../kube/conditions.js';
import { clusterKeyOf, enqueueUnlessStopped } from '../context.js';

export const DEFAULT_MANAGED_UPGRADE = 10 * 60_000;

interface UpgradeInFlight {
  target: string;
  done: boolean;
  failure?: CloudFailure;
}

export class ManagedControlPlaneReconciler {
  private readonly upgrades = new Map<string, UpgradeInFlight>();

  constructor(private readonly ctx: CapiContext) {}

  reconcile(key: string): ReconcileResult | undefined {
    const ctx = this.ctx;
    const cp = ctx.store.getByKey<ManagedControlPlane>(key);
    if (cp === undefined || cp.metadata.deletionTimestamp !== undefined) return undefined;
    const clusterName = cp.metadata.labels['cluster.x-k8s.io/cluster-name'];
    const cluster = clusterName === undefined ? undefined : ctx.store.get<Cluster>(KIND.Cluster, cp.metadata.namespace, clusterName);
    if (cluster === undefined || isClusterPaused(cluster, cp)) return undefined;

    const inFlight = this.upgrades.get(key);
    if (inFlight !== undefined) {
      if (!inFlight.done) return undefined;
      this.upgrades.delete(key);
      if (inFlight.failure === undefined) {
        cp.status.version = inFlight.target;
        cp.status.upgrading = false;
        setCondition(cp.status.conditions, ctx.sim.now, 'Upgrading', 'False', 'UpgradeCompleted');
      } else {
        cp.status.upgrading = false;
        setCondition(cp.status.conditions, ctx.sim.now, 'Upgrading', 'False', 'UpgradeFailed', inFlight.failure.reason);
        ctx.store.update(cp);
        // The provider requeues after a failed call (CAPA's error backoff, CAPZ's Retry-After, CAPG's 60 s).
        return { requeueAfter: inFlight.failure.retryAfterMs };
      }
      ctx.store.update(cp);
    }
    if (compareVersions(cp.spec.version, cp.status.version) <= 0) return undefined;
    const target = nextUpgradeStep(cp.status.version, cp.spec.version);
    const upgrade: UpgradeInFlight = { target, done: false };
    this.upgrades.set(key, upgrade);
    cp.status.upgrading = true;
    cp.status.upgradeStartedAt = ctx.sim.now;
    setCondition(cp.status.conditions, ctx.sim.now, 'Upgrading', 'True', 'Upgrading', `Upgrading to ${target}`);
    ctx.store.update(cp);
    const finish = (failure?: CloudFailure): void => {
      upgrade.done = true;
      if (failure !== undefined) upgrade.failure = failure;
      enqueueUnlessStopped(ctx, ctx.controllers.managedControlPlane, key);
    };
    const provider = ctx.provider(cluster);
    if (provider.upgradeControlPlane !== undefined) {
      const request: ControlPlaneUpgradeRequest = { cluster: clusterKeyOf(cluster.metadata.namespace, cluster.metadata.name), region: cluster.spec.region, fromVersion: cp.status.version, toVersion: target };
      if (cp.spec.upgradeDuration !== undefined) request.duration = cp.spec.upgradeDuration;
      provider.upgradeControlPlane(request, finish);
    } else {
      ctx.sim.after(DEFAULT_MANAGED_UPGRADE, () => finish(), undefined);
    }
    return undefined;
  }
}

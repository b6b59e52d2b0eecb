/**
 * `partition`: the management cluster cannot reach the target workload clusters (their API
 * servers, through CAPI's ClusterCache); the clusters themselves keep running. Modelled by
 * `WorkloadCluster.unreachableSince`: CAPI's Machine controller keeps the last Node conditions for
 * `--remote-conditions-grace-period` (5 m) after the last successful probe, then turns NodeHealthy
 * Unknown (capi-semantics.md §3.2, src/capi/machine/controller.ts REMOTE_CONDITIONS_GRACE_PERIOD),
 * and Machine deletion cannot delete the Node (src/capi/machine/deletion.ts).
 *
 * What wakes CAPI up: the Machine and KubeadmControlPlane controllers watch the ClusterCache with
 * `WatchForProbeFailure(RemoteConditionsGracePeriod)` (cluster-api@v1.13.5
 * internal/controllers/machine/machine_controller.go and controlplane/kubeadm/internal/controllers/
 * controller.go `SetupWithManager`), so their objects of a cluster are reconciled once the probe
 * has failed for the grace period; done here at `at + 5 m`. When the partition ends the
 * ClusterCache connects again and its Node informer lists every Node, so the cluster's Machines,
 * MachineHealthChecks and MachinePools (the controllers watching Nodes) are reconciled again.
 *
 * Overlapping partitions of one cluster nest: it is reachable again when the last one ends.
 */

import { z } from 'zod';
import { keyOf } from '../kube/object.js';
import { REMOTE_CONDITIONS_GRACE_PERIOD } from '../capi/machine/controller.js';
import { primaryKind } from '../capi/controllers.js';
import { ClusterSelectorSchema } from '../schema/fields.js';
import type { WorkloadCluster } from '../workload/workload-cluster.js';
import { defineFault, withFor, type FaultPlacement, type FaultResolveContext } from './definition.js';
import type { FaultHost } from './host.js';
import { keyOfSpec, targetSpecs } from './targets.js';
import { For, type ResolvedFault, type Targeted } from './spec.js';
import { scheduleWindow } from './window.js';

export const PartitionSchema = z.strictObject({ clusters: ClusterSelectorSchema, for: For });

export type PartitionFault = ResolvedFault<'partition', typeof PartitionSchema, Targeted>;

/** Partitions in progress, per workload cluster. */
const partitions = new WeakMap<WorkloadCluster, number>();

/** Enqueues the cluster's objects of the given kinds in their controllers (a ClusterCache source event). */
function wake(host: FaultHost, clusterKey: string, kinds: ReadonlyArray<'machine' | 'kubeadmControlPlane' | 'machineHealthCheck' | 'machinePool'>): void {
  if (host.manager.paused) return; // the informers are down; the manager re-lists everything on resume
  for (const controller of kinds) {
    for (const object of host.store.listByIndex(primaryKind(controller), clusterKey)) host.capi.controllers[controller].enqueue(keyOf(object));
  }
}

export function schedulePartition(host: FaultHost, fault: PartitionFault): void {
  const specs = targetSpecs(host, fault.targets);
  scheduleWindow(host, fault, () => {
    const clusterKeys = specs.map(keyOfSpec);
    for (const clusterKey of clusterKeys) {
      const cluster = host.workload(clusterKey).cluster;
      partitions.set(cluster, (partitions.get(cluster) ?? 0) + 1);
      if (cluster.unreachableSince !== undefined) continue;
      const since = host.sim.now;
      cluster.unreachableSince = since;
      host.pending(1);
      host.sim.after(REMOTE_CONDITIONS_GRACE_PERIOD, () => {
        if (cluster.unreachableSince === since) wake(host, clusterKey, ['machine', 'kubeadmControlPlane']);
        host.pending(-1);
      }, undefined);
    }
    return {
      target: { clusters: clusterKeys },
      ...(clusterKeys.length === 1 ? { fields: { cluster: clusterKeys[0]! } } : {}),
      end: () => {
        for (const clusterKey of clusterKeys) {
          const cluster = host.workload(clusterKey).cluster;
          const left = (partitions.get(cluster) ?? 1) - 1;
          partitions.set(cluster, left);
          if (left > 0) continue;
          cluster.unreachableSince = undefined;
          wake(host, clusterKey, ['machine', 'kubeadmControlPlane', 'machineHealthCheck', 'machinePool']);
        }
      },
    };
  });
}

// ---------------------------------------------------------------------------------------------
// The fault table's row

function resolvePartition(f: z.output<typeof PartitionSchema>, base: FaultPlacement, ctx: FaultResolveContext): PartitionFault {
  const { selector, targets } = ctx.select(f.clusters, ['clusters']);
  return withFor({ ...base, kind: 'partition' as const, clusters: selector, targets }, f.for);
}

export const partition = defineFault({
  kind: 'partition',
  schema: PartitionSchema,
  resolve: resolvePartition,
  schedule: schedulePartition,
  label: (fault) => fault.kind,
  fuzz: undefined,
});

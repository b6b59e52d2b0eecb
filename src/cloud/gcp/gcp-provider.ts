/**
 * GCP: Compute Engine instances as CAPG's GCPMachine controller creates and deletes them.
 * `instances.insert` and `instances.delete` return operations; CAPG blocks in
 * `WaitForCompletion`, polling `zoneOperations.get` at least a second apart, until the operation
 * is DONE (CAPG@5e0bb3b2 cloud/services/compute/instances/reconcile.go, k8s-cloud-provider's
 * generated `Insert`). No client retries: a 403 rateLimitExceeded fails the reconcile and
 * controller-runtime's error backoff requeues it. Capacity and quota failures come back as
 * errors of the DONE operation. Provider IDs are `gce://<project>/<zone>/<name>`.
 * GKE control planes: CAPG calls `UpdateCluster` with the desired master version and does not
 * wait on the operation: it requeues every 60 s and reads the cluster until it is RUNNING again
 * (CAPG@5e0bb3b2 cloud/services/container/clusters/reconcile.go; cloud-facts.md §3.4).
 */

import { CloudProvider, type CloudProviderOptions } from '../cloud-provider.js';
import { everyInterval } from '../poll-schedule.js';
import type { InstanceSpec } from '../provider.js';
import { CAPG_GKE_REQUEUE, CAPG_OPERATION_POLL, GCP_CATALOG } from './defaults.js';

export class GcpProvider extends CloudProvider {
  readonly kind = 'gcp' as const;

  constructor(options: Omit<CloudProviderOptions, 'catalog'> & { catalog?: CloudProviderOptions['catalog'] }) {
    super({ ...options, catalog: options.catalog ?? GCP_CATALOG }, {
      createAction: 'instances.insert',
      deleteAction: 'instances.delete',
      createMode: 'operation',
      syncPlacementErrors: new Set(),
      pollAction: 'zoneOperations.get',
      createPolls: (accepted) => everyInterval(accepted, CAPG_OPERATION_POLL),
      deletePolls: (accepted) => everyInterval(accepted, CAPG_OPERATION_POLL),
      // `WaitForCompletion` blocks the reconcile until the operation is DONE.
      releaseWorker: (_accepted, seen) => seen,
      controlPlane: {
        updateAction: 'gke.clusters.update',
        pollAction: 'gke.clusters.get',
        polls: (accepted) => everyInterval(accepted, CAPG_GKE_REQUEUE),
        granularity: 'patch',
      },
    });
  }

  protected providerID(spec: InstanceSpec, name: string): string {
    return `gce://${this.account}/${spec.zone}/${name}`;
  }
}

/**
 * Azure: VMs as CAPZ's AzureMachine controller creates and deletes them. A VM PUT or DELETE is a
 * long-running operation; CAPZ waits for it inside a 2 s call (polling every second), then saves
 * the poller and requeues every 15 s, polling again each time (poll-schedule.ts `capzPolls`).
 * Without a saved poller CAPZ GETs the VM before the PUT. SDK retries are off: a 429 on that GET
 * requeues after its Retry-After; a 429 on the PUT or DELETE fails the reconcile (error backoff).
 * Quota refusals come back on the PUT; capacity failures on the operation.
 * AKS control planes: CAPZ sets the version on ASO's ManagedCluster, ASO PUTs it and polls the
 * operation (ASO_OPERATION_POLL); CAPZ learns the result from the ASO resource (§2.6).
 * Provider IDs are `azure:///subscriptions/<subscription>/resourceGroups/<cluster>/providers/
 * Microsoft.Compute/virtualMachines/<name>`, the VM named after the AzureMachine.
 */

import type { Millis } from '../../engine/duration.js';
import { parseClusterKey } from '../../kube/keys.js';
import { CloudProvider, type CloudProviderOptions, type ReconcileStage } from '../cloud-provider.js';
import type { CallError } from '../errors.js';
import { CAPZ_POLL_TIMING, capzPolls, everyInterval } from '../poll-schedule.js';
import type { InstanceSpec } from '../provider.js';
import { ASO_OPERATION_POLL, AZURE_CATALOG, CAPZ_429_REQUEUE } from './defaults.js';

export class AzureProvider extends CloudProvider {
  readonly kind = 'azure' as const;

  constructor(options: Omit<CloudProviderOptions, 'catalog'> & { catalog?: CloudProviderOptions['catalog'] }) {
    super({ ...options, catalog: options.catalog ?? AZURE_CATALOG }, {
      createAction: 'VirtualMachines.CreateOrUpdate',
      // Without a saved poller CAPZ first GETs the VM (async.go `CreateOrUpdateResource`).
      createPreflight: 'VirtualMachines.Get',
      deleteAction: 'VirtualMachines.Delete',
      createMode: 'operation',
      syncPlacementErrors: new Set(['quota']),
      pollAction: 'Operations.Get',
      createPolls: (accepted) => capzPolls(accepted, CAPZ_POLL_TIMING),
      deletePolls: (accepted) => capzPolls(accepted, CAPZ_POLL_TIMING),
      // The reconcile waits in `PollUntilDone` for the call timeout (2 s), then requeues.
      releaseWorker: (accepted, seen) => Math.min(seen, accepted + CAPZ_POLL_TIMING.callTimeout),
      controlPlane: {
        updateAction: 'ManagedClusters.CreateOrUpdate',
        pollAction: 'AksOperations.Get',
        polls: (accepted) => everyInterval(accepted, ASO_OPERATION_POLL),
        granularity: 'patch',
      },
    });
  }

  protected providerID(spec: InstanceSpec, name: string): string {
    const resourceGroup = parseClusterKey(spec.cluster).name;
    return `azure:///subscriptions/${this.account}/resourceGroups/${resourceGroup}/providers/Microsoft.Compute/virtualMachines/${name}`;
  }

  /**
   * A failed GET before the PUT is a transient error: CAPZ requeues after its Retry-After, 60 s
   * for a 429 without one, else 15 s (CAPZ@69ec3a40 azure/services/async/async.go
   * `getRetryAfterFromError`), and `RequeueAfter` resets controller-runtime's failure backoff.
   * A failed PUT or DELETE (429 included) is returned as an error: failure backoff.
   */
  protected override requeueAfter(owner: string, error: CallError, stage: ReconcileStage): Millis {
    if (stage !== 'preflight') return super.requeueAfter(owner, error, stage);
    this.backoff.reset(owner);
    if (error.retryAfterMs !== undefined) return error.retryAfterMs;
    return error.status === 429 ? CAPZ_429_REQUEUE : CAPZ_POLL_TIMING.requeue;
  }
}

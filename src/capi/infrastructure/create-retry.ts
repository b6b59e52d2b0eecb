/**
 * When an InfraMachine whose create failed is tried again (issue 12 case 10). The provider
 * controller returns the error and controller-runtime requeues the item with its per-item
 * exponential backoff (client-go util/workqueue/default_rate_limiters.go
 * `DefaultTypedControllerRateLimiter`: `ItemExponentialFailureRateLimiter(5ms, 1000s)`, computed in
 * src/cloud/requeue.ts). What must not cut that wait short is the controller's own status write
 * recording the failure:
 * - CAPA drops update events of an AWSMachine that change only its status
 *   (cluster-api-provider-aws controllers/awsmachine_controller.go `SetupWithManager`, the
 *   `UpdateFunc` predicate "Avoid reconciling if the event ... is related to incremental status
 *   updates"); `reconcileNormal` marks InstanceReady False and returns the error.
 * - CAPG's `reconcile` returns the instance error after only recording a Kubernetes Event
 *   (cluster-api-provider-gcp controllers/gcpmachine_controller.go `reconcile`): no status write.
 * - CAPZ's `reconcileNormal` returns the error (azuremachine_controller.go); its services mark the
 *   VM condition with the error (azure/services/async `CreateOrUpdateResource`, `UpdatePutStatus`),
 *   and the patch helper writes only a change. CAPZ has no status predicate, so a failure whose
 *   reason differs from the last one wakes it once; the same failure again writes nothing.
 * fleetsim's store notifies every write, so the reconciler holds a failed create until its
 * backoff is over unless the object changed since the failure was recorded (a spec or metadata
 * change reaches the real controllers too).
 */

import type { Millis } from '../../engine/duration.js';
import type { ProviderKind } from '../../cloud/provider.js';
import type { InfraMachine } from '../types.js';

/** Whether a status write recording a changed failure reason wakes the provider's own controller. */
export const FAILURE_STATUS_WAKES: Readonly<Record<ProviderKind, boolean>> = {
  aws: false, // CAPA: status-only updates filtered
  gcp: false, // CAPG: no status write on a failed create
  azure: true, // CAPZ: condition changed, no predicate
  docker: true, // CAPD: no predicate
};

interface Held {
  retryAt: Millis;
  /** The object's resourceVersion right after the failure was recorded. */
  version: number;
}

export class CreateRetryGate {
  private readonly held = new Map<string, Held>();

  /** Records a failed create of `key`: tried again at `retryAt` unless the object changes first. */
  hold(key: string, infra: InfraMachine, retryAt: Millis): void {
    this.held.set(key, { retryAt, version: infra.metadata.resourceVersion });
  }

  /** Lets the next reconcile of `key` create at once (a status change that wakes the controller). */
  release(key: string): void {
    this.held.delete(key);
  }

  /** How long the create of `infra` still waits (undefined: create now). */
  waitFor(key: string, infra: InfraMachine, now: Millis): Millis | undefined {
    const held = this.held.get(key);
    if (held === undefined) return undefined;
    if (now >= held.retryAt || infra.metadata.resourceVersion !== held.version) {
      this.held.delete(key);
      return undefined;
    }
    return held.retryAt - now;
  }
}

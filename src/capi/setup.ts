/**
 * What one CAPI controller declares about itself, as its SetupWithManager does in CAPI
 * (cluster-api@v1.13.5, e.g. internal/controllers/machineset/machineset_controller.go
 * `SetupWithManager`: `For(&MachineSet{})`, `Owns(&Machine{})`, `Watches(...)`): the kind it
 * reconciles, the other kinds it watches and how an event there maps to its keys, its rate limiter,
 * and which `management.controllers` / `reconcileCost` key of the scenario sets its concurrency and
 * cost. Each `capi/<kind>/setup.ts` exports its setup; capi/controllers.ts lists them.
 */

import type { Cited } from '../schema/cited.js';
import { controllerOf, objectKey, type KubeObject } from '../kube/object.js';
import type { Controller, Reconciler } from '../kube/controller.js';
import type { RateLimiterSpec } from '../kube/rate-limiter.js';
import type { WatchEventType } from '../kube/store.js';
import type { CapiContext } from './context.js';
import { clusterKeyOf } from './context.js';
import { objectKeyInCluster, parseClusterKey, type ObjectKey } from '../kube/keys.js';
import { CLUSTER_NAME_LABEL } from './labels.js';
import { KIND } from './types.js';

export const CAPI_FLAGS = 'cluster-api@v1.13.5:main.go InitFlags (capi-semantics §8.1)';
export const KCP_FLAGS = 'cluster-api@v1.13.5:controlplane/kubeadm/main.go InitFlags (capi-semantics §8.1)';

/**
 * A key of the scenario's `management.controllers` (and `reconcileCost`) with its default
 * concurrency. Several controllers may share one (the topology controller takes the cluster's).
 */
export interface SettingsKey<K extends string = string> {
  readonly key: K;
  readonly concurrency: Cited<number>;
}

/** A watch on another kind: what a store event of `kind` enqueues into this controller. */
export interface Watch {
  readonly kind: string;
  handle(ctx: CapiContext, type: WatchEventType, object: KubeObject): void;
}

export interface ControllerSetup<N extends string = string, K extends string = string> {
  /** The controller's name (the manager's, the timeline's and the summary's). */
  readonly name: N;
  /** The kind it reconciles (`For`): its own events enqueue the object; its informer lists it on start, resync and resume. */
  readonly kind: string;
  readonly settings: SettingsKey<K>;
  /** Unset: CAPI's default (ReconcilerRateLimiting, 1 s per object). */
  readonly rateLimiter?: RateLimiterSpec;
  /** Its other watches (`Owns`, `Watches`), in the order it handles them. */
  readonly watches: readonly Watch[];
  /**
   * Where this controller's watches run among those of one store event, after the watched kind's
   * own controller: lower first. CAPI gives no order here (each controller's handler feeds its own
   * queue), but the simulation's tie-break at one instant follows it; the numbers keep the order
   * the single hand-written wiring had (Machine up to Cluster), so runs stay byte-identical.
   */
  readonly handlerOrder: number;
  reconciler(ctx: CapiContext): Reconciler;
}

/** Objects of CAPI kinds carry their cluster's name as a label: their cluster `namespace/name`. */
export function clusterKeyForObject(object: KubeObject): string | undefined {
  const name = object.metadata.labels[CLUSTER_NAME_LABEL];
  return name === undefined ? undefined : clusterKeyOf(object.metadata.namespace, name);
}

/** The store key of a workload cluster's Cluster object. */
export const clusterObjectKey = (clusterKey: string): ObjectKey => objectKeyInCluster(KIND.Cluster, clusterKey, parseClusterKey(clusterKey).name);

/** `Owns`: an object's controller owner of `kind` is enqueued. */
export function enqueueOwner(ctx: CapiContext, controller: Controller, object: KubeObject, kind: string): void {
  const owner = controllerOf(object);
  if (owner === undefined || owner.kind !== kind) return;
  // The owner's own key string when it is stored (hashed once, issue 14), else a new one for a gone owner.
  const namespace = object.metadata.namespace;
  controller.enqueue(ctx.store.get(kind, namespace, owner.name)?.metadata.key ?? objectKey(kind, namespace, owner.name));
}

/** A watch that maps an object to its Cluster for `controller` (when the object names one). */
export function enqueueCluster(controller: (ctx: CapiContext) => Controller, kind: string, when: (type: WatchEventType, object: KubeObject) => boolean = () => true): Watch {
  return {
    kind,
    handle: (ctx, type, object) => {
      const clusterKey = clusterKeyForObject(object);
      if (clusterKey !== undefined && when(type, object)) controller(ctx).enqueue(clusterObjectKey(clusterKey));
    },
  };
}

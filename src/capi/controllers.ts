/**
 * Registers CAPI's controllers with the manager from the controller table (each folder's
 * setup.ts: its kind, watches, rate limiter and settings key) and wires the store's watches that
 * feed their queues; workload Node events reach the Machine, MachineHealthCheck and MachinePool
 * controllers through the ClusterCache (`onNodeEvent`).
 */

import { makeDistribution, type DistributionSpec } from '../engine/distribution.js';
import { keyOf, objectKey, type KubeObject } from '../kube/object.js';
import type { Controller } from '../kube/controller.js';
import type { WatchEventType } from '../kube/store.js';
import { CAPI_RATE_LIMITER } from '../kube/rate-limiter.js';
import type { WorkloadCluster, NodeEvent } from '../workload/workload-cluster.js';
import type { CapiContext, CapiControllers } from './context.js';
import { clusterKeyOf, machineKeyOfNode } from './context.js';
import { KIND, type Cluster, type MachinePool } from './types.js';
import { recordMachineEvents } from './machine-events.js';
import { registerMachinePoolTopology } from './machinepool/topology.js';
import type { ControllerSetup, Watch } from './setup.js';
import { CLUSTER_CONTROLLER } from './cluster/setup.js';
import { TOPOLOGY_CONTROLLER } from './topology/setup.js';
import { MACHINE_DEPLOYMENT_CONTROLLER } from './machinedeployment/setup.js';
import { MACHINE_SET_CONTROLLER } from './machineset/setup.js';
import { MACHINE_CONTROLLER } from './machine/setup.js';
import { INFRA_MACHINE_CONTROLLER } from './infrastructure/setup.js';
import { KUBEADM_CONTROL_PLANE_CONTROLLER } from './kubeadmcontrolplane/setup.js';
import { MANAGED_CONTROL_PLANE_CONTROLLER } from './managedcontrolplane/setup.js';
import { MACHINE_HEALTH_CHECK_CONTROLLER } from './machinehealthcheck/setup.js';
import { INFRA_MACHINE_POOL_CONTROLLER, MACHINE_POOL_CONTROLLER } from './machinepool/setup.js';

/**
 * The controller table: every CAPI controller the manager runs, in registration order (which is
 * the order the manager lists, resyncs and samples them). Each row is its folder's setup.ts.
 */
export const CONTROLLERS = [
  CLUSTER_CONTROLLER,
  TOPOLOGY_CONTROLLER,
  MACHINE_DEPLOYMENT_CONTROLLER,
  MACHINE_SET_CONTROLLER,
  MACHINE_CONTROLLER,
  INFRA_MACHINE_CONTROLLER,
  KUBEADM_CONTROL_PLANE_CONTROLLER,
  MANAGED_CONTROL_PLANE_CONTROLLER,
  MACHINE_HEALTH_CHECK_CONTROLLER,
  MACHINE_POOL_CONTROLLER,
  INFRA_MACHINE_POOL_CONTROLLER,
] as const;

export type ControllerName = (typeof CONTROLLERS)[number]['name'];

/** The kind a controller reconciles. */
export function primaryKind(name: ControllerName): string {
  return CONTROLLERS.find((setup) => setup.name === name)!.kind;
}

/** The scenario's `management.controllers` keys: the settings the controllers take, in table order. */
export type ControllerSettingsKey = (typeof CONTROLLERS)[number]['settings']['key'];

export const CONTROLLER_SETTINGS = [...new Map(CONTROLLERS.map((setup) => [setup.settings.key, setup.settings])).values()];

/** Concurrency and reconcile cost per settings key (the scenario's `management.controllers` and `reconcileCost`). */
export interface ControllerSettings {
  concurrency: Record<ControllerSettingsKey, number>;
  reconcileCost: Record<ControllerSettingsKey, DistributionSpec>;
}

export function createCapiControllers(ctx: Omit<CapiContext, 'controllers'>, settings: ControllerSettings): CapiContext {
  const full = ctx as CapiContext;
  const controllers = {} as Record<ControllerName, Controller>;
  for (const setup of CONTROLLERS) {
    controllers[setup.name] = ctx.manager.addController({
      name: setup.name,
      concurrency: settings.concurrency[setup.settings.key],
      reconcileCost: makeDistribution(settings.reconcileCost[setup.settings.key]),
      rateLimiter: setup.rateLimiter ?? CAPI_RATE_LIMITER,
      listKeys: () => keysOf(ctx.store.list(setup.kind)),
      // Every input but time arrives as an event here, and time-driven steps requeue themselves
      // (or say they need the resync, as a short-circuited MachineHealthCheck does).
      elideUnchangedResyncs: true,
    });
  }
  full.controllers = controllers satisfies CapiControllers;
  for (const setup of CONTROLLERS) controllers[setup.name].setReconciler(setup.reconciler(full));
  wireWatches(full);
  registerMachinePoolTopology();
  recordMachineEvents(ctx.store, ctx.timeline, ctx.sim);
  return full;
}

function* keysOf(objects: Iterable<KubeObject>): Iterable<string> {
  for (const object of objects) yield keyOf(object);
}

type Handler = (type: WatchEventType, object: KubeObject) => void;

/**
 * One store watch per kind, handling, in order: the kind's own controllers (`For`, table order),
 * then the other controllers' watches of it (by `handlerOrder`, then as each lists them), then for
 * Clusters the re-list of a cluster's objects when it is unpaused. A stopped manager's informers
 * deliver nothing: events during a pause are lost, and the re-list on resume (Manager.resume)
 * catches up, as a restarted controller-runtime manager does.
 */
function wireWatches(ctx: CapiContext): void {
  const handlers = new Map<string, Handler[]>();
  const add = (kind: string, handler: Handler) => {
    let list = handlers.get(kind);
    if (list === undefined) handlers.set(kind, (list = []));
    list.push(handler);
  };
  for (const setup of CONTROLLERS) {
    const controller = ctx.controllers[setup.name];
    add(setup.kind, (type, object) => {
      if (type !== 'deleted') controller.enqueue(keyOf(object));
    });
  }
  const others: Array<{ setup: ControllerSetup; watch: Watch }> = CONTROLLERS.flatMap((setup) => setup.watches.map((watch) => ({ setup, watch })));
  for (const { watch } of others.sort((a, b) => a.setup.handlerOrder - b.setup.handlerOrder)) {
    add(watch.kind, (type, object) => watch.handle(ctx, type, object));
  }
  add(KIND.Cluster, relistOnUnpause(ctx));
  for (const [kind, list] of handlers) {
    ctx.store.watch(kind, (type, object) => {
      if (ctx.manager.paused) return;
      for (const handler of list) handler(type, object);
    });
  }
}

/**
 * After a cluster is unpaused every controller of the cluster's objects looks at them again (each
 * CAPI controller watches Clusters with the ClusterUnpaused predicate).
 */
function relistOnUnpause(ctx: CapiContext): Handler {
  const pausedClusters = new Map<string, boolean>();
  const perCluster = CONTROLLERS.filter((setup) => setup.kind !== KIND.Cluster);
  return (type, object) => {
    if (type === 'deleted') return;
    const cluster = object as Cluster;
    const clusterKey = clusterKeyOf(cluster.metadata.namespace, cluster.metadata.name);
    const wasPaused = pausedClusters.get(clusterKey) ?? false;
    pausedClusters.set(clusterKey, cluster.spec.paused);
    if (!wasPaused || cluster.spec.paused) return;
    for (const setup of perCluster) {
      const controller = ctx.controllers[setup.name];
      for (const child of ctx.store.listByIndex(setup.kind, clusterKey)) controller.enqueue(keyOf(child));
    }
  };
}

/** A workload Node changed: its Machine (Node name = Machine name) and the cluster's health checks look again. */
export function onNodeEvent(ctx: CapiContext, cluster: WorkloadCluster, event: NodeEvent): void {
  // A stopped manager has no informers; a partitioned cluster's ClusterCache delivers no events;
  // a kubelet stopping is invisible to the API until the node-lifecycle controller reacts.
  if (ctx.manager.paused || cluster.unreachableSince !== undefined || event.type === 'kubelet') return;
  const machineKey = machineKeyOfNode(cluster.key, event.node.name);
  if (ctx.store.getByKey(machineKey) !== undefined) ctx.controllers.machine.enqueue(machineKey);
  if (event.type === 'condition' || event.type === 'added' || event.type === 'deleted') {
    for (const mhc of ctx.store.listByIndex(KIND.MachineHealthCheck, cluster.key)) ctx.controllers.machineHealthCheck.enqueue(keyOf(mhc));
  }
  if (event.node.pool.startsWith(`${KIND.MachinePool}/`)) {
    // CAPI's MachinePool controller watches the pool's Nodes; the node group's rollout waits on their readiness.
    const mp = ctx.store.getByKey<MachinePool>(event.node.pool);
    if (mp !== undefined) {
      ctx.controllers.machinePool.enqueue(event.node.pool);
      const ref = mp.spec.template.infrastructureRef;
      ctx.controllers.infraMachinePool.enqueue(objectKey(ref.kind, mp.metadata.namespace, ref.name));
    }
  }
}

/**
 * Registers CAPI's controllers with the manager and wires the watches that feed their queues:
 * each object enqueues itself, changes of owned objects enqueue the owner, workload Node events
 * enqueue the Machine, and Cluster changes reach the topology and cluster controllers.
 */

import type { Distribution } from '../engine/distribution.js';
import { controllerOf, keyOf, objectKey, type KubeObject } from '../kube/object.js';
import { parseClusterKey } from '../kube/keys.js';
import type { Controller } from '../kube/controller.js';
import type { WatchHandler } from '../kube/store.js';
import { CAPI_MHC_RATE_LIMITER, CAPI_RATE_LIMITER, type RateLimiterSpec } from '../kube/rate-limiter.js';
import type { WorkloadCluster, NodeEvent } from '../workload/workload-cluster.js';
import type { CapiContext, CapiControllers } from './context.js';
import { clusterKeyOf, machineKeyOfNode } from './context.js';
import { POOL_NAME_LABEL } from './labels.js';
import { reconcileCluster } from './cluster/controller.js';
import { InfraMachineReconciler } from './infrastructure/controller.js';
import { reconcileKubeadmControlPlane } from './kubeadmcontrolplane/controller.js';
import { reconcileMachine } from './machine/controller.js';
import { reconcileMachineDeployment } from './machinedeployment/controller.js';
import { reconcileMachineSet } from './machineset/controller.js';
import { ManagedControlPlaneReconciler } from './managedcontrolplane/controller.js';
import { reconcileTopology } from './topology/controller.js';
import { KIND, type Cluster, type InfraMachine, type InfraMachinePool, type Machine, type MachinePool } from './types.js';
import { recordMachineEvents } from './machine-events.js';
import { reconcileMachineHealthCheck } from './machinehealthcheck/controller.js';
import { reconcileMachinePool } from './machinepool/controller.js';
import { reconcileInfraMachinePool } from './machinepool/infra-pool-controller.js';
import { registerMachinePoolTopology } from './machinepool/topology.js';

/** The controllers whose settings every caller supplies. */
export type ControllerName = Exclude<keyof CapiControllers, PoolControllerName>;
/** MachinePool's controllers: settings optional, defaults below. */
export type PoolControllerName = 'machinePool' | 'infraMachinePool';

export interface ControllerSettings {
  concurrency: Record<ControllerName, number> & Partial<Record<PoolControllerName, number>>;
  reconcileCost: Record<ControllerName, Distribution> & Partial<Record<PoolControllerName, Distribution>>;
}

/**
 * Concurrency of the MachinePool controllers when not given: CAPI's `--machinepool-concurrency` 50
 * (cluster-api@v1.13.5 main.go `InitFlags`, capi-semantics §8.1); the provider's pool controller
 * like its machine controller (CAPA `--awsmachine-concurrency` 10, cloud-facts §1.6).
 */
const POOL_CONTROLLER_DEFAULTS: Record<PoolControllerName, { concurrency: number; costLike: ControllerName }> = {
  machinePool: { concurrency: 50, costLike: 'machineSet' },
  infraMachinePool: { concurrency: 10, costLike: 'infraMachine' },
};

/** Which kind each controller reconciles (its informer's list on start, resync and resume). */
const PRIMARY_KIND: Record<keyof CapiControllers, string> = {
  cluster: KIND.Cluster,
  topology: KIND.Cluster,
  machineDeployment: KIND.MachineDeployment,
  machineSet: KIND.MachineSet,
  machine: KIND.Machine,
  infraMachine: KIND.InfraMachine,
  kubeadmControlPlane: KIND.KubeadmControlPlane,
  managedControlPlane: KIND.ManagedControlPlane,
  machineHealthCheck: KIND.MachineHealthCheck,
  machinePool: KIND.MachinePool,
  infraMachinePool: KIND.InfraMachinePool,
};


export function createCapiControllers(ctx: Omit<CapiContext, 'controllers'>, settings: ControllerSettings): CapiContext {
  const full = ctx as CapiContext;
  const register = (name: keyof CapiControllers, rateLimiter: RateLimiterSpec = CAPI_RATE_LIMITER): Controller => {
    const fallback = name === 'machinePool' || name === 'infraMachinePool' ? POOL_CONTROLLER_DEFAULTS[name] : undefined;
    const concurrency = (settings.concurrency as Partial<Record<keyof CapiControllers, number>>)[name] ?? fallback?.concurrency;
    const reconcileCost = (settings.reconcileCost as Partial<Record<keyof CapiControllers, Distribution>>)[name] ?? (fallback === undefined ? undefined : settings.reconcileCost[fallback.costLike]);
    if (concurrency === undefined || reconcileCost === undefined) throw new Error(`no settings for controller ${name}`);
    return ctx.manager.addController({
      name, concurrency, reconcileCost, rateLimiter,
      listKeys: () => keysOf(ctx.store.list(PRIMARY_KIND[name])),
      // Every input but time arrives as an event here, and time-driven steps requeue themselves
      // (or say they need the resync, as a short-circuited MachineHealthCheck does).
      elideUnchangedResyncs: true,
    });
  };
  const controllers: CapiControllers = {
    cluster: register('cluster'),
    topology: register('topology'),
    machineDeployment: register('machineDeployment'),
    machineSet: register('machineSet'),
    machine: register('machine'),
    infraMachine: register('infraMachine'),
    kubeadmControlPlane: register('kubeadmControlPlane'),
    managedControlPlane: register('managedControlPlane'),
    machineHealthCheck: register('machineHealthCheck', CAPI_MHC_RATE_LIMITER),
    machinePool: register('machinePool'),
    infraMachinePool: register('infraMachinePool'),
  };
  full.controllers = controllers;
  controllers.cluster.setReconciler((key) => reconcileCluster(full, key));
  controllers.topology.setReconciler((key) => reconcileTopology(full, key));
  controllers.machineDeployment.setReconciler((key) => reconcileMachineDeployment(full, key));
  controllers.machineSet.setReconciler((key) => reconcileMachineSet(full, key));
  controllers.machine.setReconciler((key) => reconcileMachine(full, key));
  const infra = new InfraMachineReconciler(full);
  controllers.infraMachine.setReconciler((key) => infra.reconcile(key));
  controllers.kubeadmControlPlane.setReconciler((key) => reconcileKubeadmControlPlane(full, key));
  const managed = new ManagedControlPlaneReconciler(full);
  controllers.managedControlPlane.setReconciler((key) => managed.reconcile(key));
  controllers.machineHealthCheck.setReconciler((key) => reconcileMachineHealthCheck(full, key));
  controllers.machinePool.setReconciler((key) => reconcileMachinePool(full, key));
  controllers.infraMachinePool.setReconciler((key) => reconcileInfraMachinePool(full, key));
  wireWatches(full);
  registerMachinePoolTopology();
  recordMachineEvents(ctx.store, ctx.timeline, ctx.sim);
  return full;
}

function* keysOf(objects: Iterable<KubeObject>): Iterable<string> {
  for (const object of objects) yield keyOf(object);
}

function clusterKeyForObject(object: KubeObject): string | undefined {
  const name = object.metadata.labels['cluster.x-k8s.io/cluster-name'];
  return name === undefined ? undefined : clusterKeyOf(object.metadata.namespace, name);
}

function enqueueOwner(controller: Controller, object: KubeObject, kind: string): void {
  const owner = controllerOf(object);
  if (owner !== undefined && owner.kind === kind) controller.enqueue(objectKey(kind, object.metadata.namespace, owner.name));
}

function wireWatches(ctx: CapiContext): void {
  const { controllers: c } = ctx;
  // A stopped manager's informers deliver nothing: events during a pause are lost, and the re-list
  // on resume (Manager.resume) catches up, as a restarted controller-runtime manager does.
  const store = {
    watch: (kind: string, handler: WatchHandler): void => ctx.store.watch(kind, (type, object) => {
      if (!ctx.manager.paused) handler(type, object);
    }),
    listByCluster: ctx.store.listByCluster.bind(ctx.store),
  };
  const clusterObjectKey = (clusterKey: string): string => {
    const { namespace, name } = parseClusterKey(clusterKey);
    return objectKey(KIND.Cluster, namespace, name);
  };
  const pausedClusters = new Map<string, boolean>();

  store.watch(KIND.Cluster, (type, object) => {
    const key = keyOf(object);
    if (type === 'deleted') return;
    c.cluster.enqueue(key);
    c.topology.enqueue(key);
    const cluster = object as Cluster;
    const clusterKey = clusterKeyOf(cluster.metadata.namespace, cluster.metadata.name);
    const wasPaused = pausedClusters.get(clusterKey) ?? false;
    pausedClusters.set(clusterKey, cluster.spec.paused);
    if (wasPaused && !cluster.spec.paused) enqueueClusterObjects(ctx, clusterKey);
  });
  store.watch(KIND.MachineDeployment, (type, object) => {
    if (type !== 'deleted') c.machineDeployment.enqueue(keyOf(object));
    const clusterKey = clusterKeyForObject(object);
    if (clusterKey !== undefined) c.topology.enqueue(clusterObjectKey(clusterKey));
  });
  store.watch(KIND.MachineSet, (type, object) => {
    if (type !== 'deleted') c.machineSet.enqueue(keyOf(object));
    enqueueOwner(c.machineDeployment, object, KIND.MachineDeployment);
  });
  store.watch(KIND.Machine, (type, object) => {
    if (type !== 'deleted') c.machine.enqueue(keyOf(object));
    enqueueOwner(c.machineSet, object, KIND.MachineSet);
    enqueueOwner(c.kubeadmControlPlane, object, KIND.KubeadmControlPlane);
    enqueueOwner(c.machinePool, object, KIND.MachinePool);
    const clusterKey = clusterKeyForObject(object);
    if (clusterKey === undefined) return;
    for (const mhc of store.listByCluster(KIND.MachineHealthCheck, clusterKey)) c.machineHealthCheck.enqueue(keyOf(mhc));
    // Topology reads Machine versions and which Machines exist: only creations and deletions change them.
    if (type !== 'modified') c.topology.enqueue(clusterObjectKey(clusterKey));
  });
  store.watch(KIND.InfraMachine, (type, object) => {
    if (type !== 'deleted') c.infraMachine.enqueue(keyOf(object));
    enqueueOwner(c.machine, object, KIND.Machine);
    const infra = object as InfraMachine;
    if (infra.spec.pool !== undefined) {
      // A pool instance's InfraMachine: its Machine (same name) watches it as its infrastructureRef,
      // and CAPI's MachinePool controller creates or drops that Machine.
      const machineKey = objectKey(KIND.Machine, infra.metadata.namespace, infra.metadata.name);
      if (ctx.store.getByKey(machineKey) !== undefined) c.machine.enqueue(machineKey);
      const poolName = infra.metadata.labels[POOL_NAME_LABEL];
      if (poolName !== undefined) c.machinePool.enqueue(objectKey(KIND.MachinePool, infra.metadata.namespace, poolName));
      if (type === 'deleted') c.infraMachinePool.enqueue(infra.spec.pool);
    }
  });
  store.watch(KIND.MachinePool, (type, object) => {
    const mp = object as MachinePool;
    if (type !== 'deleted') c.machinePool.enqueue(keyOf(mp));
    c.infraMachinePool.enqueue(objectKey(mp.spec.template.infrastructureRef.kind, mp.metadata.namespace, mp.spec.template.infrastructureRef.name));
    const clusterKey = clusterKeyForObject(mp);
    if (clusterKey !== undefined) c.topology.enqueue(clusterObjectKey(clusterKey));
  });
  store.watch(KIND.InfraMachinePool, (type, object) => {
    if (type !== 'deleted') c.infraMachinePool.enqueue(keyOf(object));
    enqueueOwner(c.machinePool, object, KIND.MachinePool);
    const clusterKey = clusterKeyForObject(object);
    if (clusterKey !== undefined && !(object as InfraMachinePool).status.updating) c.topology.enqueue(clusterObjectKey(clusterKey));
  });
  store.watch(KIND.KubeadmControlPlane, (type, object) => {
    if (type !== 'deleted') c.kubeadmControlPlane.enqueue(keyOf(object));
    const clusterKey = clusterKeyForObject(object);
    if (clusterKey !== undefined) {
      c.topology.enqueue(clusterObjectKey(clusterKey));
      c.cluster.enqueue(clusterObjectKey(clusterKey));
    }
  });
  store.watch(KIND.ManagedControlPlane, (type, object) => {
    if (type !== 'deleted') c.managedControlPlane.enqueue(keyOf(object));
    const clusterKey = clusterKeyForObject(object);
    if (clusterKey !== undefined) {
      c.topology.enqueue(clusterObjectKey(clusterKey));
      c.cluster.enqueue(clusterObjectKey(clusterKey));
    }
  });
  store.watch(KIND.MachineHealthCheck, (type, object) => {
    if (type !== 'deleted') c.machineHealthCheck.enqueue(keyOf(object));
  });
}

/** A workload Node changed: its Machine (Node name = Machine name) and the cluster's health checks look again. */
export function onNodeEvent(ctx: CapiContext, cluster: WorkloadCluster, event: NodeEvent): void {
  // A stopped manager has no informers; a partitioned cluster's ClusterCache delivers no events;
  // a kubelet stopping is invisible to the API until the node-lifecycle controller reacts.
  if (ctx.manager.paused || cluster.unreachableSince !== undefined || event.type === 'kubelet') return;
  const machineKey = machineKeyOfNode(cluster.key, event.node.name);
  if (ctx.store.getByKey(machineKey) !== undefined) ctx.controllers.machine.enqueue(machineKey);
  if (event.type === 'condition' || event.type === 'added' || event.type === 'deleted') {
    for (const mhc of ctx.store.listByCluster(KIND.MachineHealthCheck, cluster.key)) ctx.controllers.machineHealthCheck.enqueue(keyOf(mhc));
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


/** After a cluster is unpaused every controller looks at its objects again. */
function enqueueClusterObjects(ctx: CapiContext, clusterKey: string): void {
  const c = ctx.controllers;
  const pairs: Array<[string, Controller]> = [
    [KIND.MachineDeployment, c.machineDeployment], [KIND.MachineSet, c.machineSet], [KIND.Machine, c.machine],
    [KIND.InfraMachine, c.infraMachine], [KIND.KubeadmControlPlane, c.kubeadmControlPlane],
    [KIND.ManagedControlPlane, c.managedControlPlane], [KIND.MachineHealthCheck, c.machineHealthCheck],
    [KIND.MachinePool, c.machinePool], [KIND.InfraMachinePool, c.infraMachinePool],
  ];
  for (const [kind, controller] of pairs) for (const object of ctx.store.listByCluster(kind, clusterKey)) controller.enqueue(keyOf(object));
}

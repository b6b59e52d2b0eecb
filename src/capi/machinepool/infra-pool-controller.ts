/**
 * The infrastructure provider's InfraMachinePool controller (CAPA AWSMachinePool /
 * AWSManagedMachinePool, CAPZ AzureMachinePool / AzureManagedMachinePool, CAPG GCPManagedMachinePool,
 * CAPD DockerMachinePool reduced to what decides timing). Each reconcile:
 * 1. applies the desired node group (replicas and version from the owner MachinePool, image,
 *    instance type and rolling-update settings from the InfraMachinePool) when it changed;
 * 2. lets the node group take its next step (`sync`), and deletes the MachinePool Machines of the
 *    instances it retires, so CAPI drains them (MachinePool Machines proposal, "InfraMachinePool
 *    scale down");
 * 3. keeps one InfraMachine per instance (labels cluster-name and pool-name, `status.infrastructureMachineKind`
 *    set), so CAPI's MachinePool controller creates a Machine for each; an InfraMachine whose
 *    instance vanished is deleted with its Machine ("dangling" Machines);
 * 4. reports ready, replicas and the providerID list.
 */

import { controllerOf, keyOf, objectKey, ownerReference } from '../../kube/object.js';
import { parseObjectKey } from '../../kube/keys.js';
import type { ReconcileResult } from '../../kube/controller.js';
import type { CapiContext } from '../context.js';
import { machineImage } from '../infrastructure/image.js';
import { clusterKeyOf, enqueueUnlessStopped } from '../context.js';
import { CLUSTER_NAME_LABEL, INFRA_MACHINE_FINALIZER, POOL_NAME_LABEL } from '../labels.js';
import { isClusterPaused } from '../paused.js';
import { KIND, type Cluster, type InfraMachine, type InfraMachinePool, type InfraMachineSpec, type InfraMachineStatus, type Machine, type MachinePool } from '../types.js';
import type { NodePoolHost, NodePoolInstance, NodePoolSpec } from './node-pool-provider.js';
import { nodePoolProvider } from './node-pools.js';
import { drainNodeInBackground } from '../../workload/node-drainer.js';

/** While a node group is updating its controller looks again at least this often (CAPD requeues its pools every 30 s; capi-semantics §6). */
const UPDATING_REQUEUE = 30_000;

export function owningMachinePool(ctx: CapiContext, infraPool: InfraMachinePool): MachinePool | undefined {
  const owner = controllerOf(infraPool);
  if (owner === undefined || owner.kind !== KIND.MachinePool) return undefined;
  return ctx.store.get<MachinePool>(KIND.MachinePool, infraPool.metadata.namespace, owner.name);
}

export function desiredNodePoolSpec(cluster: Cluster, mp: MachinePool, infraPool: InfraMachinePool): NodePoolSpec {
  const spec: NodePoolSpec = {
    group: keyOf(infraPool),
    cluster: clusterKeyOf(cluster.metadata.namespace, cluster.metadata.name),
    pool: keyOf(mp),
    namePrefix: mp.metadata.name,
    region: cluster.spec.region,
    zones: infraPool.spec.zones.length > 0 ? [...infraPool.spec.zones] : [...cluster.spec.failureDomains],
    instanceType: infraPool.spec.instanceType,
    // The pinned image, else the provider's default for the pool's version: a version upgrade rolls
    // the image too (CAPA launchtemplate.go `DiscoverLaunchTemplateAMI`; capi/infrastructure/image.ts).
    image: machineImage(infraPool.spec, mp.spec.template.version, cluster.spec.controlPlaneRef?.kind === KIND.ManagedControlPlane),
    version: mp.spec.template.version,
    replicas: mp.spec.replicas,
  };
  if (infraPool.spec.maxSurge !== undefined) spec.maxSurge = infraPool.spec.maxSurge;
  if (infraPool.spec.maxUnavailable !== undefined) spec.maxUnavailable = infraPool.spec.maxUnavailable;
  if (infraPool.spec.drainTimeout !== undefined) spec.drainTimeout = infraPool.spec.drainTimeout;
  if (infraPool.spec.soak !== undefined) spec.soak = infraPool.spec.soak;
  return spec;
}

/** A comparable form of the spec: a change means `apply`. */
function specKey(spec: NodePoolSpec): string {
  return JSON.stringify([spec.replicas, spec.version, spec.image, spec.instanceType, spec.maxSurge, spec.maxUnavailable, spec.zones, spec.drainTimeout ?? null, spec.soak ?? null]);
}

/** Per InfraMachinePool: the host its node group calls back, and the instances it asked to retire. */
interface PoolHostState {
  host: NodePoolHost;
  retiring: NodePoolInstance[];
}

const hosts = new WeakMap<CapiContext, Map<string, PoolHostState>>();

function hostFor(ctx: CapiContext, cluster: Cluster, mp: MachinePool, infraPool: InfraMachinePool): PoolHostState {
  let byPool = hosts.get(ctx);
  if (byPool === undefined) hosts.set(ctx, (byPool = new Map()));
  const key = keyOf(infraPool);
  let state = byPool.get(key);
  if (state !== undefined) return state;
  const clusterKey = clusterKeyOf(cluster.metadata.namespace, cluster.metadata.name);
  const poolKey = keyOf(mp);
  const enqueue = (): void => enqueueUnlessStopped(ctx, ctx.controllers.infraMachinePool, key);
  const retiring: NodePoolInstance[] = [];
  const host: NodePoolHost = {
    sim: ctx.sim,
    random: ctx.streams.stream(`nodepool/${clusterKey}/${mp.metadata.name}`),
    infrastructure: ctx.provider(cluster),
    startKubelet: (instance, joinDelay) => ctx.kubelet.instanceRunning({
      clusterKey, providerID: instance.providerID, nodeName: instance.nodeName, version: instance.version, image: instance.image,
      pool: poolKey, zone: instance.zone, joinDelay,
    }),
    nodeReady: (instance) => ctx.workload(clusterKey).cluster.nodeByProviderID(instance.providerID)?.conditions.Ready.status === 'True',
    retire: (instance) => {
      retiring.push(instance);
      enqueue();
    },
    drainNode: (instance, options, done) => {
      const handle = ctx.workload(clusterKey);
      const node = handle.cluster.nodeByProviderID(instance.providerID);
      if (node === undefined) done({ result: 'gone', at: ctx.sim.now, refusedEvictions: 0 });
      else drainNodeInBackground(ctx.sim, handle, node, options, done);
    },
    // A cloud that drains by itself (EKS, AKS, GKE upgrades): the drain of the instance's Machine (same name as its Node).
    drainProgress: (instance, stage, refusedEvictions) => {
      ctx.timeline.record({
        t: ctx.sim.now, type: 'machine.drain', cluster: clusterKey, object: objectKey(KIND.Machine, cluster.metadata.namespace, instance.nodeName),
        node: instance.nodeName, pool: poolKey, stage, by: 'cloud', ...(refusedEvictions !== undefined ? { refusedEvictions } : {}),
      });
    },
    changed: enqueue,
  };
  state = { host, retiring };
  byPool.set(key, state);
  return state;
}

/** Registers the node group of a MachinePool that exists when the scenario starts; returns its instances. */
export function adoptNodePool(ctx: CapiContext, cluster: Cluster, mp: MachinePool, infraPool: InfraMachinePool): NodePoolInstance[] {
  const spec = desiredNodePoolSpec(cluster, mp, infraPool);
  const { host } = hostFor(ctx, cluster, mp, infraPool);
  const instances = nodePoolProvider(ctx, cluster).adopt(spec, host);
  infraPool.status.appliedSpec = specKey(spec);
  return instances;
}

export function reconcileInfraMachinePool(ctx: CapiContext, key: string): ReconcileResult | undefined {
  const infraPool = ctx.store.getByKey<InfraMachinePool>(key);
  if (infraPool === undefined || infraPool.metadata.deletionTimestamp !== undefined) return undefined;
  const mp = owningMachinePool(ctx, infraPool);
  if (mp === undefined) return undefined; // CAPI's MachinePool controller sets the owner reference first
  const cluster = ctx.store.get<Cluster>(KIND.Cluster, mp.metadata.namespace, mp.spec.clusterName);
  if (cluster === undefined || isClusterPaused(cluster, infraPool)) return undefined;
  const provider = nodePoolProvider(ctx, cluster);
  const state = hostFor(ctx, cluster, mp, infraPool);
  const status = infraPool.status;
  let changed = false;

  const spec = desiredNodePoolSpec(cluster, mp, infraPool);
  const wanted = specKey(spec);
  if (status.appliedSpec !== wanted) {
    let failure: string | undefined;
    provider.apply(spec, state.host, (f) => {
      failure = f?.reason;
      if (f !== undefined) ctx.sim.after(f.retryAfterMs, () => state.host.changed(), undefined);
    });
    if (failure === undefined) {
      status.appliedSpec = wanted;
      delete status.failureReason;
    } else status.failureReason = failure;
    changed = true;
  }
  provider.sync(spec.group);
  for (const instance of state.retiring.splice(0)) retireInstance(ctx, provider, spec.group, instance);

  const observation = provider.observe(spec.group);
  const instances = observation?.instances ?? [];
  const byProviderID = new Map(instances.map((i) => [i.providerID, i]));
  const infraMachines = ctx.store.listByOwner<InfraMachine>(infraPool.metadata.uid, KIND.InfraMachine);
  const known = new Set<string>();
  for (const infra of infraMachines) {
    const providerID = infra.spec.providerID as string;
    known.add(providerID);
    const instance = byProviderID.get(providerID);
    if (instance === undefined) {
      // The instance is gone: the cloud's node-lifecycle controller deletes Nodes whose instance no
      // longer exists (k8s.io/cloud-provider cloud-node-lifecycle-controller), so its Machine is not drained again.
      const workload = ctx.workload(clusterKeyOf(cluster.metadata.namespace, cluster.metadata.name)).cluster;
      const node = workload.nodeByProviderID(providerID);
      if (node !== undefined) workload.deleteNode(node);
      removeDangling(ctx, infra);
      continue;
    }
    const provisioned = instance.state === 'running';
    if (infra.status.provisioned !== provisioned || infra.status.instanceState !== instance.state) {
      infra.status.provisioned = infra.status.provisioned || provisioned;
      infra.status.instanceState = instance.state;
      ctx.store.update(infra);
    }
  }
  for (const instance of instances) {
    if (known.has(instance.providerID) || instance.leaving) continue;
    createInstanceMachine(ctx, cluster, mp, infraPool, instance);
  }

  // Every instance the group still lists, leaving ones included (an ASG lists Terminating
  // instances): CAPI deletes a Node only once its providerID leaves this list (`deleteRetiredNodes`),
  // which is after the MachinePool Machine's own deletion flow has drained it.
  const providerIDs = instances.filter((i) => i.state !== 'terminated').map((i) => i.providerID).sort();
  const replicas = instances.filter((i) => !i.leaving).length;
  const updating = observation?.updating ?? true;
  if (!status.ready || status.replicas !== replicas || status.updating !== updating || providerIDs.join(',') !== status.providerIDList.join(',')) {
    status.ready = true;
    status.replicas = replicas;
    status.updating = updating;
    status.providerIDList = providerIDs;
    changed = true;
  }
  if (changed) ctx.store.update(infraPool);
  return updating ? { requeueAfter: UPDATING_REQUEUE } : undefined;
}

/** The per-instance InfraMachine (the pool's InfraMachinePoolMachine; CAPD reuses its machine kind, so does fleetsim). */
export function createInstanceMachine(ctx: CapiContext, cluster: Cluster, mp: MachinePool, infraPool: InfraMachinePool, instance: NodePoolInstance): InfraMachine {
  const spec: InfraMachineSpec = {
    provider: infraPool.spec.provider,
    image: instance.image,
    instanceType: instance.instanceType,
    failureDomain: instance.zone,
    version: instance.version,
    providerID: instance.providerID,
    pool: keyOf(infraPool),
  };
  const status: InfraMachineStatus = { provisioned: instance.state === 'running', instanceState: instance.state, createAttempts: 0 };
  return ctx.store.create<InfraMachineSpec, InfraMachineStatus>(KIND.InfraMachine, {
    name: instance.nodeName, namespace: infraPool.metadata.namespace,
    labels: { [CLUSTER_NAME_LABEL]: cluster.metadata.name, [POOL_NAME_LABEL]: mp.metadata.name },
    ownerReferences: [ownerReference(infraPool)], finalizers: [INFRA_MACHINE_FINALIZER],
  }, spec, status);
}

/** The node group retires an instance: delete its Machine (CAPI drains the Node), or the instance itself when it has none yet. */
function retireInstance(ctx: CapiContext, provider: ReturnType<typeof nodePoolProvider>, group: string, instance: NodePoolInstance): void {
  const { namespace } = parseObjectKey(group);
  const machine = ctx.store.getByKey<Machine>(objectKey(KIND.Machine, namespace, instance.nodeName));
  if (machine !== undefined) {
    if (machine.metadata.deletionTimestamp === undefined) ctx.store.delete(machine);
    return;
  }
  const infra = ctx.store.getByKey<InfraMachine>(objectKey(KIND.InfraMachine, namespace, instance.nodeName));
  if (infra !== undefined) {
    if (infra.metadata.deletionTimestamp === undefined) ctx.store.delete(infra);
    return;
  }
  provider.deleteInstance(group, instance.providerID, () => enqueueUnlessStopped(ctx, ctx.controllers.infraMachinePool, group));
}

/** The instance is gone under CAPI: delete its Machine and InfraMachine. */
function removeDangling(ctx: CapiContext, infra: InfraMachine): void {
  const machine = ctx.store.get<Machine>(KIND.Machine, infra.metadata.namespace, infra.metadata.name);
  if (machine !== undefined && machine.metadata.deletionTimestamp === undefined) ctx.store.delete(machine);
  if (infra.metadata.deletionTimestamp === undefined) ctx.store.delete(infra);
}

/**
 * Creating a MachinePool with its InfraMachinePool, and bringing up the instances that run when a
 * scenario starts (each with its InfraMachine, Machine and Ready Node, as the controllers would
 * have converged to). Also the operator actions on pools: scale, and image rotation.
 */

import type { Millis } from '../../engine/duration.js';
import { present } from '../../engine/must.js';
import { keyOf, ownerReference } from '../../kube/object.js';
import { poolReplicas } from '../../timeline/index.js';
import type { CapiContext } from '../context.js';
import { machineImage } from '../infrastructure/image.js';
import { clusterKeyOf } from '../context.js';
import { CLUSTER_NAME_LABEL } from '../labels.js';
import { resolveFenceposts } from '../machinedeployment/fenceposts.js';
import type { IntOrPercent } from '../../kube/intstr.js';
import { KIND, type Cluster, type InfraMachine, type InfraMachinePool, type InfraMachinePoolSpec, type InfraMachinePoolStatus, type Machine, type MachinePool, type MachinePoolSpec, type MachinePoolStatus, type ObjectRef } from '../types.js';
import type { ProviderKind } from '../../cloud/provider.js';
import { createPoolMachine } from './controller.js';
import { adoptNodePool, createInstanceMachine } from './infra-pool-controller.js';


export interface NewMachinePool {
  cluster: Cluster;
  name: string;
  replicas: number;
  version: string;
  provider: ProviderKind;
  /** Pinned image; unset: the provider's default for the pool's version. */
  image?: string;
  instanceType: string;
  zones: string[];
  labels: Record<string, string>;
  annotations: Record<string, string>;
  maxSurge?: IntOrPercent;
  maxUnavailable?: IntOrPercent;
  drainTimeout?: Millis;
  soak?: Millis;
}

export function createMachinePool(ctx: CapiContext, request: NewMachinePool): { mp: MachinePool; infraPool: InfraMachinePool } {
  const { cluster, name } = request;
  const namespace = cluster.metadata.namespace;
  const clusterLabels = { [CLUSTER_NAME_LABEL]: cluster.metadata.name };
  const infraSpec: InfraMachinePoolSpec = {
    provider: request.provider, instanceType: request.instanceType, zones: [...request.zones],
  };
  if (request.image !== undefined) infraSpec.image = request.image;
  if (request.maxSurge !== undefined) infraSpec.maxSurge = request.maxSurge;
  if (request.maxUnavailable !== undefined) infraSpec.maxUnavailable = request.maxUnavailable;
  if (request.drainTimeout !== undefined) infraSpec.drainTimeout = request.drainTimeout;
  if (request.soak !== undefined) infraSpec.soak = request.soak;
  const infraStatus: InfraMachinePoolStatus = { ready: false, replicas: 0, providerIDList: [], infrastructureMachineKind: KIND.InfraMachine, updating: false };
  const infraPool = ctx.store.create<InfraMachinePoolSpec, InfraMachinePoolStatus>(KIND.InfraMachinePool, { name, namespace, labels: clusterLabels }, infraSpec, infraStatus);
  const spec: MachinePoolSpec = {
    clusterName: cluster.metadata.name,
    replicas: request.replicas,
    template: {
      labels: { ...request.labels }, annotations: {}, version: request.version,
      infrastructureRef: { kind: KIND.InfraMachinePool, name }, bootstrapConfigRef: `${name}-bootstrap`, minReadySeconds: 0,
    },
    providerIDList: [],
  };
  const status: MachinePoolStatus = {
    replicas: 0, readyReplicas: 0, availableReplicas: 0, upToDateReplicas: 0, phase: 'Pending', infrastructureProvisioned: false,
    nodeRefs: [], conditions: [], observedGeneration: 0,
  };
  const mp = ctx.store.create<MachinePoolSpec, MachinePoolStatus>(KIND.MachinePool, {
    name, namespace, labels: clusterLabels, annotations: { ...request.annotations }, ownerReferences: [ownerReference(cluster)],
  }, spec, status);
  infraPool.metadata.ownerReferences.push(ownerReference(mp));
  ctx.store.update(infraPool);
  return { mp, infraPool };
}

/**
 * A pool that runs when the scenario starts: its node group adopts `replicas` running instances,
 * each gets its InfraMachine and Machine, and `bringUp` registers the Node and marks the Machine
 * running. Returns the pool's Machines.
 */
export function bringUpMachinePool(ctx: CapiContext, mp: MachinePool, infraPool: InfraMachinePool, bringUp: (machine: Machine, infra: InfraMachine) => void): Machine[] {
  const cluster = present(ctx.store.get<Cluster>(KIND.Cluster, mp.metadata.namespace, mp.spec.clusterName), `Cluster ${mp.spec.clusterName} of ${keyOf(mp)}`);
  const machines: Machine[] = [];
  const instances = adoptNodePool(ctx, cluster, mp, infraPool);
  for (const instance of instances) {
    const infra = createInstanceMachine(ctx, cluster, mp, infraPool, instance);
    const machine = createPoolMachine(ctx, cluster, mp, infra);
    bringUp(machine, infra);
    machines.push(machine);
  }
  const providerIDs = instances.map((i) => i.providerID).sort();
  infraPool.status = { ...infraPool.status, ready: true, replicas: instances.length, providerIDList: providerIDs, updating: false };
  ctx.store.update(infraPool);
  mp.spec.providerIDList = [...providerIDs];
  mp.status = {
    ...mp.status, replicas: instances.length, readyReplicas: instances.length, availableReplicas: instances.length, upToDateReplicas: instances.length,
    phase: 'Running', infrastructureProvisioned: true, nodeRefs: instances.map((i) => i.nodeName).sort(), observedGeneration: mp.metadata.generation,
  };
  ctx.store.update(mp);
  return machines;
}

/**
 * `pool.replicas` on the timeline: desired replicas and, when the pool sets them, its resolved
 * surge and unavailability (unset: the node group's flavour decides, and the event says so).
 */
export function recordMachinePoolReplicas(ctx: CapiContext, mp: MachinePool, infraPool: InfraMachinePool): void {
  const base = { cluster: clusterKeyOf(mp.metadata.namespace, mp.spec.clusterName), object: keyOf(mp), kind: mp.kind, replicas: mp.spec.replicas, strategy: 'RollingUpdate' };
  const { maxSurge, maxUnavailable } = infraPool.spec;
  if (maxSurge === undefined || maxUnavailable === undefined) {
    ctx.timeline.record(poolReplicas(ctx.sim.now, { ...base, rollout: 'provider default' }));
    return;
  }
  const { surge, unavailable } = resolveFenceposts(maxSurge, maxUnavailable, mp.spec.replicas);
  ctx.timeline.record(poolReplicas(ctx.sim.now, { ...base, maxSurge: surge, maxUnavailable: Math.min(unavailable, mp.spec.replicas) }));
}

/** The operator scales a pool: the MachinePool's replicas (CAPI copies them to the node group). */
export function scaleMachinePool(ctx: CapiContext, cluster: Cluster, poolName: string, replicas: number): boolean {
  const mp = ctx.store.get<MachinePool>(KIND.MachinePool, cluster.metadata.namespace, `${cluster.metadata.name}-${poolName}`);
  if (mp === undefined) return false;
  const infraPool = ctx.store.get<InfraMachinePool>(KIND.InfraMachinePool, mp.metadata.namespace, mp.spec.template.infrastructureRef.name);
  mp.spec.replicas = replicas;
  ctx.store.update(mp, true);
  if (infraPool !== undefined) recordMachinePoolReplicas(ctx, mp, infraPool);
  return true;
}

/**
 * A new machine image for a pool: the InfraMachinePool's image changes in place (AWSMachinePool
 * launch template AMI, AzureMachinePool image, GCP node pool image); the node group rolls it.
 * Returns the previous image, or undefined when nothing changed.
 */
export function rotateMachinePoolImage(ctx: CapiContext, cluster: Cluster, ref: ObjectRef, image: string): string | undefined {
  if (ref.kind !== KIND.MachinePool) return undefined;
  const mp = ctx.store.get<MachinePool>(KIND.MachinePool, cluster.metadata.namespace, ref.name);
  if (mp === undefined) return undefined;
  const infraPool = ctx.store.get<InfraMachinePool>(KIND.InfraMachinePool, mp.metadata.namespace, mp.spec.template.infrastructureRef.name);
  if (infraPool === undefined) return undefined;
  const previous = machineImage(infraPool.spec, mp.spec.template.version, cluster.spec.controlPlaneRef?.kind === KIND.ManagedControlPlane);
  if (previous === image) return undefined;
  // Pinned from now on: a later version upgrade keeps it (capi/infrastructure/image.ts).
  infraPool.spec.image = image;
  ctx.store.update(infraPool, true);
  return previous;
}

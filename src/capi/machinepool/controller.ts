/**
 * CAPI's MachinePool controller (cluster-api@v1.13.5 internal/controllers/machinepool/
 * machinepool_controller_phases.go `reconcileInfrastructure`, `reconcileMachines`,
 * `createOrUpdateMachines`, `computeDesiredMachine`, `reconcilePhase`;
 * machinepool_controller_noderef.go `reconcileNodeRefs`, `deleteRetiredNodes`; capi-semantics.md §6):
 * - owns its InfraMachinePool, reads back ready, replicas and `providerIDList`;
 * - creates a MachinePool Machine for every per-instance InfraMachine (the provider set
 *   `infrastructureMachineKind`): named like it, owned by the pool, labelled with the pool name,
 *   version = the Node's kubelet version once known;
 * - resolves Nodes by providerID, counts ready ones, deletes Nodes whose providerID left the list;
 * - requeues every 30 s while replicas and ready replicas differ or a Node is missing.
 * MachineHealthChecks may target MachinePool Machines, but CAPI's core remediates only Machines
 * owned by a MachineSet or a KubeadmControlPlane (book: tasks/automated-machine-management/
 * healthchecking.md "Limitations"): flagged pool Machines are not deleted by anyone here.
 */

import { setCondition } from '../../kube/conditions.js';
import { keyOf, ownerReference } from '../../kube/object.js';
import type { ReconcileResult } from '../../kube/controller.js';
import { nodeCondition } from '../../timeline/index.js';
import type { CapiContext } from '../context.js';
import { clusterKeyOf } from '../context.js';
import { CLUSTER_NAME_LABEL, MACHINE_FINALIZER, POOL_NAME_LABEL } from '../labels.js';
import { isClusterPaused } from '../paused.js';
import { KIND, type Cluster, type InfraMachine, type InfraMachinePool, type Machine, type MachinePool, type MachinePoolPhase, type MachineSpec, type MachineStatus } from '../types.js';

/** `MachinePool` requeue while not every replica has a Ready Node (machinepool_controller_noderef.go). */
const NODE_REF_REQUEUE = 30_000;
/** CAPI's webhook default for Machines: 10 s (`DefaultMachineNodeDeletionTimeoutSeconds`); drain and volume waits unbounded. */
const MACHINE_DELETION = { nodeDrainTimeout: 0, nodeVolumeDetachTimeout: 0, nodeDeletionTimeout: 10_000 };

export function machinePoolInfra(ctx: CapiContext, mp: MachinePool): InfraMachinePool | undefined {
  return ctx.store.get<InfraMachinePool>(KIND.InfraMachinePool, mp.metadata.namespace, mp.spec.template.infrastructureRef.name);
}

export function machinePoolMachines(ctx: CapiContext, mp: MachinePool): Machine[] {
  return ctx.store.listByOwner<Machine>(mp.metadata.uid, KIND.Machine);
}

export function reconcileMachinePool(ctx: CapiContext, key: string): ReconcileResult | undefined {
  const mp = ctx.store.getByKey<MachinePool>(key);
  if (mp === undefined || mp.metadata.deletionTimestamp !== undefined) return undefined;
  const cluster = ctx.store.get<Cluster>(KIND.Cluster, mp.metadata.namespace, mp.spec.clusterName);
  if (cluster === undefined || isClusterPaused(cluster, mp)) return undefined;
  const infraPool = machinePoolInfra(ctx, mp);
  if (infraPool === undefined) return { error: `${mp.spec.template.infrastructureRef.kind} ${mp.spec.template.infrastructureRef.name} not found` };
  // reconcileExternal: the infrastructure object is owned by the pool.
  if (!infraPool.metadata.ownerReferences.some((ref) => ref.uid === mp.metadata.uid)) {
    infraPool.metadata.ownerReferences.push(ownerReference(mp));
    ctx.store.update(infraPool);
  }
  const clusterKey = clusterKeyOf(cluster.metadata.namespace, cluster.metadata.name);
  const workload = ctx.workload(clusterKey).cluster;
  if (workload.unreachableSince !== undefined) return { error: `cluster ${clusterKey} is not connected` };

  createPoolMachines(ctx, cluster, mp, infraPool);

  const status = mp.status;
  let changed = false;
  const providerIDList = [...infraPool.status.providerIDList];
  if (providerIDList.join(',') !== mp.spec.providerIDList.join(',')) {
    mp.spec.providerIDList = providerIDList;
    changed = true;
  }
  // deleteRetiredNodes: Nodes of the pool whose providerID is no longer in the list.
  const listed = new Set(providerIDList);
  for (const nodeName of status.nodeRefs) {
    const node = workload.nodes.get(nodeName);
    if (node !== undefined && !listed.has(node.providerID)) workload.deleteNode(node);
  }
  const nodeRefs: string[] = [];
  let ready = 0;
  let upToDate = 0;
  for (const providerID of providerIDList) {
    const node = workload.nodeByProviderID(providerID);
    if (node === undefined) continue;
    nodeRefs.push(node.name);
    if (node.conditions.Ready.status === 'True') ready++;
    if (node.kubeletVersion === mp.spec.template.version) upToDate++;
  }
  nodeRefs.sort();
  const provisioned = infraPool.status.ready;
  const phase = poolPhase(mp, provisioned, nodeRefs.length, ready);
  if (status.replicas !== infraPool.status.replicas || status.readyReplicas !== ready || status.availableReplicas !== ready || status.upToDateReplicas !== upToDate ||
    status.phase !== phase || status.infrastructureProvisioned !== provisioned || nodeRefs.join(',') !== status.nodeRefs.join(',') || status.observedGeneration !== mp.metadata.generation) {
    status.replicas = infraPool.status.replicas;
    status.readyReplicas = ready;
    status.availableReplicas = ready;
    status.upToDateReplicas = upToDate;
    status.phase = phase;
    status.infrastructureProvisioned = provisioned;
    status.nodeRefs = nodeRefs;
    status.observedGeneration = mp.metadata.generation;
    changed = true;
  }
  changed = setCondition(status.conditions, ctx.sim.now, 'InfrastructureReady', provisioned ? 'True' : 'False', provisioned ? 'Provisioned' : 'NotProvisioned') || changed;
  if (changed) ctx.store.update(mp, false);
  if (status.replicas !== ready || nodeRefs.length !== providerIDList.length) return { requeueAfter: NODE_REF_REQUEUE };
  return undefined;
}

/** `reconcilePhase`, last match wins. */
function poolPhase(mp: MachinePool, provisioned: boolean, nodeRefs: number, ready: number): MachinePoolPhase {
  let phase: MachinePoolPhase = 'Pending';
  if (!provisioned) phase = 'Provisioning';
  if (nodeRefs > 0) phase = 'Provisioned';
  if (provisioned && mp.spec.replicas === ready) phase = 'Running';
  if (provisioned && mp.spec.replicas > ready) phase = 'ScalingUp';
  if (provisioned && mp.spec.replicas < ready) phase = 'ScalingDown';
  return phase;
}

/** `createOrUpdateMachines`: a Machine for each of the pool's InfraMachines that has none. */
function createPoolMachines(ctx: CapiContext, cluster: Cluster, mp: MachinePool, infraPool: InfraMachinePool): void {
  for (const infra of ctx.store.listByOwner<InfraMachine>(infraPool.metadata.uid, KIND.InfraMachine)) {
    if (infra.metadata.deletionTimestamp !== undefined) continue;
    if (ctx.store.get(KIND.Machine, infra.metadata.namespace, infra.metadata.name) !== undefined) continue;
    createPoolMachine(ctx, cluster, mp, infra);
  }
}

export function createPoolMachine(ctx: CapiContext, cluster: Cluster, mp: MachinePool, infra: InfraMachine): Machine {
  const clusterKey = clusterKeyOf(cluster.metadata.namespace, cluster.metadata.name);
  const node = infra.spec.providerID === undefined ? undefined : ctx.workload(clusterKey).cluster.nodeByProviderID(infra.spec.providerID);
  const spec: MachineSpec = {
    clusterName: cluster.metadata.name,
    version: node?.kubeletVersion ?? infra.spec.version,
    bootstrapConfigRef: '',
    infrastructureRef: { kind: KIND.InfraMachine, name: infra.metadata.name },
    minReadySeconds: mp.spec.template.minReadySeconds,
    deletion: { ...MACHINE_DELETION },
  };
  if (infra.spec.providerID !== undefined) spec.providerID = infra.spec.providerID;
  const status: MachineStatus = { phase: 'Pending', infrastructureProvisioned: false, conditions: [], deletion: {} };
  const machine = ctx.store.create<MachineSpec, MachineStatus>(KIND.Machine, {
    name: infra.metadata.name, namespace: mp.metadata.namespace,
    labels: { ...mp.spec.template.labels, [POOL_NAME_LABEL]: mp.metadata.name, [CLUSTER_NAME_LABEL]: cluster.metadata.name },
    annotations: { ...mp.spec.template.annotations },
    ownerReferences: [ownerReference(mp)], finalizers: [MACHINE_FINALIZER],
  }, spec, status);
  // The instance may have registered its Node before its Machine existed (the provider runs
  // ahead of CAPI): the timeline learns the Node's state now, so availability stays complete.
  if (node !== undefined) {
    ctx.timeline.record(nodeCondition(ctx.sim.now, {
      cluster: clusterKey, node: node.name, pool: node.pool, object: keyOf(machine), machine: keyOf(machine), condition: 'Ready', status: node.conditions.Ready.status,
    }, 'adopted'));
  }
  return machine;
}

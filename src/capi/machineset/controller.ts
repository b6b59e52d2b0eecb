/**
 * The MachineSet controller: keeps `spec.replicas` Machines, deleting by priority, creating only
 * when preflight checks pass, remediating Machines MHC handed over, and counting replicas
 * (cluster-api@v1.13.5 internal/controllers/machineset/machineset_controller.go `Reconcile`,
 * `syncReplicas`, `reconcileUnhealthyMachines`; machineset_controller_status.go `setReplicas`;
 * capi-semantics.md §2).
 */

import { getCondition, isTrue, setCondition } from '../../kube/conditions.js';
import { controllerOf, type KubeObject } from '../../kube/object.js';
import type { ReconcileResult } from '../../kube/controller.js';
import type { CapiContext } from '../context.js';
import { DISABLE_MACHINE_CREATE_ANNOTATION, SET_NAME_LABEL, DEPLOYMENT_NAME_LABEL, REVISION_ANNOTATION } from '../labels.js';
import { createMachine, newMachineName } from '../machine/create.js';
import { workerMachineZone } from '../machine/placement.js';
import { isClusterPaused } from '../paused.js';
import { controlPlaneOf } from '../control-plane.js';
import { KIND, type Cluster, type Machine, type MachineDeployment, type MachineSet } from '../types.js';
import { machinesToDelete } from './deletion-order.js';
import { runPreflightChecks } from './preflight.js';
import { reconcileUnhealthyMachines } from './remediation.js';
import { machineTemplateUpToDate } from '../machinedeployment/template.js';
import { machinesToSync, nothingToRemediate, rememberRemediation, rememberSynced, replicaCounts, type ReplicaCounts } from './memo.js';

/** Requeue while replicas are not all Ready (`shouldRequeueForReplicaCountersRefresh`). */
const REPLICA_REFRESH_REQUEUE = 15_000;

export function machineSetMachines(ctx: CapiContext, machineSet: KubeObject): Machine[] {
  return ctx.store.listByOwner<Machine>(machineSet.metadata.uid, KIND.Machine);
}

export function reconcileMachineSet(ctx: CapiContext, key: string): ReconcileResult | undefined {
  const ms = ctx.store.getByKey<MachineSet>(key);
  if (ms === undefined || ms.metadata.deletionTimestamp !== undefined) return undefined;
  const cluster = ctx.store.get<Cluster>(KIND.Cluster, ms.metadata.namespace, ms.spec.clusterName);
  if (cluster === undefined || isClusterPaused(cluster, ms)) return undefined;
  const machines = machineSetMachines(ctx, ms);
  const md = owningDeployment(ctx, ms);

  syncMachines(ctx, ms, md, machines);
  let requeueAfter: number | undefined;
  const remediation = remediate(ctx, cluster, ms, md, machines);
  if (remediation.requeueAfter !== undefined) requeueAfter = remediation.requeueAfter;

  const scaling = syncReplicas(ctx, cluster, ms, machines);
  if (scaling.requeueAfter !== undefined) requeueAfter = Math.min(requeueAfter ?? Infinity, scaling.requeueAfter);

  updateStatus(ctx, ms);
  if (ms.status.readyReplicas !== ms.spec.replicas) requeueAfter = Math.min(requeueAfter ?? Infinity, REPLICA_REFRESH_REQUEUE);
  else if (ms.spec.template.minReadySeconds > 0 && ms.status.availableReplicas !== ms.spec.replicas) {
    requeueAfter = Math.min(requeueAfter ?? Infinity, ms.spec.template.minReadySeconds * 1000);
  }
  return requeueAfter === undefined ? undefined : { requeueAfter };
}

function owningDeployment(ctx: CapiContext, ms: MachineSet): MachineDeployment | undefined {
  const owner = controllerOf(ms);
  if (owner === undefined || owner.kind !== KIND.MachineDeployment) return undefined;
  return ctx.store.get<MachineDeployment>(KIND.MachineDeployment, ms.metadata.namespace, owner.name);
}

/**
 * Marks each Machine UpToDate when its MachineSet's template matches the MachineDeployment's
 * (the MachineSet controller's `syncMachines` in v1beta2; old MachineSets' Machines are not up to date).
 */
function syncMachines(ctx: CapiContext, ms: MachineSet, md: MachineDeployment | undefined, machines: Machine[]): void {
  const upToDate = md === undefined || machineTemplateUpToDate(ms.spec.template, md.spec.template);
  const want = upToDate ? 'True' : 'False';
  const memo = ctx.settings.reference !== true;
  // The memo names the Machines the pass would update; with at most one the order of updates is moot.
  const known = memo ? machinesToSync(ctx.store, ms, want) : undefined;
  for (const machine of known !== undefined && known.length <= 1 ? known : machines) {
    if (machine.metadata.deletionTimestamp !== undefined) continue;
    if (getCondition(machine.status.conditions, 'UpToDate')?.status === want) continue; // the common case: nothing to do
    const changed = upToDate
      ? setCondition(machine.status.conditions, ctx.sim.now, 'UpToDate', 'True', 'UpToDate')
      : setCondition(machine.status.conditions, ctx.sim.now, 'UpToDate', 'False', 'NotUpToDate', 'Machine is not up to date with its MachineDeployment');
    if (changed) ctx.store.update(machine);
  }
  if (memo) rememberSynced(ctx.store, ms, want);
}

/** `reconcileUnhealthyMachines`, skipped when it found nothing to remediate and no Machine changed since. */
function remediate(ctx: CapiContext, cluster: Cluster, ms: MachineSet, md: MachineDeployment | undefined, machines: Machine[]): ReconcileResult {
  if (ctx.settings.reference === true) return reconcileUnhealthyMachines(ctx, cluster, ms, md, machines);
  if (nothingToRemediate(ctx.store, ms)) return {};
  const result = reconcileUnhealthyMachines(ctx, cluster, ms, md, machines);
  rememberRemediation(ctx.store, ms, result.nothingToRemediate === true);
  return result;
}

function syncReplicas(ctx: CapiContext, cluster: Cluster, ms: MachineSet, machines: Machine[]): ReconcileResult {
  const diff = machines.length - ms.spec.replicas;
  if (diff < 0) {
    if (ms.metadata.annotations[DISABLE_MACHINE_CREATE_ANNOTATION] === 'true') return {};
    if (ctx.settings.machineSetPreflightChecks) {
      const controlPlane = controlPlaneOf(ctx, cluster);
      const preflight = runPreflightChecks(controlPlane, ms.spec.template.version, controlPlane?.kind === KIND.KubeadmControlPlane);
      if (!preflight.ok) {
        if (setCondition(ms.status.conditions, ctx.sim.now, 'ScalingUp', 'True', 'PreflightCheckFailed', `Scaling up is blocked because: ${preflight.messages.join('; ')}`)) ctx.store.update(ms);
        return { requeueAfter: ctx.settings.preflightRequeue };
      }
    }
    const random = ctx.streams.stream(`management/names/${ms.metadata.namespace}/${ms.metadata.name}`);
    for (let i = 0; i < -diff; i++) {
      const zone = workerMachineZone(cluster, ms.spec.template);
      const labels: Record<string, string> = { [SET_NAME_LABEL]: ms.metadata.name };
      const deployment = ms.metadata.labels[DEPLOYMENT_NAME_LABEL];
      if (deployment !== undefined) labels[DEPLOYMENT_NAME_LABEL] = deployment;
      createMachine(ctx, { owner: ms, cluster, name: newMachineName(ctx, ms, random), template: ms.spec.template, labels, zone });
    }
    return {};
  }
  if (diff > 0) {
    for (const machine of machinesToDelete(ms.spec.deletionOrder, machines, diff, ctx.sim.now)) {
      if (machine.metadata.deletionTimestamp === undefined) ctx.store.delete(machine);
    }
  }
  return {};
}

function countReplicas(machines: Machine[]): ReplicaCounts {
  let ready = 0;
  let available = 0;
  let upToDate = 0;
  for (const machine of machines) {
    const conditions = machine.status.conditions;
    if (isTrue(conditions, 'Ready')) ready++;
    if (isTrue(conditions, 'Available')) available++;
    if (isTrue(conditions, 'UpToDate')) upToDate++;
  }
  return { replicas: machines.length, ready, available, upToDate };
}

function updateStatus(ctx: CapiContext, ms: MachineSet): void {
  const list = () => machineSetMachines(ctx, ms);
  const counts = ctx.settings.reference === true ? countReplicas(list()) : replicaCounts(ctx.store, ms, list);
  const { replicas, ready, available, upToDate } = counts;
  const status = ms.status;
  if (status.replicas === replicas && status.readyReplicas === ready && status.availableReplicas === available &&
    status.upToDateReplicas === upToDate && status.observedGeneration === ms.metadata.generation) return;
  status.replicas = replicas;
  status.readyReplicas = ready;
  status.availableReplicas = available;
  status.upToDateReplicas = upToDate;
  status.observedGeneration = ms.metadata.generation;
  ctx.store.update(ms);
}

/** The MachineSet's revision number (annotation `machinedeployment.clusters.x-k8s.io/revision`). */
export function revisionOf(object: KubeObject): number {
  return Number(object.metadata.annotations[REVISION_ANNOTATION] ?? '0');
}



/**
 * The MachineDeployment controller: finds the new MachineSet (or creates it), runs the rollout
 * planner and applies its scale intents, deletes drained old MachineSets, and sums status
 * (cluster-api@v1.13.5 internal/controllers/machinedeployment/machinedeployment_controller.go
 * `Reconcile`; machinedeployment_rollout_planner.go; machinedeployment_sync.go `cleanupDeployment`;
 * machinedeployment_status.go `updateStatus`; capi-semantics.md §1). It never requeues itself: it
 * is driven by its MachineSets' changes.
 */

import { ownerReference } from '../../kube/object.js';
import { generateObjectName } from '../../kube/generate-name.js';
import { setCondition } from '../../kube/conditions.js';
import type { ReconcileResult } from '../../kube/controller.js';
import type { CapiContext } from '../context.js';
import { CLUSTER_NAME_LABEL, DEPLOYMENT_NAME_LABEL, DISABLE_MACHINE_CREATE_ANNOTATION, REVISION_ANNOTATION } from '../labels.js';
import { isClusterPaused } from '../paused.js';
import { KIND, type Cluster, type MachineDeployment, type MachineSet, type MachineSetSpec, type MachineSetStatus } from '../types.js';
import { revisionOf } from '../machineset/controller.js';
import { deploymentComplete, maxUnavailable } from './fenceposts.js';
import { planOnDelete, planRollingUpdate, type PlannerMachineSet } from './rollout-planner.js';
import { machineTemplateUpToDate } from './template.js';

function byName(a: { metadata: { name: string } }, b: { metadata: { name: string } }): number {
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}

/** New MachineSet = the up-to-date one with most replicas, oldest on ties (`FindNewAndOldMachineSets`). */
export function findNewAndOldMachineSets(md: MachineDeployment, sets: readonly MachineSet[]): { newMS: MachineSet | undefined; oldMSs: MachineSet[] } {
  const sorted = [...sets].sort((a, b) => b.spec.replicas - a.spec.replicas || a.metadata.creationTimestamp - b.metadata.creationTimestamp || byName(a, b));
  const newMS = sorted.find((ms) => machineTemplateUpToDate(ms.spec.template, md.spec.template));
  return { newMS, oldMSs: sorted.filter((ms) => ms !== newMS) };
}

function plannerView(ms: MachineSet): PlannerMachineSet {
  return {
    name: ms.metadata.name,
    creationTimestamp: ms.metadata.creationTimestamp,
    replicas: ms.spec.replicas,
    statusReplicas: ms.status.replicas,
    availableReplicas: ms.status.availableReplicas,
  };
}

export function reconcileMachineDeployment(ctx: CapiContext, key: string): ReconcileResult | undefined {
  const md = ctx.store.getByKey<MachineDeployment>(key);
  if (md === undefined || md.metadata.deletionTimestamp !== undefined) return undefined;
  const cluster = ctx.store.get<Cluster>(KIND.Cluster, md.metadata.namespace, md.spec.clusterName);
  if (cluster === undefined || isClusterPaused(cluster, md)) return undefined;
  const sets = ctx.store.listByOwner<MachineSet>(md.metadata.uid, KIND.MachineSet).filter((ms) => ms.metadata.deletionTimestamp === undefined);
  if (!md.spec.paused) rollout(ctx, cluster, md, sets);
  cleanupOldMachineSets(ctx, md, ctx.store.listByOwner<MachineSet>(md.metadata.uid, KIND.MachineSet));
  updateStatus(ctx, md, ctx.store.listByOwner<MachineSet>(md.metadata.uid, KIND.MachineSet));
  return undefined;
}

function rollout(ctx: CapiContext, cluster: Cluster, md: MachineDeployment, sets: MachineSet[]): void {
  const { newMS, oldMSs } = findNewAndOldMachineSets(md, sets);
  const revision = Math.max(0, ...sets.map(revisionOf)) + (newMS === undefined ? 1 : 0);
  const newName = newMS?.metadata.name ?? generateObjectName(ctx.store, [KIND.MachineSet], md.metadata.namespace, md.metadata.name, ctx.streams.stream(`management/names/${md.metadata.namespace}/${md.metadata.name}`));
  const newView: PlannerMachineSet = newMS === undefined
    ? { name: newName, creationTimestamp: ctx.sim.now, replicas: 0, statusReplicas: 0, availableReplicas: 0 }
    : plannerView(newMS);
  const oldViews = oldMSs.map(plannerView);
  const plan = md.spec.strategy.type === 'OnDelete' ? planOnDelete(md.spec, newView, oldViews) : planRollingUpdate(md.spec, newView, oldViews);
  if (ctx.settings.mutations?.ignoreMaxSurge && md.spec.strategy.type === 'RollingUpdate' && newView.replicas < md.spec.replicas) {
    plan.intents.set(newView.name, md.spec.replicas); // test-only wrong variant (CapiSettings.mutations)
  }

  if (newMS === undefined) {
    createMachineSet(ctx, cluster, md, newName, plan.intents.get(newName) ?? 0, revision);
  } else {
    applyIntent(ctx, newMS, plan.intents.get(newMS.metadata.name));
    syncMachineSetAnnotations(ctx, newMS, String(revisionOf(newMS) || revision), 'false');
  }
  for (const old of oldMSs) {
    applyIntent(ctx, old, plan.intents.get(old.metadata.name));
    if (md.spec.strategy.type === 'OnDelete') syncMachineSetAnnotations(ctx, old, undefined, 'true');
  }
  const mdRevision = String(newMS === undefined ? revision : revisionOf(newMS) || revision);
  if (md.metadata.annotations[REVISION_ANNOTATION] !== mdRevision) {
    md.metadata.annotations[REVISION_ANNOTATION] = mdRevision;
    ctx.store.update(md);
  }
}

function applyIntent(ctx: CapiContext, ms: MachineSet, replicas: number | undefined): void {
  if (replicas === undefined || replicas === ms.spec.replicas) return;
  ms.spec.replicas = replicas;
  ctx.store.update(ms, true);
}

function syncMachineSetAnnotations(ctx: CapiContext, ms: MachineSet, revision: string | undefined, disableCreate: 'true' | 'false'): void {
  const annotations = ms.metadata.annotations;
  let changed = false;
  if (revision !== undefined && annotations[REVISION_ANNOTATION] !== revision) {
    annotations[REVISION_ANNOTATION] = revision;
    changed = true;
  }
  if (annotations[DISABLE_MACHINE_CREATE_ANNOTATION] !== disableCreate) {
    annotations[DISABLE_MACHINE_CREATE_ANNOTATION] = disableCreate;
    changed = true;
  }
  if (changed) ctx.store.update(ms);
}

function createMachineSet(ctx: CapiContext, cluster: Cluster, md: MachineDeployment, name: string, replicas: number, revision: number): MachineSet {
  const spec: MachineSetSpec = {
    clusterName: md.spec.clusterName,
    replicas,
    selector: { ...md.spec.selector },
    template: { ...md.spec.template, labels: { ...md.spec.template.labels }, annotations: { ...md.spec.template.annotations }, deletion: { ...md.spec.template.deletion } },
    deletionOrder: md.spec.deletionOrder,
  };
  const status: MachineSetStatus = { replicas: 0, readyReplicas: 0, availableReplicas: 0, upToDateReplicas: 0, observedGeneration: 0, conditions: [] };
  return ctx.store.create<MachineSetSpec, MachineSetStatus>(KIND.MachineSet, {
    name,
    namespace: md.metadata.namespace,
    labels: { [CLUSTER_NAME_LABEL]: cluster.metadata.name, [DEPLOYMENT_NAME_LABEL]: md.metadata.name },
    annotations: { [REVISION_ANNOTATION]: String(revision), [DISABLE_MACHINE_CREATE_ANNOTATION]: 'false' },
    ownerReferences: [ownerReference(md)],
  }, spec, status);
}

/** Deletes old MachineSets scaled to zero once the rollout is complete (`cleanupDeployment`). */
function cleanupOldMachineSets(ctx: CapiContext, md: MachineDeployment, sets: MachineSet[]): void {
  if (!deploymentComplete(md.spec.replicas, md.status) || md.status.observedGeneration < md.metadata.generation) return;
  const { oldMSs } = findNewAndOldMachineSets(md, sets.filter((ms) => ms.metadata.deletionTimestamp === undefined));
  for (const ms of oldMSs) {
    if (ms.spec.replicas === 0 && ms.status.replicas === 0 && ms.status.observedGeneration >= ms.metadata.generation) ctx.store.delete(ms);
  }
}

function updateStatus(ctx: CapiContext, md: MachineDeployment, sets: MachineSet[]): void {
  let replicas = 0;
  let ready = 0;
  let available = 0;
  let upToDate = 0;
  let desired = 0;
  for (const ms of sets) {
    replicas += ms.status.replicas;
    ready += ms.status.readyReplicas;
    available += ms.status.availableReplicas;
    upToDate += ms.status.upToDateReplicas;
    desired += ms.spec.replicas;
  }
  const status = md.status;
  const phase = md.spec.replicas > replicas ? 'ScalingUp' : md.spec.replicas < replicas || desired < replicas ? 'ScalingDown' : 'Running';
  const availableEnough = available >= md.spec.replicas - maxUnavailable(md.spec);
  let changed = setCondition(status.conditions, ctx.sim.now, 'Available', availableEnough ? 'True' : 'False', availableEnough ? 'Available' : 'NotAvailable');
  if (status.replicas !== replicas || status.readyReplicas !== ready || status.availableReplicas !== available ||
    status.upToDateReplicas !== upToDate || status.phase !== phase || status.observedGeneration !== md.metadata.generation) changed = true;
  if (!changed) return;
  status.replicas = replicas;
  status.readyReplicas = ready;
  status.availableReplicas = available;
  status.upToDateReplicas = upToDate;
  status.phase = phase;
  status.observedGeneration = md.metadata.generation;
  ctx.store.update(md);
}

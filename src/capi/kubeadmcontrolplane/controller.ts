/**
 * The KubeadmControlPlane controller (cluster-api@v1.13.5
 * controlplane/kubeadm/internal/controllers/controller.go `Reconcile`, `reconcile`,
 * `reconcilePreTerminateHook`, `reconcileEtcdMembers`; scale.go `preflightChecks`,
 * `checkHealthiness`, `checkHealthinessWhileRemediationInProgress`; update.go `rollingUpdate`;
 * status.go `updateStatus`; capi-semantics.md §5), in CAPI's order:
 *
 * 1. probe the workload cluster: per-Machine component and etcd conditions, etcd members;
 * 2. drop etcd members that have no Machine (only when every Machine has a Node);
 * 3. the kcp-cleanup pre-terminate hook: while any control-plane Machine is being deleted, KCP does
 *    nothing else and requeues every 30 s; once the oldest deleting Machine waits for the hook it
 *    removes its etcd member, if another Machine has healthy components and etcd keeps quorum;
 * 4. remediation (remediation.ts);
 * 5. rollout (an outdated Machine exists: surge by at most one, else remove the oldest outdated
 *    Machine of the fullest failure domain) or scaling, each step gated by preflight checks (every
 *    other Machine has a Node and healthy components and etcd member; none is being deleted).
 * Requeue every 20 s while not initialized or while some Machine's components are not healthy.
 */

import { isTrue, setCondition } from '../../kube/conditions.js';
import type { ReconcileResult } from '../../kube/controller.js';
import type { WorkloadCluster } from '../../workload/workload-cluster.js';
import type { CapiContext } from '../context.js';
import { clusterKeyOf } from '../context.js';
import { CONTROL_PLANE_LABEL, CONTROL_PLANE_NAME_LABEL, KCP_CLEANUP_HOOK, KCP_REMEDIATION_FOR_ANNOTATION, KCP_REMEDIATION_IN_PROGRESS_ANNOTATION } from '../labels.js';
import { createMachine, machineZone, newMachineName } from '../machine/create.js';
import { isClusterPaused } from '../paused.js';
import { KIND, type Cluster, type KubeadmControlPlane, type Machine, type MachineTemplateSpec } from '../types.js';
import { lowestVersion } from '../version.js';
import { getCondition } from '../../kube/conditions.js';
import { etcdTargetHealthy } from './etcd.js';
import { eligibleForScaleDown, pickFewest, pickMachineToScaleDown } from './failure-domains.js';
import { componentsHealthy, etcdMemberView, passesHealthiness, updateMachineConditions } from './machine-conditions.js';
import { reconcileControlPlaneRemediation } from './remediation.js';

export { componentsHealthy } from './machine-conditions.js';

export const CLONED_FROM_ANNOTATION = 'cluster.x-k8s.io/cloned-from-name';
/** Requeues (controller.go, scale.go): deleting Machines 30 s (`deleteRequeueAfter`), failed preflight 15 s (`preflightFailedRequeueAfter`), not initialized or unhealthy components 20 s. */
const DELETE_REQUEUE = 30_000;
const PREFLIGHT_REQUEUE = 15_000;
const HEALTH_REQUEUE = 20_000;

export function controlPlaneMachines(ctx: CapiContext, kcp: KubeadmControlPlane): Machine[] {
  return ctx.store.listByOwner<Machine>(kcp.metadata.uid, KIND.Machine);
}

export function isMachineUpToDate(kcp: KubeadmControlPlane, machine: Machine): boolean {
  return machine.spec.version === kcp.spec.version &&
    machine.metadata.annotations[CLONED_FROM_ANNOTATION] === kcp.spec.machineTemplate.infrastructureRef.name;
}

export function reconcileKubeadmControlPlane(ctx: CapiContext, key: string): ReconcileResult | undefined {
  const kcp = ctx.store.getByKey<KubeadmControlPlane>(key);
  if (kcp === undefined || kcp.metadata.deletionTimestamp !== undefined) return undefined;
  const cluster = clusterOf(ctx, kcp);
  if (cluster === undefined || isClusterPaused(cluster, kcp)) return undefined;
  const workload = ctx.workload(clusterKeyOf(cluster.metadata.namespace, cluster.metadata.name)).cluster;
  const machines = controlPlaneMachines(ctx, kcp);
  if (workload.unreachableSince !== undefined) {
    updateStatus(ctx, kcp, machines);
    return machines.length === 0 ? undefined : { error: `cannot reach the workload cluster of ${key}` };
  }
  probeWorkload(ctx, workload, machines);
  updateStatus(ctx, kcp, machines);
  const result = reconcileMachines(ctx, cluster, kcp, machines, workload);
  if (result !== undefined) return result;
  if (!kcp.status.initialized || machines.some((m) => m.status.nodeRef !== undefined && !componentsHealthy(m))) return { requeueAfter: HEALTH_REQUEUE };
  return undefined;
}

function reconcileMachines(ctx: CapiContext, cluster: Cluster, kcp: KubeadmControlPlane, machines: Machine[], workload: WorkloadCluster): ReconcileResult | undefined {
  reconcileEtcdMembers(workload, machines);
  const hook = reconcilePreTerminateHook(ctx, machines, workload);
  if (hook !== undefined) return hook;
  const remediation = reconcileControlPlaneRemediation(ctx, cluster, kcp, machines, workload);
  if (remediation !== undefined) return remediation;

  const outdated = machines.filter((m) => !isMachineUpToDate(kcp, m));
  if (outdated.length > 0) {
    const maxReplicas = kcp.spec.replicas + kcp.spec.rollout.maxSurge;
    if (machines.length < maxReplicas) return scaleUp(ctx, cluster, kcp, machines, workload);
    return scaleDown(ctx, cluster, machines, eligibleForScaleDown(machines, outdated));
  }
  if (machines.length < kcp.spec.replicas) return scaleUp(ctx, cluster, kcp, machines, workload);
  if (machines.length > kcp.spec.replicas) return scaleDown(ctx, cluster, machines, eligibleForScaleDown(machines, []));
  return undefined;
}

function clusterOf(ctx: CapiContext, kcp: KubeadmControlPlane): Cluster | undefined {
  const name = kcp.metadata.labels['cluster.x-k8s.io/cluster-name'];
  return name === undefined ? undefined : ctx.store.get<Cluster>(KIND.Cluster, kcp.metadata.namespace, name);
}

/** kubeadm join made every control-plane Node an etcd member; KCP reads the members and probes each Machine. */
function probeWorkload(ctx: CapiContext, workload: WorkloadCluster, machines: Machine[]): void {
  const now = ctx.sim.now;
  for (const machine of machines) {
    const nodeName = machine.status.nodeRef;
    if (nodeName !== undefined && workload.nodes.has(nodeName)) workload.etcd.join(nodeName);
  }
  for (const machine of machines) if (updateMachineConditions(machine, workload, now)) ctx.store.update(machine);
}

/** `reconcileEtcdMembers`: members without a Machine are removed, once every Machine has a Node. */
function reconcileEtcdMembers(workload: WorkloadCluster, machines: Machine[]): void {
  if (machines.some((m) => m.status.nodeRef === undefined)) return;
  const known = new Set(machines.map((m) => m.status.nodeRef as string));
  for (const member of workload.etcd.list()) if (!known.has(member.name)) workload.etcd.remove(member.name);
}

/** Preflight (`preflightChecks`): no Machine deleting, and every Machine but `leaving` passes `checkHealthiness`. */
function preflightPasses(machines: readonly Machine[], leaving?: Machine): boolean {
  for (const machine of machines) {
    if (machine.metadata.deletionTimestamp !== undefined) return false;
    if (machine !== leaving && !passesHealthiness(machine)) return false;
  }
  return true;
}

export function controlPlaneTemplate(kcp: KubeadmControlPlane): MachineTemplateSpec {
  return {
    labels: { [CONTROL_PLANE_LABEL]: '', [CONTROL_PLANE_NAME_LABEL]: kcp.metadata.name },
    annotations: { [KCP_CLEANUP_HOOK]: '', [CLONED_FROM_ANNOTATION]: kcp.spec.machineTemplate.infrastructureRef.name },
    version: kcp.spec.version,
    infrastructureRef: kcp.spec.machineTemplate.infrastructureRef,
    bootstrapConfigRef: `${kcp.metadata.name}-kubeadm`,
    minReadySeconds: 0,
    deletion: { ...kcp.spec.machineTemplate.deletion },
  };
}

function scaleUp(ctx: CapiContext, cluster: Cluster, kcp: KubeadmControlPlane, machines: Machine[], workload: WorkloadCluster): ReconcileResult | undefined {
  const inProgress = kcp.metadata.annotations[KCP_REMEDIATION_IN_PROGRESS_ANNOTATION];
  if (machines.length > 0 && !preflightPasses(machines)) {
    // After a remediation the replacement may join with one healthy Machine and etcd able to take a new (unhealthy) member.
    const relaxed = inProgress !== undefined && machines.every((m) => m.metadata.deletionTimestamp === undefined) &&
      machines.some(componentsHealthy) && workload.etcd.size > 0 && etcdTargetHealthy(etcdMemberView(workload, machines), { adding: true });
    if (!relaxed) return { requeueAfter: PREFLIGHT_REQUEUE };
  }
  const zone = pickFewest(cluster.spec.failureDomains, machines, (m) => machineZone(ctx, m), (m) => isMachineUpToDate(kcp, m));
  const random = ctx.streams.stream(`management/names/${kcp.metadata.namespace}/${kcp.metadata.name}`);
  const annotations: Record<string, string> = {};
  if (inProgress !== undefined) annotations[KCP_REMEDIATION_FOR_ANNOTATION] = inProgress;
  createMachine(ctx, { owner: kcp, cluster, name: newMachineName(ctx, kcp, random), template: controlPlaneTemplate(kcp), labels: {}, annotations, zone });
  if (inProgress !== undefined) {
    // cloneConfigsAndGenerateMachine: the replacement exists, the remediation is complete.
    delete kcp.metadata.annotations[KCP_REMEDIATION_IN_PROGRESS_ANNOTATION];
    ctx.store.update(kcp);
  }
  return undefined;
}

function scaleDown(ctx: CapiContext, cluster: Cluster, machines: Machine[], eligible: readonly Machine[]): ReconcileResult | undefined {
  const victim = pickMachineToScaleDown(cluster.spec.failureDomains, machines, eligible, (m) => machineZone(ctx, m));
  if (victim === undefined) return undefined;
  if (!preflightPasses(machines, victim)) return { requeueAfter: PREFLIGHT_REQUEUE };
  ctx.store.delete(victim);
  return undefined;
}

/**
 * `reconcilePreTerminateHook`: while a control-plane Machine is being deleted KCP only works on its
 * hook. When the oldest deleting Machine waits for the hook (drained, volumes detached), KCP removes
 * its etcd member, if another Machine has healthy components and etcd keeps quorum without it, and
 * releases the hook. With one Machine left the hook goes without etcd work.
 */
function reconcilePreTerminateHook(ctx: CapiContext, machines: Machine[], workload: WorkloadCluster): ReconcileResult | undefined {
  const deletingMachines = machines.filter((m) => m.metadata.deletionTimestamp !== undefined);
  if (deletingMachines.length === 0) return undefined;
  if (deletingMachines.some((m) => m.metadata.annotations[KCP_CLEANUP_HOOK] === undefined)) return { requeueAfter: DELETE_REQUEUE };
  const machine = [...deletingMachines].sort((a, b) => (a.metadata.deletionTimestamp as number) - (b.metadata.deletionTimestamp as number) || (a.metadata.name < b.metadata.name ? -1 : 1))[0] as Machine;
  const deleting = getCondition(machine.status.conditions, 'Deleting');
  if (deleting?.status !== 'True' || deleting.reason !== 'WaitingForPreTerminateHook') return { requeueAfter: DELETE_REQUEUE };
  if (machines.length > 1) {
    if (!machines.some((m) => m !== machine && componentsHealthy(m))) return { requeueAfter: DELETE_REQUEUE };
    const memberName = machine.status.nodeRef;
    if (workload.etcd.size === 0) return { error: 'unable to remove pre-terminate hook, etcd member list is empty' };
    if (memberName !== undefined) {
      if (!etcdTargetHealthy(etcdMemberView(workload, machines), { removing: memberName })) return { requeueAfter: DELETE_REQUEUE };
      workload.etcd.remove(memberName);
    }
  }
  delete machine.metadata.annotations[KCP_CLEANUP_HOOK];
  ctx.store.update(machine);
  return { requeueAfter: DELETE_REQUEUE };
}

function updateStatus(ctx: CapiContext, kcp: KubeadmControlPlane, machines: Machine[]): void {
  const status = kcp.status;
  const version = lowestVersion(machines.map((m) => m.spec.version));
  let ready = 0;
  let upToDate = 0;
  for (const machine of machines) {
    if (isTrue(machine.status.conditions, 'Ready')) ready++;
    if (machine.metadata.deletionTimestamp === undefined && isMachineUpToDate(kcp, machine)) upToDate++;
  }
  const initialized = status.initialized || machines.some((m) => m.status.nodeRef !== undefined);
  let changed = status.version !== version || status.replicas !== machines.length || status.readyReplicas !== ready ||
    status.upToDateReplicas !== upToDate || status.initialized !== initialized;
  changed = setCondition(status.conditions, ctx.sim.now, 'Initialized', initialized ? 'True' : 'False', initialized ? 'Initialized' : 'NotInitialized') || changed;
  if (!changed) return;
  if (version === undefined) delete status.version;
  else status.version = version;
  status.replicas = machines.length;
  status.readyReplicas = ready;
  status.upToDateReplicas = upToDate;
  status.initialized = initialized;
  ctx.store.update(kcp);
}

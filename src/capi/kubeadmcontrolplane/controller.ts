/**
 * The KubeadmControlPlane controller: one machine operation at a time, each gated on every other
 * control-plane Machine being healthy; rolling updates surge by at most one and remove the oldest
 * outdated Machine of the fullest failure domain; the etcd member of a leaving Machine is removed by
 * the kcp-cleanup pre-terminate hook only while quorum holds (cluster-api@v1.13.5
 * controlplane/kubeadm/internal/controllers/controller.go `reconcile`, scale.go `preflightChecks`,
 * update.go `rollingUpdate`, status.go `updateStatus`; capi-semantics.md §5).
 */

import { getCondition, isTrue, setCondition } from '../../kube/conditions.js';
import type { ReconcileResult } from '../../kube/controller.js';
import type { CapiContext } from '../context.js';
import { clusterKeyOf } from '../context.js';
import { CONTROL_PLANE_LABEL, CONTROL_PLANE_NAME_LABEL, KCP_CLEANUP_HOOK } from '../labels.js';
import { createMachine, machineZone } from '../machine/create.js';
import { isClusterPaused } from '../paused.js';
import { KIND, type Cluster, type KubeadmControlPlane, type Machine, type MachineTemplateSpec } from '../types.js';
import { lowestVersion } from '../version.js';
import { etcdTargetHealthy, type EtcdMember } from './etcd.js';
import { pickFewest, pickMachineToScaleDown } from './failure-domains.js';
import { reconcileControlPlaneRemediation } from './remediation.js';

export const CLONED_FROM_ANNOTATION = 'cluster.x-k8s.io/cloned-from-name';
/** Requeues (controller.go): deleting Machines 30 s (`deleteRequeueAfter`), failed preflight 15 s, not initialized 20 s. */
const DELETE_REQUEUE = 30_000;
const PREFLIGHT_REQUEUE = 15_000;

export function controlPlaneMachines(ctx: CapiContext, kcp: KubeadmControlPlane): Machine[] {
  return ctx.store.listByOwner<Machine>(kcp.metadata.uid, KIND.Machine);
}

export function isMachineUpToDate(kcp: KubeadmControlPlane, machine: Machine): boolean {
  return machine.spec.version === kcp.spec.version &&
    machine.metadata.annotations[CLONED_FROM_ANNOTATION] === kcp.spec.machineTemplate.infrastructureRef.name;
}

/**
 * Etcd member health as KCP probes it: the member answers while its Machine's instance runs (its
 * kubelet has not stopped); a Machine without a Node has no member yet.
 */
export function etcdMembers(ctx: CapiContext, cluster: Cluster, machines: readonly Machine[]): EtcdMember[] {
  const workload = ctx.workload(clusterKeyOf(cluster.metadata.namespace, cluster.metadata.name)).cluster;
  const members: EtcdMember[] = [];
  for (const machine of machines) {
    if (machine.status.nodeRef === undefined) continue;
    const node = workload.nodes.get(machine.status.nodeRef);
    members.push({ name: machine.metadata.name, healthy: node !== undefined && !node.kubeletStopped });
  }
  return members;
}

/** Control-plane components healthy: the Node is healthy (stands in for the API server, controller manager, scheduler and etcd pod conditions). */
export function componentsHealthy(machine: Machine): boolean {
  return machine.status.nodeRef !== undefined && isTrue(machine.status.conditions, 'NodeHealthy');
}

export function reconcileKubeadmControlPlane(ctx: CapiContext, key: string): ReconcileResult | undefined {
  const kcp = ctx.store.getByKey<KubeadmControlPlane>(key);
  if (kcp === undefined || kcp.metadata.deletionTimestamp !== undefined) return undefined;
  const cluster = clusterOf(ctx, kcp);
  if (cluster === undefined || isClusterPaused(cluster, kcp)) return undefined;
  const machines = controlPlaneMachines(ctx, kcp);
  updateStatus(ctx, kcp, machines);

  const hook = reconcilePreTerminateHook(ctx, cluster, machines);
  if (hook !== undefined) return hook;
  const remediation = reconcileControlPlaneRemediation(ctx, cluster, kcp, machines);
  if (remediation !== undefined) return remediation;

  const active = machines.filter((m) => m.metadata.deletionTimestamp === undefined);
  if (active.length !== machines.length) return { requeueAfter: DELETE_REQUEUE };
  const outdated = active.filter((m) => !isMachineUpToDate(kcp, m));
  if (outdated.length > 0) {
    const maxReplicas = kcp.spec.replicas + kcp.spec.rollout.maxSurge;
    if (machines.length < maxReplicas) return scaleUp(ctx, cluster, kcp, machines);
    return scaleDown(ctx, cluster, kcp, machines, outdated);
  }
  if (machines.length < kcp.spec.replicas) return scaleUp(ctx, cluster, kcp, machines);
  if (machines.length > kcp.spec.replicas) return scaleDown(ctx, cluster, kcp, machines, active);
  return undefined;
}

function clusterOf(ctx: CapiContext, kcp: KubeadmControlPlane): Cluster | undefined {
  const name = kcp.metadata.labels['cluster.x-k8s.io/cluster-name'];
  return name === undefined ? undefined : ctx.store.get<Cluster>(KIND.Cluster, kcp.metadata.namespace, name);
}

/** Every Machine except `leaving` has a Node and healthy components, and none is being deleted (`preflightChecks`). */
function preflight(machines: readonly Machine[], leaving?: Machine): boolean {
  for (const machine of machines) {
    if (machine.metadata.deletionTimestamp !== undefined) return false;
    if (machine !== leaving && !componentsHealthy(machine)) return false;
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

function scaleUp(ctx: CapiContext, cluster: Cluster, kcp: KubeadmControlPlane, machines: Machine[]): ReconcileResult | undefined {
  const remediating = kcp.metadata.annotations['controlplane.cluster.x-k8s.io/remediation-in-progress'] !== undefined;
  if (machines.length > 0 && !(remediating ? machines.some(componentsHealthy) && machines.every((m) => m.metadata.deletionTimestamp === undefined) : preflight(machines))) {
    return { requeueAfter: PREFLIGHT_REQUEUE };
  }
  const zoneOf = (m: Machine) => machineZone(ctx, m);
  const zone = pickFewest(cluster.spec.failureDomains, machines, zoneOf, (m) => isMachineUpToDate(kcp, m));
  const random = ctx.streams.stream(`management/names/${kcp.metadata.namespace}/${kcp.metadata.name}`);
  const annotations: Record<string, string> = {};
  const inProgress = kcp.metadata.annotations['controlplane.cluster.x-k8s.io/remediation-in-progress'];
  if (inProgress !== undefined) annotations['controlplane.cluster.x-k8s.io/remediation-for'] = inProgress;
  createMachine(ctx, { owner: kcp, cluster, name: `${kcp.metadata.name}-${random.suffix()}`, template: controlPlaneTemplate(kcp), labels: {}, annotations, zone });
  if (inProgress !== undefined) {
    delete kcp.metadata.annotations['controlplane.cluster.x-k8s.io/remediation-in-progress'];
    ctx.store.update(kcp);
  }
  return undefined;
}

function scaleDown(ctx: CapiContext, cluster: Cluster, kcp: KubeadmControlPlane, machines: Machine[], eligible: Machine[]): ReconcileResult | undefined {
  const zoneOf = (m: Machine) => machineZone(ctx, m);
  const victim = pickMachineToScaleDown(cluster.spec.failureDomains, machines, eligible, zoneOf);
  if (victim === undefined) return undefined;
  if (!preflight(machines, victim)) return { requeueAfter: PREFLIGHT_REQUEUE };
  ctx.store.delete(victim);
  return undefined;
}

/**
 * The kcp-cleanup hook: once a deleting Machine waits for it (drained, volumes detached), remove its
 * etcd member if quorum survives and another Machine has healthy components, then release the hook
 * (`reconcilePreTerminateHook`). With one Machine left the hook goes without etcd work.
 */
function reconcilePreTerminateHook(ctx: CapiContext, cluster: Cluster, machines: Machine[]): ReconcileResult | undefined {
  for (const machine of machines) {
    if (machine.metadata.deletionTimestamp === undefined || machine.metadata.annotations[KCP_CLEANUP_HOOK] === undefined) continue;
    if (getCondition(machine.status.conditions, 'Deleting')?.reason !== 'WaitingForPreTerminateHook') continue;
    const others = machines.filter((m) => m !== machine && m.metadata.deletionTimestamp === undefined);
    if (others.length > 0) {
      const safe = others.some(componentsHealthy) && etcdTargetHealthy(etcdMembers(ctx, cluster, machines), { removing: machine.metadata.name });
      if (!safe) return { requeueAfter: DELETE_REQUEUE };
    }
    delete machine.metadata.annotations[KCP_CLEANUP_HOOK];
    ctx.store.update(machine);
  }
  return undefined;
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

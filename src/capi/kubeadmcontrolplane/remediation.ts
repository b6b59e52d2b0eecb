/**
 * KubeadmControlPlane remediation of MachineHealthCheck-flagged control-plane Machines
 * (cluster-api@v1.13.5 controlplane/kubeadm/internal/controllers/remediation.go
 * `reconcileUnhealthyMachines`, `getMachineToBeRemediated`, `pickMachineToBeRemediated`,
 * `checkRetryLimits`, `canSafelyRemediateMachine`, `targetEtcdClusterHealthy`,
 * `targetKubernetesControlPlaneComponentsHealthy`; capi-semantics.md §5.6).
 *
 * Strictly one Machine at a time: KCP picks the "most broken" candidate, and refuses (setting
 * OwnerRemediated=False with a reason, without requeue) unless every rule below holds, in order:
 * no remediation in progress (annotation `controlplane.cluster.x-k8s.io/remediation-in-progress`,
 * dropped once a Machine newer than it exists); retry limits (a Machine that replaced a remediated
 * one within minHealthyPeriod is a retry: wait retryPeriod, at most maxRetry); and once the
 * control plane is initialized: more than one Machine, no healthy Machine still provisioning, no
 * Machine being deleted, a known etcd member list, another Machine with healthy components, etcd
 * quorum kept without the Machine, and a healthy Machine to forward etcd leadership to. Before the
 * control plane is initialized the Machine is deleted without those checks.
 *
 * Timeline: `kcp.remediationRefused` (machine, reason, conditionReason, message) each time the
 * refusal reason for a Machine changes; `mhc.remediation` (by KubeadmControlPlane) when it deletes.
 */

import type { Millis } from '../../engine/duration.js';
import { isFalse, isTrue, removeCondition, setCondition } from '../../kube/conditions.js';
import { keyOf } from '../../kube/object.js';
import type { ReconcileResult } from '../../kube/controller.js';
import { kcpRemediationRefused, mhcRemediation } from '../../timeline/index.js';
import type { WorkloadCluster } from '../../workload/workload-cluster.js';
import type { CapiContext } from '../context.js';
import { clusterKeyOf } from '../context.js';
import { KCP_REMEDIATION_FOR_ANNOTATION, KCP_REMEDIATION_IN_PROGRESS_ANNOTATION, REMEDIATE_MACHINE_ANNOTATION } from '../labels.js';
import type { Cluster, KubeadmControlPlane, Machine } from '../types.js';
import { etcdTargetCheck } from './etcd.js';
import { API_SERVER_POD_HEALTHY, CONTROLLER_MANAGER_POD_HEALTHY, ETCD_MEMBER_HEALTHY, ETCD_POD_HEALTHY, SCHEDULER_POD_HEALTHY, componentsHealthy, etcdMemberView } from './machine-conditions.js';

const HEALTH_CHECK_SUCCEEDED = 'HealthCheckSucceeded';
const OWNER_REMEDIATED = 'OwnerRemediated';

/** What the remediation annotations hold (`RemediationData`): the Machine, when, and the retry count. */
export interface RemediationData {
  machine: string;
  timestamp: Millis;
  retryCount: number;
}

export function parseRemediationData(value: string): RemediationData {
  const data = JSON.parse(value) as RemediationData;
  if (typeof data.machine !== 'string' || typeof data.timestamp !== 'number' || typeof data.retryCount !== 'number') {
    throw new Error(`invalid remediation annotation: ${value}`);
  }
  return data;
}

export function formatRemediationData(data: RemediationData): string {
  return JSON.stringify({ machine: data.machine, timestamp: data.timestamp, retryCount: data.retryCount });
}

/** MHC-flagged and handed to the owner (`IsUnhealthyAndOwnerRemediated`). */
export function isUnhealthyAndOwnerRemediated(machine: Machine): boolean {
  return isFalse(machine.status.conditions, HEALTH_CHECK_SUCCEEDED) && isFalse(machine.status.conditions, OWNER_REMEDIATED);
}

/** MHC-flagged (`IsUnhealthy`); every other Machine counts as healthy for KCP's remediation rules. */
export function isMhcUnhealthy(machine: Machine): boolean {
  return isFalse(machine.status.conditions, HEALTH_CHECK_SUCCEEDED);
}

function byAge(a: Machine, b: Machine): number {
  return a.metadata.creationTimestamp - b.metadata.creationTimestamp || (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0);
}

/**
 * The "most broken" candidate (`pickMachineToBeRemediated`): remediate-machine annotation, then no
 * nodeRef, then EtcdMemberHealthy, EtcdPodHealthy, APIServerPodHealthy, ControllerManagerPodHealthy,
 * SchedulerPodHealthy, NodeKubeadmLabelsAndTaintsSet not True, then the oldest (name on ties).
 */
export function getMachineToBeRemediated(candidates: readonly Machine[]): Machine | undefined {
  const order = [ETCD_MEMBER_HEALTHY, ETCD_POD_HEALTHY, API_SERVER_POD_HEALTHY, CONTROLLER_MANAGER_POD_HEALTHY, SCHEDULER_POD_HEALTHY, 'NodeKubeadmLabelsAndTaintsSet'];
  const sorted = [...candidates].sort((a, b) => {
    const annotated = Number(b.metadata.annotations[REMEDIATE_MACHINE_ANNOTATION] !== undefined) - Number(a.metadata.annotations[REMEDIATE_MACHINE_ANNOTATION] !== undefined);
    if (annotated !== 0) return annotated;
    const noNode = Number(b.status.nodeRef === undefined) - Number(a.status.nodeRef === undefined);
    if (noNode !== 0) return noNode;
    for (const type of order) {
      const broken = Number(!isTrue(b.status.conditions, type)) - Number(!isTrue(a.status.conditions, type));
      if (broken !== 0) return broken;
    }
    return byAge(a, b);
  });
  return sorted[0];
}

export type RefusalReason =
  | 'inProgress' | 'retryPeriod' | 'maxRetry' | 'lastMachine' | 'machineProvisioning' | 'machineDeleting'
  | 'etcdMembersUnknown' | 'noHealthyControlPlane' | 'etcdQuorum' | 'noLeaderCandidate';

export interface RetryCheck {
  allowed: boolean;
  reason?: RefusalReason;
  message?: string;
  /** The data the in-progress annotation will hold. */
  data: RemediationData;
}

/** `checkRetryLimits`: a Machine that replaced a remediated one within minHealthyPeriod is a retry. */
export function checkRetryLimits(machine: Machine, kcp: KubeadmControlPlane, now: Millis): RetryCheck {
  const data: RemediationData = { machine: machine.metadata.name, timestamp: now, retryCount: 0 };
  const previousValue = machine.metadata.annotations[KCP_REMEDIATION_FOR_ANNOTATION];
  if (previousValue === undefined) return { allowed: true, data };
  const previous = parseRemediationData(previousValue);
  const { minHealthyPeriod, retryPeriod, maxRetry } = kcp.spec.remediation;
  if (!(previous.timestamp + minHealthyPeriod > now)) return { allowed: true, data };
  data.retryCount = previous.retryCount;
  if (previous.timestamp + retryPeriod > now) {
    return { allowed: false, reason: 'retryPeriod', message: `KubeadmControlPlane can't remediate this machine because the operation already failed in the latest ${retryPeriod / 1000}s (RetryPeriodSeconds)`, data };
  }
  if (maxRetry !== undefined && data.retryCount >= maxRetry) {
    return { allowed: false, reason: 'maxRetry', message: `KubeadmControlPlane can't remediate this machine because the operation already failed ${data.retryCount} times (MaxRetry ${maxRetry})`, data };
  }
  data.retryCount++;
  return { allowed: true, data };
}

export interface SafetyCheck {
  allowed: boolean;
  reason?: RefusalReason;
  conditionReason?: 'CannotBeRemediated' | 'RemediationDeferred';
  message?: string;
}

/** The checks that apply once the control plane is initialized (remediation.go, in order). */
export function checkInitializedControlPlane(machine: Machine, machines: readonly Machine[], workload: WorkloadCluster): SafetyCheck {
  if (machines.length <= 1) {
    return { allowed: false, reason: 'lastMachine', conditionReason: 'CannotBeRemediated', message: "KubeadmControlPlane can't remediate if current replicas are less or equal to 1" };
  }
  if (machines.some((m) => !isMhcUnhealthy(m) && m.status.nodeRef === undefined)) {
    return { allowed: false, reason: 'machineProvisioning', conditionReason: 'RemediationDeferred', message: 'KubeadmControlPlane waiting for control plane Machine provisioning to complete before triggering remediation' };
  }
  if (machines.some((m) => m.metadata.deletionTimestamp !== undefined)) {
    return { allowed: false, reason: 'machineDeleting', conditionReason: 'RemediationDeferred', message: 'KubeadmControlPlane waiting for control plane Machine deletion to complete before triggering remediation' };
  }
  const members = etcdMemberView(workload, machines);
  if (members.length === 0) {
    return { allowed: false, reason: 'etcdMembersUnknown', conditionReason: 'RemediationDeferred', message: 'Failed to check etcd cluster health before remediation' };
  }
  // canSafelyRemediateMachine: another Machine with healthy components, then etcd quorum without this member.
  if (!machines.some((m) => m !== machine && componentsHealthy(m))) {
    return { allowed: false, reason: 'noHealthyControlPlane', conditionReason: 'CannotBeRemediated', message: "KubeadmControlPlane can't remediate this Machine because this could result in loosing Kubernetes control plane components or in etcd quorum loss" };
  }
  const memberName = machine.status.nodeRef ?? '';
  if (memberName !== '') {
    const check = etcdTargetCheck(members, { removing: memberName });
    if (!check.ok) {
      return {
        allowed: false, reason: 'etcdQuorum', conditionReason: 'CannotBeRemediated',
        message: `KubeadmControlPlane can't remediate this Machine because this could result in loosing Kubernetes control plane components or in etcd quorum loss (${check.voting - check.unhealthy} healthy of ${check.voting} voting members left, quorum ${check.quorum})`,
      };
    }
  }
  if (!machines.some((m) => !isMhcUnhealthy(m))) {
    return { allowed: false, reason: 'noLeaderCandidate', conditionReason: 'CannotBeRemediated', message: "KubeadmControlPlane can't remediate this Machine because there is no healthy Machine to forward etcd leadership to" };
  }
  return { allowed: true };
}

/** The last refusal recorded per Machine, so the timeline says each reason once. */
const lastRefusal = new WeakMap<Machine, string>();

function recordRefusal(ctx: CapiContext, cluster: Cluster, machine: Machine, reason: RefusalReason, conditionReason: string | undefined, message: string): void {
  const signature = `${reason}|${conditionReason ?? ''}`;
  if (lastRefusal.get(machine) === signature) return;
  lastRefusal.set(machine, signature);
  ctx.timeline.record(kcpRemediationRefused(ctx.sim.now, {
    cluster: clusterKeyOf(cluster.metadata.namespace, cluster.metadata.name), object: keyOf(machine), machine: keyOf(machine), reason, conditionReason: conditionReason ?? '', message,
  }));
}

/**
 * One pass of `reconcileUnhealthyMachines`. Returns a result when KCP acted (deleted a Machine) and
 * the reconcile must stop there; undefined to carry on with rollout and scaling.
 */
export function reconcileControlPlaneRemediation(ctx: CapiContext, cluster: Cluster, kcp: KubeadmControlPlane, machines: Machine[], workload: WorkloadCluster): ReconcileResult | undefined {
  const now = ctx.sim.now;
  // Machines healthy again lose their stale OwnerRemediated condition.
  for (const machine of machines) {
    if (machine.metadata.deletionTimestamp !== undefined) continue;
    if (isTrue(machine.status.conditions, HEALTH_CHECK_SUCCEEDED) && isFalse(machine.status.conditions, OWNER_REMEDIATED)) {
      removeCondition(machine.status.conditions, OWNER_REMEDIATED);
      lastRefusal.delete(machine);
      ctx.store.update(machine);
    }
  }
  // The remediation is over once a Machine newer than it exists (its replacement).
  const inProgressValue = kcp.metadata.annotations[KCP_REMEDIATION_IN_PROGRESS_ANNOTATION];
  if (inProgressValue !== undefined) {
    const inProgress = parseRemediationData(inProgressValue);
    if (machines.some((m) => m.metadata.creationTimestamp > inProgress.timestamp)) {
      delete kcp.metadata.annotations[KCP_REMEDIATION_IN_PROGRESS_ANNOTATION];
      ctx.store.update(kcp);
    }
  }

  const machine = getMachineToBeRemediated(machines.filter(isUnhealthyAndOwnerRemediated));
  if (machine === undefined || machine.metadata.deletionTimestamp !== undefined) return undefined;
  if (kcp.metadata.annotations[KCP_REMEDIATION_IN_PROGRESS_ANNOTATION] !== undefined) {
    recordRefusal(ctx, cluster, machine, 'inProgress', undefined, 'Another remediation is already in progress');
    return undefined;
  }
  const refuse = (reason: RefusalReason, conditionReason: 'CannotBeRemediated' | 'RemediationDeferred', message: string): undefined => {
    if (setCondition(machine.status.conditions, now, OWNER_REMEDIATED, 'False', conditionReason, message)) ctx.store.update(machine);
    recordRefusal(ctx, cluster, machine, reason, conditionReason, message);
    return undefined;
  };

  const retry = checkRetryLimits(machine, kcp, now);
  if (!retry.allowed) return refuse(retry.reason as RefusalReason, retry.reason === 'maxRetry' ? 'CannotBeRemediated' : 'RemediationDeferred', retry.message ?? '');
  if (kcp.status.initialized) {
    const safety = checkInitializedControlPlane(machine, machines, workload);
    if (!safety.allowed) return refuse(safety.reason as RefusalReason, safety.conditionReason as 'CannotBeRemediated' | 'RemediationDeferred', safety.message ?? '');
  }

  setCondition(machine.status.conditions, now, OWNER_REMEDIATED, 'False', 'MachineDeleting', 'Machine is deleting');
  ctx.store.update(machine);
  ctx.store.delete(machine);
  kcp.metadata.annotations[KCP_REMEDIATION_IN_PROGRESS_ANNOTATION] = formatRemediationData(retry.data);
  ctx.store.update(kcp);
  ctx.timeline.record(mhcRemediation(now, {
    cluster: clusterKeyOf(cluster.metadata.namespace, cluster.metadata.name), object: keyOf(machine), machine: keyOf(machine), by: 'KubeadmControlPlane', retryCount: retry.data.retryCount,
  }));
  // CAPI returns RequeueAfter 1 ms here; the per-object floor makes it 1 s.
  return { requeueAfter: 1 };
}

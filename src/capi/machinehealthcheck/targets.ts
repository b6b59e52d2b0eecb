/**
 * One MachineHealthCheck target judged at one instant, as CAPI judges it (cluster-api@v1.13.5
 * internal/controllers/machinehealthcheck/machinehealthcheck_targets.go `needsRemediation`,
 * `machineChecks`, `nodeChecks`, `healthCheckTargets`; capi-semantics.md §4.2). Pure: the caller
 * supplies the Machine, its Node (or that it went missing), the Cluster's conditions and `now`.
 *
 * - An expired check means `lastTransitionTime + timeout < now` (strictly: Go's `Before`).
 * - A check not expired yet asks for a recheck in `timeout − elapsed + 1 s`.
 * - Node startup is measured from the latest of the Machine's creation, the Cluster's
 *   ControlPlaneInitialized and InfrastructureReady, and the Machine's InfrastructureReady
 *   transition times (each only when True): the clock restarts when the VM is provisioned.
 * - Healthy means: not unhealthy, nothing pending, not being deleted, and a Node exists. A target
 *   that is none of healthy, unhealthy or pending (no Node and no startup timeout, a worker before
 *   the control plane is initialized, a deleting Machine) still counts as not healthy.
 */

import type { Millis } from '../../engine/duration.js';
import { getCondition, isTrue } from '../../kube/conditions.js';
import type { Condition } from '../../kube/object.js';
import type { Node, NodeConditionType } from '../../workload/node.js';
import { CONTROL_PLANE_LABEL, REMEDIATE_MACHINE_ANNOTATION } from '../labels.js';
import type { Machine, UnhealthyCondition } from '../types.js';

const RECHECK_MARGIN = 1000;

/** Reasons of HealthCheckSucceeded=False (api/core/v1beta2 `MachineHealthCheck*Reason`). */
export type UnhealthyReason = 'HasRemediateAnnotation' | 'UnhealthyMachine' | 'NodeDeleted' | 'NodeStartupTimeout' | 'UnhealthyNode';

export type TargetHealth =
  | { kind: 'unhealthy'; reason: UnhealthyReason; message: string }
  | { kind: 'pending'; nextCheck: Millis }
  | { kind: 'healthy' }
  | { kind: 'neither' };

export interface HealthCheckRules {
  /** 0 disables the startup check. */
  nodeStartupTimeout: Millis;
  unhealthyNodeConditions: readonly UnhealthyCondition[];
  unhealthyMachineConditions: readonly UnhealthyCondition[];
}

export interface Target {
  machine: Machine;
  /** The Node as read from the workload cluster (only read once the control plane is initialized). */
  node: Node | undefined;
  /** nodeRef is set but the Node is gone. */
  nodeMissing: boolean;
}

function expired(since: Millis, timeout: Millis, now: Millis): boolean {
  return since + timeout < now;
}

function formatSeconds(ms: Millis): string {
  const seconds = ms / 1000;
  return seconds >= 60 && seconds % 60 === 0 ? `${seconds / 60}m0s` : `${seconds}s`;
}

/** What the checks of one side found; `until` is the last instant their verdict holds (the earliest expiry of a check not expired yet). */
interface CheckResult {
  reason?: UnhealthyReason;
  messages: string[];
  next: Millis;
  until: Millis;
}

function machineChecks(machine: Machine, rules: HealthCheckRules, now: Millis): CheckResult {
  const messages: string[] = [];
  let next = 0;
  let until = Infinity;
  for (const check of rules.unhealthyMachineConditions) {
    const condition = getCondition(machine.status.conditions, check.type);
    if (condition === undefined || condition.status !== check.status) continue;
    if (expired(condition.lastTransitionTime, check.timeout, now)) {
      messages.push(`Condition ${check.type} on Machine is reporting status ${check.status} with reason ${condition.reason ?? ''} for more than ${formatSeconds(check.timeout)}`);
      continue;
    }
    until = Math.min(until, condition.lastTransitionTime + check.timeout);
    const recheck = check.timeout - (now - condition.lastTransitionTime) + RECHECK_MARGIN;
    if (recheck > 0 && (next === 0 || recheck < next)) next = recheck;
  }
  return { messages, next: messages.length > 0 ? 0 : next, until };
}

/** When the node-startup clock started for a Machine without a Node. */
export function nodeStartupComparisonTime(machine: Machine, clusterConditions: readonly Condition[]): Millis {
  let t = machine.metadata.creationTimestamp;
  for (const [conditions, type] of [
    [clusterConditions, 'ControlPlaneInitialized'],
    [clusterConditions, 'InfrastructureReady'],
    [machine.status.conditions, 'InfrastructureReady'],
  ] as const) {
    const condition = getCondition(conditions, type);
    if (condition?.status === 'True' && condition.lastTransitionTime > t) t = condition.lastTransitionTime;
  }
  return t;
}

function nodeChecks(target: Target, clusterConditions: readonly Condition[], rules: HealthCheckRules, now: Millis): CheckResult {
  const { machine, node } = target;
  if (target.nodeMissing) return { reason: 'NodeDeleted', messages: [`Node ${machine.status.nodeRef ?? ''} has been deleted`], next: 0, until: Infinity };
  if (node === undefined) {
    if (rules.nodeStartupTimeout === 0) return { messages: [], next: 0, until: Infinity };
    const since = nodeStartupComparisonTime(machine, clusterConditions);
    if (expired(since, rules.nodeStartupTimeout, now)) {
      return { reason: 'NodeStartupTimeout', messages: [`Node failed to report startup in ${formatSeconds(rules.nodeStartupTimeout)}`], next: 0, until: Infinity };
    }
    return { messages: [], next: rules.nodeStartupTimeout - (now - since) + RECHECK_MARGIN, until: since + rules.nodeStartupTimeout };
  }
  const messages: string[] = [];
  let next = 0;
  let until = Infinity;
  for (const check of rules.unhealthyNodeConditions) {
    const condition = node.conditions[check.type as NodeConditionType] as Node['conditions'][NodeConditionType] | undefined;
    if (condition === undefined || condition.status !== check.status) continue;
    if (expired(condition.lastTransitionTime, check.timeout, now)) {
      messages.push(`Condition ${check.type} on Node is reporting status ${check.status} for more than ${formatSeconds(check.timeout)}`);
      continue;
    }
    until = Math.min(until, condition.lastTransitionTime + check.timeout);
    const recheck = check.timeout - (now - condition.lastTransitionTime) + RECHECK_MARGIN;
    if (recheck > 0 && (next === 0 || recheck < next)) next = recheck;
  }
  return messages.length > 0 ? { reason: 'UnhealthyNode', messages, next: 0, until } : { messages, next, until };
}

/** `needsRemediation` followed by `healthCheckTargets`' bucketing. */
export function evaluateTarget(target: Target, clusterConditions: readonly Condition[], rules: HealthCheckRules, now: Millis): TargetHealth {
  return judgeTarget(target, clusterConditions, rules, now).health;
}

/** A verdict and the last instant it holds while its inputs (Machine, Node, Cluster conditions, rules) stay as they are. */
export interface Judgement {
  health: TargetHealth;
  stableUntil: Millis;
}

const NEITHER: TargetHealth = { kind: 'neither' };
const HEALTHY: TargetHealth = { kind: 'healthy' };

/** `evaluateTarget` with how long its verdict holds: a check not expired yet expires after `stableUntil`. */
export function judgeTarget(target: Target, clusterConditions: readonly Condition[], rules: HealthCheckRules, now: Millis): Judgement {
  const { machine } = target;
  if (machine.metadata.annotations[REMEDIATE_MACHINE_ANNOTATION] !== undefined) {
    return { health: { kind: 'unhealthy', reason: 'HasRemediateAnnotation', message: 'Health check failed: marked for remediation via cluster.x-k8s.io/remediate-machine annotation' }, stableUntil: Infinity };
  }
  // Workers are not judged before the control plane is initialized; control-plane Machines are, so the first one can be remediated.
  if (!isTrue(clusterConditions, 'ControlPlaneInitialized') && machine.metadata.labels[CONTROL_PLANE_LABEL] === undefined) return { health: NEITHER, stableUntil: Infinity };
  if (!isTrue(clusterConditions, 'InfrastructureReady')) return { health: NEITHER, stableUntil: Infinity };

  const fromMachine = machineChecks(machine, rules, now);
  const fromNode = nodeChecks(target, clusterConditions, rules, now);
  const stableUntil = Math.min(fromMachine.until, fromNode.until);
  if (fromMachine.messages.length > 0 || fromNode.messages.length > 0) {
    const reason: UnhealthyReason = fromMachine.messages.length > 0 ? 'UnhealthyMachine' : (fromNode.reason as UnhealthyReason);
    const lines = [...fromMachine.messages, ...fromNode.messages].map((m) => `  * ${m}`).join('\n');
    return { health: { kind: 'unhealthy', reason, message: `Health check failed:\n${lines}` }, stableUntil };
  }
  const a = fromMachine.next;
  const b = fromNode.next;
  if (a > 0 || b > 0) return { health: { kind: 'pending', nextCheck: a > 0 && b > 0 ? Math.min(a, b) : a > 0 ? a : b }, stableUntil };
  if (machine.metadata.deletionTimestamp === undefined && target.node !== undefined) return { health: HEALTHY, stableUntil };
  return { health: NEITHER, stableUntil };
}

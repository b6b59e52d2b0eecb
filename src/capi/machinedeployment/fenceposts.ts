/**
 * Rolling-update arithmetic of a MachineDeployment (cluster-api@v1.13.5
 * internal/controllers/machinedeployment/mdutil/util.go `ResolveFenceposts`, `MaxUnavailable`,
 * `MaxSurge`, `NewMSNewReplicas`, `DeploymentComplete`; capi-semantics.md §1.2).
 */

import { scaledValue, type IntOrPercent } from '../../kube/intstr.js';
import type { MachineDeploymentSpec, MachineSet } from '../types.js';

/** Surge rounds up, unavailable rounds down; both 0 → unavailable 1 (so a rollout can progress). */
export function resolveFenceposts(maxSurge: IntOrPercent, maxUnavailable: IntOrPercent, desired: number): { surge: number; unavailable: number } {
  const surge = scaledValue(maxSurge, desired, true);
  let unavailable = scaledValue(maxUnavailable, desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

export function maxUnavailable(spec: MachineDeploymentSpec): number {
  if (spec.strategy.type !== 'RollingUpdate' || spec.replicas === 0) return 0;
  const { unavailable } = resolveFenceposts(spec.strategy.maxSurge, spec.strategy.maxUnavailable, spec.replicas);
  return Math.min(unavailable, spec.replicas);
}

export function maxSurge(spec: MachineDeploymentSpec): number {
  if (spec.strategy.type !== 'RollingUpdate') return 0;
  return resolveFenceposts(spec.strategy.maxSurge, spec.strategy.maxUnavailable, spec.replicas).surge;
}

/** The planner's availability target: replicas − MaxUnavailable, never below 0. */
export function minAvailable(spec: MachineDeploymentSpec): number {
  return Math.max(spec.replicas - maxUnavailable(spec), 0);
}

/** Σ max(spec, status) over all MachineSets: machines being deleted still count (TotalMachineSetsReplicaSum). */
export function totalReplicaSum(machineSets: readonly MachineSet[]): number {
  let total = 0;
  for (const ms of machineSets) total += Math.max(ms.spec.replicas, ms.status.replicas);
  return total;
}

/**
 * How many replicas the new MachineSet should have now (`NewMSNewReplicas`), given `current` =
 * Σ max(spec, status) over all MachineSets, with the planner's note.
 */
export function newMSNewReplicas(spec: MachineDeploymentSpec, current: number, newReplicas: number): { replicas: number; note: string } {
  if (spec.strategy.type === 'OnDelete') {
    if (current < spec.replicas) return { replicas: newReplicas + (spec.replicas - current), note: `${current} current Machines < ${spec.replicas} MachineDeployment spec.replicas` };
    return { replicas: newReplicas, note: `${current} current Machines >= ${spec.replicas} MachineDeployment spec.replicas` };
  }
  const surge = scaledValue(spec.strategy.maxSurge, spec.replicas, true);
  const maxTotal = spec.replicas + surge;
  if (current >= maxTotal) {
    return { replicas: newReplicas, note: `${current} current Machines >= ${spec.replicas} MachineDeployment spec.replicas + ${surge} maxSurge` };
  }
  const scaleUp = Math.min(maxTotal - current, spec.replicas - newReplicas);
  return { replicas: newReplicas + scaleUp, note: `${current} current Machines < ${spec.replicas} MachineDeployment spec.replicas + ${surge} maxSurge` };
}

/** A rollout is complete when every counter equals the desired replicas (`DeploymentComplete`). */
export function deploymentComplete(desired: number, status: { replicas: number; upToDateReplicas: number; availableReplicas: number }): boolean {
  return status.upToDateReplicas === desired && status.replicas === desired && status.availableReplicas === desired;
}

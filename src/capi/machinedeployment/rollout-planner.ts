/**
 * The rollout planner of one MachineDeployment reconcile, as a pure function from MachineSet
 * counters to scale intents (cluster-api@v1.13.5
 * internal/controllers/machinedeployment/machinedeployment_rollout_rollingupdate.go
 * `planRollingUpdate`, `reconcileNewMachineSet`, `reconcileOldMachineSetsRollingUpdate`,
 * `reconcileDeadlockBreaker`; machinedeployment_rollout_ondelete.go `planOnDelete`;
 * capi-semantics.md §1.4, §1.5). Like CAPI's planner it writes a note for every decision.
 */

import { minAvailable, newMSNewReplicas } from './fenceposts.js';
import type { MachineDeploymentSpec } from '../types.js';

/** What the planner needs to know of one MachineSet. */
export interface PlannerMachineSet {
  name: string;
  creationTimestamp: number;
  /** spec.replicas */
  replicas: number;
  /** status.replicas: Machines that exist, including deleting ones. */
  statusReplicas: number;
  availableReplicas: number;
}

export interface RolloutPlan {
  /** New spec.replicas per MachineSet name; only changed ones. */
  intents: Map<string, number>;
  /** Why, per MachineSet name, in CAPI's words (the planner's `notes`). */
  notes: Map<string, string[]>;
}

export function emptyPlan(): RolloutPlan {
  return { intents: new Map(), notes: new Map() };
}

function note(plan: RolloutPlan, name: string, text: string): void {
  const notes = plan.notes.get(name);
  if (notes === undefined) plan.notes.set(name, [text]);
  else notes.push(text);
}

const UNAVAILABLE_NOTE = 'scale down to align to existing Machines or scale down by removing unavailable replicas (and no available replicas exist on the MachineSet)';

/** Old MachineSets oldest first, name as tie-break (`MachineSetsByCreationTimestamp`). */
function oldestFirst(sets: readonly PlannerMachineSet[]): PlannerMachineSet[] {
  return [...sets].sort((a, b) => a.creationTimestamp - b.creationTimestamp || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Σ max(spec, status): Machines being deleted still count (`TotalMachineSetsReplicaSum`). */
function totalStatusSum(sets: readonly PlannerMachineSet[]): number {
  let total = 0;
  for (const ms of sets) total += Math.max(ms.replicas, ms.statusReplicas);
  return total;
}

export function planRollingUpdate(md: MachineDeploymentSpec, newMS: PlannerMachineSet, oldMSs: readonly PlannerMachineSet[]): RolloutPlan {
  const plan = emptyPlan();
  reconcileNewMachineSet(md, newMS, oldMSs, plan);
  reconcileOldMachineSetsRollingUpdate(md, newMS, oldMSs, plan);
  reconcileDeadlockBreaker(newMS, oldMSs, plan);
  return plan;
}

export function reconcileNewMachineSet(md: MachineDeploymentSpec, newMS: PlannerMachineSet, oldMSs: readonly PlannerMachineSet[], plan: RolloutPlan): void {
  if (newMS.replicas === md.replicas) return;
  if (newMS.replicas > md.replicas) {
    plan.intents.set(newMS.name, md.replicas);
    note(plan, newMS.name, 'scale down to align MachineSet spec.replicas to MachineDeployment spec.replicas');
    return;
  }
  const { replicas, note: why } = newMSNewReplicas(md, totalStatusSum([newMS, ...oldMSs]), newMS.replicas);
  if (replicas !== newMS.replicas) {
    plan.intents.set(newMS.name, replicas);
    note(plan, newMS.name, why);
  }
}

export function reconcileOldMachineSetsRollingUpdate(md: MachineDeploymentSpec, newMS: PlannerMachineSet, oldMSs: readonly PlannerMachineSet[], plan: RolloutPlan): void {
  let oldSpec = 0;
  for (const ms of oldMSs) oldSpec += ms.replicas;
  if (oldSpec === 0) return;
  const all = [newMS, ...oldMSs];
  const minAvail = minAvailable(md);
  let totalSpec = 0;
  let totalAvailable = 0;
  let pending = 0;
  for (const ms of all) {
    totalSpec += ms.replicas;
    totalAvailable += ms.availableReplicas;
    const intent = plan.intents.get(ms.name);
    const target = intent === undefined ? ms.replicas : Math.min(ms.replicas, intent);
    if (target < ms.statusReplicas) pending += ms.statusReplicas - target;
  }
  const newUnavailable = Math.max(newMS.replicas - newMS.availableReplicas, 0);
  let budget = Math.max(totalSpec - pending - minAvail - newUnavailable, 0);
  if (budget === 0) return;
  const ordered = oldestFirst(oldMSs);
  for (const onlyUnavailable of [true, false]) {
    for (const ms of ordered) {
      if (budget <= 0) break;
      const current = plan.intents.get(ms.name) ?? ms.replicas;
      if (current <= 0) continue;
      const availableBefore = totalAvailable;
      const maxDown = onlyUnavailable ? Math.max(current - ms.availableReplicas, 0) : current;
      let down = Math.min(maxDown, budget);
      if (down === 0) continue;
      if (ms.availableReplicas > 0) {
        let newSpec = Math.max(current - down, 0);
        let deletions = Math.max(ms.statusReplicas - newSpec, 0);
        if (deletions > 0) {
          // Worst case: every deletion hits an available Machine; never go below minAvailable.
          if (totalAvailable - minAvail < deletions) {
            const canDelete = Math.max(totalAvailable - minAvail, 0);
            newSpec = Math.min(ms.statusReplicas - canDelete, current);
            down = Math.max(current - newSpec, 0);
            deletions = Math.max(ms.statusReplicas - newSpec, 0);
          }
          totalAvailable -= Math.min(ms.availableReplicas, deletions);
        }
      }
      if (down > 0) {
        const target = Math.max(current - down, 0);
        plan.intents.set(ms.name, target);
        budget = Math.max(budget - down, 0);
        note(plan, ms.name, availableBefore === totalAvailable ? UNAVAILABLE_NOTE : `${availableBefore} available replicas > ${minAvail} minimum available replicas`);
      }
    }
  }
}

/** Breaches maxUnavailable by one when nothing else can move (`reconcileDeadlockBreaker`). */
export function reconcileDeadlockBreaker(newMS: PlannerMachineSet, oldMSs: readonly PlannerMachineSet[], plan: RolloutPlan): void {
  if (plan.intents.size > 0) return;
  let oldStatus = 0;
  let oldUnavailable = 0;
  for (const ms of oldMSs) {
    oldStatus += ms.statusReplicas;
    oldUnavailable += Math.max(ms.statusReplicas - ms.availableReplicas, 0);
  }
  if (oldStatus === 0 || oldUnavailable === 0) return;
  for (const ms of [newMS, ...oldMSs]) if (ms.replicas !== ms.statusReplicas) return;
  if (newMS.availableReplicas !== newMS.statusReplicas) return;
  for (const ms of oldestFirst(oldMSs)) {
    if (ms.availableReplicas !== ms.statusReplicas && ms.replicas > 0) {
      plan.intents.set(ms.name, ms.replicas - 1);
      note(plan, ms.name, 'scaling down by 1 to unblock rollout stuck due to unavailable Machine on oldMS');
      return;
    }
  }
}

/**
 * OnDelete: the new MachineSet replaces what users deleted; old ones never recreate Machines. The
 * new MachineSet is sized from pre-intent counters, so a replacement appears one reconcile after
 * the old MachineSet's spec was lowered (capi-semantics.md §1.5).
 */
export function planOnDelete(md: MachineDeploymentSpec, newMS: PlannerMachineSet, oldMSs: readonly PlannerMachineSet[]): RolloutPlan {
  const plan = emptyPlan();
  if (newMS.replicas > md.replicas) {
    plan.intents.set(newMS.name, md.replicas);
  } else {
    const { replicas, note: why } = newMSNewReplicas(md, totalStatusSum([newMS, ...oldMSs]), newMS.replicas);
    if (replicas !== newMS.replicas) {
      plan.intents.set(newMS.name, replicas);
      note(plan, newMS.name, why);
    }
  }
  const ordered = oldestFirst(oldMSs);
  // Pass 1: drop replicas whose Machines were deleted by the user (spec − status).
  for (const ms of ordered) {
    if (ms.replicas > ms.statusReplicas) {
      plan.intents.set(ms.name, ms.statusReplicas);
      note(plan, ms.name, 'scale down to align to existing Machines');
    }
  }
  // Pass 2: only when the MachineDeployment was scaled down.
  let total = plan.intents.get(newMS.name) ?? newMS.replicas;
  for (const ms of ordered) total += plan.intents.get(ms.name) ?? ms.replicas;
  let excess = total - md.replicas;
  for (const ms of ordered) {
    if (excess <= 0) break;
    const current = plan.intents.get(ms.name) ?? ms.replicas;
    const down = Math.min(current, excess);
    if (down > 0) {
      plan.intents.set(ms.name, current - down);
      note(plan, ms.name, 'scale down because the MachineDeployment was scaled down');
      excess -= down;
    }
  }
  return plan;
}

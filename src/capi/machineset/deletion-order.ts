/**
 * Which Machines a MachineSet deletes first when it scales down (cluster-api@v1.13.5
 * internal/controllers/machineset/machineset_deletion_order.go `getDeletePriorityFunc`,
 * `randomDeletionOrder`, `newestDeletionOrder`, `oldestDeletionOrder`, `isMachineHealthy`,
 * `getMachinesToDeletePrioritized`; capi-semantics.md §2.2). Higher priority goes first; ties
 * break by Machine name, so "Random" is in fact name order among equally healthy Machines.
 */

import type { Millis } from '../../engine/duration.js';
import { isFalse } from '../../kube/conditions.js';
import { DELETE_MACHINE_ANNOTATION } from '../labels.js';
import type { DeletionOrder, Machine } from '../types.js';

const MUST_DELETE = 100;
const BETTER_DELETE = 80;
const IN_PLACE_UPDATING = 75;
const COULD_DELETE = 50;
const RANDOM_PRIORITY = 20;
const SECONDS_PER_TEN_DAYS = 864_000;

/** No nodeRef, NodeHealthy=False or HealthCheckSucceeded=False (Unknown counts as healthy). */
export function isMachineHealthy(machine: Machine): boolean {
  if (machine.status.nodeRef === undefined) return false;
  const conditions = machine.status.conditions;
  return !isFalse(conditions, 'NodeHealthy') && !isFalse(conditions, 'HealthCheckSucceeded');
}

function basePriority(machine: Machine): number | undefined {
  if (machine.metadata.deletionTimestamp !== undefined) return MUST_DELETE;
  if (machine.metadata.annotations[DELETE_MACHINE_ANNOTATION] !== undefined) return BETTER_DELETE;
  if (machine.metadata.annotations['in-place-updates.internal.cluster.x-k8s.io/update-in-progress'] !== undefined) return IN_PLACE_UPDATING;
  if (!isMachineHealthy(machine)) return COULD_DELETE;
  return undefined;
}

/**
 * Oldest: 50·(1 − e^(−age/10 days)); a creation time in the future → 0. (CAPI also gives 0 to an
 * unset timestamp; simulated objects always have one, and Machines that exist when a scenario
 * starts carry creation times before t=0.)
 */
function oldestPriority(machine: Machine, now: Millis): number {
  const ageSeconds = (now - machine.metadata.creationTimestamp) / 1000;
  if (ageSeconds < 0) return 0;
  return COULD_DELETE * (1 - Math.exp(-ageSeconds / SECONDS_PER_TEN_DAYS));
}

export function deletePriority(order: DeletionOrder, machine: Machine, now: Millis): number {
  const base = basePriority(machine);
  if (base !== undefined) return base;
  switch (order) {
    case 'Random': return RANDOM_PRIORITY;
    case 'Oldest': return oldestPriority(machine, now);
    case 'Newest': return COULD_DELETE - oldestPriority(machine, now);
  }
}

/** The `count` Machines to delete, highest priority first, name order among equals. */
export function machinesToDelete(order: DeletionOrder, machines: readonly Machine[], count: number, now: Millis): Machine[] {
  const ranked = machines.map((machine) => ({ machine, priority: deletePriority(order, machine, now) }));
  const wanted = Math.min(Math.max(count, 0), ranked.length);
  // A scale-down usually removes one or two of many: pick the first ones in a pass each instead of
  // sorting the whole pool (the same result: names are unique, so the order is total; issue 14).
  if (wanted > FEW) return ranked.sort(rankOrder).slice(0, wanted).map((entry) => entry.machine);
  const out: Machine[] = [];
  for (let i = 0; i < wanted; i++) {
    let best = i;
    for (let j = i + 1; j < ranked.length; j++) if (rankOrder(ranked[j]!, ranked[best]!) < 0) best = j;
    const chosen = ranked[best]!;
    ranked[best] = ranked[i]!;
    ranked[i] = chosen;
    out.push(chosen.machine);
  }
  return out;
}

const FEW = 4;

function rankOrder(a: { machine: Machine; priority: number }, b: { machine: Machine; priority: number }): number {
  return b.priority - a.priority || (a.machine.metadata.name < b.machine.metadata.name ? -1 : a.machine.metadata.name > b.machine.metadata.name ? 1 : 0);
}

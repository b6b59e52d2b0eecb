/**
 * One step of a node group's surge rolling update, as a pure function (the generic provider's
 * planner; cloud flavours bring their own). It follows a MachineDeployment's arithmetic, which is
 * what CAPI users expect of `maxSurge` / `maxUnavailable` (capi-semantics.md §1.2, §1.4):
 * - surge rounds up, unavailable rounds down, both 0 → unavailable 1 (`resolveFenceposts`);
 * - instances being removed still count toward the surge limit until they are gone;
 * - new instances are created while up-to-date ones are fewer than the replicas and the total is
 *   below replicas + surge;
 * - outdated instances are removed while the group keeps `replicas − unavailable` available ones,
 *   counting new instances that are not Ready yet as unavailable; not-Ready outdated ones go first;
 * - when more up-to-date instances exist than replicas (the pool was scaled down), the surplus goes
 *   at once, not-Ready first, then the oldest (no availability check, as a MachineDeployment scales
 *   its new MachineSet down); outdated ones leave through the rolling budget.
 */

import { resolveFenceposts } from '../machinedeployment/fenceposts.js';
import type { IntOrPercent } from '../../kube/intstr.js';

export interface PlanInstance {
  id: string;
  upToDate: boolean;
  ready: boolean;
  /** Being removed already: counts toward the total, not toward the live group. */
  leaving: boolean;
  createdAt: number;
}

export interface PlanInput {
  replicas: number;
  maxSurge: IntOrPercent;
  maxUnavailable: IntOrPercent;
  instances: readonly PlanInstance[];
  /** Creates requested but not yet answered by the cloud (they will be up to date). */
  pendingCreates: number;
}

export interface PlanStep {
  create: number;
  retire: string[];
}

function removalOrder(a: PlanInstance, b: PlanInstance): number {
  return Number(a.upToDate) - Number(b.upToDate) || Number(a.ready) - Number(b.ready) || a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function planNodePoolStep(input: PlanInput): PlanStep {
  const { replicas, pendingCreates } = input;
  const { surge, unavailable } = resolveFenceposts(input.maxSurge, input.maxUnavailable, replicas);
  const live = input.instances.filter((i) => !i.leaving);
  const total = input.instances.length + pendingCreates;
  const upToDate = live.filter((i) => i.upToDate).length + pendingCreates;
  const create = Math.max(0, Math.min(replicas - upToDate, replicas + surge - total));

  const retire: string[] = [];
  const retired = new Set<string>();
  // Plain scale-down: more up-to-date instances than wanted.
  const excess = upToDate - replicas;
  if (excess > 0) {
    for (const instance of live.filter((i) => i.upToDate).sort(removalOrder).slice(0, excess)) {
      retire.push(instance.id);
      retired.add(instance.id);
    }
  }
  // Rolling update: take outdated instances out while availability allows.
  const minAvailable = Math.max(replicas - Math.min(unavailable, replicas), 0);
  const remaining = live.filter((i) => !retired.has(i.id));
  const newUnavailable = remaining.filter((i) => i.upToDate && !i.ready).length + pendingCreates;
  let available = remaining.filter((i) => i.ready).length;
  let budget = remaining.length + pendingCreates - minAvailable - newUnavailable;
  for (const instance of remaining.filter((i) => !i.upToDate).sort(removalOrder)) {
    if (budget <= 0) break;
    if (instance.ready) {
      if (available - 1 < minAvailable) continue;
      available--;
    }
    retire.push(instance.id);
    budget--;
  }
  return { create, retire };
}

/**
 * What a MachineHealthCheck remembers between reconciles, so that a reconcile re-judges only the
 * targets whose inputs changed (issue 14), as CAPI's controller reads them from its informer cache
 * and only acts on what moved (cluster-api@v1.13.5
 * internal/controllers/machinehealthcheck/machinehealthcheck_controller.go `reconcile`: targets
 * whose checks have not expired ask for a requeue at the earliest expiry, `minDuration`).
 *
 * - The sorted target list is reused while the selected Machines are the same objects in the same
 *   order (creation order from the store's index), so the name sort runs only when the set changes.
 * - Each target's verdict (targets.ts `judgeTarget`) is kept with the inputs it was made from — the
 *   Machine's resourceVersion, the Node object and its conditions the rules read, the Cluster's
 *   resourceVersion, the rules — and the last instant it holds (`stableUntil`: the earliest expiry
 *   of a check that has not expired). A pending verdict keeps its absolute recheck time, so its
 *   `nextCheck` is the same number a fresh evaluation gives.
 *
 * Decisions are exactly those of a full evaluation; `CapiSettings.reference` turns the cache off
 * (the equivalence test's baseline).
 */

import type { Millis } from '../../engine/duration.js';
import type { Node, NodeConditionType } from '../../workload/node.js';
import type { Cluster, Machine, MachineHealthCheck } from '../types.js';
import { judgeTarget, type HealthCheckRules, type Target, type TargetHealth } from './targets.js';

interface Verdict {
  machineVersion: number;
  clusterVersion: number;
  node: Node | undefined;
  nodeMissing: boolean;
  /** status and lastTransitionTime of each node condition the rules read, in rule order. */
  nodeConditions: Array<string | number>;
  rules: HealthCheckRules['unhealthyNodeConditions'];
  startup: Millis;
  machineRules: HealthCheckRules['unhealthyMachineConditions'];
  health: TargetHealth;
  /** For a pending verdict: the absolute time of its recheck. */
  nextAt: Millis;
  stableUntil: Millis;
}

interface CheckMemory {
  /** The selected Machines in store (creation) order, and the same sorted by name. */
  selected: Machine[];
  sorted: Machine[];
  verdicts: WeakMap<Machine, Verdict>;
}

const memories = new WeakMap<MachineHealthCheck, CheckMemory>();

function memoryOf(mhc: MachineHealthCheck): CheckMemory {
  let memory = memories.get(mhc);
  if (memory === undefined) memories.set(mhc, (memory = { selected: [], sorted: [], verdicts: new WeakMap() }));
  return memory;
}

const byName = (a: Machine, b: Machine): number => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0);

/** The targets sorted by name; `selected` is in store order. The sort runs only when the selection changed. */
export function sortedTargets(mhc: MachineHealthCheck, selected: Machine[], reference: boolean): Machine[] {
  if (reference) return [...selected].sort(byName);
  const memory = memoryOf(mhc);
  const previous = memory.selected;
  let same = previous.length === selected.length;
  for (let i = 0; same && i < selected.length; i++) same = previous[i] === selected[i];
  if (!same) {
    memory.selected = selected;
    memory.sorted = [...selected].sort(byName);
  }
  return memory.sorted;
}

function nodeConditionsOf(node: Node | undefined, rules: HealthCheckRules): Array<string | number> {
  const out: Array<string | number> = [];
  if (node === undefined) return out;
  for (const check of rules.unhealthyNodeConditions) {
    const condition = node.conditions[check.type as NodeConditionType] as Node['conditions'][NodeConditionType] | undefined;
    if (condition === undefined) out.push('', -1);
    else out.push(condition.status, condition.lastTransitionTime);
  }
  return out;
}

function sameNodeConditions(node: Node | undefined, rules: HealthCheckRules, recorded: Array<string | number>): boolean {
  if (node === undefined) return recorded.length === 0;
  let i = 0;
  for (const check of rules.unhealthyNodeConditions) {
    const condition = node.conditions[check.type as NodeConditionType] as Node['conditions'][NodeConditionType] | undefined;
    if ((condition?.status ?? '') !== recorded[i] || (condition?.lastTransitionTime ?? -1) !== recorded[i + 1]) return false;
    i += 2;
  }
  return i === recorded.length;
}

/** One target's health at `now`: the remembered verdict when its inputs are unchanged and it still holds, a fresh one otherwise. */
export function targetHealth(mhc: MachineHealthCheck, target: Target, cluster: Cluster, rules: HealthCheckRules, now: Millis, reference: boolean): TargetHealth {
  if (reference) return judgeTarget(target, cluster.status.conditions, rules, now).health;
  const memory = memoryOf(mhc);
  const machine = target.machine;
  const known = memory.verdicts.get(machine);
  if (known !== undefined && known.machineVersion === machine.metadata.resourceVersion &&
    known.clusterVersion === cluster.metadata.resourceVersion && known.node === target.node && known.nodeMissing === target.nodeMissing &&
    known.rules === rules.unhealthyNodeConditions && known.machineRules === rules.unhealthyMachineConditions && known.startup === rules.nodeStartupTimeout &&
    sameNodeConditions(target.node, rules, known.nodeConditions)) {
    return known.health.kind === 'pending' ? { kind: 'pending', nextCheck: known.nextAt - now } : known.health;
  }
  const judged = judgeTarget(target, cluster.status.conditions, rules, now);
  memory.verdicts.set(machine, {
    machineVersion: machine.metadata.resourceVersion,
    clusterVersion: cluster.metadata.resourceVersion,
    node: target.node,
    nodeMissing: target.nodeMissing,
    nodeConditions: nodeConditionsOf(target.node, rules),
    rules: rules.unhealthyNodeConditions,
    machineRules: rules.unhealthyMachineConditions,
    startup: rules.nodeStartupTimeout,
    health: judged.health,
    nextAt: judged.health.kind === 'pending' ? now + judged.health.nextCheck : 0,
    stableUntil: judged.stableUntil,
  });
  return judged.health;
}

/**
 * What a MachineHealthCheck remembers between reconciles, so that a reconcile re-judges only the
 * targets whose inputs changed and keeps its counts incrementally (issue 14), as CAPI's controller
 * reads its targets from informer caches fed by watches and requeues itself for the earliest
 * timeout that has not expired (cluster-api@v1.13.5
 * internal/controllers/machinehealthcheck/machinehealthcheck_controller.go `reconcile`:
 * `minDuration` over the targets' `nextCheckTimes`).
 *
 * - A Machine is marked changed by every store event of it (a store watch of its own, not gated by
 *   the manager's pause: this is bookkeeping of what the reconcile reads, not a delivery), and by
 *   every event of its Node (a listener on the workload cluster).
 * - A changed Machine is re-selected (labels, annotations) and re-judged (targets.ts `judgeTarget`);
 *   a verdict whose checks have not all expired is re-judged once its earliest one may have
 *   (`stableUntil`). A change of the Cluster object, of the rules, or a first look re-judges all.
 * - Pending verdicts keep their absolute recheck time, so `nextCheck` is the number a fresh
 *   evaluation gives; the targets stay sorted by name, re-sorted only when the selection changes.
 *
 * Decisions are exactly those of a full evaluation; `CapiSettings.reference` turns the memory off
 * (test/regression/equivalence.test.ts compares the two).
 */

import type { Millis } from '../../engine/duration.js';
import type { ObjectStore } from '../../kube/store.js';
import { keyOf } from '../../kube/object.js';
import type { WorkloadCluster } from '../../workload/workload-cluster.js';
import type { Cluster, Machine, MachineHealthCheck } from '../types.js';
import { judgeTarget, type HealthCheckRules, type Target, type TargetHealth } from './targets.js';

type Unhealthy = Extract<TargetHealth, { kind: 'unhealthy' }>;

/** A reconcile's view of its targets. */
export interface TargetView {
  /** Every target, sorted by name. */
  machines: Machine[];
  healthyCount: number;
  /** Healthy targets whose HealthCheckSucceeded may not be True yet (all healthy ones in the reference), name order. */
  healthyToMark: Machine[];
  /** Every healthy target, name order (computed on demand: only external remediation needs it). */
  healthy(): Machine[];
  unhealthy: Array<{ machine: Machine; health: Unhealthy }>;
  /** The earliest recheck of a pending target (0: none). */
  nextCheck: Millis;
}

interface Entry {
  selected: boolean;
  health: TargetHealth;
  /** For a pending verdict: the absolute time of its recheck. */
  nextAt: Millis;
  stableUntil: Millis;
}

interface Memory {
  /** The health check it belongs to, and that object's store key (a memory of a deleted one is dropped). */
  mhc: MachineHealthCheck;
  key: string;
  entries: Map<Machine, Entry>;
  sorted: Machine[];
  sortedStale: boolean;
  changed: Set<Machine>;
  all: boolean;
  /** Entries whose verdict holds only until a time (pending, or with a check still running). */
  timed: Set<Machine>;
  unhealthy: Set<Machine>;
  toMark: Set<Machine>;
  healthyCount: number;
  clusterVersion: number;
  rules: unknown[];
  workload: WorkloadCluster | undefined;
}

interface Registry {
  byCluster: Map<string, Set<Memory>>;
  memberOf: WeakMap<Machine, Set<Memory>>;
}

const registries = new WeakMap<ObjectStore, Registry>();
const memories = new WeakMap<MachineHealthCheck, Memory>();

function registryOf(store: ObjectStore): Registry {
  let registry = registries.get(store);
  if (registry === undefined) {
    const created: Registry = { byCluster: new Map(), memberOf: new WeakMap() };
    registry = created;
    registries.set(store, created);
    store.watch('Machine', (_type, object) => {
      const machine = object as Machine;
      const clusterName = machine.metadata.labels['cluster.x-k8s.io/cluster-name'];
      const ofCluster = clusterName === undefined ? undefined : created.byCluster.get(`${machine.metadata.namespace}/${clusterName}`);
      if (ofCluster !== undefined) {
        for (const memory of ofCluster) {
          if (store.getByKey(memory.key) === memory.mhc) memory.changed.add(machine);
          else ofCluster.delete(memory);
        }
      }
      for (const memory of created.memberOf.get(machine) ?? []) memory.changed.add(machine);
    });
  }
  return registry;
}

function memoryOf(store: ObjectStore, mhc: MachineHealthCheck, clusterKey: string): Memory {
  let memory = memories.get(mhc);
  if (memory === undefined) {
    memory = {
      mhc, key: keyOf(mhc), entries: new Map(), sorted: [], sortedStale: true, changed: new Set(), all: true, timed: new Set(), unhealthy: new Set(), toMark: new Set(),
      healthyCount: 0, clusterVersion: -1, rules: [], workload: undefined,
    };
    memories.set(mhc, memory);
    const registry = registryOf(store);
    let ofCluster = registry.byCluster.get(clusterKey);
    if (ofCluster === undefined) registry.byCluster.set(clusterKey, (ofCluster = new Set()));
    ofCluster.add(memory);
  }
  return memory;
}

const byName = (a: Machine, b: Machine): number => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0);

export interface TargetInputs {
  store: ObjectStore;
  mhc: MachineHealthCheck;
  cluster: Cluster;
  clusterKey: string;
  workload: WorkloadCluster | undefined;
  rules: HealthCheckRules;
  now: Millis;
  /** The Machines of the cluster (store order) and whether one is a target (`getTargetsFromMHC`). */
  candidates: () => Iterable<Machine>;
  selects: (machine: Machine) => boolean;
  target: (machine: Machine) => Target;
}

/** The straightforward evaluation: select, sort, judge every target (the reference, and the first look). */
export function fullView(inputs: TargetInputs): TargetView {
  const machines = [...inputs.candidates()].filter(inputs.selects).sort(byName);
  const healthy: Machine[] = [];
  const unhealthy: TargetView['unhealthy'] = [];
  let nextCheck = 0;
  for (const machine of machines) {
    const health = judgeTarget(inputs.target(machine), inputs.cluster.status.conditions, inputs.rules, inputs.now).health;
    if (health.kind === 'unhealthy') unhealthy.push({ machine, health });
    else if (health.kind === 'pending') nextCheck = nextCheck === 0 ? health.nextCheck : Math.min(nextCheck, health.nextCheck);
    else if (health.kind === 'healthy') healthy.push(machine);
  }
  return { machines, healthyCount: healthy.length, healthyToMark: healthy, healthy: () => healthy, unhealthy, nextCheck };
}

function forget(memory: Memory, machine: Machine, entry: Entry | undefined): void {
  if (entry?.selected && entry.health.kind === 'healthy') memory.healthyCount--;
  memory.timed.delete(machine);
  memory.unhealthy.delete(machine);
  memory.toMark.delete(machine);
}

function rejudge(memory: Memory, registry: Registry, inputs: TargetInputs, machine: Machine): void {
  const previous = memory.entries.get(machine);
  forget(memory, machine, previous);
  const inStore = inputs.store.getByKey(keyOf(machine)) === machine;
  const selected = inStore && inputs.selects(machine);
  if (!inStore) {
    memory.entries.delete(machine);
    registry.memberOf.get(machine)?.delete(memory);
  } else if (previous === undefined) {
    let member = registry.memberOf.get(machine);
    if (member === undefined) registry.memberOf.set(machine, (member = new Set()));
    member.add(memory);
  }
  if ((previous?.selected ?? false) !== selected) memory.sortedStale = true;
  if (!inStore) return;
  if (!selected) {
    memory.entries.set(machine, { selected, health: { kind: 'neither' }, nextAt: 0, stableUntil: Infinity });
    return;
  }
  const judged = judgeTarget(inputs.target(machine), inputs.cluster.status.conditions, inputs.rules, inputs.now);
  const health = judged.health;
  memory.entries.set(machine, { selected, health, nextAt: health.kind === 'pending' ? inputs.now + health.nextCheck : 0, stableUntil: judged.stableUntil });
  if (judged.stableUntil !== Infinity || health.kind === 'pending') memory.timed.add(machine);
  if (health.kind === 'unhealthy') memory.unhealthy.add(machine);
  else if (health.kind === 'healthy') {
    memory.healthyCount++;
    memory.toMark.add(machine);
  }
}

function sameRules(memory: Memory, rules: HealthCheckRules): boolean {
  const now = [rules.unhealthyMachineConditions, rules.unhealthyNodeConditions, rules.nodeStartupTimeout];
  const same = memory.rules.length === now.length && memory.rules.every((r, i) => r === now[i]);
  memory.rules = now;
  return same;
}

/** The targets as a full evaluation would see them, re-judging only what changed. */
export function targetView(inputs: TargetInputs, reference: boolean): TargetView {
  if (reference) return fullView(inputs);
  const registry = registryOf(inputs.store);
  const memory = memoryOf(inputs.store, inputs.mhc, inputs.clusterKey);
  if (inputs.workload !== memory.workload) {
    memory.workload = inputs.workload;
    memory.all = true;
    inputs.workload?.listen((_cluster, event) => {
      const machine = inputs.store.get<Machine>('Machine', inputs.mhc.metadata.namespace, event.node.name);
      if (machine !== undefined) memory.changed.add(machine);
    });
  }
  if (memory.clusterVersion !== inputs.cluster.metadata.resourceVersion || !sameRules(memory, inputs.rules)) memory.all = true;
  memory.clusterVersion = inputs.cluster.metadata.resourceVersion;
  const now = inputs.now;
  if (memory.all) {
    memory.all = false;
    memory.changed.clear();
    for (const machine of [...memory.entries.keys()]) rejudge(memory, registry, inputs, machine);
    for (const machine of inputs.candidates()) if (!memory.entries.has(machine)) rejudge(memory, registry, inputs, machine);
  } else {
    for (const machine of memory.timed) if (now > (memory.entries.get(machine)?.stableUntil ?? Infinity)) memory.changed.add(machine);
    const changed = [...memory.changed];
    memory.changed.clear();
    for (const machine of changed) rejudge(memory, registry, inputs, machine);
  }
  if (memory.sortedStale) {
    memory.sorted = [...memory.entries].filter(([, e]) => e.selected).map(([m]) => m).sort(byName);
    memory.sortedStale = false;
  }
  return viewOf(memory, now);
}

function viewOf(memory: Memory, now: Millis): TargetView {
  let nextCheck = 0;
  for (const machine of memory.timed) {
    const entry = memory.entries.get(machine);
    if (entry === undefined || entry.health.kind !== 'pending') continue;
    const next = entry.nextAt - now;
    nextCheck = nextCheck === 0 ? next : Math.min(nextCheck, next);
  }
  const unhealthy = [...memory.unhealthy].sort(byName).map((machine) => ({ machine, health: memory.entries.get(machine)!.health as Unhealthy }));
  const healthyToMark = [...memory.toMark].sort(byName);
  memory.toMark.clear();
  const healthy = () => memory.sorted.filter((m) => memory.entries.get(m)?.health.kind === 'healthy');
  return { machines: memory.sorted, healthyCount: memory.healthyCount, healthyToMark, healthy, unhealthy, nextCheck };
}

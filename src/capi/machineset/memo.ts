/**
 * What a MachineSet reconcile remembers about its Machines between reconciles (issue 14), so a
 * reconcile in which none of them changed skips the passes over the whole pool: CAPI's controller
 * reads its Machines from an informer cache fed by the `Owns(&Machine{})` watch
 * (cluster-api@v1.13.5 internal/controllers/machineset/machineset_controller.go
 * `SetupWithManager`), so it sees every change of one as an event.
 *
 * A store watch of Machines (not gated by the manager's pause: bookkeeping of what the reconcile
 * reads, not a delivery) marks each changed Machine in the memo of every MachineSet it names as
 * owner; the replica counts are kept per Machine and adjusted for the changed ones, and the
 * UpToDate sync looks only at changed Machines. The remediation pass is skipped while
 * `store.dependentsChangedAt(ms.uid)` is not past the version at which it found nothing to do.
 * Every write to a Machine goes through the store, so what the memo gives is what a fresh pass
 * would compute. `CapiSettings.reference` turns the memory off (test/regression/equivalence.test.ts).
 */

import { isTrue } from '../../kube/conditions.js';
import { keyOf } from '../../kube/object.js';
import type { ObjectStore } from '../../kube/store.js';
import type { Machine, MachineSet } from '../types.js';

/** The replica counts of `setReplicas` (machineset_controller_status.go). */
export interface ReplicaCounts {
  replicas: number;
  ready: number;
  available: number;
  upToDate: number;
}

interface Memo {
  ms: MachineSet;
  /** `syncMachines` left every live Machine's UpToDate at `want`, but for those changed since. */
  want: string | undefined;
  changedSinceSync: Set<Machine>;
  /** `reconcileUnhealthyMachines` found nothing to remediate (as of this version; -1: unknown). */
  nothingToRemediateAt: number;
  /** Per owned Machine: Ready 1 | Available 2 | UpToDate 4. Undefined until the first count. */
  contributions: Map<Machine, number> | undefined;
  counts: ReplicaCounts;
  changedSinceCount: Set<Machine>;
}

const memos = new WeakMap<MachineSet, Memo>();
/** Per store: owner uid → memo, for the Machine watch. */
const byStore = new WeakMap<ObjectStore, Map<string, Memo>>();

function ownersOf(store: ObjectStore): Map<string, Memo> {
  let owners = byStore.get(store);
  if (owners === undefined) {
    const created = new Map<string, Memo>();
    owners = created;
    byStore.set(store, created);
    store.watch('Machine', (_type, object) => {
      for (const ref of object.metadata.ownerReferences) {
        const memo = created.get(ref.uid);
        if (memo === undefined) continue;
        memo.changedSinceSync.add(object as Machine);
        memo.changedSinceCount.add(object as Machine);
      }
    });
    store.watch('MachineSet', (type, object) => {
      if (type === 'deleted') created.delete(object.metadata.uid);
    });
  }
  return owners;
}

function memoOf(store: ObjectStore, ms: MachineSet): Memo {
  let memo = memos.get(ms);
  if (memo === undefined) {
    memo = {
      ms, want: undefined, changedSinceSync: new Set(), nothingToRemediateAt: -1, contributions: undefined,
      counts: { replicas: 0, ready: 0, available: 0, upToDate: 0 }, changedSinceCount: new Set(),
    };
    memos.set(ms, memo);
    ownersOf(store).set(ms.metadata.uid, memo);
  }
  return memo;
}

function owned(store: ObjectStore, ms: MachineSet, machine: Machine): boolean {
  if (store.getByKey(keyOf(machine)) !== machine) return false;
  for (const ref of machine.metadata.ownerReferences) if (ref.uid === ms.metadata.uid) return true;
  return false;
}

/**
 * The Machines a sync pass toward `want` would update, when the memo knows them: those changed
 * since the last pass toward the same `want` that are owned, live and not at `want` yet.
 * Undefined: look at every Machine.
 */
export function machinesToSync(store: ObjectStore, ms: MachineSet, want: string): Machine[] | undefined {
  const memo = memoOf(store, ms);
  if (memo.want !== want) return undefined;
  const out: Machine[] = [];
  for (const machine of memo.changedSinceSync) {
    if (machine.metadata.deletionTimestamp !== undefined || !owned(store, ms, machine)) continue;
    const condition = machine.status.conditions.find((c) => c.type === 'UpToDate');
    if (condition?.status !== want) out.push(machine);
  }
  return out;
}

export function rememberSynced(store: ObjectStore, ms: MachineSet, want: string): void {
  const memo = memoOf(store, ms);
  memo.want = want;
  memo.changedSinceSync.clear();
}

/** Whether the last remediation pass found nothing to do and no Machine changed since. */
export function nothingToRemediate(store: ObjectStore, ms: MachineSet): boolean {
  const at = memoOf(store, ms).nothingToRemediateAt;
  return at >= 0 && store.dependentsChangedAt(ms.metadata.uid) <= at;
}

export function rememberRemediation(store: ObjectStore, ms: MachineSet, nothing: boolean): void {
  memoOf(store, ms).nothingToRemediateAt = nothing ? store.version : -1;
}

function contribution(machine: Machine): number {
  const conditions = machine.status.conditions;
  return (isTrue(conditions, 'Ready') ? 1 : 0) | (isTrue(conditions, 'Available') ? 2 : 0) | (isTrue(conditions, 'UpToDate') ? 4 : 0);
}

function add(counts: ReplicaCounts, bits: number, sign: number): void {
  counts.replicas += sign;
  if (bits & 1) counts.ready += sign;
  if (bits & 2) counts.available += sign;
  if (bits & 4) counts.upToDate += sign;
}

/** The replica counts of the MachineSet's Machines now, adjusting the last counts for the changed ones. */
export function replicaCounts(store: ObjectStore, ms: MachineSet, list: () => Machine[]): ReplicaCounts {
  const memo = memoOf(store, ms);
  let contributions = memo.contributions;
  if (contributions === undefined) {
    contributions = memo.contributions = new Map();
    memo.counts = { replicas: 0, ready: 0, available: 0, upToDate: 0 };
    for (const machine of list()) {
      const bits = contribution(machine);
      contributions.set(machine, bits);
      add(memo.counts, bits, 1);
    }
    memo.changedSinceCount.clear();
    return { ...memo.counts };
  }
  for (const machine of memo.changedSinceCount) {
    const before = contributions.get(machine);
    if (before !== undefined) add(memo.counts, before, -1);
    if (owned(store, ms, machine)) {
      const bits = contribution(machine);
      contributions.set(machine, bits);
      add(memo.counts, bits, 1);
    } else contributions.delete(machine);
  }
  memo.changedSinceCount.clear();
  return { ...memo.counts };
}

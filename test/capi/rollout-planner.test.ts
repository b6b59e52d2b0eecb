/**
 * The MachineDeployment rollout planner against CAPI's own table tests
 * (cluster-api@v1.13.5 internal/controllers/machinedeployment/machinedeployment_rollout_rollingupdate_test.go
 * `TestReconcileNewMachineSet`, `Test_reconcileOldMachineSetsRollingUpdate`,
 * `Test_reconcileDeadlockBreaker`; capi-semantics.md §10 rows 15–27) and its golden rollout
 * sequences (testdata/rollingupdate/*.golden).
 */

import { describe, expect, it } from 'vitest';
import {
  emptyPlan, planRollingUpdate, reconcileDeadlockBreaker, reconcileNewMachineSet, reconcileOldMachineSetsRollingUpdate, type PlannerMachineSet,
} from '../../src/capi/machinedeployment/rollout-planner.js';
import { maxUnavailable } from '../../src/capi/machinedeployment/fenceposts.js';
import { md, ms } from './helpers.js';

const UNAVAILABLE_NOTE = 'scale down to align to existing Machines or scale down by removing unavailable replicas (and no available replicas exist on the MachineSet)';

describe('reconcileNewMachineSet (TestReconcileNewMachineSet)', () => {
  it('RollingUpdate strategy: Scale up: 0 -> 2 (row 15)', () => {
    const plan = emptyPlan();
    reconcileNewMachineSet(md(2, 2, 0), ms('bar', 0, 0, 0), [], plan);
    expect(plan.intents.get('bar')).toBe(2);
    expect(plan.notes.get('bar')).toEqual(['0 current Machines < 2 MachineDeployment spec.replicas + 2 maxSurge']);
  });
  it('RollingUpdate strategy: Scale down: 2 -> 0 (row 16)', () => {
    const plan = emptyPlan();
    reconcileNewMachineSet(md(0, 2, 0), ms('bar', 2, 0, 0), [], plan);
    expect(plan.intents.get('bar')).toBe(0);
    expect(plan.notes.get('bar')).toEqual(['scale down to align MachineSet spec.replicas to MachineDeployment spec.replicas']);
  });
  it('RollingUpdate strategy: Scale up does not go above maxSurge (3+2) (row 17)', () => {
    const plan = emptyPlan();
    reconcileNewMachineSet(md(3, 2, 0), ms('bar', 1, 0, 0), [ms('3replicas', 3, 3, 0)], plan);
    expect(plan.intents.get('bar')).toBe(2);
    expect(plan.notes.get('bar')).toEqual(['4 current Machines < 3 MachineDeployment spec.replicas + 2 maxSurge']);
  });
  it('RollingUpdate strategy: Scale up accounts for deleting Machines to honour maxSurge', () => {
    const plan = emptyPlan();
    reconcileNewMachineSet(md(1, 0, 0), ms('bar', 0, 0, 0), [ms('machine-not-yet-deleted', 0, 1, 0)], plan);
    expect(plan.intents.get('bar')).toBeUndefined();
  });
});

interface OldCase {
  name: string;
  md: ReturnType<typeof md>;
  scaleIntent?: Record<string, number>;
  newMS: PlannerMachineSet;
  oldMSs: PlannerMachineSet[];
  expect: Record<string, number>;
  notes?: Record<string, string[]>;
  skipMaxUnavailabilityCheck?: boolean;
}

/** Old MachineSets are listed oldest first in CAPI's cases (createMS gives them equal timestamps, name order decides). */
const OLD_CASES: OldCase[] = [
  { name: 'no op if there are no replicas on old machinesets', md: md(10, 1, 0), newMS: ms('ms2', 10, 10, 10), oldMSs: [ms('ms1', 0, 0, 0)], expect: {} },
  { name: 'do not scale down if replicas is equal to minAvailable replicas (row 18)', md: md(3, 1, 0), newMS: ms('ms2', 1, 1, 1), oldMSs: [ms('ms1', 2, 2, 2)], expect: {} },
  { name: 'do not scale down if replicas is less then minAvailable replicas', md: md(3, 1, 0), newMS: ms('ms2', 1, 1, 1), oldMSs: [ms('ms1', 2, 2, 1)], expect: {}, skipMaxUnavailabilityCheck: true },
  { name: 'do not scale down if a scale down from a previous reconcile already takes the availability buffer', md: md(3, 1, 0), newMS: ms('ms2', 1, 1, 1), oldMSs: [ms('ms1', 2, 3, 3)], expect: {} },
  { name: 'do not scale down ... scale down from a previous reconcile on another MS (row 25)', md: md(6, 3, 1), newMS: ms('ms3', 3, 0, 0), oldMSs: [ms('ms1', 2, 3, 3), ms('ms2', 3, 3, 3)], expect: {} },
  { name: 'do not scale down if there are unavailable replicas on the new MachineSet (1/0), all machines unavailable', md: md(3, 1, 0), newMS: ms('ms2', 1, 1, 0), oldMSs: [ms('ms1', 3, 3, 0)], expect: {}, skipMaxUnavailabilityCheck: true },
  { name: 'do not scale down if there are unavailable replicas on the new MachineSet (0/1), all machines unavailable', md: md(3, 0, 1), newMS: ms('ms2', 1, 1, 0), oldMSs: [ms('ms1', 2, 2, 0)], expect: {}, skipMaxUnavailabilityCheck: true },
  { name: 'do not scale down ... scale down from current reconcile already takes the buffer (newMS is scaling down)', md: md(3, 1, 0), scaleIntent: { ms2: 1 }, newMS: ms('ms2', 2, 2, 2), oldMSs: [ms('ms1', 2, 2, 2)], expect: { ms2: 1 } },
  { name: 'do not scale down ... scale down from current reconcile already takes the buffer (oldMS is scaling down)', md: md(3, 1, 0), scaleIntent: { ms1: 1 }, newMS: ms('ms2', 2, 2, 2), oldMSs: [ms('ms1', 2, 2, 2)], expect: { ms1: 1 } },
  { name: 'do not scale down when not all replicas are available (unavailability on newMS) (row 20)', md: md(3, 1, 0), newMS: ms('ms2', 1, 1, 0), oldMSs: [ms('ms1', 3, 3, 3)], expect: {} },
  { name: 'do not scale down when not all replicas are available (unavailability on oldMS)', md: md(3, 1, 0), newMS: ms('ms2', 1, 1, 1), oldMSs: [ms('ms1', 3, 3, 2)], expect: {} },
  {
    name: 'scale down replicas when all replicas are available (row 19)', md: md(3, 1, 0), newMS: ms('ms2', 1, 1, 1), oldMSs: [ms('ms1', 3, 3, 3)],
    expect: { ms1: 2 }, notes: { ms1: ['4 available replicas > 3 minimum available replicas'] },
  },
  {
    name: 'unavailable replicas are scaled down first (row 21)', md: md(3, 1, 0), newMS: ms('ms4', 1, 1, 1),
    oldMSs: [ms('ms1', 2, 2, 2), ms('ms2', 1, 1, 0), ms('ms3', 2, 2, 0)],
    expect: { ms2: 0, ms3: 0 }, notes: { ms2: [UNAVAILABLE_NOTE], ms3: [UNAVAILABLE_NOTE] },
  },
  {
    name: 'unavailable first, then available ones (row 22)', md: md(3, 1, 0), newMS: ms('ms4', 1, 1, 1),
    oldMSs: [ms('ms1', 3, 3, 3), ms('ms2', 1, 1, 0), ms('ms3', 2, 2, 0)],
    expect: { ms2: 0, ms3: 0, ms1: 2 }, notes: { ms1: ['4 available replicas > 3 minimum available replicas'], ms2: [UNAVAILABLE_NOTE], ms3: [UNAVAILABLE_NOTE] },
  },
  {
    name: 'unavailable first, then available ones, not affected by replicas without machines', md: md(3, 1, 0), newMS: ms('ms4', 1, 1, 1),
    oldMSs: [ms('ms1', 4, 3, 3), ms('ms2', 2, 1, 0), ms('ms3', 5, 2, 0)],
    expect: { ms2: 0, ms3: 0, ms1: 2 }, notes: { ms1: [UNAVAILABLE_NOTE, '4 available replicas > 3 minimum available replicas'], ms2: [UNAVAILABLE_NOTE], ms3: [UNAVAILABLE_NOTE] },
  },
  {
    name: 'scale down stops before breaching minAvailable replicas (row 23)', md: md(3, 1, 0), newMS: ms('ms4', 1, 1, 1),
    oldMSs: [ms('ms1', 1, 1, 1), ms('ms2', 1, 1, 0), ms('ms3', 2, 2, 1)],
    expect: { ms2: 0 }, notes: { ms2: [UNAVAILABLE_NOTE] },
  },
  {
    name: 'scale down stops before breaching minAvailable, not affected by replicas without machines', md: md(3, 1, 0), newMS: ms('ms4', 1, 1, 1),
    oldMSs: [ms('ms1', 2, 1, 1), ms('ms2', 3, 1, 0), ms('ms3', 3, 2, 1)],
    expect: { ms1: 1, ms2: 0, ms3: 2 }, notes: { ms1: [UNAVAILABLE_NOTE], ms2: [UNAVAILABLE_NOTE], ms3: [UNAVAILABLE_NOTE] },
  },
  {
    name: 'scale down keeps into account scale downs from a previous reconcile (row 24)', md: md(3, 1, 0), newMS: ms('ms2', 2, 2, 2), oldMSs: [ms('ms1', 3, 4, 4)],
    expect: { ms1: 2 }, notes: { ms1: ['6 available replicas > 3 minimum available replicas'] },
  },
  {
    name: 'scale down keeps into account scale downs from the current reconcile (newMS is scaling down)', md: md(3, 1, 0), scaleIntent: { ms2: 1 },
    newMS: ms('ms2', 2, 2, 2), oldMSs: [ms('ms1', 3, 3, 3)], expect: { ms2: 1, ms1: 2 }, notes: { ms1: ['5 available replicas > 3 minimum available replicas'] },
  },
  {
    name: 'scale down keeps into account scale downs from the current reconcile (oldMS is scaling down)', md: md(3, 1, 0), scaleIntent: { ms1: 2 },
    newMS: ms('ms2', 2, 2, 2), oldMSs: [ms('ms1', 3, 3, 3)], expect: { ms1: 1 }, notes: { ms1: ['5 available replicas > 3 minimum available replicas'] },
  },
];

describe('reconcileOldMachineSetsRollingUpdate (Test_reconcileOldMachineSetsRollingUpdate)', () => {
  it.each(OLD_CASES)('$name', (c) => {
    const plan = emptyPlan();
    for (const [name, value] of Object.entries(c.scaleIntent ?? {})) plan.intents.set(name, value);
    reconcileOldMachineSetsRollingUpdate(c.md, c.newMS, c.oldMSs, plan);
    expect(Object.fromEntries(plan.intents)).toEqual(c.expect);
    expect(Object.fromEntries(plan.notes)).toEqual(c.notes ?? {});
    // CAPI's own invariant check: applying the intents, with every deletion hitting an available
    // Machine, never takes availability below replicas − maxUnavailable.
    if (!c.skipMaxUnavailabilityCheck) {
      let available = c.newMS.availableReplicas;
      for (const old of c.oldMSs) {
        const intent = plan.intents.get(old.name);
        const deleted = intent === undefined ? 0 : Math.max(old.statusReplicas - intent, 0);
        available += Math.max(old.availableReplicas - deleted, 0);
      }
      expect(available).toBeGreaterThanOrEqual(c.md.replicas - maxUnavailable(c.md));
    }
  });
});

describe('reconcileDeadlockBreaker (Test_reconcileDeadlockBreaker, rows 26–27)', () => {
  const cases: Array<{ name: string; scaleIntent?: Record<string, number>; newMS: PlannerMachineSet; oldMSs: PlannerMachineSet[]; expect: Record<string, number> }> = [
    { name: 'no op if there are no replicas on old machinesets', newMS: ms('ms2', 10, 10, 10), oldMSs: [ms('ms1', 0, 0, 0)], expect: {} },
    { name: 'no op if all the replicas on OldMS are available', newMS: ms('ms2', 5, 5, 5), oldMSs: [ms('ms1', 5, 5, 5)], expect: {} },
    { name: 'no op if a scale operation from a previous reconcile is in progress on newMS', newMS: ms('ms2', 6, 5, 5), oldMSs: [ms('ms1', 5, 5, 4)], expect: {} },
    { name: 'no op if a scale operation from a previous reconcile is in progress on oldMS', newMS: ms('ms2', 5, 5, 5), oldMSs: [ms('ms1', 4, 5, 4)], expect: {} },
    { name: 'no op if there are scale operations from the current reconcile on newMS', scaleIntent: { ms2: 6 }, newMS: ms('ms2', 5, 5, 5), oldMSs: [ms('ms1', 5, 5, 4)], expect: { ms2: 6 } },
    { name: 'no op if there are scale operations from the current reconcile on oldMS', scaleIntent: { ms1: 4 }, newMS: ms('ms2', 5, 5, 5), oldMSs: [ms('ms1', 5, 5, 4)], expect: { ms1: 4 } },
    { name: 'wait for unavailable replicas on the newMS if any (row 27)', newMS: ms('ms2', 5, 5, 3), oldMSs: [ms('ms1', 5, 5, 4)], expect: {} },
    { name: 'unblock a deadlock when necessary (row 26)', newMS: ms('ms2', 5, 5, 5), oldMSs: [ms('ms1', 5, 5, 3)], expect: { ms1: 4 } },
  ];
  it.each(cases)('$name', (c) => {
    const plan = emptyPlan();
    for (const [name, value] of Object.entries(c.scaleIntent ?? {})) plan.intents.set(name, value);
    reconcileDeadlockBreaker(c.newMS, c.oldMSs, plan);
    expect(Object.fromEntries(plan.intents)).toEqual(c.expect);
  });
});

/**
 * CAPI's rollout sequence tests run the MachineDeployment and MachineSet controllers in lock step
 * with Machines that are available as soon as they exist and gone as soon as they are deleted
 * (ru · Test_RollingUpdateSequences); each MachineSet deletes in name order (deletion order Random).
 */
function rolloutSequence(replicas: number, maxSurge: number, maxUnavailable: number): Array<{ intents: Record<string, number>; deleted: string[]; created: string[] }> {
  const spec = md(replicas, maxSurge, maxUnavailable);
  let nextMachine = 1;
  const sets = new Map<string, { replicas: number; machines: string[]; created: number }>();
  sets.set('ms1', { replicas, machines: Array.from({ length: replicas }, () => `m${nextMachine++}`), created: 0 });
  const view = (name: string): PlannerMachineSet => {
    const s = sets.get(name)!;
    return ms(name, s.replicas, s.machines.length, s.machines.length, s.created);
  };
  const log: Array<{ intents: Record<string, number>; deleted: string[]; created: string[] }> = [];
  for (let iteration = 1; iteration <= 20; iteration++) {
    const newName = 'ms2';
    const existed = sets.has(newName);
    const newView = existed ? view(newName) : ms(newName, 0, 0, 0, iteration);
    const plan = planRollingUpdate(spec, newView, ['ms1'].map(view));
    if (!existed) sets.set(newName, { replicas: 0, machines: [], created: iteration });
    for (const [name, value] of plan.intents) sets.get(name)!.replicas = value;
    const deleted: string[] = [];
    const created: string[] = [];
    for (const name of ['ms1', 'ms2']) {
      const s = sets.get(name)!;
      if (s.machines.length > s.replicas) {
        const gone = [...s.machines].sort().slice(0, s.machines.length - s.replicas);
        deleted.push(...gone);
        s.machines = s.machines.filter((m) => !gone.includes(m));
      }
      while (s.machines.length < s.replicas) {
        const m = `m${nextMachine++}`;
        s.machines.push(m);
        created.push(m);
      }
    }
    log.push({ intents: Object.fromEntries(plan.intents), deleted, created });
    if (plan.intents.size === 0 && deleted.length === 0 && created.length === 0) break;
  }
  return log;
}

describe('rollout sequences (testdata/rollingupdate golden logs)', () => {
  it('regular rollout, 3 replicas, maxsurge 1, maxunavailable 0: 7 iterations, strictly alternating (capi-semantics §1.8)', () => {
    expect(rolloutSequence(3, 1, 0)).toEqual([
      { intents: { ms2: 1 }, deleted: [], created: ['m4'] },
      { intents: { ms1: 2 }, deleted: ['m1'], created: [] },
      { intents: { ms2: 2 }, deleted: [], created: ['m5'] },
      { intents: { ms1: 1 }, deleted: ['m2'], created: [] },
      { intents: { ms2: 3 }, deleted: [], created: ['m6'] },
      { intents: { ms1: 0 }, deleted: ['m3'], created: [] },
      { intents: {}, deleted: [], created: [] },
    ]);
  });
  it('regular rollout, 3 replicas, maxsurge 0, maxunavailable 1', () => {
    expect(rolloutSequence(3, 0, 1)).toEqual([
      { intents: { ms1: 2 }, deleted: ['m1'], created: [] },
      { intents: { ms2: 1 }, deleted: [], created: ['m4'] },
      { intents: { ms1: 1 }, deleted: ['m2'], created: [] },
      { intents: { ms2: 2 }, deleted: [], created: ['m5'] },
      { intents: { ms1: 0 }, deleted: ['m3'], created: [] },
      { intents: { ms2: 3 }, deleted: [], created: ['m6'] },
      { intents: {}, deleted: [], created: [] },
    ]);
  });
  it('regular rollout, 6 replicas, maxsurge 1, maxunavailable 3', () => {
    expect(rolloutSequence(6, 1, 3)).toEqual([
      { intents: { ms1: 3, ms2: 1 }, deleted: ['m1', 'm2', 'm3'], created: ['m7'] },
      { intents: { ms1: 2, ms2: 4 }, deleted: ['m4'], created: ['m8', 'm9', 'm10'] },
      { intents: { ms1: 0, ms2: 5 }, deleted: ['m5', 'm6'], created: ['m11'] },
      { intents: { ms2: 6 }, deleted: [], created: ['m12'] },
      { intents: {}, deleted: [], created: [] },
    ]);
  });
});

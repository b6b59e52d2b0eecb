/**
 * fleetsim's MachineDeployment rollouts, simulated whole, against the bounds CAPI's own rollout
 * tests assert after every step, on the same grid of replicas / maxSurge / maxUnavailable
 * (cluster-api@v1.13.5 internal/controllers/machinedeployment/machinedeployment_rollout_rollingupdate_test.go
 * `Test_RollingUpdateSequences`, `runRollingUpdateTestCase`; cases listed under
 * internal/controllers/machinedeployment/testdata/rollingupdate/, the "regular rollout" ones —
 * in-place updates are behind the InPlaceUpdates gate, off by default).
 *
 * CAPI checks after every MachineDeployment reconcile:
 *   Σ availableReplicas of the MachineSets ≥ replicas − MaxUnavailable(md)
 *   Σ max(spec.replicas, status.replicas) of the MachineSets ≤ replicas + MaxSurge(md)
 * tolerating the availability breach after "scale up to 12" (`maxUnavailableBreachToleration`) and
 * the surge breach after "scale down to 6" (`maxSurgeToleration`). Here the same sums are read from
 * the store after every change of a MachineSet or the MachineDeployment (a superset of CAPI's
 * check points), the tolerations apply only from the scale operation on, and the timeline
 * invariants of fleetsim/testing must hold on the same runs.
 *
 * The rollout is a template change of the MachineDeployment alone, as in CAPI's test: a new machine
 * image (template rotation, capi-semantics.md §1.3). CAPI's "scale up / down / change spec" cases
 * start from a hand-made mid-rollout state; here the operation is applied at the instant the
 * simulated rollout has created half of the new Machines (found by a first run of the same
 * rollout); "change spec" rotates the image a second time.
 */

import { describe, expect, it } from 'vitest';
import { World } from '../../src/world/world.js';
import { buildSummary } from '../../src/report/summary.js';
import { KIND, type InfraMachine, type MachineDeployment, type MachineSet, type Machine } from '../../src/capi/types.js';
import { loadRaw, type RawScenario } from '../../src/testing/raw.js';
import { checkRun, formatViolation, invariants, takeInventory, type RunRecord } from '../../src/testing/index.js';

interface GridCase {
  /** The golden file's name under testdata/rollingupdate/ (without `.test.log.golden`). */
  golden: string;
  replicas: number;
  maxSurge: number;
  maxUnavailable: number;
  change?: { scaleTo: number } | { spec: true };
}

const GRID: GridCase[] = [
  { golden: 'regular rollout, 3 replicas, maxsurge 1, maxunavailable 0', replicas: 3, maxSurge: 1, maxUnavailable: 0 },
  { golden: 'regular rollout, 3 replicas, maxsurge 0, maxunavailable 1', replicas: 3, maxSurge: 0, maxUnavailable: 1 },
  { golden: 'regular rollout, 6 replicas, maxsurge 3, maxunavailable 1', replicas: 6, maxSurge: 3, maxUnavailable: 1 },
  { golden: 'regular rollout, 6 replicas, maxsurge 1, maxunavailable 3', replicas: 6, maxSurge: 1, maxUnavailable: 3 },
  { golden: 'regular rollout, 6 replicas, maxsurge 10, maxunavailable 0', replicas: 6, maxSurge: 10, maxUnavailable: 0 },
  { golden: 'regular rollout, 6 replicas, maxsurge 0, maxunavailable 10', replicas: 6, maxSurge: 0, maxUnavailable: 10 },
  { golden: 'regular rollout, 6 replicas, maxsurge 3, maxunavailable 1, scale up to 12', replicas: 6, maxSurge: 3, maxUnavailable: 1, change: { scaleTo: 12 } },
  { golden: 'regular rollout, 12 replicas, maxsurge 3, maxunavailable 1, scale down to 6', replicas: 12, maxSurge: 3, maxUnavailable: 1, change: { scaleTo: 6 } },
  { golden: 'regular rollout, 6 replicas, maxsurge 3, maxunavailable 1, change spec', replicas: 6, maxSurge: 3, maxUnavailable: 1, change: { spec: true } },
];

const MD = 'grid-md';
const ROLLOUT_AT = 60_000;
const IMAGE = 'image-2';
const CHANGED_IMAGE = 'image-3';
/** Seeds per case: the rollout's timing (boot, join, reconcile order) differs with each. */
const SEEDS = [1, 2, 3];

function scenarioOf(grid: GridCase, seed: number, changeAt: number | undefined): RawScenario {
  const raw: RawScenario = {
    apiVersion: 'fleetsim/v1alpha1', kind: 'Scenario', name: 'grid', seed, horizon: '6h',
    clusters: [{
      name: 'grid', provider: 'docker', version: 'v1.34.3', controlPlane: { replicas: 1 },
      workers: [{ name: 'md', kind: 'MachineDeployment', replicas: grid.replicas, strategy: { type: 'RollingUpdate', maxSurge: grid.maxSurge, maxUnavailable: grid.maxUnavailable } }],
    }],
    operations: [{ at: ROLLOUT_AT, rolloutImage: { clusters: { names: ['grid'] }, image: IMAGE, pools: ['md'] } }],
  };
  if (changeAt !== undefined && grid.change !== undefined) {
    raw.operations!.push('scaleTo' in grid.change
      ? { at: changeAt, scale: { clusters: { names: ['grid'] }, pool: 'md', replicas: grid.change.scaleTo } }
      : { at: changeAt, rolloutImage: { clusters: { names: ['grid'] }, image: CHANGED_IMAGE, pools: ['md'] } });
  }
  return raw;
}

interface Breach { t: number; what: string }

interface GridRun {
  record: RunRecord;
  breaches: Breach[];
  /** The most Machines (Σ max(spec, status)) and the fewest available seen, so a test can see the bounds are reached. */
  peakTotal: number;
  leastAvailable: number;
  checks: number;
  halfwayAt: number | undefined;
  finalImages: string[];
}

function runGrid(grid: GridCase, seed: number, changeAt: number | undefined): GridRun {
  const scenario = loadRaw(scenarioOf(grid, seed, changeAt));
  const world = new World(scenario);
  const breaches: Breach[] = [];
  let peakTotal = 0;
  let leastAvailable = Number.POSITIVE_INFINITY;
  let checks = 0;
  const check = (): void => {
    const md = world.store.get<MachineDeployment>(KIND.MachineDeployment, 'default', MD);
    if (md === undefined) return;
    const sets = [...world.store.list<MachineSet>(KIND.MachineSet)].filter((ms) => ms.spec.selector['cluster.x-k8s.io/deployment-name'] === MD);
    const replicas = md.spec.replicas;
    // MaxSurge / MaxUnavailable of mdutil for integer values (capi-semantics.md §1.2).
    const maxAllowed = replicas + grid.maxSurge;
    const minAvailable = replicas - Math.min(grid.maxUnavailable, replicas);
    const total = sets.reduce((sum, ms) => sum + Math.max(ms.spec.replicas, ms.status.replicas), 0);
    const available = sets.reduce((sum, ms) => sum + ms.status.availableReplicas, 0);
    const t = world.sim.now;
    checks++;
    peakTotal = Math.max(peakTotal, total);
    leastAvailable = Math.min(leastAvailable, available);
    const changed = changeAt !== undefined && t >= changeAt;
    const tolerateSurge = changed && grid.change !== undefined && 'scaleTo' in grid.change && grid.change.scaleTo < grid.replicas;
    const tolerateAvailability = changed && grid.change !== undefined && 'scaleTo' in grid.change && grid.change.scaleTo > grid.replicas;
    if (total > maxAllowed && !tolerateSurge) breaches.push({ t, what: `Σ max(spec, status) ${total} > replicas ${replicas} + maxSurge ${grid.maxSurge}` });
    if (available < minAvailable && !tolerateAvailability) breaches.push({ t, what: `Σ available ${available} < replicas ${replicas} − maxUnavailable ${Math.min(grid.maxUnavailable, replicas)}` });
  };
  world.store.watch(KIND.MachineSet, check);
  world.store.watch(KIND.MachineDeployment, check);
  const outcome = world.run();
  const summary = buildSummary(outcome);
  const record: RunRecord = { scenario, raw: undefined, seed, summary, events: world.timeline.events, exitCode: summary.settled ? 0 : 3, inventory: takeInventory(world), replay: undefined };
  const created = world.timeline.events.filter((e) => e.type === 'machine.created' && e.t > ROLLOUT_AT && e.pool === `MachineDeployment/default/${MD}`);
  const halfway = created[Math.ceil(grid.replicas / 2) - 1];
  const finalImages = [...world.store.list<Machine>(KIND.Machine)]
    .filter((m) => m.metadata.labels['cluster.x-k8s.io/deployment-name'] === MD)
    .map((m) => world.store.get<InfraMachine>(KIND.InfraMachine, 'default', m.spec.infrastructureRef.name)?.spec.image ?? 'none');
  return { record, breaches, peakTotal, leastAvailable, checks, halfwayAt: halfway?.t, finalImages };
}

describe('MachineDeployment rollouts on the grid of CAPI testdata/rollingupdate', () => {
  for (const grid of GRID) {
    it(`${grid.golden} (seeds ${SEEDS.join(', ')})`, () => {
      for (const seed of SEEDS) {
        let changeAt: number | undefined;
        if (grid.change !== undefined) {
          changeAt = runGrid(grid, seed, undefined).halfwayAt;
          expect(changeAt, 'the plain rollout creates new Machines').toBeDefined();
        }
        const { record, breaches, finalImages, peakTotal, leastAvailable, checks } = runGrid(grid, seed, changeAt);
        expect(checks).toBeGreaterThan(0);
        expect(breaches, `seed ${seed}: bounds broken`).toEqual([]);
        if (grid.change === undefined) {
          // The planner uses its whole budget at the first step (capi-semantics.md §1.4): the bounds are reached, not just respected.
          expect(peakTotal, `seed ${seed}: peak Machines`).toBe(grid.replicas + Math.min(grid.maxSurge, grid.replicas));
          expect(leastAvailable, `seed ${seed}: fewest available`).toBe(grid.replicas - Math.min(grid.maxUnavailable, grid.replicas));
        }
        const violations = checkRun(record, [invariants.poolMaxSurge(), invariants.poolMinAvailable(), invariants.rolloutsCompleteOrStuck(), invariants.noLeaks()]);
        expect(violations.map(formatViolation), `seed ${seed}`).toEqual([]);
        expect(record.summary.settled).toBe(true);
        const finalReplicas = grid.change !== undefined && 'scaleTo' in grid.change ? grid.change.scaleTo : grid.replicas;
        const image = grid.change !== undefined && 'spec' in grid.change ? CHANGED_IMAGE : IMAGE;
        expect(finalImages).toEqual(Array.from({ length: finalReplicas }, () => image));
      }
    });
  }
});

/**
 * Issue 12 case 11, end to end: the figures say what happened.
 * - a pure scale-up creates Machines and replaces none;
 * - an upgrade replaces each outdated Machine once (machinesReplaced = outdated Machines that got a
 *   successor); a surge Machine scaled away again is created but is no replacement;
 * - a second rolloutImage while the first is rolling supersedes it: the first ends as superseded
 *   (never completed), the second is its own rollout, and image rollouts have their own fleet
 *   figures (imageRolloutMakespan, clustersImageRolled).
 */

import { describe, expect, it } from 'vitest';
import { buildSummary } from '../../src/report/summary.js';
import { MINUTE, ONE_CLUSTER, ofType, runFleet, type Run } from '../faults/helpers.js';

const CLUSTER = ONE_CLUSTER;

function summaryOf(run: Run) {
  return buildSummary(run.outcome);
}

describe('machines created and machines replaced (issue 12 case 11)', () => {
  it('a pure scale-up replaces nothing', () => {
    const run = runFleet({ operations: '  - { at: 1m, scale: { clusters: { names: [c] }, pool: md, replicas: 10 } }\n' });
    expect(run.outcome.settled).toBe(true);
    const summary = summaryOf(run);
    expect(summary.fleet.machinesCreated).toBe(7);
    expect(summary.fleet.machinesReplaced).toBe(0);
    expect(summary.clusters[0]!.machinesReplaced).toBe(0);
  });

  it('an upgrade replaces each outdated Machine once: 1 control plane + 3 workers', () => {
    const run = runFleet({ clusters: CLUSTER, operations: '  - { at: 1m, upgrade: { clusters: { names: [c] }, version: v1.35.0 } }\n' });
    expect(run.outcome.settled).toBe(true);
    const summary = summaryOf(run);
    expect(summary.fleet.machinesReplaced).toBe(4);
    expect(summary.fleet.machinesCreated).toBe(4);
    expect(summary.clusters[0]!.rollouts[0]).toMatchObject({ kind: 'upgrade', machinesReplaced: 4, machinesCreated: 4 });
  });

  it('a surge Machine scaled away again is created but is no replacement', () => {
    // Upgrade at 1m; while the workers roll (surge 1), the pool is scaled 3 → 1: the MachineDeployment
    // scales the old MachineSet down, and what the new MachineSet surged beyond 1 is scaled away.
    const ops = `
  - { at: 1m, upgrade: { clusters: { names: [c] }, version: v1.35.0 } }
  - { at: 5m, scale: { clusters: { names: [c] }, pool: md, replicas: 1 } }
`;
    const run = runFleet({ clusters: CLUSTER, operations: ops });
    expect(run.outcome.settled).toBe(true);
    const created = ofType(run.events, 'machine.created').filter((e) => e.t > 0 && e.version === 'v1.35.0');
    const workersCreated = created.filter((e) => e.owner.startsWith('MachineSet/')).length;
    const summary = summaryOf(run);
    // The cluster ends with 1 control-plane and 1 worker Machine on v1.35.0: 2 took an old one's place.
    expect(summary.fleet.machinesReplaced).toBe(2);
    expect(summary.fleet.machinesCreated).toBe(created.length);
    expect(workersCreated).toBeGreaterThan(1); // some were scaled away again
  });

  it('a second rolloutImage supersedes the first: superseded, not completed; image rollouts have their own figures', () => {
    const ops = `
  - { at: 1m, rolloutImage: { clusters: { names: [c] }, image: img-v2 } }
  - { at: 3m, rolloutImage: { clusters: { names: [c] }, image: img-v3 } }
`;
    const run = runFleet({ clusters: CLUSTER, operations: ops });
    expect(run.outcome.settled).toBe(true);
    const superseded = ofType(run.events, 'rollout.superseded');
    expect(superseded).toEqual([expect.objectContaining({ t: 3 * MINUTE, kind: 'image', to: 'img-v2', by: 'img-v3', startedAt: MINUTE })]);
    const completed = ofType(run.events, 'rollout.completed').filter((e) => e.kind === 'image');
    expect(completed.map((e) => [e.from, e.to, e.startedAt])).toEqual([['img-v2', 'img-v3', 3 * MINUTE]]);
    const summary = summaryOf(run);
    const rollouts = summary.clusters[0]!.rollouts;
    expect(rollouts[0]).toMatchObject({ to: 'img-v2', completedAt: null, supersededAt: 3 * MINUTE, supersededBy: 'img-v3' });
    expect(rollouts[1]).toMatchObject({ to: 'img-v3', startedAt: 3 * MINUTE, completedAt: completed[0]!.t });
    expect(summary.fleet.rolloutsSuperseded).toBe(1);
    expect(summary.fleet.clustersImageRolled).toBe(1);
    expect(summary.fleet.imageRolloutStartedAt).toBe(MINUTE);
    expect(summary.fleet.imageRolloutMakespan).toBe(completed[0]!.t - MINUTE);
    // Every Machine ends on img-v3; each of the 4 original ones was replaced exactly once overall
    // or via an img-v2 Machine that img-v3 replaced in turn.
    expect(summary.fleet.machinesReplaced).toBeGreaterThanOrEqual(4);
    expect(summary.fleet.machinesReplaced).toBeLessThanOrEqual(summary.fleet.machinesCreated);
  });
});

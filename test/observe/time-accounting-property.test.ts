/**
 * The time accounting adds up: over random fleets, strategies, waves and faults, the parts of every
 * rollout sum to its duration (to the end of the run when unfinished), the critical path's steps
 * tile it without a gap or an overlap, its parts sum to its duration, and through a finished fleet
 * upgrade it ends at the makespan's end.
 */

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { faults, fleet, strategies } from '../../src/testing/index.js';
import { loadScenarioText, formatIssue } from '../../src/scenario/index.js';
import { simulate } from '../../src/simulate.js';

const BASE = `
apiVersion: fleetsim/v1alpha1
kind: Scenario
name: accounting
clusters: []
operations:
  - at: 5m
    upgrade: { clusters: { matchLabels: {} }, version: v1.35.0 }
`;

const sum = (parts: readonly { ms: number }[] | undefined) => (parts ?? []).reduce((total, p) => total + p.ms, 0);

describe('where the time went', () => {
  it('adds up for every rollout and for the critical path, which ends at the makespan', () => {
    const arbitrary = fleet.scenario(BASE, {
      clusters: fleet.clusters({ providers: ['docker', 'aws'], clusters: { min: 1, max: 4 }, maxMachinesPerCluster: 8 }),
      strategy: strategies.rollingUpdate(),
      healthCheck: fc.option(strategies.healthCheck(), { nil: undefined }),
      waves: strategies.waves(),
      faults: faults.swarm({ window: { start: '5m', length: '1h' } }),
    });
    fc.assert(fc.property(arbitrary, (raw) => {
      const loaded = loadScenarioText(JSON.stringify(raw), 'drawn.json');
      if (!loaded.ok) throw new Error(loaded.errors.map(formatIssue).join('\n'));
      const { summary } = simulate(loaded.scenario);
      for (const cluster of summary.clusters) {
        for (const r of cluster.rollouts) {
          expect(sum(r.timeSpent)).toBe((r.completedAt ?? summary.endedAt) - r.startedAt);
          for (const p of r.timeSpent ?? []) expect(p.ms).toBeGreaterThan(0);
        }
      }
      const path = summary.fleet.criticalPath;
      if (path === null || path === undefined) {
        expect(summary.clusters.every((c) => c.rollouts.length === 0)).toBe(true);
        return;
      }
      expect(sum(path.parts)).toBe(path.duration);
      expect(path.duration).toBe(path.endedAt - path.startedAt);
      let cursor = path.startedAt;
      for (const step of path.steps) {
        expect(step.from).toBe(cursor);
        expect(sum(step.parts)).toBe(step.to - step.from);
        cursor = step.to;
      }
      expect(cursor).toBe(path.endedAt);
      if (path.basis === 'upgrade' && summary.fleet.upgradeMakespan !== null) {
        expect(path.endedAt).toBe(summary.fleet.upgradeCompletedAt);
        expect(path.duration).toBe(summary.fleet.upgradeMakespan);
      }
    }), { numRuns: 25, seed: 15 });
  }, 240_000);
});

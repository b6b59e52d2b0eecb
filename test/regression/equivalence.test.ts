/**
 * Issue 14's equivalence harness: the optimised controllers make the same decisions at the same
 * simulated times as the reference ones (`WorldOptions.reference`: every incremental shortcut off).
 * For every example scenario and a property suite of small random fleets, the two timelines are
 * compared after dropping what an optimisation is allowed to change — the `controller.queue`
 * samples (queue depth and busy workers: bookkeeping, not decisions) — and so are the summaries
 * without their `events` and `management` figures (scripts/example-outputs.mjs `--decisions`
 * drops the same).
 */

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { formatIssue, loadScenarioFile } from '../../src/scenario/index.js';
import type { Scenario } from '../../src/scenario/model.js';
import { simulate } from '../../src/simulate.js';
import { faults, fleet, loadRaw, strategies } from '../../src/testing/index.js';

const LONG = process.env.FLEETSIM_LONG === '1';

/** The decisions of one run: its timeline without queue samples, its summary without bookkeeping. */
export function decisions(scenario: Scenario, reference: boolean): { timeline: string[]; summary: string } {
  const result = simulate(scenario, { keepEvents: true, reference });
  const timeline = result.events.filter((e) => e.type !== 'controller.queue').map((e) => JSON.stringify(e));
  const summary = { ...result.summary } as Record<string, unknown>;
  delete summary.events;
  delete summary.management;
  return { timeline, summary: JSON.stringify(summary) };
}

function firstDifference(a: string[], b: string[]): string {
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) return `event ${i}:\n  reference ${a[i] ?? '<none>'}\n  optimised ${b[i] ?? '<none>'}`;
  return 'identical';
}

function expectEquivalent(scenario: Scenario): void {
  const reference = decisions(scenario, true);
  const optimised = decisions(scenario, false);
  expect(firstDifference(reference.timeline, optimised.timeline)).toBe('identical');
  expect(optimised.summary).toBe(reference.summary);
}

const files = readdirSync('scenarios').filter((f) => f.endsWith('.yaml')).sort();

describe('optimised controllers decide as the reference ones (issue 14)', () => {
  it.each(files)('%s', (file) => {
    const loaded = loadScenarioFile(join('scenarios', file));
    if (!loaded.ok) throw new Error(loaded.errors.map(formatIssue).join('\n'));
    expectEquivalent(loaded.scenario);
  }, 180_000);

  const BASE = `
apiVersion: fleetsim/v1alpha1
kind: Scenario
name: equivalence
clusters: []
operations:
  - at: 5m
    upgrade: { clusters: { matchLabels: {} }, version: v1.35.0 }
`;

  it('random small fleets with health checks, node failures and API faults', () => {
    const arbitrary = fleet.scenario(BASE, {
      clusters: fleet.clusters({ healthCheck: strategies.healthCheck() }),
      waves: strategies.waves(),
      faults: faults.swarm({ window: { start: '5m', length: '1h' }, nodes: { modes: ['crash', 'kernelPanic', 'notReady'] } }),
    });
    fc.assert(fc.property(arbitrary, (raw) => expectEquivalent(loadRaw(raw))), { numRuns: LONG ? 200 : 25, seed: 1414 });
  }, LONG ? 3_600_000 : 300_000);
});

/**
 * fleetsim/testing imported exactly as a user imports it: through the package name, which Node
 * resolves with the exports map of package.json (self-reference) to dist/testing/index.js, types
 * from dist/testing/index.d.ts. `npm test` builds dist before vitest runs.
 */

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkScenario, faults, fleet, invariants, strategies, ScenarioCheckError, type RawScenario } from 'fleetsim/testing';

const base = `
apiVersion: fleetsim/v1alpha1
kind: Scenario
name: user-suite
clusters: []
operations:
  - at: 5m
    upgrade: { clusters: { matchLabels: {} }, version: v1.35.0 }
`;

describe('fleetsim/testing through the package name', () => {
  it('resolves to the built entry point, not the sources', async () => {
    const resolved = import.meta.resolve('fleetsim/testing');
    expect(resolved).toMatch(/\/dist\/testing\/index\.js$/);
    const api = await import('fleetsim/testing');
    for (const name of ['fleet', 'faults', 'strategies', 'invariants', 'checkScenario']) expect(api).toHaveProperty(name);
  });

  it('runs a user property over generated fleets with every invariant', () => {
    const arbitrary = fleet.scenario(base, {
      clusters: fleet.clusters({ clusters: { max: 2 }, maxMachinesPerCluster: 8 }),
      strategy: strategies.rollingUpdate(),
      faults: faults.schedule({ kinds: [], max: 0 }),
    });
    const report = checkScenario(arbitrary, invariants.all(), { numRuns: 5, seed: 11 });
    expect(report).toEqual({ numRuns: 5, seed: 11 });
  });

  it('throws a ScenarioCheckError with the shrunk scenario, the seed and the path', () => {
    const impossible: RawScenario = { apiVersion: 'fleetsim/v1alpha1', kind: 'Scenario', name: 'impossible', clusters: [], expect: [{ metric: 'fleet.upgradeMakespan', max: '1m' }] };
    const arbitrary = fleet.scenario({ ...impossible, operations: [{ at: '5m', upgrade: { clusters: { matchLabels: {} }, version: 'v1.35.0' } }] }, {
      clusters: fleet.clusters({ clusters: { max: 2 }, maxMachinesPerCluster: 6, healthCheck: false }),
      seed: fc.constant(1),
    });
    let caught: unknown;
    try {
      checkScenario(arbitrary, [invariants.expectations()], { numRuns: 3, seed: 5 });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ScenarioCheckError);
    const error = caught as ScenarioCheckError;
    expect(error.message).toContain('[expectations] expect fleet.upgradeMakespan ≤ 1m failed');
    expect(error.message).toContain('apiVersion: fleetsim/v1alpha1');
    expect(error.message).toContain(`Seed: 5`);
    expect(error.message).toContain(`path: ${JSON.stringify(error.path)}`);
    // Shrunk to the smallest fleet the arbitrary can draw: one cluster.
    expect(error.scenario.clusters).toHaveLength(1);
  });
});

/**
 * checkScenario and the arbitraries: every drawn scenario validates; faults stay inside their
 * window; a failure throws the shrunk scenario as YAML that validates and shows the same
 * violation; the printed seed and path replay exactly that counterexample.
 */

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadScenarioText, formatIssue } from '../../src/scenario/index.js';
import { duration } from '../../src/engine/duration.js';
import {
  checkRun, checkScenario, faults, fleet, formatViolation, invariants, runScenario, strategies, ScenarioCheckError, type RawScenario,
} from '../../src/testing/index.js';
import { loadRaw } from '../../src/testing/raw.js';

const BASE = `
apiVersion: fleetsim/v1alpha1
kind: Scenario
name: check
clusters: []
operations:
  - at: 5m
    upgrade: { clusters: { matchLabels: {} }, version: v1.35.0 }
`;

describe('arbitraries', () => {
  it('every drawn scenario validates, with every kind of fault and strategy', () => {
    const arbitrary = fleet.scenario(BASE, {
      clusters: fleet.clusters({ providers: ['docker', 'aws', 'azure', 'gcp'] }),
      strategy: strategies.rollingUpdate(),
      healthCheck: fc.option(strategies.healthCheck(), { nil: undefined }),
      waves: strategies.waves(),
      faults: faults.swarm({ window: { start: '5m', length: '1h' } }),
    });
    fc.assert(fc.property(arbitrary, (raw) => {
      const loaded = loadScenarioText(JSON.stringify(raw), 'drawn.json');
      expect(loaded.ok ? [] : loaded.errors.map(formatIssue)).toEqual([]);
    }), { numRuns: 300, seed: 5 });
  });

  it('fleets keep to their budget and faults to their window', () => {
    const arbitrary = fleet.scenario(BASE, { clusters: fleet.clusters({ maxMachinesPerCluster: 12 }), faults: faults.schedule({ window: { start: '10m', length: '30m' } }) });
    fc.assert(fc.property(arbitrary, (raw) => {
      const scenario = loadRaw(raw);
      expect(scenario.clusters.length).toBeGreaterThanOrEqual(1);
      expect(scenario.clusters.length).toBeLessThanOrEqual(3);
      for (const cluster of scenario.clusters) {
        const machines = (cluster.controlPlane.managed ? 0 : cluster.controlPlane.replicas) + cluster.workers.reduce((sum, pool) => sum + pool.replicas, 0);
        expect(machines).toBeLessThanOrEqual(12);
      }
      for (const fault of scenario.faults) {
        expect(fault.at).toBeGreaterThanOrEqual(duration('10m'));
        expect(fault.at + (fault.for ?? 0)).toBeLessThanOrEqual(duration('40m'));
      }
      // The horizon leaves room for the liveness phase after the window.
      expect(scenario.horizon).toBeGreaterThanOrEqual(duration('40m') + duration('2h'));
    }), { numRuns: 200, seed: 6 });
  });

  it('swarm draws the enabled kinds per run; schedule keeps them all', () => {
    const kinds = fc.sample(faults.swarm({ kinds: ['node', 'zone', 'mgmt'] }), { numRuns: 100, seed: 1 }).map((plan) => plan.kinds.join(','));
    expect(new Set(kinds).size).toBeGreaterThan(3);
    expect(kinds.every((k) => k.length > 0)).toBe(true);
    const fixed = fc.sample(faults.schedule({ kinds: ['node', 'zone'] }), { numRuns: 20, seed: 1 }).map((plan) => plan.kinds.join(','));
    expect(new Set(fixed)).toEqual(new Set(['nodeFailures,zoneOutage']));
  });

  it("takes the scenario's fault kinds, and the old short names as the same kinds", () => {
    expect(faults.KINDS).toEqual(['nodeFailures', 'zoneOutage', 'apiBrownout', 'capacityShortage', 'managementOutage']);
    const byName = fc.sample(faults.swarm({ kinds: ['nodeFailures', 'zoneOutage', 'managementOutage'] }), { numRuns: 30, seed: 2 });
    const byAlias = fc.sample(faults.swarm({ kinds: ['node', 'zone', 'mgmt'] }), { numRuns: 30, seed: 2 });
    expect(byAlias).toEqual(byName);
    expect(faults.parseKinds('node,zoneOutage,node')).toEqual(['nodeFailures', 'zoneOutage']);
    expect(() => faults.parseKinds('partition')).toThrow('fault kind "partition" is not fuzzed (expected some of nodeFailures, zoneOutage, apiBrownout, capacityShortage, managementOutage)');
  });

  it('strategies never draw both maxSurge and maxUnavailable 0 (the webhook refuses it)', () => {
    fc.assert(fc.property(strategies.rollingUpdate(), (strategy) => {
      expect(strategy.maxSurge === 0 && strategy.maxUnavailable === 0).toBe(false);
    }), { numRuns: 500, seed: 2 });
  });
});

describe('checkScenario', () => {
  /** A property that fails on purpose: upgrades of fleets with more than 4 worker machines take over 12 minutes here. */
  const arbitrary = fleet.scenario(`${BASE}expect:\n  - { metric: cluster.upgradeDuration, max: 12m }\n`, {
    clusters: fleet.clusters({ healthCheck: false }),
    faults: faults.schedule({ kinds: ['node', 'mgmt'], window: { start: '5m', length: '30m' }, nodes: { modes: ['kernelPanic'] } }),
  });

  function failure(options: { seed: number; path?: string }): ScenarioCheckError {
    try {
      checkScenario(arbitrary, invariants.all({ deterministic: false }), { numRuns: 100, ...options });
    } catch (error) {
      if (error instanceof ScenarioCheckError) return error;
      throw error;
    }
    throw new Error('the property did not fail');
  }

  it('throws the shrunk scenario as YAML, which validates and shows the same violation', () => {
    const error = failure({ seed: 1 });
    expect(error.violations[0]!.invariant).toBe('expectations');
    const loaded = loadScenarioText(error.yaml, 'shrunk.yaml');
    expect(loaded.ok ? [] : loaded.errors.map(formatIssue)).toEqual([]);
    if (!loaded.ok) return;
    const violations = checkRun(runScenario(loaded.scenario), invariants.all({ deterministic: false }));
    expect(violations.map(formatViolation)).toEqual(error.violations.map(formatViolation));
    expect(error.yaml).toMatch(/^# Counterexample found by fleetsim\/testing checkScenario\./);
    expect(error.message).toContain(`Replay: checkScenario(arbitrary, invariants, { seed: 1, path: ${JSON.stringify(error.path)} })`);
  });

  it('the printed seed and path replay the same counterexample', () => {
    const first = failure({ seed: 1 });
    const replayed = failure({ seed: first.seed, path: first.path });
    expect(replayed.scenario).toEqual(first.scenario);
    expect(replayed.violations).toEqual(first.violations);
  });

  it('reports an invalid drawn scenario as a violation of valid-scenario', () => {
    const broken = fc.constant<RawScenario>({ apiVersion: 'fleetsim/v1alpha1', kind: 'Scenario', name: 'Not_A_Name', clusters: [] });
    expect(() => checkScenario(broken, [], { numRuns: 1 })).toThrow(/\[valid-scenario\] Not_A_Name\.yaml: the scenario does not validate:[\s\S]*Not_A_Name\.yaml: name: expected an RFC 1123 name/);
  });
});

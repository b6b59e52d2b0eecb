/**
 * The invariants can fail: with a deliberately wrong controller, `fleetsim fuzz` finds the bug and
 * shrinks it to a scenario of at most one cluster and one pool.
 *
 * The wrong variants are the controllers' own test-only switches (`CapiSettings.mutations`, passed
 * as `fuzz(..., { mutations })`): a MachineDeployment planner that ignores maxSurge, and a
 * MachineHealthCheck that remediates past maxUnhealthy.
 */

import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { fuzz } from '../../src/fuzz/index.js';
import type { RawScenario } from '../../src/testing/index.js';
import { isPlainCluster } from '../../src/testing/raw.js';

/** Two clusters with two pools each: room for the shrinker to show it can drop clusters and pools. */
const BASE = parse(`
apiVersion: fleetsim/v1alpha1
kind: Scenario
name: mutants
seed: 3
clusters:
  - name: east
    provider: docker
    version: v1.34.3
    zones: [local-a, local-b]
    controlPlane: { replicas: 3 }
    workers:
      - { name: general, replicas: 5, strategy: { maxSurge: 1, maxUnavailable: 0 } }
      - { name: batch, replicas: 3, strategy: { maxSurge: 1, maxUnavailable: 0 } }
    healthCheck:
      targets: workers
      maxUnhealthy: 1
      unhealthyConditions: [{ type: Ready, status: Unknown, timeout: 1m }]
  - name: west
    provider: docker
    version: v1.34.3
    zones: [local-a, local-b]
    controlPlane: { replicas: 3 }
    workers:
      - { name: general, replicas: 4, strategy: { maxSurge: 1, maxUnavailable: 0 } }
      - { name: batch, replicas: 2, strategy: { maxSurge: 1, maxUnavailable: 0 } }
    healthCheck:
      targets: workers
      maxUnhealthy: 1
      unhealthyConditions: [{ type: Ready, status: Unknown, timeout: 1m }]
operations:
  - at: 10m
    upgrade: { clusters: { names: [east, west] }, version: v1.35.0 }
`) as RawScenario;

function clustersAndPools(raw: RawScenario): { clusters: number; pools: number } {
  const clusters = raw.clusters.filter(isPlainCluster);
  return { clusters: clusters.length, pools: Math.max(0, ...clusters.map((c) => (c.workers ?? []).length)) };
}

describe('mutation check: fuzz finds deliberately wrong controllers', () => {
  // Crashed nodes under a short-circuited health check stay dead (CAPI's behaviour), so the control run uses faults nodes recover from.
  it('the correct controllers pass the same search', () => {
    const result = fuzz(BASE, { runs: 30, seed: 1, faults: ['node'], nodeModes: ['kernelPanic', 'notReady'] });
    expect(result.failure?.violations).toBeUndefined();
    expect(result.runs).toBe(30);
  });

  it('a planner that ignores maxSurge: pool-max-surge, shrunk to one cluster and one pool', () => {
    const result = fuzz(BASE, { runs: 50, seed: 1, faults: ['node'], mutations: { ignoreMaxSurge: true } });
    expect(result.failure?.invariant).toBe('pool-max-surge');
    const shape = clustersAndPools(result.failure!.scenario);
    expect(shape.clusters).toBe(1);
    expect(shape.pools).toBeLessThanOrEqual(1);
    expect(result.failure!.violations[0]!.message).toMatch(/more than replicas \d+ \+ maxSurge 1 = \d+/);
  });

  it('a health check that remediates past maxUnhealthy: mhc-max-unhealthy, shrunk to one cluster and one pool', () => {
    const result = fuzz(BASE, { runs: 200, seed: 1, faults: ['node'], mutations: { remediatePastMaxUnhealthy: true } });
    expect(result.failsAsWritten).toBe(false);
    expect(result.failure?.invariant).toBe('mhc-max-unhealthy');
    const shape = clustersAndPools(result.failure!.scenario);
    expect(shape.clusters).toBe(1);
    expect(shape.pools).toBeLessThanOrEqual(1);
    expect(result.failure!.violations[0]!.message).toMatch(/too many unhealthy targets/);
    expect(result.failure!.scenario.faults?.some((f) => f.nodeFailures !== undefined)).toBe(true);
  });

  it('the seed and path of a fault-driven counterexample replay it exactly', () => {
    const mutations = { remediatePastMaxUnhealthy: true };
    const found = fuzz(BASE, { runs: 200, seed: 1, faults: ['node'], mutations });
    const path = found.failure?.path;
    expect(path).toBeDefined();
    const replayed = fuzz(BASE, { runs: 200, seed: 1, faults: ['node'], path: path!, mutations });
    expect(replayed.failure?.scenario).toEqual(found.failure!.scenario);
    expect(replayed.failure?.violations).toEqual(found.failure!.violations);
  });
});

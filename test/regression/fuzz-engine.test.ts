/**
 * The pieces of the fuzz engine: the fleet reduction (what it drops first, how references to
 * dropped parts are cleaned up), the perturbation (identity changes nothing but the horizon, which
 * covers the file's own faults), and the control run that keeps a reduction from being blamed for
 * a failure it causes by itself.
 */

import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { duration } from '../../src/engine/duration.js';
import { fuzz, fullReduction, shrinkReduction, applyPerturbation, identity } from '../../src/fuzz/index.js';
import { loadRaw, type RawScenario } from '../../src/testing/raw.js';

const BASE = parse(`
apiVersion: fleetsim/v1alpha1
kind: Scenario
name: engine
seed: 4
clusters:
  - name: a
    provider: docker
    version: v1.34.3
    controlPlane: { replicas: 1 }
    workers:
      - { name: p1, replicas: 4, strategy: { maxSurge: 4, maxUnavailable: 0 } }
      - { name: p2, replicas: 3, strategy: { maxSurge: 3, maxUnavailable: 0 } }
    healthCheck: { targets: workers, pools: [p2], unhealthyConditions: [{ type: Ready, status: Unknown, timeout: 5m }] }
  - name: b
    provider: docker
    version: v1.34.3
    controlPlane: { replicas: 1 }
    workers:
      - { name: p1, replicas: 4, strategy: { maxSurge: 4, maxUnavailable: 0 } }
operations:
  - at: 5m
    upgrade: { clusters: { names: [a, b] }, version: v1.35.0 }
  - at: 2h
    scale: { clusters: { names: [a] }, pool: p2, replicas: 5 }
faults:
  - at: 3h
    managementOutage: { for: 10h }
  - at: 1h
    nodeFailures: { clusters: { names: [b] }, pool: p1, count: 1, mode: kernelPanic, for: 10m }
expect:
  - { metric: cluster.upgradeDuration, max: 8m }
`) as RawScenario;

const context = { base: BASE, file: 'engine.yaml', load: {}, liveness: 3_600_000 };

describe('fleet reduction', () => {
  const full = fullReduction(BASE, loadRaw(BASE));

  it('keeps everything until it shrinks, then tries a single cluster first', () => {
    expect(full).toEqual({ entries: [0, 1], counts: {}, pools: { 0: [0, 1], 1: [0] }, replicas: { '0.0': 4, '0.1': 3, '1.0': 4 }, operations: [0, 1], faults: [0, 1] });
    const first = [...shrinkReduction(full)].slice(0, 2);
    expect(first.map((r) => r.entries)).toEqual([[0], [1]]);
  });

  it('drops what referred to removed clusters and pools, and the result validates', () => {
    const onlyA = { ...full, entries: [0] };
    const raw = applyPerturbation(context, onlyA, identity({ start: 0, length: 0 }));
    expect(raw.operations?.[0]?.upgrade?.clusters).toEqual({ names: ['a'] });
    expect(raw.faults).toEqual([{ at: '3h', managementOutage: { for: '10h' } }]); // the node failure in b went with b
    const withoutP2 = { ...full, entries: [0], pools: { 0: [0] } };
    const reduced = applyPerturbation(context, withoutP2, identity({ start: 0, length: 0 }));
    expect(reduced.operations?.map((op) => Object.keys(op).filter((k) => k !== 'at')[0])).toEqual(['upgrade']); // the scale of p2 is gone
    expect((reduced.clusters[0] as { healthCheck?: unknown }).healthCheck).toBeUndefined(); // it watched p2 only
    expect(() => loadRaw(reduced)).not.toThrow();
  });
});

describe('perturbation', () => {
  it('the identity changes nothing but the horizon, which covers the file faults and the liveness bound', () => {
    const full = fullReduction(BASE, loadRaw(BASE));
    const raw = applyPerturbation(context, full, identity({ start: duration('5m'), length: duration('30m') }));
    const { horizon, ...rest } = raw;
    const { horizon: _none, ...original } = BASE;
    expect(rest).toEqual(original);
    // The management outage heals at 13h; then the 1h liveness bound and an hour.
    expect(horizon).toBe('15h');
  });
});

describe('control runs', () => {
  it('a reduction that fails an expectation by itself is not taken: the fleet stays whole', () => {
    const strict: RawScenario = { ...BASE, faults: [], operations: [BASE.operations![0]!], expect: [...BASE.expect!, { metric: 'fleet.clustersUpgraded', min: 2 }] };
    const result = fuzz(strict, { runs: 100, seed: 3, faults: [], strategy: true });
    expect(result.failure?.invariant).toBe('expectations');
    expect(result.failure!.violations.map((v) => v.objects[0])).toEqual(['cluster.upgradeDuration']);
    // One cluster alone would fail fleet.clustersUpgraded ≥ 2 without any perturbation.
    expect(result.failure!.scenario.clusters).toHaveLength(2);
  });
});

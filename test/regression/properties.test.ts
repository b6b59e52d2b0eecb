/**
 * fleetsim on fleetsim: whole-simulator properties over random small fleets with every invariant
 * on (including determinism: each scenario runs twice). 240 runs by default; `npm run test:long`
 * (FLEETSIM_LONG=1) runs ten times as many.
 *
 * Each variant keeps to faults a correct CAPI recovers from, so any violation is a bug in fleetsim
 * (or in the invariant), not CAPI behaving as designed. What CAPI does not recover from, and the
 * variants therefore leave out: a crashed control-plane node (KubeadmControlPlane refuses to
 * remediate when that would lose etcd quorum, or with a single replica: capi-semantics.md §5.6), and
 * a crashed worker while the health check is short-circuited (nobody replaces it: §4.3).
 */

import { describe, expect, it } from 'vitest';
import { checkScenario, faults, fleet, invariants, strategies } from '../../src/testing/index.js';

const LONG = process.env.FLEETSIM_LONG === '1';
const scale = (runs: number) => (LONG ? runs * 10 : runs);

const BASE = `
apiVersion: fleetsim/v1alpha1
kind: Scenario
name: regression
clusters: []
operations:
  - at: 5m
    upgrade: { clusters: { matchLabels: {} }, version: v1.35.0 }
`;

/** Faults start after the upgrade does and heal within the hour: the safety phase. */
const WINDOW = { start: '5m', length: '1h' } as const;

describe('whole-simulator properties with every invariant', () => {
  it('docker fleets, recoverable node failures, random health-check thresholds, swarm faults', () => {
    const arbitrary = fleet.scenario(BASE, {
      clusters: fleet.clusters(),
      waves: strategies.waves(),
      faults: faults.swarm({ window: WINDOW, nodes: { modes: ['kernelPanic', 'notReady'] } }),
    });
    // Control-plane nodes fail here too, and since issue 12 case 6 a failure during a KCP
    // scale-down step can lose etcd quorum in CAPI itself (updateManagedEtcdConditions reads a
    // dead member as healthy while quorum holds; test/fidelity/etcd-member-health.test.ts): the
    // quorum invariant reports that real path, so this variant checks every other invariant.
    const checks = invariants.all().filter((invariant) => invariant.name !== invariants.kcpEtcdQuorum().name);
    const report = checkScenario(arbitrary, checks, { numRuns: scale(100), seed: 20261126 });
    expect(report.numRuns).toBe(scale(100));
  }, LONG ? 3_600_000 : 300_000);

  it('docker fleets, crashing workers replaced by health checks that always allow remediation', () => {
    const remediateAll = strategies.healthCheck({ targets: ['all'], ranges: false }).map((check) => ({ ...check, maxUnhealthy: '100%' as const }));
    const arbitrary = fleet.scenario(BASE, {
      clusters: fleet.clusters({ healthCheck: remediateAll }),
      faults: faults.swarm({ window: WINDOW, nodes: { modes: ['crash', 'kernelPanic', 'notReady'], controlPlaneModes: ['kernelPanic', 'notReady'] } }),
    });
    const report = checkScenario(arbitrary, invariants.all(), { numRuns: scale(100), seed: 7 });
    expect(report.numRuns).toBe(scale(100));
  }, LONG ? 3_600_000 : 300_000);

  it('AWS, Azure and GCP fleets (managed and kubeadm control planes), API brownouts and capacity shortages', () => {
    const arbitrary = fleet.scenario(BASE, {
      clusters: fleet.clusters({ providers: ['aws', 'azure', 'gcp'] }),
      faults: faults.swarm({ window: WINDOW, nodes: { modes: ['kernelPanic', 'notReady'] } }),
    });
    const report = checkScenario(arbitrary, invariants.all(), { numRuns: scale(40), seed: 3 });
    expect(report.numRuns).toBe(scale(40));
  }, LONG ? 3_600_000 : 300_000);
});

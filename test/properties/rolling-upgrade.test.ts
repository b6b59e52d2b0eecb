/**
 * The rolling-update contract of a MachineDeployment, checked on whole simulated upgrades: never
 * more than replicas + maxSurge Machines (deleting ones included), never fewer than
 * replicas − maxUnavailable available (Node Ready, not deleting), and every Machine on the new
 * version at the end (capi-semantics.md §1.2, §1.8).
 */

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { resolveFenceposts } from '../../src/capi/machinedeployment/fenceposts.js';
import { World } from '../../src/world/world.js';
import type { IntOrPercent } from '../../src/kube/intstr.js';
import { scenarioFromYaml } from '../helpers/scenario.js';

const intOrPercent: fc.Arbitrary<IntOrPercent> = fc.oneof(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 100 }).map((p) => `${p}%` as const));

interface Check { maxMachines: number; minAvailable: number; finalVersions: string[]; settled: boolean }

function runUpgrade(replicas: number, maxSurge: number | string, maxUnavailable: number | string, seed: number): Check {
  const scenario = scenarioFromYaml(`
apiVersion: fleetsim/v1alpha1
kind: Scenario
name: rolling
seed: ${seed}
clusters:
  - name: c
    provider: docker
    version: v1.34.3
    controlPlane: { replicas: 1 }
    workers:
      - name: md
        kind: MachineDeployment
        replicas: ${replicas}
        strategy: { type: RollingUpdate, maxSurge: ${JSON.stringify(maxSurge)}, maxUnavailable: ${JSON.stringify(maxUnavailable)} }
operations:
  - at: 1m
    upgrade: { clusters: { names: [c] }, version: v1.35.0 }
`);
  const world = new World(scenario);
  const pool = 'MachineDeployment/default/c-md';
  const machines = new Map<string, { ready: boolean; deleting: boolean }>();
  let maxMachines = 0;
  let minAvailable = Number.POSITIVE_INFINITY;
  let lastT = -1;
  const measure = (): void => {
    let available = 0;
    for (const m of machines.values()) if (m.ready && !m.deleting) available++;
    maxMachines = Math.max(maxMachines, machines.size);
    minAvailable = Math.min(minAvailable, available);
  };
  const outcome = world.run();
  for (const event of world.timeline.events) {
    // State is compared between instants, after every event of an instant has been applied.
    if (event.t !== lastT && lastT >= 0) measure();
    lastT = event.t;
    if (event.type === 'machine.created' && event.pool === pool) machines.set(event.object, { ready: false, deleting: false });
    if (event.type !== 'machine.created' && event.type !== 'node.condition' && event.type !== 'machine.phase') continue;
    const machine = machines.get(event.type === 'node.condition' ? event.machine ?? '' : event.object);
    if (machine === undefined) continue;
    if (event.type === 'node.condition' && event.condition === 'Ready') machine.ready = event.status === 'True';
    if (event.type === 'machine.phase' && event.phase === 'Deleting') machine.deleting = true;
    if (event.type === 'machine.phase' && event.phase === 'Deleted') machines.delete(event.object);
  }
  measure();
  const finalVersions = [...world.store.list('Machine')].filter((m) => m.metadata.labels['cluster.x-k8s.io/deployment-name'] === 'c-md').map((m) => (m.spec as { version: string }).version);
  return { maxMachines, minAvailable, finalVersions, settled: outcome.settled };
}

describe('MachineDeployment rolling upgrade (property)', () => {
  it('respects maxSurge and maxUnavailable and ends on the new version', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 50 }), intOrPercent, intOrPercent, fc.integer({ min: 1, max: 1000 }), (replicas, maxSurge, maxUnavailable, seed) => {
      fc.pre(!(maxSurge === 0 && maxUnavailable === 0)); // rejected by CAPI's webhook (and by the loader)
      const { surge, unavailable } = resolveFenceposts(maxSurge, maxUnavailable, replicas);
      const result = runUpgrade(replicas, maxSurge, maxUnavailable, seed);
      expect(result.settled).toBe(true);
      expect(result.maxMachines).toBeLessThanOrEqual(replicas + surge);
      expect(result.minAvailable).toBeGreaterThanOrEqual(replicas - Math.min(unavailable, replicas));
      expect(result.finalVersions).toHaveLength(replicas);
      expect(result.finalVersions.every((v) => v === 'v1.35.0')).toBe(true);
    }), { seed: 20261126, numRuns: 40 });
  });
});

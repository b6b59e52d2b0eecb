/**
 * The wave gate reads MachineHealthCheck short-circuits and remediations from the store
 * (src/fleet/mhc-watch.ts), not from the timeline. Here the watch's counts are checked against the
 * timeline the controllers write (`mhc.shortCircuit`, `mhc.remediation`), cluster by cluster and
 * for every "since" a gate could ask, on runs with owner remediation by MachineSets and
 * KubeadmControlPlanes, a short-circuit, and external remediation requests.
 */

import { describe, expect, it } from 'vitest';
import { MhcWatch } from '../../src/fleet/mhc-watch.js';
import { loadScenarioFile } from '../../src/scenario/index.js';
import { ofType } from '../../src/timeline/index.js';
import { World } from '../../src/world/world.js';
import { breakNodes, run, SECOND } from '../capi/helpers.js';

function expectSameCounts(world: World, watch: MhcWatch): { shortCircuits: number; remediations: number } {
  const events = world.timeline.events;
  const shortCircuits = events.filter(ofType('mhc.shortCircuit'));
  const remediations = events.filter(ofType('mhc.remediation'));
  const clusters = [...new Set([...shortCircuits, ...remediations].map((e) => e.cluster))].sort();
  const times = [0, ...new Set([...shortCircuits, ...remediations].map((e) => e.t)), world.sim.now + 1];
  for (const cluster of clusters) {
    for (const since of times) {
      expect(watch.countsSince([cluster], since), `${cluster} since ${since}`).toEqual({
        shortCircuits: shortCircuits.filter((e) => e.cluster === cluster && e.t >= since).length,
        remediations: remediations.filter((e) => e.cluster === cluster && e.t >= since).length,
      });
    }
  }
  return watch.countsSince(clusters, 0);
}

function runExample(file: string): { world: World; watch: MhcWatch } {
  const loaded = loadScenarioFile(file, { env: {} });
  if (!loaded.ok) throw new Error(`${file} does not load`);
  const world = new World(loaded.scenario);
  const watch = new MhcWatch(world.store, () => world.sim.now);
  world.run();
  return { world, watch };
}

describe('MhcWatch (what a wave gate reads of MachineHealthCheck, from the store)', () => {
  it.each([
    ['scenarios/mhc-remediation.yaml', { remediations: 2 }],
    ['scenarios/mhc-short-circuit.yaml', { shortCircuits: 1 }],
    ['scenarios/zone-outage-during-upgrade.yaml', { remediations: 72 }],
    ['scenarios/byoi-image-rollout.yaml', { remediations: 30 }],
    ['scenarios/management-outage-12h.yaml', { remediations: 6 }],
  ])('%s: the same short-circuits and remediations as the timeline, per cluster and since any time', (file, expected) => {
    const { world, watch } = runExample(file);
    expect(expectSameCounts(world, watch)).toMatchObject(expected);
  }, 60_000);

  it('counts an external remediation request (remediationTemplate) as a remediation', () => {
    let watch: MhcWatch | undefined;
    const world = run(`
horizon: 2h
clusters:
  - name: c1
    provider: docker
    version: v1.34.3
    controlPlane: { replicas: 1 }
    workers:
      - { name: md, kind: MachineDeployment, replicas: 3 }
    healthChecks:
      - name: workers
        targets: workers
        remediationTemplate: { kind: Metal3RemediationTemplate, name: m3 }
        unhealthyConditions:
          - { type: Ready, status: Unknown, timeout: 5m }
`, (w) => {
      watch = new MhcWatch(w.store, () => w.sim.now);
      breakNodes(w, 'default/c1', 60 * SECOND, 1, 'MachineDeployment');
    });
    expect(expectSameCounts(world, watch as MhcWatch)).toEqual({ shortCircuits: 0, remediations: 1 });
  });
});

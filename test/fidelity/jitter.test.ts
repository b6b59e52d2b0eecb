/**
 * Issue 12 case 9: jitter where Kubernetes and controller-runtime have it, drawn from named seeded
 * streams. A zone outage stops several kubelets at the same instant; their Nodes turn Ready=Unknown
 * each at its own instant inside the heartbeat window (grace − up to 10.4 s since the last Lease
 * renewal + up to 5 s until the node-lifecycle controller's pass: src/workload/node-lifecycle.ts
 * `unknownMarkDelay`), and every informer resyncs on its own period, 10 min × [0.9, 1.1)
 * (controller-runtime pkg/cache/internal/informers.go `calculateResyncPeriod`). The same seed gives
 * the same timeline; another seed moves the Unknown instants.
 */

import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/simulate.js';
import { ofType } from '../../src/timeline/index.js';
import { unknownMarkWindow } from '../../src/workload/node-lifecycle.js';
import { World } from '../../src/world/world.js';
import { scenarioFromYaml } from '../helpers/scenario.js';

const OUTAGE_AT = 10 * 60_000;
const WINDOW = unknownMarkWindow(50_000); // node-monitor-grace-period for v1.34

function yaml(seed: number): string {
  return `
apiVersion: fleetsim/v1alpha1
kind: Scenario
name: jitter
seed: ${seed}
horizon: 1h
clusters:
  - name: c
    provider: docker
    version: v1.34.3
    controlPlane: { replicas: 1 }
    workers:
      - { name: md, kind: MachineDeployment, replicas: 6, zones: [local-a] }
faults:
  - at: 10m
    zoneOutage: { zone: local-a, for: 20m }
`;
}

function unknownInstants(seed: number): Map<string, number> {
  const result = simulate(scenarioFromYaml(yaml(seed)));
  const marks = new Map<string, number>();
  for (const e of result.events.filter(ofType('node.condition'))) {
    if (e.condition === 'Ready' && e.status === 'Unknown' && !marks.has(e.node)) marks.set(e.node, e.t);
  }
  return marks;
}

describe('seeded jitter (issue 12 case 9)', () => {
  it('a zone outage marks its Nodes Unknown inside the heartbeat window, each at its own instant', () => {
    const marks = unknownInstants(1);
    expect(marks.size).toBeGreaterThanOrEqual(6);
    for (const t of marks.values()) {
      expect(t).toBeGreaterThan(OUTAGE_AT + WINDOW.earliest);
      expect(t).toBeLessThan(OUTAGE_AT + WINDOW.latest);
    }
    expect(new Set(marks.values()).size).toBe(marks.size);
  });

  it('the same seed gives an identical timeline; another seed moves the Unknown instants', () => {
    const first = simulate(scenarioFromYaml(yaml(1))).events;
    expect(simulate(scenarioFromYaml(yaml(1))).events).toEqual(first);
    const one = unknownInstants(1);
    const two = unknownInstants(2);
    expect(two.size).toBe(one.size);
    expect([...two.values()].sort()).not.toEqual([...one.values()].sort());
  });

  it('every informer resyncs on its own period inside 10 min × [0.9, 1.1), fixed by the seed', () => {
    const periods = (seed: number) => [...new World(scenarioFromYaml(yaml(seed))).manager.resyncPeriods];
    const drawn = periods(1);
    expect(drawn.length).toBeGreaterThan(5);
    for (const [, period] of drawn) {
      expect(period).toBeGreaterThanOrEqual(540_000);
      expect(period).toBeLessThan(660_000);
    }
    expect(new Set(drawn.map(([, p]) => p)).size).toBe(drawn.length);
    expect(periods(1)).toEqual(drawn);
    expect(periods(2)).not.toEqual(drawn);
  });
});

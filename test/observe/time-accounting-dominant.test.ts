/**
 * Where the time went, on hand-built scenarios whose bottleneck is known: the biggest part of the
 * fleet's critical path (and of the rollout that sets it) is the one the scenario was built to have.
 */

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/simulate.js';
import { scenarioFromYaml } from '../helpers/scenario.js';
import type { Summary } from '../../src/report/summary.js';
import { SOAK_SCENARIO } from '../helpers/soak-scenario.js';

function run(yaml: string): Summary {
  return simulate(scenarioFromYaml(yaml)).summary;
}

function fleetParts(summary: Summary): string[] {
  return (summary.fleet.criticalPath?.parts ?? []).map((p) => p.part);
}

const HEAD = 'apiVersion: fleetsim/v1alpha1\nkind: Scenario\n';

describe('the dominant part of the makespan', () => {
  it('is the soak when waves wait 2h between them', () => {
    const summary = run(SOAK_SCENARIO);
    const path = summary.fleet.criticalPath;
    expect(fleetParts(summary)[0]).toBe('soak');
    expect(path?.parts[0]).toMatchObject({ ms: 2 * 2 * 3_600_000, count: 2 });
    expect(path?.dominant).toBe(`the makespan is mostly wave soak (pauseBetween): 2 × 2h00m00s of ${path === undefined || path === null ? '' : formatted(path.duration)}`);
    expect(path?.steps.filter((s) => s.kind === 'rollout').map((s) => s.wave)).toEqual([0, 1, 2]);
  });

  it('is a PodDisruptionBudget-blocked drain when the drain waits out nodeDrainTimeout', () => {
    const summary = run(`${HEAD}name: drain
seed: 2
clusters:
  - name: c
    provider: docker
    version: v1.34.3
    controlPlane: { replicas: 1 }
    workers: [{ name: md, kind: MachineDeployment, replicas: 2, nodeDrainTimeout: 45m }]
operations:
  - at: 1m
    upgrade: { clusters: { names: [c] }, version: v1.35.0 }
faults:
  - at: 30s
    drainBlocker: { clusters: { names: [c] }, pool: md, for: 10h }
`);
    const rollout = summary.clusters[0]?.rollouts[0];
    expect(rollout?.timeSpent?.[0]?.part).toBe('drainBlocked');
    expect(rollout?.timeSpent?.[0]?.ms).toBeGreaterThanOrEqual(2 * 45 * 60_000);
    expect(fleetParts(summary)[0]).toBe('drainBlocked');
  });

  it("is the gate hold when the first wave's Nodes stay NotReady after it finished", () => {
    const summary = run(`${HEAD}name: gate
seed: 3
clusters:
  - generate: { count: 2, name: "c-{index}", template: { provider: aws, zones: [us-east-1a], version: v1.34.3, controlPlane: { replicas: 1 }, workers: [{ name: md, kind: MachineDeployment, replicas: 2 }] } }
operations:
  - at: 1m
    upgrade: { clusters: { matchLabels: {} }, version: v1.35.0, waves: { size: 1, pauseBetween: 30m, gate: { allReady: true } } }
faults:
  - at: 20m
    zoneOutage: { cloud: aws, zone: us-east-1a, for: 3h }
`);
    expect(fleetParts(summary)[0]).toBe('gateHold');
    expect(summary.fleet.criticalPath?.steps.some((s) => s.kind === 'betweenWaves' && s.parts.some((p) => p.part === 'soak'))).toBe(true);
  });

  it('is cloud throttling when 30 clusters share a tight RunInstances bucket', () => {
    const summary = run(`${HEAD}name: throttle
seed: 4
clouds:
  aws:
    api:
      RunInstances: { bucket: 2, refillPerSecond: 0.05 }
clusters:
  - generate: { count: 30, name: "t-{index}", template: { provider: aws, account: "111122223333", region: us-east-1, labels: { env: prod }, version: v1.34.3, controlPlane: { replicas: 1 }, workers: [{ name: md, kind: MachineDeployment, replicas: 1 }] } }
operations:
  - at: 1m
    rolloutImage: { clusters: { matchLabels: { env: prod } }, image: ami-0abc123def456789 }
`);
    const parts = fleetParts(summary);
    expect(parts[0]).toBe('cloudThrottling');
    expect(summary.fleet.criticalPath?.basis).toBe('rollouts');
  });
});

describe('api-throttling-at-scale (scenarios/api-throttling-at-scale.yaml)', () => {
  // 150 clusters, one RunInstances bucket. The throttled retries hold CAPA's workers, so the cost
  // shows as throttling and as waits for a worker; instance deletion (CAPA's one-minute
  // DescribeInstances to see an instance gone) is still the single biggest part of the longest
  // rollout. Without the tight bucket, throttling is gone and the longest rollout is shorter.
  const text = readFileSync('scenarios/api-throttling-at-scale.yaml', 'utf8');
  const part = (summary: Summary, name: string) => summary.fleet.criticalPath?.parts.find((p) => p.part === name)?.ms ?? 0;

  it('spends a fifth or more of its longest rollout on throttling and the provider workers the retries hold', () => {
    const tight = run(text);
    const unthrottled = run(text.replace('observe:', 'clouds:\n  aws:\n    api:\n      RunInstances: { bucket: 1000, refillPerSecond: 1000 }\nobserve:'));
    const path = tight.fleet.criticalPath;
    expect(path?.basis).toBe('rollouts');
    expect(part(tight, 'cloudThrottling') + part(tight, 'cloudWorkers')).toBeGreaterThanOrEqual(0.2 * (path?.duration ?? 0));
    expect(part(unthrottled, 'cloudThrottling')).toBe(0);
    expect(unthrottled.fleet.criticalPath?.duration ?? Infinity).toBeLessThan(path?.duration ?? 0);
  }, 120_000);
});

function formatted(ms: number): string {
  const s = Math.round(ms / 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${Math.floor(s / 3600)}h${two(Math.floor(s / 60) % 60)}m${two(s % 60)}s`;
}

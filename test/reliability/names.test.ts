/**
 * Issue 19 defect 1: generated names (`<owner>-xxxxx`) are redrawn when taken, as the API server
 * retries generateName, so large pools no longer crash with "already exists"; names derived from
 * cluster and pool names that would clash are refused at load; a crashing run is one failed run of
 * a sweep, not the end of it. The seeds below crashed before the fix (found by trying seeds 1–60).
 */

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Random } from '../../src/engine/random.js';
import { generateName, MAX_NAME_DRAWS } from '../../src/kube/generate-name.js';
import { loadScenarioText } from '../../src/scenario/index.js';
import { simulate } from '../../src/simulate.js';
import { runSweep } from '../../src/sweep/runner.js';
import { scenarioFromYaml } from '../helpers/scenario.js';
import { planOf, smallFleet, tmp } from '../sweep/helpers.js';

const pool = (seed: number, kind: string, provider: string, controlPlane: string) => `apiVersion: fleetsim/v1alpha1
kind: Scenario
name: big-pool
seed: ${seed}
horizon: 10m
clusters:
  - name: big
    provider: ${provider}
    version: v1.34.3
    controlPlane: ${controlPlane}
    workers: [{ name: pool-0, kind: ${kind}, replicas: 1000 }]
`;

describe('generated names', () => {
  it('redraws a taken name from the same stream, so the result is deterministic', () => {
    const taken = new Set<string>();
    const first = generateName(new Random('s'), 'md-0', (n) => taken.has(n));
    taken.add(first);
    const second = generateName(new Random('s'), 'md-0', (n) => taken.has(n));
    expect(second).not.toBe(first);
    expect(second).toBe(generateName(new Random('s'), 'md-0', (n) => n === first));
    expect(second).toMatch(/^md-0-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it('gives up with a clear message, never loops, when every name is taken', () => {
    expect(() => generateName(new Random('s'), 'x', () => true)).toThrow(`after ${MAX_NAME_DRAWS} random suffixes`);
  });

  // Before the fix: "InfraMachine/default/big-pool-0-rz49l-crpft already exists" (MachineDeployment, seed 12),
  // "InfraMachine/default/big-pool-0-mlmgh already exists" (EKS MachinePool, seed 7; docker MachinePool seed 7).
  it.each([
    ['MachineDeployment', 'docker', '{ replicas: 1 }', 12],
    ['MachineDeployment', 'docker', '{ replicas: 1 }', 23],
    ['MachinePool', 'aws', '{ managed: true }', 7],
    ['MachinePool', 'docker', '{ replicas: 1 }', 19],
  ])('a %s of 1,000 machines on %s (control plane %s) builds for seed %i, which used to crash', (kind, provider, controlPlane, seed) => {
    const scenario = scenarioFromYaml(pool(seed as number, kind as string, provider as string, controlPlane as string));
    const result = simulate(scenario, { keepEvents: false });
    const machines = result.world.store.countsByKind().find(([k]) => k === 'Machine')?.[1];
    expect(machines).toBe(kind === 'MachinePool' && provider === 'aws' ? 1000 : 1001);
  }, 120_000);
});

describe('names derived from cluster and pool names', () => {
  const two = (a: string, poolA: string, b: string, poolB: string) => `apiVersion: fleetsim/v1alpha1
kind: Scenario
name: clash
clusters:
  - { name: ${a}, provider: docker, version: v1.34.3, workers: [{ name: ${poolA}, replicas: 1 }] }
  - { name: ${b}, provider: docker, version: v1.34.3, workers: [{ name: ${poolB}, replicas: 1 }] }
`;

  it('refuses cluster a with pool b-c beside cluster a-b with pool c (both would be a-b-c)', () => {
    const result = loadScenarioText(two('a', 'b-c', 'a-b', 'c'), 'clash.yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ line: 6, path: 'clusters[1].name' });
    expect(result.errors[0]!.message).toContain('"a-b-c"');
  });

  it('refuses a pool named control-plane in a cluster with a control plane', () => {
    const result = loadScenarioText(two('a', 'control-plane', 'b', 'md-0'), 'clash.yaml');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]!.message).toContain('"a-control-plane"');
  });

  it('accepts the same names in different namespaces', () => {
    const text = two('a', 'b-c', 'a-b', 'c').replace('{ name: a-b,', '{ name: a-b, namespace: other,');
    expect(loadScenarioText(text, 'ok.yaml').ok).toBe(true);
  });
});

describe('a sweep with a crashing run', () => {
  it('records the crash as a failed run (exit 70, its message) and runs every other task', async () => {
    const plan = planOf(smallFleet({ count: 1 }), [1, 2, 3], ['operations[0].upgrade.waves.size=1,2']);
    // A scenario the world cannot build (no zones): simulate throws for every seed of variant 1.
    const broken = plan.variants[1]!.scenario;
    broken.clusters[0]!.zones = [];
    const dir = tmp();
    const outcome = await runSweep(plan, { workers: 1, outDir: dir, formats: ['json', 'md'] });
    expect(outcome.runs).toBe(6);
    expect(outcome.crashed.count).toBe(3);
    expect(outcome.crashed.first[0]).toMatchObject({ variant: 1, seed: 1 });
    const lines = readFileSync(join(dir, 'runs.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.variant, l.exitCode])).toEqual([[0, 0], [0, 0], [0, 0], [1, 70], [1, 70], [1, 70]]);
    expect(lines[3].error).toMatch(/\S/);
    expect(outcome.crashed.first[0]!.error).toBe(lines[3].error);
    const summary = JSON.parse(readFileSync(join(dir, 'sweep.json'), 'utf8'));
    expect(summary.variants[1].exitCodes).toEqual({ 70: 3 });
    expect(readFileSync(join(dir, 'sweep.md'), 'utf8')).toContain('70 the run crashed');
  }, 120_000);
});

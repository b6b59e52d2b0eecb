import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { calibrateFiles, fitDurations, renderCalibration, type CalibrationResult } from '../../src/calibrate/index.js';
import { loadScenarioText, formatIssue } from '../../src/scenario/index.js';
import { tempDir } from '../helpers/temp.js';

const T0 = Date.parse('2026-02-01T10:00:00Z');
const iso = (s: number) => new Date(T0 + s * 1000).toISOString();

interface M { name: string; created?: number; infra?: number; node?: number; drainStart?: number; drainEnd?: number; deleting?: boolean }

function dump(machines: M[]): string {
  const items: unknown[] = [
    { apiVersion: 'cluster.x-k8s.io/v1beta2', kind: 'Cluster', metadata: { name: 'c1', namespace: 'ns', resourceVersion: '1' }, spec: { infrastructureRef: { kind: 'AWSCluster', name: 'c1' }, controlPlaneRef: { kind: 'KubeadmControlPlane', name: 'c1-cp' } } },
    { apiVersion: 'infrastructure.cluster.x-k8s.io/v1beta2', kind: 'AWSCluster', metadata: { name: 'c1', namespace: 'ns', resourceVersion: '2' }, spec: { region: 'eu-west-1' } },
  ];
  for (const m of machines) {
    const conditions = [
      ...(m.infra === undefined ? [{ type: 'InfrastructureReady', status: 'False', lastTransitionTime: iso(m.created ?? 0) }] : [{ type: 'InfrastructureReady', status: 'True', lastTransitionTime: iso(m.infra) }]),
      ...(m.node === undefined ? [] : [{ type: 'NodeHealthy', status: 'True', lastTransitionTime: iso(m.node) }]),
    ];
    items.push({
      apiVersion: 'cluster.x-k8s.io/v1beta2', kind: 'Machine',
      metadata: { name: m.name, namespace: 'ns', resourceVersion: '3', ...(m.created === undefined ? {} : { creationTimestamp: iso(m.created) }), ...(m.deleting ? { deletionTimestamp: iso(m.drainStart ?? 0) } : {}) },
      spec: { clusterName: 'c1', infrastructureRef: { kind: 'AWSMachine', name: m.name } },
      status: { conditions, ...(m.drainStart === undefined ? {} : { deletion: { nodeDrainStartTime: iso(m.drainStart), ...(m.drainEnd === undefined ? {} : { waitForNodeVolumeDetachStartTime: iso(m.drainEnd) }) } }) },
    });
    items.push({ apiVersion: 'infrastructure.cluster.x-k8s.io/v1beta2', kind: 'AWSMachine', metadata: { name: m.name, namespace: 'ns', resourceVersion: '4' }, spec: { instanceType: 'm6i.large' } });
  }
  return stringify({ apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items });
}

function calibrate(machines: M[]): { result: CalibrationResult; text: string } {
  const file = join(tempDir('fleetsim-calibrate-'), 'fleet.yaml');
  writeFileSync(file, dump(machines));
  const outcome = calibrateFiles([file]);
  if (!outcome.ok) throw new Error(outcome.errors.map(formatIssue).join('\n'));
  return { result: outcome.result, text: renderCalibration(outcome.result, ['fleet.yaml']) };
}

const healthy = (i: number): M => ({ name: `m${i}`, created: i * 100, infra: i * 100 + 20 + (i % 7), node: i * 100 + 80 + (i % 11) * 3 });

describe('calibrate: edge cases get a clear message, never a crash', () => {
  it('one sample: too few to fit, said so', () => {
    const { text } = calibrate([healthy(1)]);
    expect(text).toContain('nothing could be fitted');
    expect(text).toContain('aws boot: too few samples (1; at least 5 are needed)');
  });

  it('no completed Machines: every one still provisioning, said so with an example', () => {
    const { result, text } = calibrate([1, 2, 3].map((i) => ({ name: `p${i}`, created: i })));
    expect(result.clouds).toEqual([]);
    expect(text).toContain('boot: 3 Machines: still provisioning (InfrastructureReady is not True) (e.g. ns/p1)');
  });

  it('clock skew: a condition earlier than the creation is left out and reported', () => {
    const machines = [...[1, 2, 3, 4, 5, 6].map(healthy), { name: 'skewed', created: 1000, infra: 990, node: 1100 }];
    const { result, text } = calibrate(machines);
    expect(result.clouds.find((g) => g.step === 'boot')?.n).toBe(6);
    expect(text).toContain('boot: 1 Machine: clock skew: InfrastructureReady is earlier than the creationTimestamp (e.g. ns/skewed)');
  });

  it('Machines still provisioning or joining are reported, the rest fitted; the clouds: block validates in a scenario', () => {
    const machines = [...[1, 2, 3, 4, 5, 6, 7].map(healthy), { name: 'booting', created: 5 }, { name: 'joining', created: 5, infra: 40 }];
    const { result, text } = calibrate(machines);
    expect(result.clouds.map((g) => [g.step, g.n])).toEqual([['boot', 8], ['join', 7]]);
    expect(text).toContain('join: 1 Machine: Node not Ready yet');
    expect(text).toContain('boot: 1 Machine: still provisioning');
    const block = text.split('\n').filter((line) => !line.startsWith('#')).join('\n');
    const scenario = `apiVersion: fleetsim/v1alpha1\nkind: Scenario\nname: t\n${block}\nclusters:\n  - { name: a, provider: aws, version: v1.34.3, workers: [{ name: md, kind: MachineDeployment, replicas: 1 }] }\n`;
    const loaded = loadScenarioText(scenario, 't.yaml');
    if (!loaded.ok) throw new Error(loaded.errors.map(formatIssue).join('\n'));
    expect(loaded.scenario.clouds.aws?.instanceBoot).toMatchObject({ distribution: 'lognormal' });
  });

  it('drains: measured from nodeDrainStartTime to waitForNodeVolumeDetachStartTime; still draining and deletion say why', () => {
    const draining = [1, 2, 3, 4, 5].map((i) => ({ ...healthy(i), deleting: true, drainStart: 10_000 + i, drainEnd: 10_000 + i + 40 + i }));
    const { result, text } = calibrate([...draining, { ...healthy(9), deleting: true, drainStart: 20_000 }]);
    const drain = result.clouds.find((g) => g.step === 'drain');
    expect(drain?.n).toBe(5);
    expect(drain?.fit?.median).toBeGreaterThan(42_000);
    expect(text).toContain('drain: 1 Machine: still draining');
    expect(text).toContain('instance deletion times cannot be read from a dump');
  });

  it('no Machine objects at all: exit-2 style error naming the kubectl command', () => {
    const file = join(tempDir('fleetsim-calibrate-'), 'empty.yaml');
    writeFileSync(file, stringify({ apiVersion: 'v1', kind: 'List', items: [] }));
    const outcome = calibrateFiles([file]);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.errors[0]!.message).toContain('kubectl get machines -A -o yaml');
  });

  it('the lognormal fit recovers its parameters and its KS statistic is small on lognormal data', () => {
    const values = Array.from({ length: 150 }, (_, i) => Math.exp(Math.log(30_000) + 0.3 * Math.SQRT2 * inverseErf(2 * ((i + 0.5) / 150) - 1)));
    const fit = fitDurations(values);
    expect(fit.spec.distribution).toBe('lognormal');
    expect(Math.abs(fit.median - 30_000) / 30_000).toBeLessThan(0.01);
    expect(Math.abs(fit.p95 - 30_000 * Math.exp(1.645 * 0.3)) / fit.p95).toBeLessThan(0.03);
    expect(fit.ks).toBeLessThan(0.02);
  });
});

/** Winitzki's approximation of erf⁻¹ (relative error < 2e-3), enough for test data. */
function inverseErf(x: number): number {
  const a = 0.147;
  const ln = Math.log(1 - x * x);
  const t = 2 / (Math.PI * a) + ln / 2;
  return Math.sign(x) * Math.sqrt(Math.sqrt(t * t - ln / a) - t);
}

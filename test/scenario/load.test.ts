import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadScenarioFile, loadScenarioObject, formatIssue } from '../../src/scenario/index.js';
import type { KubeadmControlPlaneSpec, MachineDeploymentPoolSpec, MachinePoolPoolSpec } from '../../src/scenario/index.js';
import { fixture, loadOk, readFixture, scenarioYaml } from './helpers.js';
import { tempDir } from '../helpers/temp.js';

describe('loading valid scenarios', () => {
  it('loads the example of the format documentation with its generated clusters', () => {
    const result = loadScenarioFile(fixture('format-example.yaml'));
    expect(result.ok ? [] : result.errors.map(formatIssue)).toEqual([]);
    if (!result.ok) return;
    const { scenario } = result;
    expect(scenario.name).toBe('fleet-upgrade');
    expect(scenario.seed).toBe(42);
    expect(scenario.horizon).toBe(48 * 3600_000);
    // 1 explicit cluster + 20 generated ones.
    expect(scenario.clusters).toHaveLength(21);
    expect(scenario.operations.map((op) => op.kind)).toEqual(['upgrade', 'rolloutImage', 'move']);
    expect(scenario.faults.map((f) => f.kind)).toEqual(['zoneOutage', 'nodeFailures', 'nodeFailures', 'nodeFailures', 'apiBrownout', 'badImage', 'managementOutage']);
    expect(scenario.expect).toEqual([
      { metric: 'fleet.upgradeMakespan', max: 8 * 3600_000 },
      { metric: 'cluster.minAvailableRatio', min: 0.8 },
      { metric: 'mhc.shortCircuits', max: 0 },
    ]);
    const upgrade = scenario.operations[0]!;
    expect(upgrade).toMatchObject({ at: 30 * 60_000, kind: 'upgrade', version: 'v1.35.0', targets: ['eks-prod-east'] });
    if (upgrade.kind === 'upgrade') expect(upgrade.waves).toEqual({ size: 7, pauseBetween: 15 * 60_000, gate: 'healthy' });
    expect(scenario.clouds.aws).toEqual({
      api: { mutating: { bucket: 50, refillPerSecond: 5 } },
      instanceBoot: { distribution: 'lognormal', median: 55_000, p95: 120_000 },
    });
  });

  it('converts the example cluster: managed control plane, pools, health check, eviction seconds to ms', () => {
    const { scenario } = loadOk(readFixture('format-example.yaml'));
    const eks = scenario.clusters[0]!;
    expect(eks).toMatchObject({ name: 'eks-prod-east', namespace: 'fleet', provider: 'aws', region: 'us-east-1', version: 'v1.34.3', controlPlane: { managed: true } });
    const [general, batch] = eks.workers as [MachinePoolPoolSpec, MachineDeploymentPoolSpec];
    expect(general).toMatchObject({ kind: 'MachinePool', replicas: 5, instanceType: 'm6i.xlarge', maxUnavailable: 1 });
    expect(general.maxSurge).toBeUndefined();
    expect(batch).toMatchObject({ kind: 'MachineDeployment', replicas: 12, strategy: { type: 'RollingUpdate', maxSurge: '25%', maxUnavailable: 0 }, deletePolicy: 'Oldest' });
    expect(eks.healthChecks).toEqual([{
      name: 'eks-prod-east-mhc',
      targets: 'all',
      maxUnhealthy: '40%',
      nodeStartupTimeout: 600_000,
      unhealthyConditions: [{ type: 'Ready', status: 'False', timeout: 300_000 }, { type: 'Ready', status: 'Unknown', timeout: 300_000 }],
      unhealthyMachineConditions: [],
    }]);
    // evictionSeconds { uniform 5..60 } (seconds) becomes `eviction` in ms.
    expect(eks.workloads.eviction).toEqual({ distribution: 'uniform', min: 5_000, max: 60_000 });
  });

  it('applies every plain default to a minimal cluster', () => {
    const { scenario } = loadOk(readFixture('minimal.yaml'));
    expect(scenario.seed).toBe(1);
    expect(scenario.horizon).toBe(48 * 3600_000);
    expect(scenario.maxEvents).toBe(50_000_000);
    expect(scenario.startsAt).toBe('2026-01-05T00:00:00Z');
    expect(new Date(scenario.startsAtEpochMs).getUTCDay()).toBe(1); // a Monday
    expect(scenario.management.controllers).toEqual({ cluster: 50, machineDeployment: 50, machineSet: 50, machine: 100, machinePool: 50, machineHealthCheck: 50, kubeadmControlPlane: 100, infrastructure: 10 });
    expect(scenario.management.reconcileCost.machine).toEqual({ distribution: 'constant', value: 10 });
    expect(scenario.management).toMatchObject({ clientQPS: 100, clientBurst: 200, workloadClientQPS: 20, workloadClientBurst: 30, syncPeriod: 600_000, reconcileInterval: 1_000, mhcReconcileInterval: 15_000, maxErrorBackoff: 1_000_000, machineSetPreflightChecks: true });
    expect(scenario.observe).toEqual({ cloudCallEvents: 'all', cloudCallSampleRate: 0.01 });
    expect(scenario.operations).toEqual([]);
    expect(scenario.faults).toEqual([]);
    const dev = scenario.clusters[0]!;
    expect(dev).toMatchObject({ namespace: 'default', account: 'default', region: 'local', zones: ['local-a', 'local-b', 'local-c'], paused: false, image: 'docker-v1.34.3', labels: {}, workers: [], healthChecks: [], topology: { upgradeConcurrency: 1 } });
    const cp = dev.controlPlane as KubeadmControlPlaneSpec;
    expect(cp).toEqual({ managed: false, replicas: 1, maxSurge: 1, instanceType: 'docker', remediation: { retryPeriod: 0, minHealthyPeriod: 3_600_000 }, nodeDrainTimeout: 0, nodeVolumeDetachTimeout: 0, nodeDeletionTimeout: 10_000 });
    expect(dev.workloads).toEqual({ podsPerNode: 30, pdbMaxUnavailable: 1, eviction: { distribution: 'uniform', min: 5_000, max: 60_000 }, volumesPerNode: 0, volumeDetach: { distribution: 'uniform', min: 5_000, max: 30_000 } });
  });

  it('defaults MachineDeployment and MachinePool fields as CAPI does', () => {
    const { scenario } = loadOk(scenarioYaml(`clusters:
  - name: c
    provider: aws
    version: v1.34.3
    workers:
      - name: md
      - name: mp
        kind: MachinePool
`));
    const [md, mp] = scenario.clusters[0]!.workers as [MachineDeploymentPoolSpec, MachinePoolPoolSpec];
    expect(md).toEqual({
      name: 'md', kind: 'MachineDeployment', replicas: 1, instanceType: 'm6i.xlarge', zones: ['us-east-1a', 'us-east-1b', 'us-east-1c'], labels: {}, annotations: {},
      deferUpgrade: false, holdUpgradeSequence: false, failureDomains: [], strategy: { type: 'RollingUpdate', maxSurge: 1, maxUnavailable: 0 }, deletePolicy: 'Random', minReadySeconds: 0,
      nodeDrainTimeout: 0, nodeVolumeDetachTimeout: 0, nodeDeletionTimeout: 10_000, remediation: {},
    });
    expect(mp).toEqual({ name: 'mp', kind: 'MachinePool', replicas: 1, instanceType: 'm6i.xlarge', zones: ['us-east-1a', 'us-east-1b', 'us-east-1c'], labels: {}, annotations: {}, deferUpgrade: false, holdUpgradeSequence: false });
  });

  it('derives region, zones and instance types per provider', () => {
    const { scenario } = loadOk(scenarioYaml(`clusters:
  - { name: a, provider: aws, version: v1.34.3, workers: [{ name: w }] }
  - { name: z, provider: azure, version: v1.34.3, workers: [{ name: w }] }
  - { name: g, provider: gcp, version: v1.34.3, region: europe-west4, workers: [{ name: w }] }
`));
    expect(scenario.clusters.map((c) => [c.region, c.zones, c.workers[0]!.instanceType])).toEqual([
      ['us-east-1', ['us-east-1a', 'us-east-1b', 'us-east-1c'], 'm6i.xlarge'],
      ['westeurope', ['westeurope-1', 'westeurope-2', 'westeurope-3'], 'Standard_D4s_v5'],
      ['europe-west4', ['europe-west4-a', 'europe-west4-b', 'europe-west4-c'], 'e2-standard-4'],
    ]);
  });

  it('reads the topology annotations and upgrade concurrency', () => {
    const { scenario } = loadOk(scenarioYaml(`clusters:
  - name: c
    provider: gcp
    version: v1.34.3
    topology: { upgradeConcurrency: 2 }
    workers:
      - name: a
        annotations: { "topology.cluster.x-k8s.io/defer-upgrade": "" }
      - name: b
        annotations: { "topology.cluster.x-k8s.io/hold-upgrade-sequence": "true" }
`));
    const c = scenario.clusters[0]!;
    expect(c.topology.upgradeConcurrency).toBe(2);
    expect(c.workers.map((w) => [w.deferUpgrade, w.holdUpgradeSequence])).toEqual([[true, false], [false, true]]);
  });

  it('loads JSON files too', () => {
    const result = loadScenarioFile(fixture('minimal.json'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.scenario.horizon).toBe(12 * 3600_000);
    expect(result.scenario.clusters[0]!.workers[0]!.replicas).toBe(2);
  });

  it('loads plain objects with loadScenarioObject (positions 0:0)', () => {
    const good = loadScenarioObject({ apiVersion: 'fleetsim/v1alpha1', kind: 'Scenario', name: 'obj', clusters: [{ name: 'a', provider: 'docker', version: 'v1.34.3' }] }, 'object');
    expect(good.ok).toBe(true);
    const bad = loadScenarioObject({ apiVersion: 'fleetsim/v1alpha1', kind: 'Scenario', name: 'obj', clusters: [{ name: 'a', provider: 'docker', version: '1.34' }] }, 'object');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors).toEqual([{ file: 'object', line: 0, column: 0, path: 'clusters[0].version', message: expect.stringContaining('expected a version such as v1.34.3') }]);
  });

  it('reports a missing file as an issue', () => {
    const result = loadScenarioFile('/nonexistent/scenario.yaml');
    expect(result).toMatchObject({ ok: false, errors: [{ file: '/nonexistent/scenario.yaml', message: 'file not found' }] });
  });

  it('resolves durations, int-or-percent and condition statuses written in several forms', () => {
    const { scenario } = loadOk(scenarioYaml(`horizon: 90000
clusters:
  - name: c
    provider: aws
    version: v1.34.3
    workers: [{ name: w, strategy: { maxSurge: "50%", maxUnavailable: 2 }, nodeDrainTimeout: 1h30m }]
    healthCheck:
      unhealthyConditions:
        - { type: Ready, status: False, timeout: 90s }
        - { type: Ready, status: "Unknown", timeout: 300000 }
`));
    expect(scenario.horizon).toBe(90_000);
    const w = scenario.clusters[0]!.workers[0] as MachineDeploymentPoolSpec;
    expect(w.strategy).toEqual({ type: 'RollingUpdate', maxSurge: '50%', maxUnavailable: 2 });
    expect(w.nodeDrainTimeout).toBe(5_400_000);
    expect(scenario.clusters[0]!.healthChecks[0]!.unhealthyConditions).toEqual([
      { type: 'Ready', status: 'False', timeout: 90_000 },
      { type: 'Ready', status: 'Unknown', timeout: 300_000 },
    ]);
  });

  it('reads files from disk with positions', () => {
    const dir = tempDir('fleetsim-scenario-');
    const path = join(dir, 's.yaml');
    writeFileSync(path, scenarioYaml('clusters:\n  - name: Bad\n    provider: docker\n    version: v1.34.3\n'));
    const result = loadScenarioFile(path);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(formatIssue(result.errors[0]!)).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:5:11: clusters\\[0\\]\\.name: expected an RFC 1123 name`));
  });
});

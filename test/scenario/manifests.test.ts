import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import {
  formatIssue,
  importManifests,
  loadScenarioFile,
  loadScenarioText,
  manifestsToScenarioYaml,
  registerManifestImporter,
  substituteVariables,
  importManifestClusters,
  type ClusterSpec,
  type KubeadmControlPlaneSpec,
  type MachineDeploymentPoolSpec,
  type MachinePoolPoolSpec,
} from '../../src/scenario/index.js';
import { fixture } from './helpers.js';

const seeds = ['eks-prod-east.yaml', 'aks-prod-westeu.yaml', 'gke-prod-central.yaml'].map((f) => fixture(`seed-manifests/${f}`));
const env = { KUBERNETES_VERSION: 'v1.34.1' };

function importOk(paths: string[], options: Parameters<typeof importManifests>[1] = { env: {} }): ClusterSpec[] {
  const result = importManifests(paths, options);
  if (!result.ok) throw new Error(result.errors.map(formatIssue).join('\n'));
  return result.clusters;
}

describe('CAPI manifest import: the seed manifests (EKS, AKS, GKE managed mode)', () => {
  const [eks, aks, gke] = importOk(seeds) as [ClusterSpec, ClusterSpec, ClusterSpec];

  it('imports the EKS cluster with its node group and health check', () => {
    expect(eks).toMatchObject({ name: 'eks-prod-east', namespace: 'fleet', provider: 'aws', region: 'us-east-1', version: 'v1.34.3', controlPlane: { managed: true } });
    expect(eks.workers).toHaveLength(1);
    const pool = eks.workers[0] as MachinePoolPoolSpec;
    expect(pool).toMatchObject({ name: 'eks-prod-east-workers', kind: 'MachinePool', replicas: 5, instanceType: 'm6i.xlarge', minSize: 3, maxSize: 20, maxUnavailable: 1 });
    expect(eks.healthChecks).toEqual([{
      name: 'eks-prod-east-health',
      targets: 'all',
      maxUnhealthy: '40%',
      nodeStartupTimeout: 600_000,
      unhealthyConditions: [
        { type: 'Ready', status: 'False', timeout: 300_000 },
        { type: 'Ready', status: 'Unknown', timeout: 300_000 },
        { type: 'MemoryPressure', status: 'True', timeout: 180_000 },
        { type: 'DiskPressure', status: 'True', timeout: 180_000 },
      ],
      unhealthyMachineConditions: [],
    }]);
    expect(eks.manifestsFrom).toBe(seeds[0]);
  });

  it('imports the AKS cluster: location, subscription, agent pool', () => {
    expect(aks).toMatchObject({ name: 'aks-prod-westeu', provider: 'azure', region: 'westeurope', account: '00000000-0000-0000-0000-000000000000', version: 'v1.34.3', controlPlane: { managed: true } });
    expect(aks.workers).toEqual([expect.objectContaining({ name: 'aks-prod-westeu-pool1', kind: 'MachinePool', replicas: 3, instanceType: 'Standard_D4s_v5', minSize: 3, maxSize: 15 })]);
    expect(aks.healthChecks).toEqual([]);
  });

  it('imports the GKE cluster: location, project, node pool', () => {
    expect(gke).toMatchObject({ name: 'gke-prod-central', provider: 'gcp', region: 'us-central1', account: 'company-prod', version: 'v1.34.3', controlPlane: { managed: true } });
    expect(gke.workers).toEqual([expect.objectContaining({ name: 'gke-prod-central-pool1', kind: 'MachinePool', replicas: 3, instanceType: 'e2-standard-4', minSize: 3, maxSize: 15 })]);
  });

  it('reports no errors and no ignored kinds for the seeds', () => {
    const result = importManifests(seeds, { env: {} });
    expect(result.ok && result.warnings).toEqual([]);
  });
});

describe('CAPI manifest import: v1beta1 and v1beta2 field names', () => {
  it('reads a v1beta2 KubeadmControlPlane cluster, its MachineDeployment and MachineHealthChecks', () => {
    const [cluster] = importOk([fixture('manifests/kcp-v1beta2.yaml')], { env }) as [ClusterSpec];
    expect(cluster).toMatchObject({ name: 'capa-prod', namespace: 'fleet', labels: { env: 'prod' }, provider: 'aws', region: 'eu-west-1', version: 'v1.34.1', topology: { upgradeConcurrency: 2 } });
    expect(cluster.zones).toEqual(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
    expect(cluster.controlPlane as KubeadmControlPlaneSpec).toEqual({
      managed: false, replicas: 3, maxSurge: 0, instanceType: 'm6i.large',
      remediation: { maxRetry: 5, retryPeriod: 300_000, minHealthyPeriod: 7_200_000 },
      nodeDrainTimeout: 600_000, nodeVolumeDetachTimeout: 0, nodeDeletionTimeout: 10_000,
    });
    const md = cluster.workers[0] as MachineDeploymentPoolSpec;
    expect(md).toMatchObject({
      name: 'capa-prod-md-0', kind: 'MachineDeployment', replicas: 4, instanceType: 'm6i.2xlarge', zones: ['eu-west-1b'], deferUpgrade: true,
      strategy: { type: 'RollingUpdate', maxSurge: '25%', maxUnavailable: 1 }, deletePolicy: 'Oldest', minReadySeconds: 30,
      nodeDrainTimeout: 900_000, nodeDeletionTimeout: 20_000, remediation: { maxInFlight: 2 },
    });
    expect(cluster.healthChecks).toEqual([
      {
        name: 'capa-prod-workers', targets: 'workers', pools: ['capa-prod-md-0'], maxUnhealthy: '100%', unhealthyRange: { min: 0, max: 2, text: '[0-2]' },
        nodeStartupTimeout: 900_000, unhealthyConditions: [{ type: 'Ready', status: 'Unknown', timeout: 300_000 }],
        unhealthyMachineConditions: [{ type: 'Ready', status: 'False', timeout: 600_000 }], remediationTemplate: { kind: 'AWSRemediationTemplate', name: 'reboot' },
      },
      { name: 'capa-prod-cp', targets: 'controlPlane', maxUnhealthy: 1, nodeStartupTimeout: 600_000, unhealthyConditions: [], unhealthyMachineConditions: [] },
    ]);
  });

  it('lists kinds it does not model as ignored, never as errors', () => {
    const result = importManifests([fixture('manifests/kcp-v1beta2.yaml')], { env });
    expect(result.ok).toBe(true);
    expect(result.warnings.map((w) => w.message)).toEqual(['ignored kinds fleetsim does not model: ConfigMap (2), KubeadmConfigTemplate, Secret']);
  });

  it('reads a v1beta1 KubeadmControlPlane cluster with Go durations and skips owned MachineSets', () => {
    const [cluster] = importOk([fixture('manifests/kcp-v1beta1.yaml')]) as [ClusterSpec];
    expect(cluster).toMatchObject({ name: 'capz-dev', namespace: 'default', provider: 'azure', region: 'northeurope', account: 'sub-1', version: 'v1.33.5', paused: true });
    expect(cluster.controlPlane).toMatchObject({ replicas: 1, maxSurge: 1, instanceType: 'Standard_D2s_v3', remediation: { maxRetry: 3, retryPeriod: 300_000, minHealthyPeriod: 7_200_000 }, nodeDrainTimeout: 600_000 });
    expect(cluster.workers).toHaveLength(1);
    expect(cluster.workers[0]).toMatchObject({ name: 'capz-dev-md', replicas: 2, instanceType: 'Standard_D8s_v5', strategy: { type: 'RollingUpdate', maxSurge: 0, maxUnavailable: 1 }, deletePolicy: 'Newest', minReadySeconds: 10, nodeDrainTimeout: 300_000 });
  });

  it('reads ClusterClass topology clusters: provider from the class, pools, annotations, health checks', () => {
    const [cluster] = importOk([fixture('manifests/topology.yaml')]) as [ClusterSpec];
    expect(cluster).toMatchObject({ name: 'dev-topology', namespace: 'dev', provider: 'docker', version: 'v1.34.3', topology: { upgradeConcurrency: 3 }, controlPlane: { managed: false, replicas: 3 } });
    expect(cluster.workers.map((w) => [w.name, w.replicas, w.holdUpgradeSequence])).toEqual([['md-0', 4, false], ['md-1', 2, true]]);
    expect(cluster.healthChecks).toEqual([expect.objectContaining({ name: 'dev-topology-md-1-mhc', targets: 'workers', pools: ['md-1'], maxUnhealthy: '33%', nodeStartupTimeout: 1_200_000, unhealthyConditions: [{ type: 'Ready', status: 'False', timeout: 300_000 }] })]);
  });
});

describe('CAPI manifest import: variables and bad references', () => {
  it('substitutes ${VAR}, ${VAR:=default}, ${VAR=default} and $$', () => {
    const lookup = (name: string) => ({ A: 'a', EMPTY: '' } as Record<string, string>)[name];
    expect(substituteVariables('${A} ${B:=b} ${EMPTY:=e} ${EMPTY=e} ${EMPTY:-x} ${C-c} $$HOME', lookup)).toEqual({ text: 'a b e  x c $HOME', missing: [] });
    expect(substituteVariables('x: ${MISSING}\ny: ${A}', lookup).missing).toEqual([{ name: 'MISSING', offset: 3 }]);
  });

  it('names a missing variable with its position, and takes scenario variables before the environment', () => {
    const file = fixture('manifests/missing-variable.yaml');
    const missing = importManifests([file], { env: {} });
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.errors).toEqual([{ file, line: 15, column: 11, path: '', message: expect.stringContaining('variable AWS_REGION is not set') }]);
    const fromEnv = importOk([file], { env: { AWS_REGION: 'ap-south-1' } });
    expect(fromEnv[0]).toMatchObject({ region: 'ap-south-1', version: 'v1.34.3' });
    const both = importOk([file], { variables: { AWS_REGION: 'eu-central-1', KUBERNETES_VERSION: 'v1.35.0' }, env: { AWS_REGION: 'ap-south-1' } });
    expect(both[0]).toMatchObject({ region: 'eu-central-1', version: 'v1.35.0' });
  });

  it('refuses references to missing objects, pointing at the reference', () => {
    const file = fixture('manifests/broken-refs.yaml');
    const result = importManifests([file], { env: {} });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => [e.line, e.column, e.path, e.message])).toEqual([
      [8, 5, 'Cluster/fleet/broken.spec.controlPlaneRef', 'refers to AWSManagedControlPlane fleet/does-not-exist, which is not in the manifests'],
      [18, 16, 'MachineDeployment/fleet/orphan.spec.clusterName', 'refers to Cluster fleet/nobody, which is not in the manifests'],
    ]);
  });

  it('refuses a missing manifest file and broken YAML without throwing', () => {
    const result = importManifests(['/nonexistent/manifest.yaml'], { env: {} });
    expect(result).toMatchObject({ ok: false, errors: [{ message: 'manifest file not found' }] });
  });
});

describe('manifests in a scenario and fleetsim import', () => {
  it('loads `manifests:` entries relative to the scenario file, with labels and references', () => {
    const result = loadScenarioFile(fixture('with-manifests.yaml'), { env: {} });
    if (!result.ok) throw new Error(result.errors.map(formatIssue).join('\n'));
    const { scenario } = result;
    expect(scenario.clusters.map((c) => [c.name, c.provider])).toEqual([['eks-prod-east', 'aws'], ['aks-prod-westeu', 'azure'], ['gke-prod-central', 'gcp'], ['capa-prod', 'aws'], ['local', 'docker']]);
    // labels from the entry are added to the imported cluster's own labels.
    expect(scenario.clusters[0]!.labels).toEqual({ env: 'prod' });
    expect(scenario.clusters[3]!.labels).toEqual({ env: 'prod' });
    expect(scenario.clusters[3]!.version).toBe('v1.34.3'); // KUBERNETES_VERSION from the scenario's variables
    expect(scenario.operations[0]).toMatchObject({ kind: 'upgrade', targets: ['eks-prod-east', 'capa-prod'] });
    expect(scenario.clusters[1]!.manifestsFrom).toBe(fixture('seed-manifests/aks-prod-westeu.yaml'));
  });

  it('reports a clear error for `manifests:` when no importer is registered', () => {
    registerManifestImporter(undefined);
    try {
      const result = loadScenarioText('apiVersion: fleetsim/v1alpha1\nkind: Scenario\nname: x\nclusters:\n  - manifests: a.yaml\n', 'x.yaml');
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.errors[0]).toMatchObject({ line: 5, column: 16, path: 'clusters[0].manifests', message: expect.stringContaining('no importer registered') });
    } finally {
      registerManifestImporter(importManifestClusters);
    }
  });

  it('reports manifest errors from a scenario with the manifest\'s own position', () => {
    const text = `apiVersion: fleetsim/v1alpha1\nkind: Scenario\nname: x\nclusters:\n  - manifests: ${fixture('manifests/missing-variable.yaml')}\n`;
    const result = loadScenarioText(text, 'x.yaml', { env: {} });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toMatchObject({ file: fixture('manifests/missing-variable.yaml'), line: 15, message: expect.stringContaining('AWS_REGION') });
  });

  it('writes a scenario YAML that loads back to the same clusters', () => {
    const paths = [...seeds, fixture('manifests/kcp-v1beta2.yaml'), fixture('manifests/kcp-v1beta1.yaml'), fixture('manifests/topology.yaml')];
    const written = manifestsToScenarioYaml(paths, { env, name: 'imported-fleet' });
    if (!written.ok) throw new Error(written.errors.map(formatIssue).join('\n'));
    expect(written.yaml).toContain('name: imported-fleet');
    const loaded = loadScenarioText(written.yaml, 'imported.yaml');
    if (!loaded.ok) throw new Error(loaded.errors.map(formatIssue).join('\n'));
    const strip = (clusters: ClusterSpec[]) => clusters.map(({ manifestsFrom: _, ...rest }) => rest);
    expect(strip(loaded.scenario.clusters)).toEqual(strip(importOk(paths, { env })));
  });

  it('keeps the seed manifests byte-for-byte as copied from the examples', () => {
    for (const file of seeds) expect(readFileSync(file, 'utf8')).toMatch(/^# (AWS EKS|Azure AKS|GCP GKE) cluster via CAP[AZG] in managed mode \(as in the seed module\)\n/);
  });
});

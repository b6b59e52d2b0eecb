import { describe, expect, it } from 'vitest';
import { importManifests, loadScenarioText, manifestsToScenarioYaml, formatIssue } from '../../src/scenario/index.js';
import { simulate } from '../../src/simulate.js';
import { fixture } from './helpers.js';

const dump = fixture('live/fleet-dump.yaml');

describe('import of a live kubectl dump (kind: List, status, managedFields, ownerReferences, two namespaces, v1beta1 and v1beta2)', () => {
  it('imports both clusters as they are: versions, replicas, failure domains, MHC settings, instance types', () => {
    const result = importManifests([dump], { env: {} });
    if (!result.ok) throw new Error(result.errors.map(formatIssue).join('\n'));
    const [east, weu] = result.clusters;
    expect(east).toMatchObject({ name: 'prod-east', namespace: 'team-a', provider: 'aws', region: 'us-east-1', version: 'v1.34.3', labels: { env: 'prod' } });
    expect(east!.zones).toEqual(['us-east-1a', 'us-east-1b', 'us-east-1c']);
    expect(east!.controlPlane).toMatchObject({ replicas: 3, instanceType: 'm6i.large' });
    // The MachineSet owned by the MachineDeployment is not a second pool.
    expect(east!.workers).toEqual([expect.objectContaining({ name: 'prod-east-md-0', kind: 'MachineDeployment', replicas: 6, instanceType: 'm6i.xlarge' })]);
    expect(east!.healthChecks).toEqual([expect.objectContaining({ maxUnhealthy: '40%', nodeStartupTimeout: 600_000, pools: ['prod-east-md-0'] })]);
    expect(weu).toMatchObject({ name: 'stage-weu', namespace: 'team-b', provider: 'azure', region: 'westeurope', version: 'v1.33.6' });
    expect(weu!.zones).toEqual(['westeurope-1', 'westeurope-2', 'westeurope-3']);
    expect(weu!.workers).toEqual([expect.objectContaining({ replicas: 2, instanceType: 'Standard_D4s_v3', nodeDrainTimeout: 300_000 })]);
  });

  it('drops the labels CAPI sets, keeps the user\'s, and reads `${…}` in live objects as content, not variables', () => {
    const result = importManifests([dump], { env: {} });
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.clusters[0]!.labels).toEqual({ env: 'prod' });
    // Machines, AWSMachines and KubeadmConfigTemplates are listed, never errors.
    expect(result.warnings.map((w) => w.message)).toContainEqual(expect.stringContaining('ignored kinds fleetsim does not model: AWSMachine, KubeadmConfigTemplate, Machine'));
  });

  it('writes a scenario that validates and runs', { timeout: 60_000 }, () => {
    const written = manifestsToScenarioYaml([dump], { env: {}, name: 'live' });
    if (!written.ok) throw new Error(written.errors.map(formatIssue).join('\n'));
    const upgrade = written.yaml.replace('operations: []', 'operations:\n  - at: 5m\n    upgrade: { clusters: { names: [prod-east] }, version: v1.35.0 }');
    const loaded = loadScenarioText(upgrade, 'live.yaml');
    if (!loaded.ok) throw new Error(loaded.errors.map(formatIssue).join('\n'));
    const result = simulate(loaded.scenario, { keepEvents: false });
    expect(result.summary.settled).toBe(true);
    expect(result.summary.fleet.clustersUpgraded).toBe(1);
  });
});

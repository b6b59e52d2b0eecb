import { describe, expect, it } from 'vitest';
import { resolveClusterSelector } from '../../src/scenario/index.js';
import { errorAt, errorsOf, loadOk, scenarioYaml } from './helpers.js';

const fleet = `clusters:
  - name: eks-a
    labels: { env: prod, cloud: aws }
    provider: aws
    version: v1.34.3
    controlPlane: { managed: true }
    workers: [{ name: general, kind: MachinePool, replicas: 3 }]
  - name: capi-b
    labels: { env: prod }
    provider: gcp
    version: v1.34.3
    controlPlane: { replicas: 3 }
    workers: [{ name: md-0, replicas: 4 }, { name: batch }]
  - name: dev-c
    labels: { env: dev }
    provider: docker
    version: v1.33.5
    workers: [{ name: md-0 }]
`;

describe('references across the fleet', () => {
  it('resolves selectors to cluster names in file order', () => {
    const { scenario } = loadOk(scenarioYaml(`${fleet}operations:
  - { at: 1h, upgrade: { clusters: { matchLabels: { env: prod } }, version: v1.35.0 } }
  - { at: 2h, pause: { clusters: { names: [dev-c, eks-a] } } }
  - { at: 3h, resume: { clusters: { matchLabels: {} } } }
  - { at: 4h, scale: { clusters: { names: [capi-b], matchLabels: { env: dev } }, pool: md-0, replicas: 2 } }
`));
    expect(scenario.operations.map((op) => ('targets' in op ? op.targets : []))).toEqual([
      ['eks-a', 'capi-b'],
      ['eks-a', 'dev-c'],
      ['eks-a', 'capi-b', 'dev-c'],
      [],
    ]);
    expect(resolveClusterSelector(scenario, { matchLabels: { cloud: 'aws' } })).toEqual(['eks-a']);
    expect(resolveClusterSelector(scenario, { names: ['dev-c'], matchLabels: { env: 'prod' } })).toEqual([]);
  });

  it('refuses names of clusters that do not exist, with did-you-mean', () => {
    const errors = errorsOf(scenarioYaml(`${fleet}operations:
  - { at: 1h, upgrade: { clusters: { names: [capi-c] }, version: v1.35.0 } }
faults:
  - { at: 1h, partition: { clusters: { names: [nowhere] } } }
`));
    expect(errorAt(errors, 'operations[0].upgrade.clusters.names[0]').message).toBe('cluster "capi-c" does not exist (did you mean "capi-b"?)');
    expect(errorAt(errors, 'faults[0].partition.clusters.names[0]').message).toBe('cluster "nowhere" does not exist');
  });

  it('warns when a label selector matches nothing', () => {
    const { warnings } = loadOk(scenarioYaml(`${fleet}operations:
  - { at: 1h, pause: { clusters: { matchLabels: { env: staging } } } }
`));
    expect(warnings.map((w) => [w.path, w.message])).toEqual([['operations[0].pause.clusters', 'the selector matches no cluster (labels {"env":"staging"})']]);
  });

  it('refuses pools that do not exist in the selected clusters', () => {
    const errors = errorsOf(scenarioYaml(`${fleet}operations:
  - { at: 1h, scale: { clusters: { matchLabels: { env: prod } }, pool: md-0, replicas: 5 } }
  - { at: 2h, rolloutImage: { clusters: { names: [capi-b] }, image: ami-1, pools: [md-0, bach] } }
faults:
  - { nodeFailures: { clusters: { names: [dev-c] }, pool: general, count: 1, mode: crash } }
  - { at: 1h, drainBlocker: { clusters: { names: [capi-b] }, pool: md0 } }
`));
    expect(errorAt(errors, 'operations[0].scale.pool').message).toBe('pool "md-0" does not exist in cluster eks-a (pools there: general)');
    expect(errorAt(errors, 'operations[1].rolloutImage.pools[1]').message).toContain('(did you mean "batch"?)');
    expect(errorAt(errors, 'faults[0].nodeFailures.pool').message).toContain('does not exist in cluster dev-c');
    expect(errorAt(errors, 'faults[1].drainBlocker.pool').message).toContain('did you mean "md-0"?');
  });

  it('refuses worker zones outside the cluster and fault zones outside the fleet', () => {
    const errors = errorsOf(scenarioYaml(`clusters:
  - name: a
    provider: aws
    version: v1.34.3
    zones: [us-east-1a, us-east-1b]
    workers: [{ name: w, zones: [us-east-1a, us-east-1c] }]
`));
    expect(errorAt(errors, 'clusters[0].workers[0].zones[1]').message).toContain('zone "us-east-1c" is not one of the cluster\'s zones (us-east-1a, us-east-1b)');
    const faultErrors = errorsOf(scenarioYaml(`${fleet}faults:
  - { at: 1h, zoneOutage: { zone: us-east-1x } }
  - { at: 1h, capacityShortage: { cloud: gcp, zone: us-east-1a } }
`));
    expect(errorAt(faultErrors, 'faults[0].zoneOutage.zone').message).toContain('did you mean "us-east-1a"?');
    expect(errorAt(faultErrors, 'faults[1].capacityShortage.zone').message).toContain('is not a zone of any gcp cluster');
  });

  it('refuses duplicate cluster, pool and health check names', () => {
    const errors = errorsOf(scenarioYaml(`clusters:
  - name: a
    provider: aws
    version: v1.34.3
    workers: [{ name: w }, { name: w }]
    healthChecks: [{ name: h }, { name: h }]
  - { name: a, provider: gcp, version: v1.34.3 }
`));
    expect(errorAt(errors, 'clusters[0].workers[1].name').message).toBe('duplicate pool name "w"');
    expect(errorAt(errors, 'clusters[0].healthChecks[1].name').message).toBe('duplicate health check name "h"');
    expect(errorAt(errors, 'clusters[1].name').message).toContain('duplicate cluster name "a"');
  });

  it('refuses an upgrade to a lower version, comparing with earlier upgrades in time order', () => {
    const errors = errorsOf(scenarioYaml(`${fleet}operations:
  - { at: 5h, upgrade: { clusters: { names: [capi-b] }, version: v1.35.2 } }
  - { at: 1h, upgrade: { clusters: { names: [capi-b] }, version: v1.36.0 } }
  - { at: 1h, upgrade: { clusters: { names: [dev-c] }, version: v1.33.1 } }
`));
    // The v1.36.0 upgrade happens first (1h), so the later v1.35.2 one (5h) would be a downgrade.
    expect(errorAt(errors, 'operations[0].upgrade.version').message).toBe('expected a version at least the clusters\' current one: v1.35.2 is lower than v1.36.0 of capi-b (downgrades are not supported)');
    expect(errorAt(errors, 'operations[2].upgrade.version').message).toContain('v1.33.1 is lower than v1.33.5 of dev-c');
  });

  it('refuses versions without the v prefix in operations', () => {
    expect(errorAt(errorsOf(scenarioYaml(`${fleet}operations:\n  - { at: 1h, upgrade: { clusters: { names: [capi-b] }, version: 1.35.0 } }\n`)), 'operations[0].upgrade.version').message)
      .toContain('add the "v" prefix');
  });

  it('resolves wave plans, canaries and maintenance windows', () => {
    const { scenario } = loadOk(scenarioYaml(`${fleet}operations:
  - at: 30m
    upgrade:
      clusters: { matchLabels: { env: prod } }
      version: v1.35.0
      waves:
        size: 50%
        canary: { names: [capi-b] }
        byLabel: env
        gate: { noShortCircuit: true, maxRemediations: 2 }
        maxConcurrentClusters: 2
        maintenanceWindow: { days: [Sat, Sun], start: "22:00", end: "04:30" }
`));
    const op = scenario.operations[0]!;
    expect(op.kind === 'upgrade' && op.waves).toEqual({
      size: '50%', canary: { names: ['capi-b'] }, byLabel: 'env', pauseBetween: 0, gate: { noShortCircuit: true, maxRemediations: 2 }, maxConcurrentClusters: 2,
      maintenanceWindow: { days: ['Sat', 'Sun'], start: '22:00', end: '04:30', startMinute: 1320, endMinute: 270 },
    });
  });

  it('refuses canaries outside the upgrade and malformed windows', () => {
    const errors = errorsOf(scenarioYaml(`${fleet}operations:
  - at: 30m
    upgrade:
      clusters: { matchLabels: { env: prod } }
      version: v1.35.0
      waves: { canary: { names: [dev-c] }, maintenanceWindow: { days: [Sat], start: "04:30", end: "04:30" } }
`));
    expect(errorAt(errors, 'operations[0].upgrade.waves.canary').message).toBe('canary cluster dev-c is not among the clusters this upgrade selects');
    expect(errorAt(errors, 'operations[0].upgrade.waves.maintenanceWindow.end').message).toContain('the window would be empty');
  });

  it('refuses malformed maintenance windows', () => {
    const errors = errorsOf(scenarioYaml(`${fleet}operations:
  - at: 30m
    upgrade:
      clusters: { matchLabels: { env: prod } }
      version: v1.35.0
      waves: { maintenanceWindow: { days: [Sa], start: "25:00", end: "04:30" } }
`));
    expect(errorAt(errors, 'operations[0].upgrade.waves.maintenanceWindow.days[0]').message).toContain('did you mean "Sat"?');
    expect(errorAt(errors, 'operations[0].upgrade.waves.maintenanceWindow.start').message).toContain('expected a time HH:MM');
  });

  it('refuses control plane node failures on managed control planes', () => {
    const errors = errorsOf(scenarioYaml(`${fleet}faults:
  - { at: 1h, nodeFailures: { clusters: { names: [eks-a] }, controlPlane: true, count: 1, mode: kernelPanic } }
`));
    expect(errorAt(errors, 'faults[0].nodeFailures.controlPlane').message).toContain('managed control plane');
  });

  it('resolves faults: default at 0, targets, optional fields', () => {
    const { scenario, warnings } = loadOk(scenarioYaml(`${fleet}faults:
  - nodeFailures: { ratePerNodeHour: 0.0005, mode: crash }
  - { at: 3h, nodeFailures: { clusters: { names: [capi-b] }, pool: batch, count: 3, mode: notReady, for: 10m } }
  - { at: 1h, apiBrownout: { cloud: azure, errorRate: 0.3, for: 20m } }
  - { at: 8h, managementOutage: { for: 12h } }
`));
    expect(scenario.faults).toEqual([
      { at: 0, index: 0, kind: 'nodeFailures', targets: ['eks-a', 'capi-b', 'dev-c'], controlPlane: false, ratePerNodeHour: 0.0005, mode: 'crash' },
      { at: 3 * 3600_000, index: 1, kind: 'nodeFailures', clusters: { names: ['capi-b'] }, targets: ['capi-b'], pool: 'batch', controlPlane: false, count: 3, mode: 'notReady', for: 600_000 },
      { at: 3600_000, index: 2, kind: 'apiBrownout', cloud: 'azure', errorRate: 0.3, for: 1_200_000 },
      { at: 8 * 3600_000, index: 3, kind: 'managementOutage', for: 12 * 3600_000 },
    ]);
    expect(warnings.map((w) => w.message)).toEqual(['no cluster runs on azure: this fault affects nothing']);
  });

  it('warns about operations after the horizon', () => {
    const { warnings } = loadOk(scenarioYaml(`horizon: 2h\n${fleet}operations:\n  - { at: 3h, pause: { clusters: { names: [dev-c] } } }\n`));
    expect(warnings.map((w) => w.path)).toEqual(['operations[0].at']);
  });

  it('refuses a health check on a missing pool or on a managed control plane', () => {
    const errors = errorsOf(scenarioYaml(`clusters:
  - name: a
    provider: aws
    version: v1.34.3
    controlPlane: { managed: true }
    workers: [{ name: w }]
    healthChecks: [{ pools: [x] }, { targets: controlPlane }]
`));
    expect(errorAt(errors, 'clusters[0].healthChecks[0].pools[0]').message).toContain('pool "x" does not exist in cluster a');
    expect(errorAt(errors, 'clusters[0].healthChecks[1].targets').message).toContain('managed control plane');
  });
});

/**
 * Issue 12 case 1: zones of Machines. A MachineDeployment has one failure domain or none; with
 * none the provider places the Machine: CAPA the first private subnet
 * (cluster-api-provider-aws pkg/cloud/services/ec2/instances.go `findSubnet`), CAPG the first
 * sorted zone (cluster-api-provider-gcp cloud/scope/machine.go `Zone`), CAPZ a regional VM
 * (cluster-api-provider-azure azure/scope/machine.go `AvailabilityZone`). `zones: [a, b, c]` on a
 * MachineDeployment is one MachineDeployment per zone, upgraded under the topology's
 * upgradeConcurrency; MachinePools spread and, when a zone dies, launch into the healthy ones.
 */

import { describe, expect, it } from 'vitest';
import { simulate, type SimulationResult } from '../../src/simulate.js';
import { ofType } from '../../src/timeline/index.js';
import { loadScenarioText } from '../../src/scenario/index.js';
import { scenarioFromYaml } from '../helpers/scenario.js';
import { ZONE_AVOIDANCE, ZoneBalance } from '../../src/cloud/node-pools/zone-balance.js';

const OUTAGE_AT = 30 * 60_000;
const OUTAGE_FOR = 45 * 60_000;

function run(provider: string, zones: string, pool: string, extra = '', controlPlane = '{ replicas: 3 }'): SimulationResult {
  return simulate(scenarioFromYaml(`
apiVersion: fleetsim/v1alpha1
kind: Scenario
name: zones
seed: 3
horizon: 12h
clusters:
  - name: c
    provider: ${provider}
    zones: ${zones}
    version: v1.34.3
    controlPlane: ${controlPlane}
    topology: { upgradeConcurrency: 1 }
    workers:
      - ${pool}
    healthCheck:
      maxUnhealthy: 100%
      unhealthyConditions:
        - { type: Ready, status: Unknown, timeout: 5m }
${extra}`));
}

/** Zone of every worker Machine created at t=0, by MachineDeployment. */
function startZones(result: SimulationResult): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const e of result.events.filter(ofType('machine.created'))) {
    if (e.t !== 0 || !e.pool.startsWith('MachineDeployment/')) continue;
    (out[e.pool] ??= []).push(e.zone);
  }
  return out;
}

/** Ready worker Nodes in `zone` at `t`, rebuilt from the timeline. */
function readyWorkersIn(result: SimulationResult, zone: string, t: number): number {
  const zoneOf = new Map<string, string>();
  for (const e of result.events.filter(ofType('machine.created'))) zoneOf.set(e.object.split('/')[2]!, e.zone);
  const ready = new Map<string, boolean>();
  for (const e of result.events) {
    if (e.t > t) break;
    if (e.type === 'node.condition' && e.condition === 'Ready' && !e.pool.startsWith('KubeadmControlPlane/')) ready.set(e.node, e.status === 'True');
    if (e.type === 'node.deleted' || (e.type === 'machine.phase' && e.phase === 'Deleted')) ready.set(e.type === 'node.deleted' ? e.node : e.object.split('/')[2]!, false);
  }
  return [...ready].filter(([node, up]) => up && zoneOf.get(node) === zone).length;
}

describe('zones of MachineDeployment Machines (issue 12 case 1)', () => {
  it('aws: a MachineDeployment without a failure domain is all in the first zone (CAPA findSubnet); its outage leaves no worker', () => {
    const result = run('aws', '[us-east-1a, us-east-1b, us-east-1c]', '{ name: md-0, kind: MachineDeployment, replicas: 6 }', `faults:
  - at: 30m
    zoneOutage: { zone: us-east-1a, for: 45m }`);
    expect(startZones(result)).toEqual({ 'MachineDeployment/default/c-md-0': Array(6).fill('us-east-1a') });
    const total = [0, 1, 2].map((i) => readyWorkersIn(result, ['us-east-1a', 'us-east-1b', 'us-east-1c'][i]!, OUTAGE_AT + 10 * 60_000)).reduce((a, b) => a + b);
    expect(total).toBe(0); // was 4 of 6 (67 %) when fleetsim spread one MachineDeployment over the zones
    expect(result.summary.fleet.minAvailableRatio).toBeLessThan(0.5);
  });

  it('gcp: the first zone sorted by name (CAPG Zone)', () => {
    const result = run('gcp', '[us-central1-c, us-central1-a, us-central1-b]', '{ name: md-0, kind: MachineDeployment, replicas: 3 }');
    expect(startZones(result)).toEqual({ 'MachineDeployment/default/c-md-0': Array(3).fill('us-central1-a') });
  });

  it('azure: a regional VM in no zone (CAPZ AvailabilityZone); a zone outage does not reach it', () => {
    const result = run('azure', '[eastus-1, eastus-2, eastus-3]', '{ name: md-0, kind: MachineDeployment, replicas: 3 }', `faults:
  - at: 30m
    zoneOutage: { zone: eastus-1, for: 45m }`);
    expect(startZones(result)).toEqual({ 'MachineDeployment/default/c-md-0': ['', '', ''] });
    expect(result.events.filter(ofType('mhc.unhealthy')).filter((e) => e.object.includes('-md-0-'))).toEqual([]);
  });

  it('failureDomain pins every Machine of the pool, replacements included', () => {
    const result = run('aws', '[us-east-1a, us-east-1b, us-east-1c]', '{ name: md-0, kind: MachineDeployment, replicas: 3, failureDomain: us-east-1b }', `operations:
  - at: 10m
    upgrade: { clusters: { names: [c] }, version: v1.35.0 }`);
    const zones = result.events.filter(ofType('machine.created')).filter((e) => e.pool.includes('md-0')).map((e) => e.zone);
    expect(zones.length).toBeGreaterThan(3);
    expect(new Set(zones)).toEqual(new Set(['us-east-1b']));
  });

  it('zones: [a, b, c] is one MachineDeployment per zone, <pool>-<zone>, upgraded one at a time under upgradeConcurrency 1', () => {
    const result = run('aws', '[us-east-1a, us-east-1b, us-east-1c]', '{ name: md-0, kind: MachineDeployment, replicas: 7, zones: [us-east-1a, us-east-1b, us-east-1c] }', `operations:
  - at: 10m
    upgrade: { clusters: { names: [c] }, version: v1.35.0 }`);
    expect(startZones(result)).toEqual({
      'MachineDeployment/default/c-md-0-us-east-1a': Array(3).fill('us-east-1a'),
      'MachineDeployment/default/c-md-0-us-east-1b': Array(2).fill('us-east-1b'),
      'MachineDeployment/default/c-md-0-us-east-1c': Array(2).fill('us-east-1c'),
    });
    // Topology upgrades MachineDeployments upgradeConcurrency at a time: their new Machines' windows do not overlap.
    const windows = new Map<string, [number, number]>();
    for (const e of result.events.filter(ofType('machine.created'))) {
      if (e.t === 0 || !e.pool.startsWith('MachineDeployment/') || e.version !== 'v1.35.0') continue;
      expect(e.pool.endsWith(e.zone)).toBe(true);
      const w = windows.get(e.pool);
      windows.set(e.pool, w === undefined ? [e.t, e.t] : [w[0], e.t]);
    }
    const sorted = [...windows.values()].sort((a, b) => a[0] - b[0]);
    expect(sorted.length).toBe(3);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i]![0]).toBeGreaterThan(sorted[i - 1]![1]);
    expect(result.summary.settled).toBe(true);
  });

  it('one MachineDeployment per zone: a zone outage takes that zone\'s workers only', () => {
    const result = run('aws', '[us-east-1a, us-east-1b, us-east-1c]', '{ name: md-0, kind: MachineDeployment, replicas: 6, zones: [us-east-1a, us-east-1b, us-east-1c] }', `faults:
  - at: 30m
    zoneOutage: { zone: us-east-1a, for: 45m }`);
    const t = OUTAGE_AT + 10 * 60_000;
    expect([readyWorkersIn(result, 'us-east-1a', t), readyWorkersIn(result, 'us-east-1b', t), readyWorkersIn(result, 'us-east-1c', t)]).toEqual([0, 2, 2]);
    expect(result.summary.settled).toBe(true);
  });

  it('a pool split over zones is still named by its pool: health checks, faults and scale find all of its MachineDeployments', () => {
    const result = run('aws', '[us-east-1a, us-east-1b]', '{ name: md-0, kind: MachineDeployment, replicas: 4, zones: [us-east-1a, us-east-1b] }', `operations:
  - at: 5m
    scale: { clusters: { names: [c] }, pool: md-0, replicas: 6 }
faults:
  - at: 20m
    nodeFailures: { clusters: { names: [c] }, pool: md-0, count: 2, mode: crash }`);
    const replicas = result.events.filter(ofType('pool.replicas')).filter((e) => e.t >= 5 * 60_000 && e.t < 6 * 60_000);
    expect(replicas.map((e) => [e.object, e.replicas])).toEqual([['MachineDeployment/default/c-md-0-us-east-1a', 3], ['MachineDeployment/default/c-md-0-us-east-1b', 3]]);
    expect(result.events.filter(ofType('mhc.remediation')).length).toBe(2);
  });

  it('a pool may not give both failureDomain and zones, nor a zone the cluster lacks', () => {
    const base = (pool: string) => `apiVersion: fleetsim/v1alpha1
kind: Scenario
name: z
clusters:
  - name: c
    provider: aws
    version: v1.34.3
    workers:
      - ${pool}
`;
    const both = loadScenarioText(base('{ name: md-0, failureDomain: us-east-1a, zones: [us-east-1a] }'), 'z.yaml');
    expect(both.ok).toBe(false);
    const wrong = loadScenarioText(base('{ name: md-0, failureDomain: us-east-1z }'), 'z.yaml');
    expect(wrong.ok ? [] : wrong.errors.map((e) => e.message).join('\n')).toMatch(/us-east-1z.*not one of the cluster's zones/);
  });
});

describe('MachinePools during a zone outage (issue 12 case 1)', () => {
  it('ZoneBalance: the fewest-first zone, skipping a zone whose launch just failed for capacity, until ZONE_AVOIDANCE has passed', () => {
    const balance = new ZoneBalance();
    const counts: Record<string, number> = { a: 0, b: 1, c: 1 };
    expect(balance.pick(['a', 'b', 'c'], (z) => counts[z]!, 0)).toBe('a');
    balance.failed('a', 1000);
    expect(balance.pick(['a', 'b', 'c'], (z) => counts[z]!, 2000)).toBe('b');
    expect(balance.pick(['a', 'b', 'c'], (z) => counts[z]!, 1000 + ZONE_AVOIDANCE)).toBe('a');
    balance.failed('b', 1000);
    balance.failed('c', 1000);
    expect(balance.pick(['a', 'b', 'c'], (z) => counts[z]!, 2000)).toBe('a'); // every zone failed: fewest-first
  });

  it('an EKS node group updating during the outage launches into the healthy zones (ASG AZ rebalancing)', () => {
    const result = run('aws', '[us-east-1a, us-east-1b, us-east-1c]', '{ name: mp-0, kind: MachinePool, replicas: 6 }', `operations:
  - at: 35m
    upgrade: { clusters: { names: [c] }, version: v1.35.0 }
faults:
  - at: 30m
    zoneOutage: { zone: us-east-1a, for: 45m }`, '{ managed: true }');
    const during = result.events.filter(ofType('machine.created')).filter((e) => e.t > OUTAGE_AT && e.t < OUTAGE_AT + OUTAGE_FOR && e.pool.startsWith('MachinePool/'));
    expect(during.filter((e) => e.zone === 'us-east-1a')).toEqual([]);
    // 8 before the fix (launches kept going to the dead zone, the one with the fewest live nodes), 12 with it.
    expect(during.length).toBeGreaterThanOrEqual(10);
    expect(result.summary.settled).toBe(true);
  });
});

describe('names of pools split over zones', () => {
  it('refuses a pool whose per-zone MachineDeployment collides with another pool', () => {
    const result = loadScenarioText(`apiVersion: fleetsim/v1alpha1
kind: Scenario
name: z
clusters:
  - name: c
    provider: aws
    version: v1.34.3
    workers:
      - { name: md, zones: [us-east-1a, us-east-1b] }
      - { name: md-us-east-1a }
`, 'z.yaml');
    expect(result.ok ? [] : result.errors.map((e) => `${e.path}: ${e.message}`)).toEqual([
      'clusters[0].name: cluster "c" (its pool "md-us-east-1a") and its pool "md" would both create objects named "c-md-us-east-1a" in namespace default; rename one of them (pool and control-plane objects are named <cluster>-<pool>, <cluster>-control-plane)',
    ]);
  });
});

/**
 * Managed clusters end to end (EKS, AKS, GKE): a `controlPlane: { managed: true }` cluster with a
 * MachinePool is upgraded with `new World(scenario).run()`. The control plane goes first with its
 * cloud's call and duration, then the node pool with the order and concurrency its cloud
 * documents, asserted on the timeline (`machine.created`, `node.condition`, `machine.drain`,
 * `machine.phase` of the pool's Machines, `nodepool.update`) and on the clouds' call counts.
 */

import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { MINUTE, SECOND } from '../../src/engine/duration.js';
import type { CloudProvider } from '../../src/cloud/cloud-provider.js';
import type { World } from '../../src/world/world.js';
import { eventsOf, maxOverlap, poolTimeline, run, type PoolTimeline } from './managed-helpers.js';
import { parseObjectKey } from '../../src/kube/keys.js';

const POOL = 'MachinePool/default/c1-mp';
const OLD = 'v1.34.3';
const NEW = 'v1.35.0';

// Registered before the describe blocks build their worlds.

const CLOUDS = {
  aws: { region: 'us-east-1', zones: ['us-east-1a', 'us-east-1b', 'us-east-1c'], type: 'm6i.large' },
  azure: { region: 'westeurope', zones: ['westeurope-1', 'westeurope-2', 'westeurope-3'], type: 'Standard_D4s_v5' },
  gcp: { region: 'us-central1', zones: ['us-central1-a', 'us-central1-b', 'us-central1-c'], type: 'e2-standard-4' },
} as const;

type Cloud = keyof typeof CLOUDS;

/** One managed cluster `c1` with a MachinePool `mp`, upgraded to v1.35.0 at 1 min; the control plane takes 8–9 min. */
function managed(cloud: Cloud, pool: string, extra = ''): string {
  const c = CLOUDS[cloud];
  return `
horizon: 12h
clouds:
  ${cloud}:
    controlPlaneUpgrade: { distribution: uniform, min: 8m, max: 9m }
clusters:
  - name: c1
    provider: ${cloud}
    region: ${c.region}
    zones: [${c.zones.join(', ')}]
    version: ${OLD}
    controlPlane: { managed: true }
    workers:
      - { name: mp, kind: MachinePool, instanceType: ${c.type}, ${pool} }
operations:
  - at: 1m
    upgrade: { clusters: { names: [c1] }, version: ${NEW} }
${extra}`;
}

function provider(world: World, cloud: Cloud): CloudProvider {
  return world.providers.get(cloud, 'default', CLOUDS[cloud].region) as CloudProvider;
}

function calls(world: World, cloud: Cloud, action: string): number {
  return provider(world, cloud).stats().actions.find((a) => a.action === action)?.calls ?? 0;
}

function firstCall(world: World, action: string): number {
  return eventsOf(world, 'cloud.call').find((e) => e.action === action)!.t;
}

function oldNodes(timeline: PoolTimeline) {
  return [...timeline.nodes.entries()].filter(([, n]) => n.created === undefined || n.created === 0);
}

function newNodes(timeline: PoolTimeline) {
  return [...timeline.nodes.entries()].filter(([, n]) => n.created !== undefined && n.created > 0);
}

/** Old nodes the update has taken at once: from their drain's start until the cloud terminates them. */
function maxOldUnavailable(timeline: PoolTimeline): number {
  return maxOverlap(oldNodes(timeline).map(([, n]) => [n.drainStarted!, n.terminating!] as const));
}

/** Nodes the group counts at once: from their launch until the cloud terminates them. */
function maxNodes(timeline: PoolTimeline, end: number): number {
  return maxOverlap([...timeline.nodes.values()].map((n) => [n.created ?? 0, n.terminating ?? end] as const));
}

/** The fewest Ready nodes of the pool that are not being drained or terminated, over [from, to]. */
function minAvailable(timeline: PoolTimeline, from: number, to: number): number {
  const changes: Array<[number, number]> = [];
  for (const n of timeline.nodes.values()) {
    if (n.ready === undefined) continue;
    changes.push([n.ready, 1]);
    const out = n.drainStarted ?? n.terminating;
    if (out !== undefined) changes.push([out, -1]);
  }
  // a surge node's Ready and the drain it lets start happen at the same instant: count the Ready first
  changes.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  let available = 0;
  let min = Number.POSITIVE_INFINITY;
  for (const [t, delta] of changes) {
    available += delta;
    if (t >= from && t <= to) min = Math.min(min, available);
  }
  return min;
}

function finalKubelets(world: World): string[] {
  return world.workload('default/c1').cluster.sortedNodes().filter((n) => n.pool === POOL).map((n) => n.kubeletVersion);
}

function expectControlPlaneFirst(world: World, cpAction: string, poolAction: string): void {
  const cp = firstCall(world, cpAction);
  const pool = firstCall(world, poolAction);
  // 8–9 min upgrade, seen at the controller's next poll (≤ 2 min later), then CAPI's topology.
  expect(pool - cp).toBeGreaterThanOrEqual(8 * MINUTE);
  expect(pool - cp).toBeLessThan(12 * MINUTE);
  const [started] = eventsOf(world, 'nodepool.update');
  expect(started).toMatchObject({ stage: 'started', object: POOL, from: OLD, to: NEW });
  expect(eventsOf(world, 'machine.created').filter((e) => e.t > 0).every((e) => e.t >= started!.t)).toBe(true);
}

function expectUpgraded(world: World, replicas: number): void {
  expect(eventsOf(world, 'rollout.completed')).toHaveLength(1);
  expect(finalKubelets(world)).toEqual(Array.from({ length: replicas }, () => NEW));
  expect(eventsOf(world, 'nodepool.update').map((e) => e.stage)).toEqual(['started', 'completed']);
}

describe('EKS: AWSManagedControlPlane and a managed node group', () => {
  const world = run(managed('aws', 'replicas: 6'));
  const timeline = poolTimeline(world, POOL);

  it('upgrades the control plane first (UpdateClusterVersion), then the node group (UpdateNodegroupVersion)', () => {
    expectControlPlaneFirst(world, 'eks.UpdateClusterVersion', 'eks.UpdateNodegroupVersion');
    expectUpgraded(world, 6);
    expect(calls(world, 'aws', 'eks.UpdateClusterVersion')).toBe(1);
    expect(calls(world, 'aws', 'eks.UpdateNodegroupVersion')).toBe(1);
    expect(calls(world, 'aws', 'eks.DescribeNodegroup')).toBeGreaterThan(2);
    expect(calls(world, 'aws', 'RunInstances')).toBe(0); // the Auto Scaling group launches, not CAPA
  });

  it('scales up by 2 × 3 zones first, all Ready before the first drain, one new node in every zone', () => {
    const news = newNodes(timeline);
    const firstDrain = Math.min(...oldNodes(timeline).map(([, n]) => n.drainStarted!));
    const surge = news.filter(([, n]) => n.created! < firstDrain);
    expect(surge).toHaveLength(6);
    expect(surge.every(([, n]) => n.ready! <= firstDrain)).toBe(true);
    const zones = new Set(eventsOf(world, 'machine.created').filter((e) => e.t > 0 && e.t < firstDrain).map((e) => e.zone));
    expect(zones).toEqual(new Set(CLOUDS.aws.zones));
    expect(maxNodes(timeline, world.sim.now)).toBe(12);
  });

  it('takes out maxUnavailable = 1 old node at a time, each drained, soaked 60 s, replaced; then scales back to 6', () => {
    expect(maxOldUnavailable(timeline)).toBe(1);
    for (const [name, n] of oldNodes(timeline)) {
      const completed = eventsOf(world, 'machine.drain').find((e) => e.node === name && e.stage === 'completed')!;
      expect(completed.by).toBe('cloud');
      expect(n.terminating! - completed.t).toBe(60 * SECOND);
    }
    // 6 surge + 6 replacements; the scale down removes 6 of them.
    expect(newNodes(timeline)).toHaveLength(12);
    expect(newNodes(timeline).filter(([, n]) => n.gone !== undefined)).toHaveLength(6);
  });
});

describe('EKS scaling and lost nodes', () => {
  const world = run(`
horizon: 3h
clusters:
  - name: c1
    provider: aws
    region: us-east-1
    zones: [us-east-1a, us-east-1b, us-east-1c]
    version: ${OLD}
    controlPlane: { managed: true }
    workers:
      - { name: mp, kind: MachinePool, instanceType: m6i.large, replicas: 3 }
faults:
  - at: 2m
    nodeFailures: { clusters: { names: [c1] }, count: 1, mode: crash }
operations:
  - at: 30m
    scale: { clusters: { names: [c1] }, pool: mp, replicas: 5 }
  - at: 60m
    scale: { clusters: { names: [c1] }, pool: mp, replicas: 2 }
`);
  const timeline = poolTimeline(world, POOL);

  it('the Auto Scaling group replaces a crashed instance', () => {
    const replaced = newNodes(timeline).filter(([, n]) => n.created! < 30 * MINUTE);
    expect(replaced).toHaveLength(1);
  });

  it('replicas go through UpdateNodegroupConfig: up without drains, down with the cloud\'s drains', () => {
    expect(calls(world, 'aws', 'eks.UpdateNodegroupConfig')).toBe(2);
    expect(calls(world, 'aws', 'eks.UpdateNodegroupVersion')).toBe(0);
    const up = newNodes(timeline).filter(([, n]) => n.created! >= 30 * MINUTE && n.created! < 60 * MINUTE);
    expect(up).toHaveLength(2);
    const drains = eventsOf(world, 'machine.drain').filter((e) => e.stage === 'started');
    expect(drains.every((e) => e.t >= 60 * MINUTE && e.by === 'cloud')).toBe(true);
    expect(drains).toHaveLength(3);
    expect(world.workload('default/c1').cluster.sortedNodes().filter((n) => n.pool === POOL)).toHaveLength(2);
  });
});

describe('EKS settings', () => {
  it('maxUnavailable 3 (the pool\'s updateConfig): three old nodes at a time; the surge is still 2 × zones', () => {
    const world = run(managed('aws', 'replicas: 9, maxUnavailable: 3'));
    const timeline = poolTimeline(world, POOL);
    expect(maxOldUnavailable(timeline)).toBe(3);
    expect(maxNodes(timeline, world.sim.now)).toBe(9 + 6);
    expectUpgraded(world, 9);
  });

  it('a PodDisruptionBudget that allows nothing: PodEvictionFailure after 15 min, retried until it is lifted', () => {
    const world = run(managed('aws', 'replicas: 3', `
faults:
  - at: 5m
    drainBlocker: { clusters: { names: [c1] }, for: 50m }
`));
    const updates = eventsOf(world, 'nodepool.update');
    const failed = updates.find((e) => e.stage === 'failed')!;
    expect(failed.reason).toBe('PodEvictionFailure');
    const timedOut = eventsOf(world, 'machine.drain').find((e) => e.stage === 'timedOut')!;
    const started = eventsOf(world, 'machine.drain').find((e) => e.node === timedOut.node && e.stage === 'started')!;
    expect(timedOut.t - started.t).toBe(15 * MINUTE);
    expect(failed.t).toBe(timedOut.t);
    expect(updates.at(-1)).toMatchObject({ stage: 'completed' });
    expect(updates.at(-1)!.t).toBeGreaterThan(55 * MINUTE);
    expect(calls(world, 'aws', 'eks.UpdateNodegroupVersion')).toBeGreaterThan(1);
    expect(finalKubelets(world)).toEqual([NEW, NEW, NEW]);
  });
});

describe('AKS: AzureManagedControlPlane and an agent pool', () => {
  it('PUT ManagedCluster first, then the agent pool: maxSurge 10 % of 6 → one surge node, one node at a time', () => {
    const world = run(managed('azure', 'replicas: 6'));
    const timeline = poolTimeline(world, POOL);
    expectControlPlaneFirst(world, 'ManagedClusters.CreateOrUpdate', 'AgentPools.CreateOrUpdate');
    expectUpgraded(world, 6);
    expect(maxNodes(timeline, world.sim.now)).toBe(7);
    expect(maxOldUnavailable(timeline)).toBe(1);
    // the surge node exists before the first drain
    const firstDrain = Math.min(...oldNodes(timeline).map(([, n]) => n.drainStarted!));
    expect(newNodes(timeline).filter(([, n]) => n.ready! <= firstDrain)).toHaveLength(1);
    expect(calls(world, 'azure', 'AgentPools.CreateOrUpdate')).toBe(1);
    expect(calls(world, 'azure', 'AksOperations.Get')).toBeGreaterThan(2);
  });

  it('maxSurge 50 % and a 2 min soak: batches of three, each old node soaked before it is reimaged', () => {
    const world = run(managed('azure', 'replicas: 6, maxSurge: "50%", soak: 2m'));
    const timeline = poolTimeline(world, POOL);
    expectUpgraded(world, 6);
    expect(maxNodes(timeline, world.sim.now)).toBe(9);
    expect(maxOldUnavailable(timeline)).toBe(3);
    for (const [name, n] of oldNodes(timeline)) {
      const completed = eventsOf(world, 'machine.drain').find((e) => e.node === name && e.stage === 'completed')!;
      expect(n.terminating! - completed.t).toBe(2 * MINUTE);
    }
  });

  it('a drain past the 30 min timeout fails the upgrade (undrainableNodeBehavior Schedule) and the surge node goes', () => {
    const world = run(managed('azure', 'replicas: 2', `
faults:
  - at: 5m
    drainBlocker: { clusters: { names: [c1] }, for: 3h }
`));
    const failed = eventsOf(world, 'nodepool.update').find((e) => e.stage === 'failed')!;
    expect(failed.reason).toBe('PodDrainFailure');
    const timedOut = eventsOf(world, 'machine.drain').find((e) => e.stage === 'timedOut')!;
    const started = eventsOf(world, 'machine.drain').find((e) => e.node === timedOut.node && e.stage === 'started')!;
    expect(timedOut.t - started.t).toBe(30 * MINUTE);
    // the blocked node was not upgraded and is schedulable again
    const node = world.workload('default/c1').cluster.nodes.get(timedOut.node as string);
    expect(node === undefined || node.kubeletVersion === OLD).toBe(true);
  });
});

describe('GKE: GCPManagedControlPlane and a node pool', () => {
  it('UpdateCluster first, then the node pool: surge 1 / unavailable 0, one zone at a time', () => {
    const world = run(managed('gcp', 'replicas: 6'));
    const timeline = poolTimeline(world, POOL);
    expectControlPlaneFirst(world, 'gke.clusters.update', 'gke.nodePools.update');
    expectUpgraded(world, 6);
    expect(maxNodes(timeline, world.sim.now)).toBe(7);
    expect(maxOldUnavailable(timeline)).toBe(1);
    // zones in the pool's order: every old node of a zone is drained before the next zone starts
    const drains = eventsOf(world, 'machine.drain').filter((e) => e.stage === 'started');
    const zoneOf = new Map(eventsOf(world, 'machine.created').map((e) => [parseObjectKey(e.object).name, e.zone]));
    const order = drains.map((e) => zoneOf.get(e.node ?? ''));
    expect(order).toEqual([...order].sort());
    expect(calls(world, 'gcp', 'gke.nodePools.update')).toBe(1);
    expect(calls(world, 'gcp', 'gke.nodePools.get')).toBeGreaterThan(2);
  });

  it('maxSurge 2, maxUnavailable 1: at most two extra nodes, at least 6 − 1 nodes available', () => {
    const world = run(managed('gcp', 'replicas: 6, maxSurge: 2, maxUnavailable: 1, zones: [us-central1-a]'));
    const timeline = poolTimeline(world, POOL);
    expectUpgraded(world, 6);
    expect(maxOldUnavailable(timeline)).toBeLessThanOrEqual(3);
    expect(maxNodes(timeline, world.sim.now)).toBe(8);
    const [started] = eventsOf(world, 'nodepool.update');
    expect(minAvailable(timeline, started!.t, world.sim.now)).toBe(5);
  });

  it('the cloud\'s nodePool overrides apply where the pool sets nothing; the pool\'s own settings win', () => {
    const overridden = run(managed('gcp', 'replicas: 6, zones: [us-central1-a]').replace('  gcp:\n', '  gcp:\n    nodePool: { maxSurge: 3 }\n'));
    expect(maxNodes(poolTimeline(overridden, POOL), overridden.sim.now)).toBe(9);
    const own = run(managed('gcp', 'replicas: 6, zones: [us-central1-a], maxSurge: 2, maxUnavailable: 0, drainTimeout: 5m', `
faults:
  - at: 5m
    drainBlocker: { clusters: { names: [c1] }, for: 30m }
`).replace('  gcp:\n', '  gcp:\n    nodePool: { maxSurge: 3 }\n'));
    expect(maxNodes(poolTimeline(own, POOL), own.sim.now)).toBe(8);
    // GKE forces a drain past its timeout (5 min here) and goes on
    const timedOut = eventsOf(own, 'machine.drain').filter((e) => e.stage === 'timedOut');
    expect(timedOut.length).toBeGreaterThan(0);
    for (const e of timedOut) {
      const started = eventsOf(own, 'machine.drain').find((d) => d.node === e.node && d.stage === 'started')!;
      expect(e.t - started.t).toBe(5 * MINUTE);
    }
    expect(eventsOf(own, 'nodepool.update').map((e) => e.stage)).toEqual(['started', 'completed']);
  });

  it('one node pool of a cluster at a time, even with upgrade concurrency 2: GKE refuses the second update', () => {
    const c = CLOUDS.gcp;
    const world = run(`
horizon: 12h
clusters:
  - name: c1
    provider: gcp
    region: ${c.region}
    zones: [${c.zones.join(', ')}]
    version: ${OLD}
    controlPlane: { managed: true }
    topology: { upgradeConcurrency: 2 }
    workers:
      - { name: a, kind: MachinePool, replicas: 2, instanceType: ${c.type} }
      - { name: b, kind: MachinePool, replicas: 2, instanceType: ${c.type} }
operations:
  - at: 1m
    upgrade: { clusters: { names: [c1] }, version: ${NEW} }
`);
    const updates = eventsOf(world, 'nodepool.update');
    expect(updates.filter((e) => e.stage === 'completed')).toHaveLength(2);
    const [first, second] = ['MachinePool/default/c1-a', 'MachinePool/default/c1-b']
      .map((pool) => [updates.find((e) => e.object === pool && e.stage === 'started')!.t, updates.find((e) => e.object === pool && e.stage === 'completed')!.t] as const)
      .sort((x, y) => x[0] - y[0]);
    expect(second![0]).toBeGreaterThanOrEqual(first![1]);
    const refused = eventsOf(world, 'cloud.call').filter((e) => e.action === 'gke.nodePools.update' && e.outcome === 'error');
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((e) => e.code === 'FAILED_PRECONDITION')).toBe(true);
  });
});

describe('the seed manifests (AWSManagedControlPlane, AzureManagedControlPlane, GCPManagedControlPlane)', () => {
  const seeds = ['eks-prod-east.yaml', 'aks-prod-westeu.yaml', 'gke-prod-central.yaml'].map((file) => resolve('test/scenario/fixtures/seed-manifests', file));
  const world = run(`
horizon: 12h
clusters:
${seeds.map((path) => `  - manifests: ${path}`).join('\n')}
operations:
  - at: 1m
    upgrade: { clusters: { names: [eks-prod-east, aks-prod-westeu, gke-prod-central] }, version: ${NEW} }
`);

  it('upgrade end to end to v1.35.0: control planes, then each cloud\'s node pool flavour', () => {
    expect(eventsOf(world, 'rollout.completed').map((e) => e.cluster).sort()).toEqual(['fleet/aks-prod-westeu', 'fleet/eks-prod-east', 'fleet/gke-prod-central']);
    const flavours = new Map(eventsOf(world, 'nodepool.update').filter((e) => e.stage === 'completed').map((e) => [e.cluster, e.flavour]));
    expect(Object.fromEntries(flavours)).toEqual({
      'fleet/eks-prod-east': 'eks-managed-node-group',
      'fleet/aks-prod-westeu': 'aks-agent-pool',
      'fleet/gke-prod-central': 'gke-node-pool',
    });
    for (const cluster of ['eks-prod-east', 'aks-prod-westeu', 'gke-prod-central']) {
      const nodes = world.workload(`fleet/${cluster}`).cluster.sortedNodes();
      expect(nodes.length).toBeGreaterThan(0);
      expect(nodes.every((n) => n.kubeletVersion === NEW)).toBe(true);
    }
  });

  it('the EKS node group keeps its updateConfig.maxUnavailable of 1', () => {
    const timeline = poolTimeline(world, 'MachinePool/fleet/eks-prod-east-eks-prod-east-workers');
    expect(timeline.nodes.size).toBeGreaterThan(5);
    expect(maxOldUnavailable(timeline)).toBe(1);
  });
});

describe('determinism', () => {
  it('the same scenario and seed give the same timeline for every managed flavour', () => {
    for (const cloud of ['aws', 'azure', 'gcp'] as const) {
      const body = managed(cloud, 'replicas: 3');
      const first = run(body).timeline.events;
      const second = run(body).timeline.events;
      expect(first.filter((e) => e.type === 'nodepool.update')).toHaveLength(2);
      expect(JSON.stringify(second)).toBe(JSON.stringify(first));
    }
  });
});

describe('overlapping cloud faults in a scenario', () => {
  it('two overlapping API outages: calls fail until the later one ends', () => {
    const probes = new Map<number, string>();
    run(`
horizon: 1h
clusters:
  - name: c1
    provider: aws
    region: us-east-1
    version: ${OLD}
    controlPlane: { managed: true }
    workers:
      - { name: mp, kind: MachinePool, replicas: 1, instanceType: m6i.large }
faults:
  - at: 1m
    apiOutage: { cloud: aws, for: 10m }
  - at: 5m
    apiOutage: { cloud: aws, for: 20m }
`, (world) => {
      // (the run ends once the fleet has settled: the last probe comes before that)
      for (const t of [3, 8, 15, 24, 26].map((m) => m * MINUTE)) {
        world.sim.at(t, () => provider(world, 'aws').callApi('eks.DescribeCluster', { cluster: 'fleet/probe' }, (result) => probes.set(t, result.error?.code ?? 'ok')), undefined);
      }
    });
    expect([...probes.values()]).toEqual(['RequestTimeout', 'RequestTimeout', 'RequestTimeout', 'RequestTimeout', 'ok']);
  });
});

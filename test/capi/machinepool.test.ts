/**
 * MachinePools: the generic node group's surge planner, and pools end to end — their Nodes and
 * MachinePool Machines on the timeline, availability while the node group rolls, topology
 * upgrades with separate concurrency counters for MachineDeployments and MachinePools
 * (capi-semantics.md §6, §7), scaling, and the NodePoolProvider extension point.
 */

import { afterEach, describe, expect, it } from 'vitest';
import { planNodePoolStep, type PlanInstance } from '../../src/capi/machinepool/rolling-plan.js';
import { nodePoolProviderFactories } from '../../src/capi/machinepool/node-pools.js';
import { SurgeNodePool } from '../../src/capi/machinepool/surge-node-pool.js';
import type { NodePoolHost, NodePoolProvider } from '../../src/capi/machinepool/node-pool-provider.js';
import { eventsOf, run, SECOND } from './helpers.js';

const MINUTE = 60 * SECOND;
const inst = (id: string, upToDate: boolean, ready = true, leaving = false, createdAt = 0): PlanInstance => ({ id, upToDate, ready, leaving, createdAt });

describe('planNodePoolStep (surge rolling update of the generic node group)', () => {
  it('maxSurge 1, maxUnavailable 0: create one, wait for it, then retire one outdated', () => {
    const old = [inst('a', false), inst('b', false), inst('c', false)];
    expect(planNodePoolStep({ replicas: 3, maxSurge: 1, maxUnavailable: 0, instances: old, pendingCreates: 0 })).toEqual({ create: 1, retire: [] });
    expect(planNodePoolStep({ replicas: 3, maxSurge: 1, maxUnavailable: 0, instances: old, pendingCreates: 1 })).toEqual({ create: 0, retire: [] });
    expect(planNodePoolStep({ replicas: 3, maxSurge: 1, maxUnavailable: 0, instances: [...old, inst('n1', true, false)], pendingCreates: 0 })).toEqual({ create: 0, retire: [] });
    expect(planNodePoolStep({ replicas: 3, maxSurge: 1, maxUnavailable: 0, instances: [...old, inst('n1', true)], pendingCreates: 0 })).toEqual({ create: 0, retire: ['a'] });
    // The retiring instance still counts toward replicas + surge until it is gone.
    expect(planNodePoolStep({ replicas: 3, maxSurge: 1, maxUnavailable: 0, instances: [inst('a', false, true, true), inst('b', false), inst('c', false), inst('n1', true)], pendingCreates: 0 }))
      .toEqual({ create: 0, retire: [] });
  });
  it('maxSurge 0, maxUnavailable 1: retire first, create after', () => {
    const old = [inst('a', false), inst('b', false), inst('c', false)];
    expect(planNodePoolStep({ replicas: 3, maxSurge: 0, maxUnavailable: 1, instances: old, pendingCreates: 0 })).toEqual({ create: 0, retire: ['a'] });
    expect(planNodePoolStep({ replicas: 3, maxSurge: 0, maxUnavailable: 1, instances: [inst('b', false), inst('c', false)], pendingCreates: 0 })).toEqual({ create: 1, retire: [] });
  });
  it('both 0 resolve to maxUnavailable 1, as for a MachineDeployment', () => {
    expect(planNodePoolStep({ replicas: 2, maxSurge: 0, maxUnavailable: 0, instances: [inst('a', false), inst('b', false)], pendingCreates: 0 }).retire).toEqual(['a']);
  });
  it('not-Ready outdated instances go first', () => {
    const instances = [inst('a', false), inst('b', false, false), inst('c', false), inst('n', true)];
    expect(planNodePoolStep({ replicas: 3, maxSurge: 1, maxUnavailable: 0, instances, pendingCreates: 0 }).retire).toEqual(['b']);
  });
  it('scale down: surplus up-to-date instances go at once, not-Ready then oldest', () => {
    const instances = [inst('a', true, true, false, 1), inst('b', true, false, false, 2), inst('c', true, true, false, 3), inst('d', true, true, false, 4)];
    expect(planNodePoolStep({ replicas: 2, maxSurge: 1, maxUnavailable: 0, instances, pendingCreates: 0 })).toEqual({ create: 0, retire: ['b', 'a'] });
  });
  it('scale up without a rollout creates every missing instance', () => {
    expect(planNodePoolStep({ replicas: 5, maxSurge: 1, maxUnavailable: 0, instances: [inst('a', true), inst('b', true)], pendingCreates: 0 })).toEqual({ create: 3, retire: [] });
  });
});

function poolCluster(pool: string, operations: string, extraWorkers = '', concurrency = ''): string {
  return `
horizon: 4h
clusters:
  - name: c1
    provider: docker
    version: v1.34.3
    controlPlane: { replicas: 1 }
    ${concurrency}
    workers:
      - ${pool}
      ${extraWorkers}
operations:
${operations}
`;
}

describe('MachinePool end to end', () => {
  it('an upgrade: control plane first, then the pool, surge 1 / unavailable 0 never drops availability', () => {
    const world = run(poolCluster('{ name: mp, kind: MachinePool, replicas: 3 }', '  - at: 1m\n    upgrade: { clusters: { names: [c1] }, version: v1.35.0 }'));
    const pool = 'MachinePool/default/c1-mp';
    const created = eventsOf(world, 'machine.created');
    expect(created.filter((e) => e.t === 0 && e.pool === pool)).toHaveLength(3);
    const replacements = created.filter((e) => e.t > 0 && e.pool === pool);
    expect(replacements).toHaveLength(3);
    expect(replacements.every((e) => e.owner === pool && e.version === 'v1.35.0')).toBe(true);
    // Pool Nodes carry the pool on the timeline, with their Machine.
    const ready = eventsOf(world, 'node.condition').filter((e) => e.pool === pool && e.status === 'True' && e.t > 0);
    expect(ready.map((e) => e.machine).sort()).toEqual(replacements.map((e) => e.object).sort());
    // The control plane finished before the pool started.
    const cpDone = eventsOf(world, 'machine.phase').filter((e) => e.phase === 'Deleted' && e.object.includes('control-plane'))[0]!;
    expect(replacements[0]!.t).toBeGreaterThan(cpDone.t);
    expect(world.availability.clusters.get('default/c1')!.minRatio).toBe(1);
    expect(eventsOf(world, 'rollout.completed')).toHaveLength(1);
    const nodes = world.workload('default/c1').cluster.sortedNodes().filter((n) => n.pool === pool);
    expect(nodes.map((n) => n.kubeletVersion)).toEqual(['v1.35.0', 'v1.35.0', 'v1.35.0']);
    // Old Nodes left through CAPI's Machine deletion: cordon and drain.
    expect(eventsOf(world, 'machine.drain').filter((e) => e.stage === 'started' && e.object.includes('c1-mp'))).toHaveLength(3);
  });

  it('maxSurge 0 / maxUnavailable 1: one Node out at a time, never more', () => {
    const world = run(poolCluster('{ name: mp, kind: MachinePool, replicas: 4, maxSurge: 0, maxUnavailable: 1 }', '  - at: 1m\n    rolloutImage: { clusters: { names: [c1] }, image: img-2 }'));
    expect(world.availability.clusters.get('default/c1')!.minRatio).toBe(3 / 4);
    const pool = world.workload('default/c1').cluster.sortedNodes().filter((n) => n.pool === 'MachinePool/default/c1-mp');
    expect(pool).toHaveLength(4);
    const images = eventsOf(world, 'machine.created').filter((e) => e.t > 0 && e.pool === 'MachinePool/default/c1-mp').map((e) => e.image);
    expect(images).toEqual(['img-2', 'img-2', 'img-2', 'img-2']);
    expect(eventsOf(world, 'rollout.started')[0]).toMatchObject({ kind: 'image', to: 'img-2' });
    expect(eventsOf(world, 'rollout.completed')).toHaveLength(1);
  });

  it('MachineDeployments and MachinePools upgrade on separate concurrency counters (one of each at a time)', () => {
    const world = run(poolCluster(
      '{ name: mp, kind: MachinePool, replicas: 2 }',
      '  - at: 1m\n    upgrade: { clusters: { names: [c1] }, version: v1.35.0 }',
      '- { name: md, kind: MachineDeployment, replicas: 2 }',
    ));
    const created = eventsOf(world, 'machine.created').filter((e) => e.t > 0);
    const firstMd = created.find((e) => e.pool === 'MachineDeployment/default/c1-md')!;
    const firstMp = created.find((e) => e.pool === 'MachinePool/default/c1-mp')!;
    const lastMd = created.filter((e) => e.pool === 'MachineDeployment/default/c1-md').at(-1)!;
    const lastMp = created.filter((e) => e.pool === 'MachinePool/default/c1-mp').at(-1)!;
    expect(firstMp.t).toBeLessThan(lastMd.t);
    expect(firstMd.t).toBeLessThan(lastMp.t);
  });

  it('two MachinePools with upgrade concurrency 1 go one after the other; with 2, together', () => {
    const pools = '{ name: a, kind: MachinePool, replicas: 2 }';
    const second = '- { name: b, kind: MachinePool, replicas: 2 }';
    const op = '  - at: 1m\n    upgrade: { clusters: { names: [c1] }, version: v1.35.0 }';
    const overlap = (concurrency: number): boolean => {
      const world = run(poolCluster(pools, op, second, `topology: { upgradeConcurrency: ${concurrency} }`));
      const created = eventsOf(world, 'machine.created').filter((e) => e.t > 0);
      const deleted = eventsOf(world, 'machine.phase').filter((e) => e.phase === 'Deleted');
      const lastA = deleted.filter((e) => e.object.includes('c1-a-')).at(-1)!;
      const firstB = created.find((e) => e.pool === 'MachinePool/default/c1-b')!;
      return firstB.t < lastA.t;
    };
    expect(overlap(1)).toBe(false);
    expect(overlap(2)).toBe(true);
  });

  it('scaling a pool records its desired replicas and brings up the new instances', () => {
    const world = run(poolCluster('{ name: mp, kind: MachinePool, replicas: 2 }', '  - at: 1m\n    scale: { clusters: { names: [c1] }, pool: mp, replicas: 4 }'));
    const desired = eventsOf(world, 'pool.replicas').filter((e) => e.object === 'MachinePool/default/c1-mp');
    expect(desired.map((e) => e.replicas)).toEqual([2, 4]);
    expect(eventsOf(world, 'machine.created').filter((e) => e.t > 0)).toHaveLength(2);
    expect(world.availability.clusters.get('default/c1')).toMatchObject({ availableWorkers: 4 });
  });

  it('a MachineHealthCheck targets pool Machines but CAPI does not remediate them (only MachineSet and KCP owners do)', () => {
    const body = `
horizon: 1h
clusters:
  - name: c1
    provider: docker
    version: v1.34.3
    controlPlane: { replicas: 1 }
    workers:
      - { name: mp, kind: MachinePool, replicas: 3 }
    healthChecks:
      - { name: workers, targets: workers, unhealthyConditions: [{ type: Ready, status: Unknown, timeout: 5m }] }
operations:
  - at: 40m
    scale: { clusters: { names: [c1] }, pool: mp, replicas: 3 }
`;
    const world = run(body, (w) => w.sim.at(MINUTE, () => {
      const wl = w.workload('default/c1').cluster;
      wl.stopKubelet(wl.sortedNodes().find((n) => n.pool === 'MachinePool/default/c1-mp')!);
    }, undefined));
    expect(eventsOf(world, 'mhc.unhealthy')).toHaveLength(1);
    expect(eventsOf(world, 'mhc.remediation')).toEqual([]);
  });
});

describe('NodePoolProvider extension point', () => {
  afterEach(() => nodePoolProviderFactories.delete('docker'));

  it('a cloud flavour registered for the provider runs the pools', () => {
    const calls: string[] = [];
    nodePoolProviderFactories.set('docker', () => {
      const inner = new SurgeNodePool();
      const flavour: NodePoolProvider = {
        kind: 'test-flavour',
        apply: (spec, host, done) => { calls.push(`apply ${spec.version} x${spec.replicas}`); inner.apply(spec, host, done); },
        sync: (group) => inner.sync(group),
        adopt: (spec, host) => { calls.push('adopt'); return inner.adopt(spec, host); },
        observe: (group) => inner.observe(group),
        deleteInstance: (group, providerID, done) => { calls.push('delete'); inner.deleteInstance(group, providerID, done); },
      };
      return flavour;
    });
    const world = run(poolCluster('{ name: mp, kind: MachinePool, replicas: 2 }', '  - at: 1m\n    upgrade: { clusters: { names: [c1] }, version: v1.35.0 }'));
    expect(calls[0]).toBe('adopt');
    expect(calls).toContain('apply v1.35.0 x2');
    expect(calls.filter((c) => c === 'delete')).toHaveLength(2);
    expect(eventsOf(world, 'rollout.completed')).toHaveLength(1);
  });

  it('a flavour that drains and terminates by itself: CAPI only removes the dangling MachinePool Machines', () => {
    const drains: string[] = [];
    nodePoolProviderFactories.set('docker', () => {
      const inner = new SurgeNodePool();
      const selfDraining = (host: NodePoolHost): NodePoolHost => ({
        ...host,
        retire: (instance) => host.drainNode(instance, { retryInterval: 5 * SECOND, timeout: 15 * MINUTE }, (outcome) => {
          drains.push(outcome.result);
          inner.deleteInstance(`InfraMachinePool/default/c1-mp`, instance.providerID, () => host.changed());
        }),
      });
      return {
        kind: 'self-draining',
        apply: (spec, host, done) => inner.apply(spec, selfDraining(host), done),
        sync: (group) => inner.sync(group),
        adopt: (spec, host) => inner.adopt(spec, selfDraining(host)),
        observe: (group) => inner.observe(group),
        deleteInstance: (group, providerID, done) => inner.deleteInstance(group, providerID, done),
      };
    });
    const world = run(poolCluster('{ name: mp, kind: MachinePool, replicas: 2 }', '  - at: 1m\n    rolloutImage: { clusters: { names: [c1] }, image: img-2, pools: [mp] }'));
    expect(drains).toEqual(['drained', 'drained']);
    // No CAPI drain: the Machines were removed after their instances had gone.
    expect(eventsOf(world, 'machine.drain').filter((e) => e.object.includes('c1-mp'))).toEqual([]);
    expect(eventsOf(world, 'machine.phase').filter((e) => e.phase === 'Deleted' && e.object.includes('c1-mp'))).toHaveLength(2);
    expect(eventsOf(world, 'rollout.completed')).toHaveLength(1);
  });
});

/**
 * The other operations end to end on a small docker fleet: rolloutImage (template rotation, every
 * pool or the named ones), scale (up and down), pause / resume (a paused cluster does not act on
 * a version bump until resumed), and move (the management cluster stops reconciling for
 * `pauseFor`).
 */

import { describe, expect, it } from 'vitest';
import type { InfraMachine } from '../../src/capi/types.js';
import { MINUTE, nodesOf, ofType, runFleet, type Run } from '../faults/helpers.js';

function images(run: Run): string[] {
  return [...run.world.store.list<InfraMachine>('InfraMachine')].map((m) => `${m.metadata.name.startsWith('c-control-plane') ? 'cp' : 'md'}:${m.spec.image}`).sort();
}

describe('rolloutImage', () => {
  it('replaces every Machine with one booting the new image', () => {
    const run = runFleet({ operations: `
  - at: 1m
    rolloutImage: { clusters: { names: [c] }, image: img-2 }
` });
    expect(run.outcome.settled).toBe(true);
    expect(ofType(run.events, 'rollout.started')).toMatchObject([{ t: MINUTE, cluster: 'default/c', kind: 'image', from: 'docker-v1.34.3', to: 'img-2' }]);
    expect(ofType(run.events, 'rollout.completed')).toMatchObject([{ cluster: 'default/c', kind: 'image' }]);
    const created = ofType(run.events, 'machine.created').filter((e) => e.t > 0);
    expect(created).toHaveLength(4);
    expect(created.every((e) => e.image === 'img-2')).toBe(true);
    expect(images(run)).toEqual(['cp:img-2', 'md:img-2', 'md:img-2', 'md:img-2']);
    expect(nodesOf(run.world).every((n) => n.conditions.Ready.status === 'True')).toBe(true);
  });

  it('with pools, only those pools roll', () => {
    const run = runFleet({ operations: `
  - at: 1m
    rolloutImage: { clusters: { names: [c] }, image: img-2, pools: [md] }
` });
    expect(run.outcome.settled).toBe(true);
    expect(images(run)).toEqual(['cp:docker-v1.34.3', 'md:img-2', 'md:img-2', 'md:img-2']);
  });
});

describe('scale', () => {
  it('scales a MachineDeployment up, then down', () => {
    const run = runFleet({ operations: `
  - at: 1m
    scale: { clusters: { names: [c] }, pool: md, replicas: 5 }
  - at: 20m
    scale: { clusters: { names: [c] }, pool: md, replicas: 2 }
` });
    expect(run.outcome.settled).toBe(true);
    const created = ofType(run.events, 'machine.created').filter((e) => e.t > 0);
    expect(created).toHaveLength(2);
    expect(created.every((e) => e.t >= MINUTE && e.t < 20 * MINUTE)).toBe(true);
    const deleted = ofType(run.events, 'machine.phase').filter((e) => e.phase === 'Deleted');
    expect(deleted).toHaveLength(3);
    expect(deleted.every((e) => e.t >= 20 * MINUTE)).toBe(true);
    expect(ofType(run.events, 'pool.replicas').filter((e) => e.object === 'MachineDeployment/default/c-md').map((e) => e.replicas)).toEqual([3, 5, 2]);
    const workers = nodesOf(run.world).filter((n) => n.name.startsWith('c-md-'));
    expect(workers).toHaveLength(2);
    expect(workers.every((n) => n.conditions.Ready.status === 'True')).toBe(true);
  });
});

describe('pause and resume', () => {
  it('a paused cluster does not act on a version bump until it is resumed', () => {
    const run = runFleet({ clusters: `
  - name: c
    provider: docker
    version: v1.34.3
    controlPlane: { replicas: 1 }
    workers: [{ name: md, kind: MachineDeployment, replicas: 2 }]
  - name: d
    provider: docker
    version: v1.34.3
    controlPlane: { replicas: 1 }
    workers: [{ name: md, kind: MachineDeployment, replicas: 2 }]
`, operations: `
  - at: 1m
    pause: { clusters: { names: [c] } }
  - at: 2m
    upgrade: { clusters: { names: [c, d] }, version: v1.35.0 }
  - at: 30m
    resume: { clusters: { names: [c] } }
` });
    expect(run.outcome.settled).toBe(true);
    const created = ofType(run.events, 'machine.created').filter((e) => e.t > 0);
    const inC = created.filter((e) => e.cluster === 'default/c');
    const inD = created.filter((e) => e.cluster === 'default/d');
    expect(inC.length).toBeGreaterThan(0);
    expect(inD.length).toBeGreaterThan(0);
    expect(inC.every((e) => e.t >= 30 * MINUTE)).toBe(true);
    expect(inD.every((e) => e.t < 30 * MINUTE)).toBe(true);
    const completed = ofType(run.events, 'rollout.completed');
    expect(completed.find((e) => e.cluster === 'default/c')!.t).toBeGreaterThan(30 * MINUTE);
    expect(completed.find((e) => e.cluster === 'default/d')!.t).toBeLessThan(30 * MINUTE);
  });
});

describe('move', () => {
  it('stops the management cluster for pauseFor; work queued meanwhile happens after', () => {
    const run = runFleet({ operations: `
  - at: 1m
    move: { pauseFor: 10m }
  - at: 2m
    scale: { clusters: { names: [c] }, pool: md, replicas: 4 }
` });
    expect(run.outcome.settled).toBe(true);
    expect(ofType(run.events, 'controller.paused')).toMatchObject([{ t: MINUTE, controller: 'all', reason: 'clusterctl move' }]);
    expect(ofType(run.events, 'controller.resumed')).toMatchObject([{ t: 11 * MINUTE, controller: 'all', reason: 'clusterctl move' }]);
    const created = ofType(run.events, 'machine.created').filter((e) => e.t > 0);
    expect(created).toHaveLength(1);
    expect(created[0]!.t).toBeGreaterThanOrEqual(11 * MINUTE);
  });
});

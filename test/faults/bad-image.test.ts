/**
 * badImage end to end: Machines created during the fault with a bad image never register a Node
 * (`node.joinBlocked`), Machines with good images do; `for` ending lets new Machines join; and the
 * CAPI consequence: MachineHealthCheck's nodeStartupTimeout replaces the broken Machines until a
 * replacement created after the fault joins, and the image rollout completes.
 */

import { describe, expect, it } from 'vitest';
import { parseObjectKey } from '../../src/kube/keys.js';
import { MINUTE, nodesOf, ofType, runFleet, type Run } from './helpers.js';

function registered(run: Run): Set<string> {
  return new Set(ofType(run.events, 'node.condition').filter((e) => e.condition === 'Ready' && e.status === 'True').map((e) => e.node));
}

const nameOf = (object: string) => parseObjectKey(object).name;

describe('badImage', () => {
  it('with `image`: Machines booting that image never join; the rollout is stuck', () => {
    const run = runFleet({ horizon: '2h', faults: `
  - at: 1m
    badImage: { clusters: { names: [c] }, image: img-bad }
`, operations: `
  - at: 2m
    rolloutImage: { clusters: { names: [c] }, image: img-bad }
` });
    expect(run.outcome.settled).toBe(false);
    expect(ofType(run.events, 'fault.started')).toMatchObject([{ t: MINUTE, fault: 'badImage', cluster: 'default/c', target: { clusters: ['default/c'], image: 'img-bad' } }]);
    const created = ofType(run.events, 'machine.created').filter((e) => e.t > 0);
    expect(created.length).toBeGreaterThan(0);
    expect(created.every((e) => e.image === 'img-bad')).toBe(true);
    const blocked = ofType(run.events, 'node.joinBlocked');
    expect(blocked.map((e) => e.object).sort()).toEqual(created.map((e) => e.object).sort());
    expect(blocked.every((e) => e.fault === 'badImage' && e.index === 0 && e.cluster === 'default/c')).toBe(true);
    const joined = registered(run);
    for (const machine of created) expect(joined.has(nameOf(machine.object))).toBe(false);
    expect(ofType(run.events, 'rollout.completed')).toHaveLength(0);
  });

  it('without `image`: only images the pool did not have at `at` are bad; a scale-up with the old image joins', () => {
    const run = runFleet({ horizon: '2h', faults: `
  - at: 1m
    badImage: { clusters: { names: [c] } }
`, operations: `
  - at: 2m
    scale: { clusters: { names: [c] }, pool: md, replicas: 4 }
  - at: 10m
    rolloutImage: { clusters: { names: [c] }, image: img-2, pools: [md] }
` });
    const created = ofType(run.events, 'machine.created').filter((e) => e.t > 0);
    const scaled = created.filter((e) => e.t < 10 * MINUTE);
    const rolled = created.filter((e) => e.t >= 10 * MINUTE);
    expect(scaled).toHaveLength(1);
    expect(rolled.length).toBeGreaterThan(0);
    const joined = registered(run);
    expect(joined.has(nameOf(scaled[0]!.object))).toBe(true);
    for (const machine of rolled) {
      expect(machine.image).toBe('img-2');
      expect(joined.has(nameOf(machine.object))).toBe(false);
    }
    expect(ofType(run.events, 'node.joinBlocked').map((e) => e.object).sort()).toEqual(rolled.map((e) => e.object).sort());
  });

  it('on a MachinePool too: the pool\'s own image joins, a rolled-out one does not', () => {
    const run = runFleet({ horizon: '2h', clusters: `
  - name: c
    provider: docker
    version: v1.34.3
    controlPlane: { replicas: 1 }
    workers:
      - { name: mp, kind: MachinePool, replicas: 2 }
`, faults: `
  - at: 1m
    badImage: { clusters: { names: [c] } }
`, operations: `
  - at: 5m
    scale: { clusters: { names: [c] }, pool: mp, replicas: 3 }
  - at: 20m
    rolloutImage: { clusters: { names: [c] }, image: img-2, pools: [mp] }
` });
    const created = ofType(run.events, 'machine.created').filter((e) => e.t > 0);
    const scaled = created.filter((e) => e.t < 20 * MINUTE);
    const rolled = created.filter((e) => e.t >= 20 * MINUTE);
    expect(scaled).toHaveLength(1);
    expect(rolled.length).toBeGreaterThan(0);
    const joined = registered(run);
    expect(joined.has(nameOf(scaled[0]!.object))).toBe(true);
    for (const machine of rolled) expect(joined.has(nameOf(machine.object))).toBe(false);
    expect(ofType(run.events, 'node.joinBlocked').map((e) => e.object).sort()).toEqual(rolled.map((e) => e.object).sort());
  });

  it('when `for` ends, Machines created from then on join; those created during the fault stay broken', () => {
    const run = runFleet({ horizon: '2h', faults: `
  - at: 1m
    badImage: { clusters: { names: [c] }, for: 10m }
`, operations: `
  - at: 2m
    rolloutImage: { clusters: { names: [c] }, image: img-2, pools: [md] }
  - at: 20m
    scale: { clusters: { names: [c] }, pool: md, replicas: 4 }
` });
    const created = ofType(run.events, 'machine.created').filter((e) => e.t > 0);
    const during = created.filter((e) => e.t < 11 * MINUTE);
    const after = created.filter((e) => e.t >= 11 * MINUTE);
    expect(during.length).toBeGreaterThan(0);
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((e) => e.image === 'img-2')).toBe(true);
    const joined = registered(run);
    for (const machine of during) expect(joined.has(nameOf(machine.object))).toBe(false);
    for (const machine of after) expect(joined.has(nameOf(machine.object))).toBe(true);
    expect(ofType(run.events, 'fault.ended')).toMatchObject([{ t: 11 * MINUTE, fault: 'badImage' }]);
  });

  it('CAPI consequence: nodeStartupTimeout replaces broken Machines until one joins after the fault, and the rollout completes', () => {
    const run = runFleet({ horizon: '6h', clusters: `
  - name: c
    provider: docker
    version: v1.34.3
    controlPlane: { replicas: 1 }
    workers:
      - { name: md, kind: MachineDeployment, replicas: 3 }
    healthCheck:
      nodeStartupTimeout: 5m
`, faults: `
  - at: 1m
    badImage: { clusters: { names: [c] }, for: 15m }
`, operations: `
  - at: 2m
    rolloutImage: { clusters: { names: [c] }, image: img-2 }
` });
    expect(run.outcome.settled).toBe(true);
    const blocked = ofType(run.events, 'node.joinBlocked').map((e) => e.object ?? '');
    expect(blocked.length).toBeGreaterThan(0);
    const startupTimeouts = ofType(run.events, 'mhc.unhealthy').filter((e) => e.reason === 'NodeStartupTimeout').map((e) => e.machine);
    expect(startupTimeouts.sort()).toEqual([...blocked].sort());
    const created = new Map<string, number>(ofType(run.events, 'machine.created').map((e) => [e.object, e.t]));
    for (const machine of blocked) expect(created.get(machine)!).toBeLessThan(16 * MINUTE);
    expect(ofType(run.events, 'rollout.completed')).toMatchObject([{ cluster: 'default/c', kind: 'image', to: 'img-2' }]);
    const nodes = nodesOf(run.world);
    expect(nodes).toHaveLength(4);
    expect(nodes.every((n) => n.conditions.Ready.status === 'True')).toBe(true);
  });
});

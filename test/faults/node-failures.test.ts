/**
 * nodeFailures end to end: by count (each mode, `for` clearing it, pool and control-plane
 * targeting, seeded choice) and by rate (arrivals inside the window, per-node rate, settling
 * without `for`), and the CAPI consequence: a crashed worker is remediated by its MachineHealthCheck.
 */

import { describe, expect, it } from 'vitest';
import { MINUTE, HOUR, UNKNOWN_AFTER, at, conditionAt, conditionHistory, expectUnknownAfterStop, nodesOf, ofType, runFleet, type Run } from './helpers.js';

const TWO_POOLS = `
  - name: c
    provider: docker
    version: v1.34.3
    controlPlane: { replicas: 3 }
    workers:
      - { name: a, kind: MachineDeployment, replicas: 2 }
      - { name: b, kind: MachineDeployment, replicas: 3 }
`;

function started(run: Run) {
  const [event, ...more] = ofType(run.events, 'fault.started');
  expect(more).toHaveLength(0);
  return event!;
}

function hitNodes(run: Run): string[] {
  return (started(run).target as { nodes: string[] }).nodes;
}

describe('nodeFailures by count', () => {
  it('kernelPanic: the chosen workers go Ready=Unknown after the grace period and come back when `for` ends', () => {
    const run = runFleet({ faults: `
  - at: 1m
    nodeFailures: { clusters: { names: [c] }, count: 2, mode: kernelPanic, for: 5m }
` });
    expect(run.outcome.settled).toBe(true);
    const start = started(run);
    expect(start).toMatchObject({ t: MINUTE, fault: 'nodeFailures', index: 0, mode: 'kernelPanic', cluster: 'default/c' });
    const nodes = hitNodes(run);
    expect(nodes).toHaveLength(2);
    for (const node of nodes) {
      expect(node.startsWith('c-md-')).toBe(true); // workers only, not the control plane
      // Unknown inside the heartbeat window after the stop at 1m, not on the grace period exactly.
      const mark = expectUnknownAfterStop(run.events, node, MINUTE);
      expect(conditionAt(run.events, node, mark - 1)).toBe('True');
      expect(conditionAt(run.events, node, 6 * MINUTE)).toBe('True');
    }
    const ended = ofType(run.events, 'fault.ended');
    expect(ended).toHaveLength(1);
    expect(ended[0]).toMatchObject({ t: 6 * MINUTE, fault: 'nodeFailures', index: 0, target: start.target });
    // The instances were never touched.
    const provider = run.world.providerOf('default/c');
    for (const node of nodesOf(run.world)) expect(provider.instanceState(node.providerID)).toBe('running');
  });

  it('hang without `for` lasts: the Node stays Unknown to the end and nothing ends the fault', () => {
    const run = runFleet({ faults: `
  - at: 1m
    nodeFailures: { clusters: { names: [c] }, count: 1, mode: hang }
` });
    expect(run.outcome.settled).toBe(true);
    const [node] = hitNodes(run);
    expect(conditionHistory(run.events, node!).map((c) => c.status)).toEqual(['True', 'Unknown']);
    expect(ofType(run.events, 'fault.ended')).toHaveLength(0);
    expect(run.world.workload('default/c').cluster.nodes.get(node!)?.conditions.Ready.status).toBe('Unknown');
  });

  it('crash: the cloud reports the instance terminated and the Node goes Unknown after the grace period; `for` brings nothing back', () => {
    let stateDuring: string | undefined;
    const run = runFleet({ faults: `
  - at: 2m
    nodeFailures: { clusters: { names: [c] }, count: 1, mode: crash, for: 3m }
` }, (world) => at(world, 2 * MINUTE + 1, () => {
      const node = nodesOf(world).find((n) => n.kubeletStopped)!;
      stateDuring = world.providerOf('default/c').instanceState(node.providerID);
    }));
    expect(stateDuring).toBe('terminated');
    const [node] = hitNodes(run);
    const mark = expectUnknownAfterStop(run.events, node!, 2 * MINUTE);
    expect(conditionHistory(run.events, node!)).toEqual([{ t: 0, status: 'True' }, { t: mark, status: 'Unknown' }]);
    expect(ofType(run.events, 'fault.ended')).toMatchObject([{ t: 5 * MINUTE }]);
  });

  it.each([
    ['notReady', 'Ready', 'False', 'True'],
    ['memoryPressure', 'MemoryPressure', 'True', 'False'],
    ['diskPressure', 'DiskPressure', 'True', 'False'],
  ] as const)('%s sets %s=%s at once and clears it when `for` ends', (mode, condition, failed, healthy) => {
    const run = runFleet({ faults: `
  - at: 3m
    nodeFailures: { clusters: { names: [c] }, count: 1, mode: ${mode}, for: 10m }
` });
    expect(run.outcome.settled).toBe(true);
    const [node] = hitNodes(run);
    expect(conditionHistory(run.events, node!, condition)).toEqual([
      ...(condition === 'Ready' ? [{ t: 0, status: 'True' }] : []),
      { t: 3 * MINUTE, status: failed },
      { t: 13 * MINUTE, status: healthy },
    ]);
    // The kubelet keeps posting: Ready is untouched by a pressure condition.
    if (condition !== 'Ready') expect(conditionHistory(run.events, node!)).toEqual([{ t: 0, status: 'True' }]);
  });

  it('pool: only that pool\'s Nodes fail, and no more than it has', () => {
    const run = runFleet({ clusters: TWO_POOLS, faults: `
  - at: 1m
    nodeFailures: { clusters: { names: [c] }, pool: b, count: 10, mode: notReady }
` });
    const nodes = hitNodes(run);
    expect(nodes).toHaveLength(3);
    expect(nodes.every((n) => n.startsWith('c-b-'))).toBe(true);
    for (const node of nodesOf(run.world)) expect(node.conditions.Ready.status).toBe(node.name.startsWith('c-b-') ? 'False' : 'True');
  });

  it('pool: a MachinePool\'s Nodes are targeted by its name too', () => {
    const run = runFleet({ clusters: `
  - name: c
    provider: docker
    version: v1.34.3
    controlPlane: { replicas: 1 }
    workers:
      - { name: mp, kind: MachinePool, replicas: 2 }
      - { name: md, kind: MachineDeployment, replicas: 2 }
`, faults: `
  - at: 1m
    nodeFailures: { clusters: { names: [c] }, pool: mp, count: 5, mode: notReady, for: 2m }
` });
    expect(run.outcome.settled).toBe(true);
    const nodes = hitNodes(run);
    expect(nodes).toHaveLength(2);
    const pools = new Map(nodesOf(run.world).map((n) => [n.name, n.pool]));
    expect(nodes.map((n) => pools.get(n))).toEqual(['MachinePool/default/c-mp', 'MachinePool/default/c-mp']);
  });

  it('controlPlane: only control plane Nodes fail', () => {
    const run = runFleet({ clusters: TWO_POOLS, faults: `
  - at: 1m
    nodeFailures: { clusters: { names: [c] }, controlPlane: true, count: 2, mode: notReady }
` });
    const nodes = hitNodes(run);
    expect(nodes).toHaveLength(2);
    expect(nodes.every((n) => n.startsWith('c-control-plane-'))).toBe(true);
  });

  it('count is a total over the selected clusters, drawn from the fault\'s own stream', () => {
    const clusters = `
  - name: x
    provider: docker
    version: v1.34.3
    controlPlane: { replicas: 1 }
    workers: [{ name: md, kind: MachineDeployment, replicas: 4 }]
  - name: y
    provider: docker
    version: v1.34.3
    controlPlane: { replicas: 1 }
    workers: [{ name: md, kind: MachineDeployment, replicas: 4 }]
`;
    const fault = `
  - at: 1m
    nodeFailures: { clusters: { names: [x, y] }, count: 3, mode: memoryPressure }
`;
    const picks = (seed: number, more = '') => hitNodes2(runFleet({ seed, clusters, faults: fault + more }));
    const hitNodes2 = (run: Run) => (ofType(run.events, 'fault.started').find((e) => e.index === 0)!.target as { nodes: string[] }).nodes;
    const first = picks(1);
    expect(first).toHaveLength(3);
    expect(first.every((n) => n.startsWith('x-md-') || n.startsWith('y-md-'))).toBe(true);
    expect(picks(1)).toEqual(first);
    // Another fault after it does not change its draws.
    expect(picks(1, `
  - at: 30s
    nodeFailures: { clusters: { names: [x] }, count: 1, mode: diskPressure }
`)).toEqual(first);
    // Some seed picks differently (the choice is random, not a fixed order).
    expect([2, 3, 4, 5, 6].some((seed) => picks(seed).join() !== first.join())).toBe(true);
  });
});

describe('nodeFailures by rate', () => {
  it('arrivals fall inside the window, hit each Node at most once, and clear when `for` ends', () => {
    const run = runFleet({ faults: `
  - at: 10m
    nodeFailures: { clusters: { names: [c] }, ratePerNodeHour: 2, mode: notReady, for: 1h }
` });
    expect(run.outcome.settled).toBe(true);
    const failures = ofType(run.events, 'fault.nodeFailed');
    expect(failures.length).toBeGreaterThan(0);
    const nodes = failures.map((f) => f.node as string);
    expect(new Set(nodes).size).toBe(nodes.length);
    for (const failure of failures) {
      expect(failure.t).toBeGreaterThan(10 * MINUTE);
      expect(failure.t).toBeLessThan(70 * MINUTE);
      expect(failure).toMatchObject({ fault: 'nodeFailures', index: 0, cluster: 'default/c', mode: 'notReady', object: `Machine/default/${String(failure.node)}` });
      expect(String(failure.node).startsWith('c-md-')).toBe(true);
      expect(conditionAt(run.events, failure.node as string, failure.t)).toBe('False');
      expect(conditionAt(run.events, failure.node as string, 70 * MINUTE)).toBe('True');
    }
    expect(ofType(run.events, 'fault.started')).toMatchObject([{ t: 10 * MINUTE, ratePerNodeHour: 2, target: { clusters: ['default/c'] } }]);
    expect(ofType(run.events, 'fault.ended')).toMatchObject([{ t: 70 * MINUTE, target: { clusters: ['default/c'], nodes } }]);
  });

  it('arrivals are a function of the seed, and a fault added after it does not move them', () => {
    const rate = `
  - at: 10m
    nodeFailures: { clusters: { names: [c] }, ratePerNodeHour: 1, mode: hang, for: 2h }
`;
    const arrivals = (seed: number, more = '') =>
      ofType(runFleet({ seed, faults: rate + more }).events, 'fault.nodeFailed').filter((e) => e.index === 0).map((e) => `${e.t}:${String(e.node)}`);
    const first = arrivals(3);
    expect(first.length).toBeGreaterThan(0);
    expect(arrivals(3)).toEqual(first);
    expect(arrivals(3, `
  - at: 5m
    nodeFailures: { clusters: { names: [c] }, controlPlane: true, count: 1, mode: diskPressure }
`)).toEqual(first);
    expect(arrivals(4)).not.toEqual(first);
  });

  it('without `for` it runs through the whole run yet does not keep the run from settling', () => {
    const run = runFleet({ horizon: '48h', faults: `
  - nodeFailures: { ratePerNodeHour: 0.0001, mode: crash }
` });
    expect(run.outcome.settled).toBe(true);
    expect(ofType(run.events, 'fault.started')).toHaveLength(1);
    expect(ofType(run.events, 'fault.ended')).toHaveLength(0);
  });

  it('the rate is per Node and per hour: failures over many seeds match the Poisson expectation', () => {
    // 20 workers, 0.05 failures per node-hour for 10 h, each Node failing at most once:
    // P(a Node fails) = 1 − e^(−0.05·10); over 10 seeds the count is Binomial(200, p).
    const p = 1 - Math.exp(-0.05 * 10);
    const trials = 200;
    let total = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const run = runFleet({ seed, clusters: `
  - name: c
    provider: docker
    version: v1.34.3
    controlPlane: { replicas: 1 }
    workers: [{ name: md, kind: MachineDeployment, replicas: 20 }]
`, faults: `
  - nodeFailures: { ratePerNodeHour: 0.05, mode: memoryPressure, for: 10h }
` });
      const failures = ofType(run.events, 'fault.nodeFailed');
      expect(failures.every((f) => f.t < 10 * HOUR)).toBe(true);
      total += failures.length;
    }
    const mean = trials * p;
    const sd = Math.sqrt(trials * p * (1 - p));
    expect(Math.abs(total - mean)).toBeLessThan(4 * sd);
  });
});

describe('nodeFailures: CAPI consequence', () => {
  it('a crashed worker is remediated by its MachineHealthCheck and replaced by a Ready Machine', () => {
    const run = runFleet({ clusters: `
  - name: c
    provider: docker
    version: v1.34.3
    controlPlane: { replicas: 1 }
    workers:
      - { name: md, kind: MachineDeployment, replicas: 3 }
    healthCheck:
      unhealthyConditions:
        - { type: Ready, status: Unknown, timeout: 1m }
`, faults: `
  - at: 1m
    nodeFailures: { clusters: { names: [c] }, count: 1, mode: crash }
` });
    expect(run.outcome.settled).toBe(true);
    const [node] = hitNodes(run);
    const machine = `Machine/default/${node}`;
    const unhealthy = ofType(run.events, 'mhc.unhealthy').filter((e) => e.machine === machine);
    expect(unhealthy).toHaveLength(1);
    // Unhealthy once Unknown (inside the heartbeat window after the crash at 1m) has lasted the 1m timeout.
    const mark = expectUnknownAfterStop(run.events, node!, MINUTE);
    expect(mark).toBeGreaterThan(MINUTE + UNKNOWN_AFTER.earliest);
    expect(unhealthy[0]!.t).toBeGreaterThanOrEqual(mark + MINUTE);
    expect(ofType(run.events, 'mhc.remediation').map((e) => e.machine)).toEqual([machine]);
    expect(run.events.some((e) => e.type === 'machine.phase' && e.object === machine && e.phase === 'Deleted')).toBe(true);
    const nodes = nodesOf(run.world).filter((n) => n.name.startsWith('c-md-'));
    expect(nodes).toHaveLength(3);
    expect(nodes.map((n) => n.name)).not.toContain(node);
    expect(nodes.every((n) => n.conditions.Ready.status === 'True')).toBe(true);
  });
});

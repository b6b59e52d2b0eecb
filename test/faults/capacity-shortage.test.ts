/**
 * capacityShortage end to end: creates in the short zone fail with the capacity error until `for`
 * ends, other zones and other instance types are untouched, running instances stay; the CAPI
 * consequence: the MachineDeployment's scale-up completes once the zone has capacity again.
 */

import { describe, expect, it } from 'vitest';
import type { InfraMachine } from '../../src/capi/types.js';
import { MINUTE, at, nodesOf, ofType, runFleet, type Run } from './helpers.js';

const END = 16 * MINUTE;

function runningTimes(run: Run): Map<string, number> {
  return new Map(ofType(run.events, 'machine.phase').filter((e) => e.phase === 'Running' && e.t > 0).map((e) => [e.object, e.t]));
}

describe('capacityShortage', () => {
  it('fails creates in the zone until `for` ends; other zones scale at once', () => {
    let failureDuring: string | undefined;
    const run = runFleet({ faults: `
  - at: 1m
    capacityShortage: { cloud: docker, zone: local-a, for: 15m }
`, operations: `
  - at: 2m
    scale: { clusters: { names: [c] }, pool: md, replicas: 6 }
` }, (world) => at(world, 5 * MINUTE, () => {
      for (const infra of world.store.list<InfraMachine>('InfraMachine')) if (infra.spec.failureDomain === 'local-a' && infra.status.failureReason !== undefined) failureDuring = infra.status.failureReason;
    }));
    expect(run.outcome.settled).toBe(true);
    expect(failureDuring).toMatch(/InsufficientCapacity/);
    expect(ofType(run.events, 'fault.started')).toMatchObject([{ t: MINUTE, fault: 'capacityShortage', target: { cloud: 'docker', zone: 'local-a', providers: ['docker/default/local'] } }]);
    expect(ofType(run.events, 'fault.ended')).toMatchObject([{ t: END }]);
    const running = runningTimes(run);
    const scaled = ofType(run.events, 'machine.created').filter((e) => e.t > 0);
    expect(scaled).toHaveLength(3);
    for (const machine of scaled) {
      if (machine.zone === 'local-a') expect(running.get(machine.object as string)!).toBeGreaterThan(END);
      else expect(running.get(machine.object as string)!).toBeLessThan(3 * MINUTE);
    }
    // Instances that were running are not touched.
    expect(nodesOf(run.world).every((n) => n.conditions.Ready.status === 'True')).toBe(true);
    expect(nodesOf(run.world).filter((n) => n.name.startsWith('c-md-'))).toHaveLength(6);
  });

  it('a shortage of another instance type does not hold this one', () => {
    const run = runFleet({ faults: `
  - at: 1m
    capacityShortage: { cloud: docker, zone: local-a, instanceType: m6i.32xlarge, for: 15m }
`, operations: `
  - at: 2m
    scale: { clusters: { names: [c] }, pool: md, replicas: 6 }
` });
    expect(run.outcome.settled).toBe(true);
    for (const t of runningTimes(run).values()) expect(t).toBeLessThan(3 * MINUTE);
  });
});

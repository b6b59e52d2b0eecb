/**
 * drainBlocker end to end: a PodDisruptionBudget allowing no disruption keeps drains from
 * completing (every pass refuses the guarded pod's eviction) until `for` ends; with `pool`, only
 * that pool's drains are held. The CAPI consequence: a scale-down's Machine stays Deleting, and
 * its deletion finishes after the blocker is lifted.
 */

import { describe, expect, it } from 'vitest';
import { MINUTE, ofType, runFleet, type Run } from './helpers.js';

function drains(run: Run, stage: string) {
  return ofType(run.events, 'machine.drain').filter((e) => e.stage === stage);
}

describe('drainBlocker', () => {
  it('holds drains until `for` ends; then they complete and the scale-down finishes', () => {
    const run = runFleet({ faults: `
  - at: 1m
    drainBlocker: { clusters: { names: [c] }, for: 20m }
`, operations: `
  - at: 2m
    scale: { clusters: { names: [c] }, pool: md, replicas: 2 }
` });
    expect(run.outcome.settled).toBe(true);
    expect(ofType(run.events, 'fault.started')).toMatchObject([{ t: MINUTE, fault: 'drainBlocker', cluster: 'default/c', target: { clusters: ['default/c'] } }]);
    expect(ofType(run.events, 'fault.ended')).toMatchObject([{ t: 21 * MINUTE }]);
    const [started] = drains(run, 'started');
    expect(started!.t).toBeLessThan(3 * MINUTE);
    const completed = drains(run, 'completed');
    expect(completed).toHaveLength(1);
    expect(completed[0]!.object).toBe(started!.object);
    expect(completed[0]!.t).toBeGreaterThanOrEqual(21 * MINUTE);
    // One refused eviction per 20 s pass while the blocker stood.
    expect(completed[0]!.refusedEvictions as number).toBeGreaterThanOrEqual(Math.floor((21 * MINUTE - started!.t) / (20_000)) - 1);
    const deleted = ofType(run.events, 'machine.phase').find((e) => e.object === started!.object && e.phase === 'Deleted');
    expect(deleted!.t).toBeGreaterThan(21 * MINUTE);
  });

  it('without `for` the drain never completes', () => {
    const run = runFleet({ horizon: '3h', faults: `
  - at: 1m
    drainBlocker: { clusters: { names: [c] } }
`, operations: `
  - at: 2m
    scale: { clusters: { names: [c] }, pool: md, replicas: 2 }
` });
    expect(run.outcome.settled).toBe(false);
    expect(drains(run, 'started')).toHaveLength(1);
    expect(drains(run, 'completed')).toHaveLength(0);
  });

  it('with `pool`, only that pool\'s drains are held', () => {
    const run = runFleet({ clusters: `
  - name: c
    provider: docker
    version: v1.34.3
    controlPlane: { replicas: 1 }
    workers:
      - { name: a, kind: MachineDeployment, replicas: 2 }
      - { name: b, kind: MachineDeployment, replicas: 2 }
`, faults: `
  - at: 1m
    drainBlocker: { clusters: { names: [c] }, pool: a, for: 30m }
`, operations: `
  - at: 2m
    scale: { clusters: { names: [c] }, pool: a, replicas: 1 }
  - at: 2m
    scale: { clusters: { names: [c] }, pool: b, replicas: 1 }
` });
    expect(run.outcome.settled).toBe(true);
    expect(ofType(run.events, 'fault.started')[0]!.target).toEqual({ clusters: ['default/c'], pool: 'a' });
    const completed = drains(run, 'completed');
    expect(completed).toHaveLength(2);
    const a = completed.find((e) => String(e.object).startsWith('Machine/default/c-a-'))!;
    const b = completed.find((e) => String(e.object).startsWith('Machine/default/c-b-'))!;
    expect(b.t).toBeLessThan(10 * MINUTE);
    expect(a.t).toBeGreaterThanOrEqual(31 * MINUTE);
  });
});

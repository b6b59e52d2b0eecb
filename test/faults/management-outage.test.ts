/**
 * managementOutage end to end: the manager stops (`controller.paused` all) and starts again when
 * `for` ends (`controller.resumed`); nothing is reconciled meanwhile, while the workload clusters
 * go on. CAPI consequence: a crash during the outage is only noticed, and remediated, after it.
 */

import { describe, expect, it } from 'vitest';
import { MINUTE, at, ofType, runFleet } from './helpers.js';

const START = MINUTE;
const END = 11 * MINUTE;

describe('managementOutage', () => {
  it('pauses every controller for `for`; a scale-up made meanwhile starts after it', () => {
    let pausedDuring: boolean | undefined;
    const run = runFleet({ faults: `
  - at: 1m
    managementOutage: { for: 10m }
`, operations: `
  - at: 2m
    scale: { clusters: { names: [c] }, pool: md, replicas: 5 }
` }, (world) => at(world, 5 * MINUTE, () => { pausedDuring = world.manager.paused; }));
    expect(run.outcome.settled).toBe(true);
    expect(pausedDuring).toBe(true);
    expect(run.world.manager.paused).toBe(false);
    expect(ofType(run.events, 'controller.paused')).toMatchObject([{ t: START, controller: 'all', reason: 'management outage' }]);
    expect(ofType(run.events, 'controller.resumed')).toMatchObject([{ t: END, controller: 'all', reason: 'management outage' }]);
    expect(ofType(run.events, 'fault.started')).toMatchObject([{ t: START, fault: 'managementOutage', index: 0 }]);
    expect(ofType(run.events, 'fault.ended')).toMatchObject([{ t: END, fault: 'managementOutage', index: 0 }]);
    const created = ofType(run.events, 'machine.created').filter((e) => e.t > 0);
    expect(created).toHaveLength(2);
    expect(created.every((e) => e.t >= END)).toBe(true);
  });

  it('overlapping outages nest: the manager resumes when the last one ends', () => {
    const run = runFleet({ faults: `
  - at: 1m
    managementOutage: { for: 10m }
  - at: 5m
    managementOutage: { for: 10m }
` });
    expect(run.outcome.settled).toBe(true);
    expect(ofType(run.events, 'controller.paused').map((e) => e.t)).toEqual([START]);
    expect(ofType(run.events, 'controller.resumed').map((e) => e.t)).toEqual([15 * MINUTE]);
  });

  it('CAPI consequence: a crash during the outage is remediated only after it', () => {
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
    managementOutage: { for: 10m }
  - at: 2m
    nodeFailures: { clusters: { names: [c] }, count: 1, mode: crash }
` });
    expect(run.outcome.settled).toBe(true);
    const node = (ofType(run.events, 'fault.started').find((e) => e.fault === 'nodeFailures')!.target as { nodes: string[] }).nodes[0]!;
    // The Node went Unknown during the outage (the workload cluster goes on) …
    const unknown = ofType(run.events, 'node.condition').find((e) => e.node === node && e.condition === 'Ready' && e.status === 'Unknown')!;
    expect(unknown.t).toBeLessThan(END);
    // … but the MachineHealthCheck only acts after the manager is back.
    const remediation = ofType(run.events, 'mhc.remediation').find((e) => e.machine === `Machine/default/${node}`);
    expect(remediation).toBeDefined();
    expect(remediation!.t).toBeGreaterThanOrEqual(END);
  });
});

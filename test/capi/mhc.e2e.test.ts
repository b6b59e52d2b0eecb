/**
 * MachineHealthCheck end to end: a scenario runs, nodes break through the workload API, and the
 * timeline must show what CAPI would decide and when (capi-semantics.md §4; §11 rows e, f, h).
 */

import { describe, expect, it } from 'vitest';
import { parseObjectKey } from '../../src/kube/keys.js';
import { unknownMarkWindow } from '../../src/workload/node-lifecycle.js';
import type { World } from '../../src/world/world.js';
import { breakNodes, eventsOf, run, SECOND } from './helpers.js';

const GRACE = 50 * SECOND; // node-monitor-grace-period from Kubernetes 1.32 (v1.34 here)
const TIMEOUT = 300 * SECOND;
const STOP = 60 * SECOND;
/** The Unknown mark lands in (grace − 10.4 s, grace + 5 s) after the stop (node-lifecycle.ts unknownMarkDelay, issue 12 case 9). */
const WINDOW = unknownMarkWindow(GRACE);

/** When `node` turned Ready=Unknown, checked to be inside the heartbeat window after the stop. */
function unknownMark(world: World, node: string): number {
  const mark = eventsOf(world, 'node.condition').find((e) => e.node === node && e.condition === 'Ready' && e.status === 'Unknown')?.t;
  expect(mark).toBeGreaterThan(STOP + WINDOW.earliest);
  expect(mark).toBeLessThan(STOP + WINDOW.latest);
  return mark!;
}

function cluster(workers: number, healthCheck: string): string {
  return `
horizon: 2h
clusters:
  - name: c1
    provider: docker
    version: v1.34.3
    controlPlane: { replicas: 1 }
    workers:
      - { name: md, kind: MachineDeployment, replicas: ${workers} }
    healthChecks:
      - name: workers
        targets: workers
        ${healthCheck}
        unhealthyConditions:
          - { type: Ready, status: Unknown, timeout: 5m }
          - { type: Ready, status: "False", timeout: 5m }
`;
}

describe('MachineHealthCheck maxUnhealthy (5 workers, 40% → at most 2)', () => {
  it('2 broken nodes: both marked after grace + timeout, both remediated by the MachineSet, replaced', () => {
    let broken: string[] = [];
    const world = run(cluster(5, 'maxUnhealthy: 40%'), (w) => { broken = breakNodes(w, 'default/c1', 60 * SECOND, 2, 'MachineDeployment'); });
    const unhealthy = eventsOf(world, 'mhc.unhealthy');
    expect(unhealthy.map((e) => parseObjectKey(e.machine).name).sort()).toEqual([...broken].sort());
    for (const e of unhealthy) {
      expect(e.reason).toBe('UnhealthyNode');
      // Ready=Unknown inside the heartbeat window after the failure; expired strictly after the
      // timeout; MHC rechecks 1 s after and at most every 15 s.
      const mark = unknownMark(world, parseObjectKey(e.machine).name);
      expect(e.t).toBeGreaterThan(mark + TIMEOUT);
      expect(e.t).toBeLessThanOrEqual(mark + TIMEOUT + 16 * SECOND);
    }
    const remediations = eventsOf(world, 'mhc.remediation');
    expect(remediations.map((e) => e.by)).toEqual(['MachineSet', 'MachineSet']);
    expect(eventsOf(world, 'mhc.shortCircuit')).toEqual([]);
    // Replacements appear only once the remediated Machines are gone (deleting Machines still count).
    const created = eventsOf(world, 'machine.created').filter((e) => e.t > 0);
    expect(created).toHaveLength(2);
    const deleted = eventsOf(world, 'machine.phase').filter((e) => e.phase === 'Deleted');
    for (const c of created) expect(c.t).toBeGreaterThanOrEqual(Math.min(...deleted.map((d) => d.t)));
    const mhc = world.store.get('MachineHealthCheck', 'default', 'c1-workers') as { status: { expectedMachines: number; currentHealthy: number } };
    expect(mhc.status).toMatchObject({ expectedMachines: 5, currentHealthy: 5 });
  });

  it('3 broken nodes: short-circuit (3 > 2); Machines are marked but nobody remediates', () => {
    const world = run(cluster(5, 'maxUnhealthy: 40%'), (w) => { breakNodes(w, 'default/c1', 60 * SECOND, 3, 'MachineDeployment'); });
    const shortCircuits = eventsOf(world, 'mhc.shortCircuit');
    expect(shortCircuits).toHaveLength(1);
    expect(shortCircuits[0]).toMatchObject({ healthCheck: 'MachineHealthCheck/default/c1-workers', unhealthy: 3, total: 5, limit: 2, flagged: 3 });
    expect(eventsOf(world, 'mhc.unhealthy')).toHaveLength(3);
    expect(eventsOf(world, 'mhc.remediation')).toEqual([]);
    const machines = [...world.store.list('Machine')] as Array<{ status: { conditions: Array<{ type: string; status: string }> } }>;
    const flagged = machines.filter((m) => m.status.conditions.some((c) => c.type === 'HealthCheckSucceeded' && c.status === 'False'));
    expect(flagged).toHaveLength(3);
    expect(flagged.every((m) => !m.status.conditions.some((c) => c.type === 'OwnerRemediated'))).toBe(true);
  });

  it('a short-circuited MHC does not requeue: pending timeouts wait for the next event or resync', () => {
    // With 3 of 5 pending after the grace period, MHC is already restricted (3 not healthy > 2)
    // and returns without RequeueAfter; the MHC informer's resync is what looks again
    // (capi-semantics §4.3): 10 min × [0.9, 1.1), jittered per informer (kube/manager.ts).
    let broken: string[] = [];
    const world = run(cluster(5, 'maxUnhealthy: 40%'), (w) => { broken = breakNodes(w, 'default/c1', STOP, 3, 'MachineDeployment'); });
    const lastMark = Math.max(...broken.map((node) => unknownMark(world, node)));
    const first = eventsOf(world, 'mhc.unhealthy')[0]!;
    expect(first.t).toBeGreaterThan(lastMark + TIMEOUT + 16 * SECOND);
    const resync = world.manager.resyncPeriods.get('machineHealthCheck')!;
    expect(resync).toBeGreaterThanOrEqual(0.9 * 10 * 60 * SECOND);
    expect(resync).toBeLessThan(1.1 * 10 * 60 * SECOND);
    expect(first.t % resync).toBeLessThan(SECOND);
  });
});

describe('MachineHealthCheck unhealthyRange "[1-2]"', () => {
  it('2 broken: inside the range, remediated', () => {
    const world = run(cluster(5, 'unhealthyRange: "[1-2]"'), (w) => { breakNodes(w, 'default/c1', 60 * SECOND, 2, 'MachineDeployment'); });
    expect(eventsOf(world, 'mhc.remediation')).toHaveLength(2);
    expect(eventsOf(world, 'mhc.shortCircuit')).toEqual([]);
  });
  it('3 broken: above the range, short-circuited with the range as the limit', () => {
    const world = run(cluster(5, 'unhealthyRange: "[1-2]"'), (w) => { breakNodes(w, 'default/c1', 60 * SECOND, 3, 'MachineDeployment'); });
    expect(eventsOf(world, 'mhc.remediation')).toEqual([]);
    expect(eventsOf(world, 'mhc.shortCircuit')[0]).toMatchObject({ unhealthy: 3, total: 5, limit: '[1-2]' });
  });
});

describe('MachineHealthCheck skips', () => {
  it('a paused cluster: nothing is judged or remediated while paused; after resume the backlog is remediated', () => {
    const body = `${cluster(3, 'maxUnhealthy: 100%')}
operations:
  - at: 30s
    pause: { clusters: { names: [c1] } }
  - at: 20m
    resume: { clusters: { names: [c1] } }
  - at: 40m
    resume: { clusters: { names: [c1] } }
`;
    // (the second resume keeps the run going past the first: the settle check does not wait for
    // nodes that are not Ready)
    const world = run(body, (w) => { breakNodes(w, 'default/c1', 60 * SECOND, 1, 'MachineDeployment'); });
    const remediations = eventsOf(world, 'mhc.remediation');
    expect(remediations).toHaveLength(1);
    expect(remediations[0]!.t).toBeGreaterThanOrEqual(20 * 60 * SECOND);
    expect(remediations[0]!.t).toBeLessThan(20 * 60 * SECOND + 20 * SECOND);
    expect(eventsOf(world, 'mhc.unhealthy')[0]!.t).toBeGreaterThanOrEqual(20 * 60 * SECOND);
  });

  it('an external remediation template: MHC creates a request named like the Machine instead of asking the owner', () => {
    const body = cluster(3, 'remediationTemplate: { kind: Metal3RemediationTemplate, name: m3 }');
    const world = run(body, (w) => { breakNodes(w, 'default/c1', 60 * SECOND, 1, 'MachineDeployment'); });
    const remediation = eventsOf(world, 'mhc.remediation');
    expect(remediation).toHaveLength(1);
    expect(remediation[0]!.by).toBe('external:Metal3Remediation');
    const name = parseObjectKey(remediation[0]!.machine).name;
    expect(world.store.get('Metal3Remediation', 'default', name)).toBeDefined();
    // Nobody deletes the Machine: no external remediation controller runs in this scenario.
    expect(eventsOf(world, 'machine.phase').filter((e) => e.phase === 'Deleting')).toEqual([]);
  });
});

/**
 * Issue 12 case 3, end to end: `clusterctl move` refuses to start while a Machine has no Node
 * (cluster-api@v1.13.5 cmd/clusterctl/client/cluster/mover.go `checkProvisioningCompleted`);
 * with `retry` it starts once every Machine has one; the copies on the target get a new
 * creationTimestamp and rebuilt status (mover.go `createTargetObject`).
 */

import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Machine } from '../../src/capi/types.js';
import { buildSummary } from '../../src/report/summary.js';
import { runCli } from '../e2e/helpers.js';
import { tempDir } from '../helpers/temp.js';
import { MINUTE, SECOND, fleetYaml, ofType, runFleet } from '../faults/helpers.js';

const CLUSTER = `
  - name: c
    provider: docker
    version: v1.34.3
    controlPlane: { replicas: 1 }
    workers:
      - { name: md, kind: MachineDeployment, replicas: 3, deletePolicy: Oldest, minReadySeconds: 60 }
`;
// The scale-up at 1m creates 3 Machines; they have no Node for the first tens of seconds.
const SCALE = '  - { at: 1m, scale: { clusters: { names: [c] }, pool: md, replicas: 6 } }\n';

describe('clusterctl move (issue 12 case 3)', () => {
  it('refuses while a Machine has no Node: a move.refused event, nothing paused, and a terminal line saying why', async () => {
    const options = { clusters: CLUSTER, operations: `${SCALE}  - { at: 61s, move: { pauseFor: 10m } }\n` };
    const run = runFleet(options);
    const refused = ofType(run.events, 'move.refused');
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ t: 61 * SECOND, operation: 1, attempt: 1, final: true, machinesWithoutNode: 3 });
    expect(refused[0]!.reason).toMatch(/cannot start the move operation while "Machine" default\/c-md-\S+ is still provisioning the node/);
    expect(ofType(run.events, 'controller.paused')).toEqual([]);
    expect(run.outcome.settled).toBe(true);

    const dir = tempDir('fleetsim-move-');
    const file = join(dir, 'move.yaml');
    writeFileSync(file, fleetYaml(options));
    const { code, out } = await runCli(['run', file, '--out', join(dir, 'out')]);
    expect(code).toBe(0);
    expect(out).toMatch(/clusterctl move \(operation 1\) refused at 1m0?1s: 3 Machines without a Node .*; nothing was moved/);
  });

  it('with retry, starts once every Machine has a Node', () => {
    const run = runFleet({ clusters: CLUSTER, operations: `${SCALE}  - { at: 61s, move: { pauseFor: 5m, retry: { every: 10s } } }\n` });
    expect(run.outcome.settled).toBe(true);
    const refused = ofType(run.events, 'move.refused');
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((e) => !e.final)).toBe(true);
    const paused = ofType(run.events, 'controller.paused').find((e) => e.reason === 'clusterctl move')!;
    // It starts at the first try after the last new Machine got its Node (tries are 10 s apart).
    const lastNode = Math.max(...ofType(run.events, 'machine.phase').filter((e) => e.phase === 'Running' && e.t > MINUTE).map((e) => e.t));
    expect(paused.t).toBeGreaterThanOrEqual(lastNode);
    expect(paused.t).toBeLessThanOrEqual(lastNode + 10 * SECOND);
    expect(paused.t).toBe(61 * SECOND + refused.length * 10 * SECOND);
    expect(buildSummary(run.outcome).moveRefusals).toEqual([]);
  });

  it('gives up after retry.for', () => {
    const run = runFleet({ clusters: CLUSTER, operations: `${SCALE}  - { at: 61s, move: { pauseFor: 5m, retry: { every: 2s, for: 4s } } }\n` });
    const refused = ofType(run.events, 'move.refused');
    expect(refused.map((e) => [e.t, e.attempt, e.final])).toEqual([[61 * SECOND, 1, false], [63 * SECOND, 2, false], [65 * SECOND, 3, true]]);
    expect(ofType(run.events, 'controller.paused')).toEqual([]);
  });

  it('the copies on the target are new: creationTimestamp = the move, and Available waits minReadySeconds again', () => {
    const run = runFleet({ clusters: CLUSTER, operations: '  - { at: 2m, move: { pauseFor: 1m } }\n' }, (world) => {
      world.sim.at(3 * MINUTE + 30 * SECOND, () => {
        for (const machine of world.store.list<Machine>('Machine')) {
          expect(machine.metadata.creationTimestamp).toBe(3 * MINUTE);
          // Ready again at once, but Available only minReadySeconds (60 s) after its new Ready transition.
          const available = machine.status.conditions.find((c) => c.type === 'Available');
          if (machine.spec.minReadySeconds > 0) expect(available?.status).toBe('False');
        }
      }, undefined);
      world.sim.at(4 * MINUTE + 30 * SECOND, () => {
        for (const machine of world.store.list<Machine>('Machine')) expect(machine.status.conditions.find((c) => c.type === 'Available')?.status).toBe('True');
      }, undefined);
    });
    expect(run.outcome.settled).toBe(true);
  });
});

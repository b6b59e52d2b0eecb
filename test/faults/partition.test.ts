/**
 * partition end to end: the management cluster cannot reach the workload cluster; CAPI keeps the
 * last Node conditions for the 5 min remote-conditions grace period, then turns NodeHealthy
 * Unknown; when `for` ends the cluster is reachable again and conditions come back. CAPI
 * consequence: a Node failing behind the partition is remediated only after it ends.
 */

import { describe, expect, it } from 'vitest';
import { getCondition } from '../../src/kube/conditions.js';
import type { Machine } from '../../src/capi/types.js';
import type { World } from '../../src/world/world.js';
import { MINUTE, SECOND, at, ofType, runFleet } from './helpers.js';

const START = MINUTE;
const END = 21 * MINUTE;
const GRACE_PERIOD = 5 * MINUTE; // --remote-conditions-grace-period

/** NodeHealthy of every Machine, by cluster name. */
function nodeHealthy(world: World): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const m of world.store.list<Machine>('Machine')) (out[m.spec.clusterName] ??= []).push(getCondition(m.status.conditions, 'NodeHealthy')?.status ?? 'none');
  return out;
}

describe('partition', () => {
  it('keeps Node conditions for the grace period, then NodeHealthy turns Unknown; `for` ending restores them', () => {
    const seen = new Map<string, { unreachableSince: number | undefined; nodeHealthy: Record<string, string[]> }>();
    const probe = (world: World, label: string, t: number) => at(world, t, () => {
      seen.set(label, { unreachableSince: world.workload('default/c').cluster.unreachableSince, nodeHealthy: nodeHealthy(world) });
    });
    const run = runFleet({ clusters: `
  - name: c
    provider: docker
    version: v1.34.3
    controlPlane: { replicas: 1 }
    workers: [{ name: md, kind: MachineDeployment, replicas: 3 }]
  - name: other
    provider: docker
    version: v1.34.3
    controlPlane: { replicas: 1 }
    workers: [{ name: md, kind: MachineDeployment, replicas: 1 }]
`, faults: `
  - at: 1m
    partition: { clusters: { names: [c] }, for: 20m }
` }, (world) => {
      probe(world, 'before grace', START + GRACE_PERIOD - SECOND);
      probe(world, 'after grace', START + GRACE_PERIOD + SECOND);
      probe(world, 'after end', END + SECOND);
    });
    expect(run.outcome.settled).toBe(true);
    expect(ofType(run.events, 'fault.started')).toMatchObject([{ t: START, fault: 'partition', cluster: 'default/c', target: { clusters: ['default/c'] } }]);
    expect(ofType(run.events, 'fault.ended')).toMatchObject([{ t: END }]);
    const before = seen.get('before grace')!;
    expect(before.unreachableSince).toBe(START);
    expect(before.nodeHealthy).toEqual({ c: Array(4).fill('True'), other: Array(2).fill('True') });
    const after = seen.get('after grace')!;
    expect(after.nodeHealthy).toEqual({ c: Array(4).fill('Unknown'), other: Array(2).fill('True') });
    const restored = seen.get('after end')!;
    expect(restored.unreachableSince).toBeUndefined();
    expect(restored.nodeHealthy).toEqual({ c: Array(4).fill('True'), other: Array(2).fill('True') });
  });

  it('CAPI consequence: a Node failing behind the partition is remediated only after it ends', () => {
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
    partition: { clusters: { names: [c] }, for: 20m }
  - at: 2m
    nodeFailures: { clusters: { names: [c] }, count: 1, mode: kernelPanic }
` });
    expect(run.outcome.settled).toBe(true);
    const node = (ofType(run.events, 'fault.started').find((e) => e.fault === 'nodeFailures')!.target as { nodes: string[] }).nodes[0]!;
    const machine = `Machine/default/${node}`;
    expect(ofType(run.events, 'mhc.unhealthy').filter((e) => e.t < END)).toHaveLength(0);
    const remediation = ofType(run.events, 'mhc.remediation').find((e) => e.machine === machine);
    expect(remediation).toBeDefined();
    expect(remediation!.t).toBeGreaterThanOrEqual(END);
  });
});

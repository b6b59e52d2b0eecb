/**
 * Issue 12 case 2: a terminated instance loses its Node. The cloud-controller-manager's node
 * lifecycle controller (k8s.io/cloud-provider controllers/nodelifecycle/node_lifecycle_controller.go
 * `MonitorNodes`, every 5 s) deletes a NotReady Node whose instance is gone, and the
 * MachineHealthCheck then remediates at once (cluster-api internal/controllers/machinehealthcheck
 * machinehealthcheck_targets.go `nodeChecks`: nodeMissing → NodeDeleted, no timeout), for
 * MachineDeployment and control-plane Machines alike. A hung kubelet (instance still there) keeps
 * its Node; docker (CAPD) runs no cloud-controller-manager.
 */

import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/simulate.js';
import { ofType } from '../../src/timeline/index.js';
import type { TimelineEvent } from '../../src/timeline/index.js';
import { unknownMarkWindow } from '../../src/workload/node-lifecycle.js';
import { scenarioFromYaml } from '../helpers/scenario.js';

const CRASH_AT = 20 * 60_000;
const GRACE = 50_000; // node-monitor-grace-period for v1.34 (workload/node-lifecycle.ts)
const PERIOD = 5_000;
/** Ready=Unknown lands in (grace − 10.4 s, grace + 5 s) after the kubelet stops (issue 12 case 9). */
const WINDOW = unknownMarkWindow(GRACE);

/** When `node` turned Ready=Unknown, checked to be inside the heartbeat window after the crash. */
function unknownMark(events: readonly TimelineEvent[], node: string): number {
  const mark = events.filter(ofType('node.condition')).find((e) => e.node === node && e.condition === 'Ready' && e.status === 'Unknown')?.t;
  expect(mark).toBeGreaterThan(CRASH_AT + WINDOW.earliest);
  expect(mark).toBeLessThan(CRASH_AT + WINDOW.latest);
  return mark!;
}

function run(provider: string, target: string, mode = 'crash') {
  const scenario = scenarioFromYaml(`
apiVersion: fleetsim/v1alpha1
kind: Scenario
name: ccm
seed: 5
horizon: 6h
clusters:
  - name: c
    provider: ${provider}
    version: v1.34.3
    controlPlane: { replicas: 3 }
    workers:
      - { name: md-0, kind: MachineDeployment, replicas: 4 }
    healthChecks:
      - targets: all
        unhealthyConditions:
          - { type: Ready, status: Unknown, timeout: 10m }
faults:
  - at: 20m
    nodeFailures: { clusters: { names: [c] }, ${target}, count: 1, mode: ${mode}${mode === 'crash' ? '' : ', for: 30m'} }
`);
  return simulate(scenario);
}

describe('cloud-controller-manager node lifecycle (issue 12 case 2)', () => {
  it.each(['aws', 'azure', 'gcp'])('%s: a crashed worker loses its Node within one monitor period of Ready=Unknown and is remediated about a minute after the crash', (provider) => {
    const result = run(provider, 'pool: md-0');
    const [deleted, ...more] = result.events.filter(ofType('node.deleted'));
    expect(more).toEqual([]);
    expect(deleted).toMatchObject({ by: 'cloud-node-lifecycle', reason: 'InstanceNotFound', pool: 'MachineDeployment/default/c-md-0' });
    const mark = unknownMark(result.events, deleted!.node);
    expect(deleted!.t).toBeGreaterThan(mark);
    expect(deleted!.t).toBeLessThanOrEqual(mark + PERIOD);
    const unhealthy = result.events.filter(ofType('mhc.unhealthy'));
    expect(unhealthy.map((e) => e.reason)).toEqual(['NodeDeleted']);
    const [remediation] = result.events.filter(ofType('mhc.remediation'));
    // Not the 10-minute Unknown timeout: the MHC's 15 s reconcile floor after the Node is gone.
    expect(remediation!.t - CRASH_AT).toBeLessThan(90_000);
    expect(result.summary.settled).toBe(true);
  });

  it('a crashed control-plane Machine is remediated by KCP the same way', () => {
    const result = run('aws', 'controlPlane: true');
    const [deleted] = result.events.filter(ofType('node.deleted'));
    expect(deleted?.pool).toMatch(/^KubeadmControlPlane\//);
    const [unhealthy] = result.events.filter(ofType('mhc.unhealthy'));
    expect(unhealthy).toMatchObject({ reason: 'NodeDeleted' });
    const [remediation] = result.events.filter(ofType('mhc.remediation'));
    expect(remediation?.by).toBe('KubeadmControlPlane');
    expect(remediation!.t - CRASH_AT).toBeLessThan(90_000);
  });

  it('a hung kubelet keeps its Node (the instance exists): remediation waits for the Unknown timeout', () => {
    const result = run('aws', 'pool: md-0', 'kernelPanic');
    const [unhealthy] = result.events.filter(ofType('mhc.unhealthy'));
    expect(unhealthy).toMatchObject({ reason: 'UnhealthyNode' });
    const node = String(unhealthy!.machine).split('/').pop()!;
    expect(unhealthy!.t).toBeGreaterThan(unknownMark(result.events, node) + 10 * 60_000);
    // Only once remediation has CAPI terminate the instance may the CCM race CAPI to delete the Node.
    const [remediation] = result.events.filter(ofType('mhc.remediation'));
    for (const deleted of result.events.filter(ofType('node.deleted'))) expect(deleted.t).toBeGreaterThan(remediation!.t);
  });

  it('docker runs no cloud-controller-manager: nothing deletes Nodes', () => {
    const result = run('docker', 'pool: md-0', 'kernelPanic');
    expect(result.events.filter(ofType('node.deleted'))).toEqual([]);
  });
});

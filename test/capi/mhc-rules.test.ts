/**
 * MachineHealthCheck rules ported from CAPI's tests (cluster-api@v1.13.5
 * internal/controllers/machinehealthcheck/machinehealthcheck_controller_test.go TestGetMaxUnhealthy,
 * TestIsAllowedRemediation, TestMachineHealthCheck_Reconcile; machinehealthcheck_targets_test.go
 * TestHealthCheckTargets; capi-semantics.md §10 rows 34–44).
 */

import { describe, expect, it } from 'vitest';
import { getMaxUnhealthy, getUnhealthyRange, isAllowedRemediation } from '../../src/capi/machinehealthcheck/short-circuit.js';
import { evaluateTarget, type HealthCheckRules } from '../../src/capi/machinehealthcheck/targets.js';
import type { Condition } from '../../src/kube/object.js';
import type { IntOrPercent } from '../../src/kube/intstr.js';
import type { Node } from '../../src/workload/node.js';
import { machine, SECOND } from './helpers.js';

describe('getMaxUnhealthy (TestGetMaxUnhealthy, row 34)', () => {
  it.each([
    [undefined, 7, 7],
    [3, 2, 3],
    ['40%', 5, 2],
    ['60%', 7, 4],
  ] as const)('maxUnhealthy %s of %i expected → %i (percent rounds down; unset = 100%)', (value, expected, result) => {
    expect(getMaxUnhealthy(value, expected)).toBe(result);
  });
  it('a string that is not a percentage is an error', () => {
    expect(() => getMaxUnhealthy('abcdef' as IntOrPercent, 3)).toThrow(/not a percentage/);
  });
});

describe('isAllowedRemediation (TestIsAllowedRemediation, row 35)', () => {
  it.each([
    [undefined, 3, 0, true],
    [1, 3, 1, false],
    [2, 3, 1, true],
    ['50%', 5, 2, false],
    ['60%', 5, 2, true],
    ['70%', 5, 2, true],
  ] as const)('maxUnhealthy %s, %i expected, %i healthy → allowed %s', (maxUnhealthy, expected, healthy, allowed) => {
    expect(isAllowedRemediation({ unhealthyLessThanOrEqualTo: maxUnhealthy }, expected, healthy).allowed).toBe(allowed);
  });
});

describe('MHC reconcile decisions (TestMachineHealthCheck_Reconcile, rows 36–38)', () => {
  it('3 targets, 40%, 2 unhealthy: short-circuit, nothing allowed', () => {
    const decision = isAllowedRemediation({ unhealthyLessThanOrEqualTo: '40%' }, 3, 1);
    expect(decision).toMatchObject({ allowed: false, unhealthy: 2, limit: 1 });
    expect(Math.max(decision.remediationsAllowed, 0)).toBe(0);
  });
  it('3 targets, range [1-3], 1 unhealthy: allowed, remediationsAllowed 2', () => {
    expect(isAllowedRemediation({ unhealthyInRange: '[1-3]' }, 3, 2)).toMatchObject({ allowed: true, remediationsAllowed: 2 });
  });
  it('3 targets, range [3-5], 2 unhealthy: not within the range', () => {
    expect(isAllowedRemediation({ unhealthyInRange: '[3-5]' }, 3, 1).allowed).toBe(false);
  });
  it('range bounds are inclusive and take precedence over maxUnhealthy', () => {
    expect(isAllowedRemediation({ unhealthyLessThanOrEqualTo: 0, unhealthyInRange: '[1-2]' }, 5, 3).allowed).toBe(true);
    expect(isAllowedRemediation({ unhealthyInRange: '[1-2]' }, 5, 2).allowed).toBe(false);
    expect(isAllowedRemediation({ unhealthyInRange: '[1-2]' }, 5, 5).allowed).toBe(false);
  });
  it('an inverted range is an error', () => {
    expect(() => getUnhealthyRange('[3-1]')).toThrow(/cannot be less than/);
  });
});

describe('healthCheckTargets (TestHealthCheckTargets, rows 39–44)', () => {
  const now = 10_000 * SECOND;
  // The cluster's conditions turned True an hour before, so they do not move the startup clock.
  const cluster: Condition[] = [
    { type: 'InfrastructureReady', status: 'True', lastTransitionTime: now - 3600 * SECOND },
    { type: 'ControlPlaneInitialized', status: 'True', lastTransitionTime: now - 3600 * SECOND },
  ];
  const rules: HealthCheckRules = {
    nodeStartupTimeout: 600 * SECOND,
    unhealthyNodeConditions: [{ type: 'Ready', status: 'Unknown', timeout: 300 * SECOND }, { type: 'Ready', status: 'False', timeout: 300 * SECOND }],
    unhealthyMachineConditions: [{ type: 'EtcdPodHealthy', status: 'Unknown', timeout: 300 * SECOND }, { type: 'EtcdPodHealthy', status: 'False', timeout: 300 * SECOND }],
  };
  const node = (ready: 'True' | 'False' | 'Unknown', since: number): Node => ({
    name: 'node1', providerID: 'p', kubeletVersion: 'v1.34.3', pool: '', zone: 'a', unschedulable: false, pods: 0, kubeletStopped: false, kubeletStoppedAt: 0, createdAt: 0,
    conditions: {
      Ready: { status: ready, lastTransitionTime: since },
      MemoryPressure: { status: 'False', lastTransitionTime: 0 }, DiskPressure: { status: 'False', lastTransitionTime: 0 }, PIDPressure: { status: 'False', lastTransitionTime: 0 },
    },
    kubeletView: { Ready: ready, MemoryPressure: 'False', DiskPressure: 'False', PIDPressure: 'False' },
  });
  const noNode = (createdSecondsAgo: number, extra: Parameters<typeof machine>[0] = { name: 'machine1' }) =>
    ({ machine: machine({ ...extra, nodeRef: null, createdAt: now - createdSecondsAgo * SECOND }), node: undefined, nodeMissing: false });

  it('node not started, created 400 s ago: pending; next check at the timeout + 1 s (row 39)', () => {
    // CAPI's test expects 200 s after truncating the +1 s margin against µs of real elapsed time.
    expect(evaluateTarget(noNode(400), cluster, rules, now)).toEqual({ kind: 'pending', nextCheck: 201 * SECOND });
  });
  it('node not started, infrastructure ready 50 s after creation: the clock restarts there (row 40)', () => {
    const target = noNode(100, { name: 'machine1', conditions: [['InfrastructureReady', 'True', now - 50 * SECOND]] });
    expect(evaluateTarget(target, cluster, rules, now)).toEqual({ kind: 'pending', nextCheck: 551 * SECOND });
  });
  it('node not started for 1200 s: NodeStartupTimeout (row 41)', () => {
    expect(evaluateTarget(noNode(1200), cluster, rules, now)).toMatchObject({ kind: 'unhealthy', reason: 'NodeStartupTimeout' });
  });
  it('startup timeout exactly elapsed is not expired yet (strict Before)', () => {
    expect(evaluateTarget(noNode(600), cluster, rules, now)).toEqual({ kind: 'pending', nextCheck: 1 * SECOND });
  });
  it('nodeRef set but the Node is gone: NodeDeleted, no timeout (row 42)', () => {
    expect(evaluateTarget({ machine: machine({ name: 'machine1' }), node: undefined, nodeMissing: true }, cluster, rules, now)).toMatchObject({ kind: 'unhealthy', reason: 'NodeDeleted' });
  });
  it('Ready=Unknown for 200 s of 300 s: pending (row 43)', () => {
    expect(evaluateTarget({ machine: machine({ name: 'machine1' }), node: node('Unknown', now - 200 * SECOND), nodeMissing: false }, cluster, rules, now))
      .toEqual({ kind: 'pending', nextCheck: 101 * SECOND });
  });
  it('Ready=Unknown for 400 s of 300 s: UnhealthyNode (row 43)', () => {
    expect(evaluateTarget({ machine: machine({ name: 'machine1' }), node: node('Unknown', now - 400 * SECOND), nodeMissing: false }, cluster, rules, now))
      .toMatchObject({ kind: 'unhealthy', reason: 'UnhealthyNode' });
  });
  it('machine condition unhealthy for 200 s: pending; for 400 s: UnhealthyMachine', () => {
    const at = (s: number) => machine({ name: 'machine1', conditions: [['EtcdPodHealthy', 'False', now - s * SECOND]] });
    expect(evaluateTarget({ machine: at(200), node: node('True', 0), nodeMissing: false }, cluster, rules, now)).toEqual({ kind: 'pending', nextCheck: 101 * SECOND });
    expect(evaluateTarget({ machine: at(400), node: node('True', 0), nodeMissing: false }, cluster, rules, now)).toMatchObject({ kind: 'unhealthy', reason: 'UnhealthyMachine' });
  });
  it('a healthy node is healthy', () => {
    expect(evaluateTarget({ machine: machine({ name: 'machine1' }), node: node('True', 0), nodeMissing: false }, cluster, rules, now)).toEqual({ kind: 'healthy' });
  });
  it('startup timeout disabled and no node: neither healthy nor unhealthy, no requeue (row 44)', () => {
    expect(evaluateTarget(noNode(400), cluster, { ...rules, nodeStartupTimeout: 0 }, now)).toEqual({ kind: 'neither' });
  });
  it('remediate-machine annotation: unhealthy at once', () => {
    const target = noNode(1, { name: 'machine1', annotations: { 'cluster.x-k8s.io/remediate-machine': '' } });
    expect(evaluateTarget(target, cluster, rules, now)).toMatchObject({ kind: 'unhealthy', reason: 'HasRemediateAnnotation' });
  });
  it('no unhealthy conditions configured and Ready=False: healthy', () => {
    expect(evaluateTarget({ machine: machine({ name: 'machine1' }), node: node('False', 0), nodeMissing: false }, cluster, { ...rules, unhealthyNodeConditions: [], unhealthyMachineConditions: [] }, now)).toEqual({ kind: 'healthy' });
  });
  it('a deleting Machine with a healthy Node is not healthy', () => {
    expect(evaluateTarget({ machine: machine({ name: 'm', deletedAt: now }), node: node('True', 0), nodeMissing: false }, cluster, rules, now)).toEqual({ kind: 'neither' });
  });
  it('workers are not judged before the control plane is initialized; control-plane Machines are', () => {
    const uninitialized: Condition[] = [{ type: 'InfrastructureReady', status: 'True', lastTransitionTime: 0 }, { type: 'ControlPlaneInitialized', status: 'False', lastTransitionTime: 0 }];
    expect(evaluateTarget(noNode(1200), uninitialized, rules, now)).toEqual({ kind: 'neither' });
    const cp = noNode(1200, { name: 'cp1', labels: { 'cluster.x-k8s.io/control-plane': '' } });
    expect(evaluateTarget(cp, uninitialized, rules, now)).toMatchObject({ kind: 'unhealthy', reason: 'NodeStartupTimeout' });
  });
});

/**
 * KubeadmControlPlane remediation rules ported from CAPI's tests (cluster-api@v1.13.5
 * controlplane/kubeadm/internal/controllers/remediation_test.go TestTargetEtcdClusterHealthy,
 * TestGetMachineToBeRemediated, TestReconcileUnhealthyMachines; capi-semantics.md §10 rows 45–52
 * and the §5.6 decision table).
 */

import { describe, expect, it } from 'vitest';
import { etcdTargetHealthy, type EtcdMember } from '../../src/capi/kubeadmcontrolplane/etcd.js';
import { checkInitializedControlPlane, checkRetryLimits, formatRemediationData, getMachineToBeRemediated } from '../../src/capi/kubeadmcontrolplane/remediation.js';
import type { KubeadmControlPlane } from '../../src/capi/types.js';
import { Simulation } from '../../src/engine/simulation.js';
import { WorkloadCluster } from '../../src/workload/workload-cluster.js';
import { machine, SECOND } from './helpers.js';

const members = (healthy: number, unhealthy: number): EtcdMember[] => [
  ...Array.from({ length: healthy }, (_, i) => ({ name: `h${i}`, healthy: true })),
  ...Array.from({ length: unhealthy }, (_, i) => ({ name: `u${i}`, healthy: false })),
];

describe('targetEtcdClusterHealthy: removing a member (rows 45–46, §5.6 table)', () => {
  it.each([
    ['remove from 1', [{ name: 'x', healthy: false }], false],
    ['remove from 2, the other healthy', [{ name: 'x', healthy: false }, ...members(1, 0)], true],
    ['remove from 2, the other unhealthy', [{ name: 'x', healthy: false }, ...members(0, 1)], false],
    ['remove from 3, others healthy', [{ name: 'x', healthy: false }, ...members(2, 0)], true],
    ['remove from 3, one other unhealthy', [{ name: 'x', healthy: false }, ...members(1, 1)], false],
    ['remove from 5, one other unhealthy', [{ name: 'x', healthy: false }, ...members(3, 1)], true],
    ['remove from 5, two others unhealthy', [{ name: 'x', healthy: false }, ...members(2, 2)], false],
    ['remove from 7, two others unhealthy', [{ name: 'x', healthy: false }, ...members(4, 2)], true],
    ['remove from 7, three others unhealthy', [{ name: 'x', healthy: false }, ...members(3, 3)], false],
  ] as const)('%s → %s', (_name, list, expected) => {
    expect(etcdTargetHealthy(list, { removing: 'x' })).toBe(expected);
  });
  it('removing a member that is not in the list counts nothing (fine)', () => {
    expect(etcdTargetHealthy(members(3, 0), { removing: 'not-there' })).toBe(true);
  });
});

describe('targetEtcdClusterHealthy: adding a member (row 47)', () => {
  it.each([
    ['add to 0', [], true],
    ['add to 1 healthy', members(1, 0), true],
    ['add to 1 unhealthy', members(0, 1), false],
    ['add to 3 with 1 unhealthy', members(2, 1), false],
    ['add to 4 with 1 unhealthy', members(3, 1), true],
    ['add to 4 with 2 unhealthy', members(2, 2), false],
  ] as const)('%s → %s (the new member is assumed unhealthy above one member)', (_name, list, expected) => {
    expect(etcdTargetHealthy(list, { adding: true })).toBe(expected);
  });
});

describe('targetEtcdClusterHealthy: learners and unnamed members (row 48)', () => {
  it('a learner left in the target fails', () => {
    expect(etcdTargetHealthy([{ name: 'a', healthy: true, learner: true }, ...members(2, 0)], { removing: 'h0' })).toBe(false);
  });
  it('a member without a name (still starting) fails', () => {
    expect(etcdTargetHealthy([{ name: '', healthy: true }, ...members(3, 0)], { removing: 'h0' })).toBe(false);
  });
});

describe('getMachineToBeRemediated (TestGetMachineToBeRemediated, row 52)', () => {
  const flagged = (name: string, created: number, conditions: Array<[string, 'True' | 'False']> = [], extra: Partial<Parameters<typeof machine>[0]> = {}) =>
    machine({ name, createdAt: created, conditions: [['HealthCheckSucceeded', 'False'], ['OwnerRemediated', 'False'], ...conditions], ...extra });
  it('the remediate-machine annotation first', () => {
    const m1 = flagged('m1', 1, [], { annotations: { 'cluster.x-k8s.io/remediate-machine': '' } });
    const m2 = flagged('m2', 2, [['EtcdMemberHealthy', 'False'], ['APIServerPodHealthy', 'False']], { nodeRef: null });
    expect(getMachineToBeRemediated([m2, m1])?.metadata.name).toBe('m1');
  });
  it('then a Machine without a Node before etcd or API server problems', () => {
    const m1 = flagged('m1', 1, [['EtcdMemberHealthy', 'False'], ['APIServerPodHealthy', 'False']]);
    const m2 = flagged('m2', 2, [], { nodeRef: null });
    expect(getMachineToBeRemediated([m1, m2])?.metadata.name).toBe('m2');
  });
  it('then etcd before the API server', () => {
    const m1 = flagged('m1', 1, [['EtcdMemberHealthy', 'True'], ['APIServerPodHealthy', 'False']]);
    const m2 = flagged('m2', 2, [['EtcdMemberHealthy', 'False']]);
    expect(getMachineToBeRemediated([m1, m2])?.metadata.name).toBe('m2');
  });
  it('then the API server', () => {
    const m1 = flagged('m1', 1, [['APIServerPodHealthy', 'True']]);
    const m2 = flagged('m2', 2, [['APIServerPodHealthy', 'False']]);
    expect(getMachineToBeRemediated([m1, m2])?.metadata.name).toBe('m2');
  });
  it('then the oldest', () => {
    expect(getMachineToBeRemediated([flagged('m2', 2), flagged('m1', 1)])?.metadata.name).toBe('m1');
  });
});

const kcp = (remediation: Partial<KubeadmControlPlane['spec']['remediation']> = {}): KubeadmControlPlane => ({
  kind: 'KubeadmControlPlane',
  metadata: { name: 'cp', namespace: 'default', uid: 'cp', labels: {}, annotations: {}, ownerReferences: [], finalizers: [], creationTimestamp: 0, resourceVersion: 1, generation: 1 },
  spec: {
    replicas: 3, version: 'v1.34.3', rollout: { maxSurge: 1 },
    machineTemplate: { infrastructureRef: { kind: 'InfraMachineTemplate', name: 't' }, deletion: { nodeDrainTimeout: 0, nodeVolumeDetachTimeout: 0, nodeDeletionTimeout: 10_000 } },
    remediation: { retryPeriod: 0, minHealthyPeriod: 3600 * SECOND, ...remediation },
  },
  status: { version: 'v1.34.3', replicas: 3, readyReplicas: 3, upToDateReplicas: 3, initialized: true, conditions: [] },
});

describe('checkRetryLimits (TestReconcileUnhealthyMachines retry cases, row 49)', () => {
  const now = 10_000 * SECOND;
  const replacement = (retryCount: number, secondsAgo: number) => machine({
    name: 'm', annotations: { 'controlplane.cluster.x-k8s.io/remediation-for': formatRemediationData({ machine: 'old', timestamp: now - secondsAgo * SECOND, retryCount }) },
  });
  it('a first remediation has retryCount 0', () => {
    expect(checkRetryLimits(machine({ name: 'm' }), kcp(), now)).toMatchObject({ allowed: true, data: { retryCount: 0 } });
  });
  it('the replacement failing within minHealthyPeriod is a retry: 0 → 1 → 2', () => {
    expect(checkRetryLimits(replacement(0, 60), kcp(), now).data.retryCount).toBe(1);
    expect(checkRetryLimits(replacement(1, 60), kcp(), now).data.retryCount).toBe(2);
  });
  it('after minHealthyPeriod it is a fresh remediation again', () => {
    expect(checkRetryLimits(replacement(3, 7200), kcp(), now)).toMatchObject({ allowed: true, data: { retryCount: 0 } });
  });
  it('inside retryPeriod: deferred', () => {
    expect(checkRetryLimits(replacement(0, 60), kcp({ retryPeriod: 120 * SECOND }), now)).toMatchObject({ allowed: false, reason: 'retryPeriod' });
  });
  it('maxRetry reached: refused', () => {
    expect(checkRetryLimits(replacement(2, 60), kcp({ maxRetry: 2 }), now)).toMatchObject({ allowed: false, reason: 'maxRetry' });
    expect(checkRetryLimits(replacement(1, 60), kcp({ maxRetry: 2 }), now)).toMatchObject({ allowed: true });
  });
});

describe('checks once initialized (TestReconcileUnhealthyMachines, rows 50–51)', () => {
  const healthyConditions: Array<[string, 'True']> = [['APIServerPodHealthy', 'True'], ['ControllerManagerPodHealthy', 'True'], ['SchedulerPodHealthy', 'True'], ['EtcdPodHealthy', 'True'], ['EtcdMemberHealthy', 'True']];
  const workloadWith = (...names: string[]) => {
    const workload = new WorkloadCluster('default/c', new Simulation());
    for (const name of names) workload.etcd.join(name);
    return workload;
  };
  const m1 = machine({ name: 'm1', createdAt: 1, conditions: [['HealthCheckSucceeded', 'False'], ['OwnerRemediated', 'False'], ['EtcdMemberHealthy', 'False']] });

  it('replicas 3, m1 unhealthy and m2 etcd unhealthy: CannotBeRemediated (etcd quorum)', () => {
    const m2 = machine({ name: 'm2', conditions: [...healthyConditions.filter(([t]) => t !== 'EtcdMemberHealthy'), ['EtcdMemberHealthy', 'False']] });
    const m3 = machine({ name: 'm3', conditions: healthyConditions });
    expect(checkInitializedControlPlane(m1, [m1, m2, m3], workloadWith('m1', 'm2', 'm3'))).toMatchObject({ allowed: false, reason: 'etcdQuorum', conditionReason: 'CannotBeRemediated' });
  });
  it('replicas 3, only m1 unhealthy: allowed', () => {
    const others = ['m2', 'm3'].map((name) => machine({ name, conditions: healthyConditions }));
    expect(checkInitializedControlPlane(m1, [m1, ...others], workloadWith('m1', 'm2', 'm3'))).toEqual({ allowed: true });
  });
  it('1 replica, initialized: CannotBeRemediated', () => {
    expect(checkInitializedControlPlane(m1, [m1], workloadWith('m1'))).toMatchObject({ allowed: false, reason: 'lastMachine', conditionReason: 'CannotBeRemediated' });
  });
  it('another control-plane Machine deleting: RemediationDeferred', () => {
    const deleting = machine({ name: 'm2', deletedAt: 5, conditions: healthyConditions });
    const m3 = machine({ name: 'm3', conditions: healthyConditions });
    expect(checkInitializedControlPlane(m1, [m1, deleting, m3], workloadWith('m1', 'm2', 'm3'))).toMatchObject({ allowed: false, reason: 'machineDeleting', conditionReason: 'RemediationDeferred' });
  });
  it('a healthy Machine still provisioning: RemediationDeferred', () => {
    const provisioning = machine({ name: 'm2', nodeRef: null });
    const m3 = machine({ name: 'm3', conditions: healthyConditions });
    expect(checkInitializedControlPlane(m1, [m1, provisioning, m3], workloadWith('m1', 'm3'))).toMatchObject({ allowed: false, reason: 'machineProvisioning', conditionReason: 'RemediationDeferred' });
  });
  it('no etcd members known: RemediationDeferred', () => {
    const others = ['m2', 'm3'].map((name) => machine({ name, conditions: healthyConditions }));
    expect(checkInitializedControlPlane(m1, [m1, ...others], workloadWith())).toMatchObject({ allowed: false, reason: 'etcdMembersUnknown' });
  });
  it('no other Machine with healthy components: CannotBeRemediated', () => {
    const others = ['m2', 'm3'].map((name) => machine({ name, conditions: [['EtcdMemberHealthy', 'True']] }));
    expect(checkInitializedControlPlane(m1, [m1, ...others], workloadWith('m1', 'm2', 'm3'))).toMatchObject({ allowed: false, reason: 'noHealthyControlPlane' });
  });
});

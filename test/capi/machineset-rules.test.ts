/**
 * MachineSet and MachineDeployment rules ported from CAPI's tests: template equality
 * (mdutil · TestMachineTemplateUpToDate, TestFindNewAndOldMachineSets), deletion order
 * (cluster-api@v1.13.5 internal/controllers/machineset/machineset_deletion_order_test.go
 * TestMachineNewestDelete, TestMachineOldestDelete, TestMachineRandomDelete) and preflight checks
 * (machineset_preflight_test.go TestMachineSetReconciler_runPreflightChecks); capi-semantics.md §10
 * rows 12–14, 28–33, 53–55.
 */

import { describe, expect, it } from 'vitest';
import { findNewAndOldMachineSets } from '../../src/capi/machinedeployment/controller.js';
import { machineTemplateUpToDate } from '../../src/capi/machinedeployment/template.js';
import { machinesToDelete } from '../../src/capi/machineset/deletion-order.js';
import { runPreflightChecks } from '../../src/capi/machineset/preflight.js';
import type { ControlPlane, MachineDeployment, MachineSet } from '../../src/capi/types.js';
import { DAY, machine, md, template } from './helpers.js';

describe('MachineTemplateUpToDate (rows 12–13)', () => {
  const current = template();
  it.each([
    ['labels', { labels: { a: 'b' } }],
    ['annotations', { annotations: { a: 'b' } }],
    ['minReadySeconds (in place)', { minReadySeconds: 30 }],
    ['deletion timeouts (in place)', { deletion: { nodeDrainTimeout: 60_000, nodeVolumeDetachTimeout: 60_000, nodeDeletionTimeout: 60_000 } }],
  ])('differing only in %s: up to date', (_what, change) => {
    expect(machineTemplateUpToDate(current, template(change))).toBe(true);
  });
  it.each([
    ['Version', { version: 'v1.35.0' }],
    ['FailureDomain', { failureDomain: 'zone-b' }],
    ['InfrastructureRef', { infrastructureRef: { kind: 'InfraMachineTemplate', name: 'infra-2' } }],
    ['bootstrap ConfigRef', { bootstrapConfigRef: 'config:bootstrap-2' }],
    ['bootstrap dataSecretName', { bootstrapConfigRef: 'secret:data-2' }],
  ])('differing in %s: not up to date (rollout)', (_what, change) => {
    expect(machineTemplateUpToDate(current, template(change))).toBe(false);
  });
});

describe('FindNewAndOldMachineSets (row 14)', () => {
  const set = (name: string, replicas: number, created: number, version = 'v1.34.3'): MachineSet => ({
    kind: 'MachineSet',
    metadata: { name, namespace: 'default', uid: name, labels: {}, annotations: {}, ownerReferences: [], finalizers: [], creationTimestamp: created, resourceVersion: 1, generation: 1 },
    spec: { clusterName: 'c', replicas, selector: {}, template: template({ version }), deletionOrder: 'Random' },
    status: { replicas, readyReplicas: replicas, availableReplicas: replicas, upToDateReplicas: replicas, observedGeneration: 1, conditions: [] },
  });
  const deployment = { spec: md(3, 1, 0) } as MachineDeployment;
  it('two matching MachineSets: the one with more replicas is new, the other old', () => {
    const { newMS, oldMSs } = findNewAndOldMachineSets(deployment, [set('small', 1, 0), set('big', 2, 10)]);
    expect(newMS?.metadata.name).toBe('big');
    expect(oldMSs.map((m) => m.metadata.name)).toEqual(['small']);
  });
  it('equal replicas: the older one is new', () => {
    expect(findNewAndOldMachineSets(deployment, [set('b', 2, 10), set('a', 2, 5)]).newMS?.metadata.name).toBe('a');
  });
  it('no matching MachineSet: none is new', () => {
    expect(findNewAndOldMachineSets(deployment, [set('old', 3, 0, 'v1.33.0')]).newMS).toBeUndefined();
  });
});

describe('deletion order (rows 28–33)', () => {
  const now = 30 * DAY;
  const at = (daysAgo: number) => now - daysAgo * DAY;
  const mustDelete = machine({ name: 'must-delete', createdAt: at(3), deletedAt: now });
  const newest = machine({ name: 'newest', createdAt: at(1) });
  const secondNewest = machine({ name: 'second-newest', createdAt: at(5) });
  const oldest = machine({ name: 'a-oldest', createdAt: at(10) });
  const secondOldest = machine({ name: 'b-second-oldest', createdAt: at(10) });
  const annotated = machine({ name: 'annotated', createdAt: at(10), annotations: { 'cluster.x-k8s.io/delete-machine': '' } });
  const updating = machine({ name: 'updating', createdAt: at(10), annotations: { 'in-place-updates.internal.cluster.x-k8s.io/update-in-progress': '' } });
  const unhealthy = machine({ name: 'unhealthy', createdAt: at(10), conditions: [['NodeHealthy', 'False']] });
  const unknown = machine({ name: 'unknown', createdAt: at(10), conditions: [['NodeHealthy', 'Unknown']] });
  const noNodeRef = machine({ name: 'no-node', createdAt: at(1), nodeRef: null });
  const names = (list: ReturnType<typeof machine>[]) => list.map((m) => m.metadata.name);

  it.each([
    [1, ['must-delete']],
    [2, ['must-delete', 'newest']],
    [3, ['must-delete', 'newest', 'second-newest']],
  ])('Newest, diff %i (TestMachineNewestDelete)', (diff, expected) => {
    expect(names(machinesToDelete('Newest', [secondNewest, oldest, secondOldest, mustDelete, newest], diff, now))).toEqual(expected);
  });
  it('Newest: delete-machine annotation (80) beats update in progress (75)', () => {
    expect(names(machinesToDelete('Newest', [secondNewest, oldest, secondOldest, newest, annotated, updating], 1, now))).toEqual(['annotated']);
  });
  it('Newest: update in progress (75) beats the newest', () => {
    expect(names(machinesToDelete('Newest', [secondNewest, oldest, secondOldest, newest, updating], 1, now))).toEqual(['updating']);
  });
  it('Newest: a Machine without nodeRef is unhealthy (50) and goes first', () => {
    expect(names(machinesToDelete('Newest', [secondNewest, oldest, secondOldest, newest, noNodeRef], 1, now))).toEqual(['no-node']);
  });
  it('Newest: NodeHealthy=False is unhealthy and goes first', () => {
    expect(names(machinesToDelete('Newest', [secondNewest, oldest, secondOldest, newest, unhealthy], 1, now))).toEqual(['unhealthy']);
  });
  it('Newest: NodeHealthy=Unknown counts as healthy, the newest goes', () => {
    expect(names(machinesToDelete('Newest', [secondNewest, oldest, secondOldest, newest, unknown], 1, now))).toEqual(['newest']);
  });
  it.each([
    [1, ['a-oldest']],
    [2, ['a-oldest', 'b-second-oldest']],
    [3, ['a-oldest', 'b-second-oldest', 'second-newest']],
    [4, ['a-oldest', 'b-second-oldest', 'second-newest', 'newest']],
  ])('Oldest, diff %i (TestMachineOldestDelete; equal ages break by name)', (diff, expected) => {
    expect(names(machinesToDelete('Oldest', [newest, secondNewest, oldest, secondOldest], diff, now))).toEqual(expected);
  });
  it('Random: the unhealthy Machine, then name order among the healthy (TestMachineRandomDelete)', () => {
    const h1 = machine({ name: 'h-2', createdAt: at(2) });
    const h2 = machine({ name: 'h-1', createdAt: at(1) });
    const sick = machine({ name: 'z-sick', createdAt: at(3), conditions: [['NodeHealthy', 'False']] });
    expect(names(machinesToDelete('Random', [h1, sick, h2], 2, now))).toEqual(['z-sick', 'h-1']);
  });
  it('Random: HealthCheckSucceeded=False is unhealthy too', () => {
    const flagged = machine({ name: 'z-flagged', conditions: [['HealthCheckSucceeded', 'False']] });
    expect(names(machinesToDelete('Random', [machine({ name: 'a' }), flagged], 1, now))).toEqual(['z-flagged']);
  });
});

describe('MachineSet preflight checks (rows 53–55, TestMachineSetReconciler_runPreflightChecks)', () => {
  const kcp = (spec: string, status: string | undefined): ControlPlane => ({
    kind: 'KubeadmControlPlane',
    metadata: { name: 'cp', namespace: 'default', uid: 'cp', labels: {}, annotations: {}, ownerReferences: [], finalizers: [], creationTimestamp: 0, resourceVersion: 1, generation: 1 },
    spec: { replicas: 3, version: spec, machineTemplate: { infrastructureRef: { kind: 'InfraMachineTemplate', name: 't' }, deletion: { nodeDrainTimeout: 0, nodeVolumeDetachTimeout: 0, nodeDeletionTimeout: 10_000 } }, rollout: { maxSurge: 1 }, remediation: { retryPeriod: 0, minHealthyPeriod: 3_600_000 } },
    status: { ...(status === undefined ? {} : { version: status }), replicas: 3, readyReplicas: 3, upToDateReplicas: 3, initialized: true, conditions: [] },
  });
  it('control plane upgrading (spec 1.26.2 > status 1.25.2): ControlPlaneIsStable fails', () => {
    const result = runPreflightChecks(kcp('v1.26.2', 'v1.25.2'), 'v1.26.2', true);
    expect(result.ok).toBe(false);
    expect(result.messages.join()).toMatch(/ControlPlaneIsStable/);
  });
  it('control plane provisioning (no status.version): ControlPlaneIsStable fails', () => {
    expect(runPreflightChecks(kcp('v1.26.2', undefined), 'v1.26.2', true).messages.join()).toMatch(/provisioning/);
  });
  it('MachineSet 1.27.0 above control plane 1.26.2: KubernetesVersionSkew fails', () => {
    expect(runPreflightChecks(kcp('v1.26.2', 'v1.26.2'), 'v1.27.0', false).messages.join()).toMatch(/KubernetesVersionSkew/);
  });
  it('MachineSet 1.25.5 with kubeadm bootstrap against 1.26.2: KubeadmVersionSkew fails', () => {
    const result = runPreflightChecks(kcp('v1.26.2', 'v1.26.2'), 'v1.25.5', true);
    expect(result.ok).toBe(false);
    expect(result.messages.join()).toMatch(/KubeadmVersionSkew/);
  });
  it('MachineSet 1.26.2 against a stable 1.26.2: passes', () => {
    expect(runPreflightChecks(kcp('v1.26.2', 'v1.26.2'), 'v1.26.2', true)).toEqual({ ok: true, messages: [] });
  });
  it('control plane 1.28.0: MachineSet 1.24.0 (4 minors behind) fails, 1.25.0 passes', () => {
    expect(runPreflightChecks(kcp('v1.28.0', 'v1.28.0'), 'v1.24.0', false).messages.join()).toMatch(/more than 3 minor versions/);
    expect(runPreflightChecks(kcp('v1.28.0', 'v1.28.0'), 'v1.25.0', false).ok).toBe(true);
  });
});

/** Hand-written timelines for invariant tests: events in outputs.md's shapes, and a record around them. */

import { machineCreated, machinePhase, mhcRemediation, mhcUnhealthy, nodeCondition, poolReplicas, type MachinePhaseName, type TimelineEvent } from '../../src/timeline/index.js';
import { objectKey, parseObjectKey, type ClusterKey, type ObjectKey } from '../../src/kube/keys.js';
import type { Summary } from '../../src/report/summary.js';
import type { Inventory, RunRecord } from '../../src/testing/index.js';
import { loadRaw, type RawScenario } from '../../src/testing/raw.js';

export const CLUSTER: ClusterKey = 'default/c1';
export const MD: ObjectKey = 'MachineDeployment/default/c1-md';
export const KCP: ObjectKey = 'KubeadmControlPlane/default/c1-control-plane';
export const MHC: ObjectKey = 'MachineHealthCheck/default/c1-mhc';

export const machine = (name: string): ObjectKey => objectKey('Machine', 'default', name);

export function created(t: number, name: string, pool = MD): TimelineEvent {
  return machineCreated(t, { cluster: CLUSTER, object: machine(name), owner: pool, pool, version: 'v1.34.3', zone: 'a', image: 'i' });
}

export function condition(t: number, name: string, status: 'True' | 'False' | 'Unknown', type = 'Ready', pool = MD): TimelineEvent {
  return nodeCondition(t, { cluster: CLUSTER, node: name, pool, object: machine(name), machine: machine(name), condition: type, status });
}

export function phase(t: number, name: string, value: MachinePhaseName): TimelineEvent {
  return machinePhase(t, { cluster: CLUSTER, object: machine(name), phase: value });
}

export function replicas(t: number, pool: ObjectKey, count: number, maxSurge: number, maxUnavailable: number): TimelineEvent {
  return poolReplicas(t, { cluster: CLUSTER, object: pool, kind: parseObjectKey(pool).kind, replicas: count, maxSurge, maxUnavailable, strategy: 'RollingUpdate' });
}

export function unhealthy(t: number, name: string): TimelineEvent {
  return mhcUnhealthy(t, { cluster: CLUSTER, object: machine(name), machine: machine(name), healthCheck: MHC, reason: 'UnhealthyNode', message: 'Health check failed' });
}

export function remediation(t: number, name: string, by = 'MachineSet'): TimelineEvent {
  return mhcRemediation(t, { cluster: CLUSTER, object: machine(name), machine: machine(name), by });
}

/** A running Machine at t=0: created, Ready, Running. */
export function running(name: string, pool = MD): TimelineEvent[] {
  return [created(0, name, pool), condition(0, name, 'True'), phase(0, name, 'Running')];
}

export const BASE_SCENARIO: RawScenario = {
  apiVersion: 'fleetsim/v1alpha1',
  kind: 'Scenario',
  name: 'hand-written',
  clusters: [{ name: 'c1', provider: 'docker', version: 'v1.34.3', controlPlane: { replicas: 3 }, workers: [{ name: 'md', replicas: 3 }] }],
};

export interface RecordOptions {
  scenario?: RawScenario;
  settled?: boolean;
  endedAt?: number;
  inventory?: Inventory;
  replay?: TimelineEvent[];
  expectations?: Summary['expectations'];
}

/** A record of a run that never happened: the events given, a summary with the fields invariants read. */
export function recordOf(events: TimelineEvent[], options: RecordOptions = {}): RunRecord {
  const scenario = loadRaw(options.scenario ?? BASE_SCENARIO);
  const summary = {
    scenario: scenario.name, seed: 1, endedAt: options.endedAt ?? (events.at(-1)?.t ?? 0), settled: options.settled ?? true,
    stopReason: options.settled === false ? 'horizon' : 'stopped', expectations: options.expectations ?? [],
  } as unknown as Summary;
  return {
    scenario, raw: undefined, seed: 1, summary, events, exitCode: 0,
    inventory: options.inventory ?? { machines: [], instances: [] },
    replay: options.replay === undefined ? undefined : { events: options.replay, summary },
  };
}

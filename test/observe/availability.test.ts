import { describe, expect, it } from 'vitest';
import { AvailabilityTracker } from '../../src/observe/availability.js';
import { machineCreated, machineDrain, machinePhase, nodeCondition, poolReplicas, type ConditionStatusName, type MachinePhaseName, type TimelineEvent } from '../../src/timeline/index.js';

const pool = 'MachineDeployment/ns/c-md';
/** Machines are named m1, m2, …; their Nodes too. */
const machine = (m: string) => `Machine/ns/${m}` as const;
const created = (t: number, m: string): TimelineEvent => machineCreated(t, { cluster: 'ns/c', object: machine(m), owner: pool, pool, version: 'v1.34.3', zone: 'a', image: 'i' });
const ready = (t: number, m: string, status: ConditionStatusName = 'True'): TimelineEvent => nodeCondition(t, { cluster: 'ns/c', node: m, pool, machine: machine(m), condition: 'Ready', status });
const phase = (t: number, m: string, p: MachinePhaseName): TimelineEvent => machinePhase(t, { cluster: 'ns/c', object: machine(m), phase: p });
const replicas = (t: number, n: number): TimelineEvent => poolReplicas(t, { cluster: 'ns/c', object: pool, kind: 'MachineDeployment', replicas: n, maxSurge: 1, maxUnavailable: 0, strategy: 'RollingUpdate' });

function track(events: TimelineEvent[]): AvailabilityTracker {
  const tracker = new AvailabilityTracker();
  for (const event of events) tracker.observe(event);
  return tracker;
}

describe('AvailabilityTracker', () => {
  const start = [created(0, 'm1'), ready(0, 'm1'), created(0, 'm2'), ready(0, 'm2'), replicas(0, 2)];

  it('records a dip when a Node stops being Ready and when a Machine is deleted', () => {
    const t = track([...start, ready(100, 'm1', 'Unknown'), ready(200, 'm1'), phase(300, 'm2', 'Deleting')]);
    expect(t.clusters.get('ns/c')?.minRatio).toBe(0.5);
    expect(t.clusters.get('ns/c')?.minRatioAt).toBe(100);
  });

  it('does not count a scale-up as a dip, but counts losses after it', () => {
    const grown = track([...start, replicas(100, 4), created(100, 'm3'), created(100, 'm4'), ready(200, 'm3'), ready(250, 'm4')]);
    expect(grown.clusters.get('ns/c')?.minRatio).toBe(1);
    const lost = track([...start, replicas(100, 4), created(100, 'm3'), created(100, 'm4'), ready(200, 'm3'), ready(250, 'm4'), ready(300, 'm3', 'False')]);
    expect(lost.clusters.get('ns/c')?.minRatio).toBe(0.75);
  });

  it('counts a drained Node as unavailable even before its Machine is deleted (cloud node-group upgrades)', () => {
    const t = track([...start, machineDrain(100, { cluster: 'ns/c', object: machine('m1'), node: 'm1', pool: 'MachinePool/ns/c-mp', stage: 'started', by: 'cloud' })]);
    expect(t.clusters.get('ns/c')?.minRatio).toBe(0.5);
  });

  it('follows a scale-down at once', () => {
    const t = track([...start, replicas(100, 1), phase(110, 'm2', 'Deleting'), phase(120, 'm2', 'Deleted')]);
    expect(t.clusters.get('ns/c')?.minRatio).toBe(1);
    expect(t.fleetMinRatio).toBe(1);
  });
});

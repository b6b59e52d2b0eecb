/**
 * Small docker fleets for end-to-end fault and operation tests: a scenario written in YAML, run to
 * the end, and helpers to read the timeline and the world's state at chosen instants.
 */

import { expect } from 'vitest';
import { World, type RunResult } from '../../src/world/world.js';
import { ofType as isOfType, type TimelineEvent, type TimelineEventOf, type TimelineEventType } from '../../src/timeline/index.js';
import type { Node } from '../../src/workload/node.js';
import { unknownMarkWindow } from '../../src/workload/node-lifecycle.js';
import { scenarioFromYaml } from '../helpers/scenario.js';

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
/** node-monitor-grace-period for Kubernetes ≥ 1.32 (src/workload/node-lifecycle.ts). */
export const GRACE = 50 * SECOND;
/**
 * Where a Node's Unknown mark lands after its kubelet stops (issue 12 case 9): strictly between
 * grace − 10.4 s (the last Lease renewal, every 10 s × [1, 1.04), came at most that long before the
 * stop) and grace + 5 s (the node-lifecycle controller's next 5 s pass). src/workload/node-lifecycle.ts
 * `unknownMarkDelay` cites the kubelet and controller sources.
 */
export const UNKNOWN_AFTER = unknownMarkWindow(GRACE);

export interface FleetOptions {
  /** YAML list items under `clusters:` (indented by 2). */
  clusters?: string;
  faults?: string;
  operations?: string;
  /** More top-level fields (seed, horizon, startsAt…). */
  extra?: string;
  seed?: number;
  horizon?: string;
}

/** One docker cluster `c`: a one-replica KubeadmControlPlane and a MachineDeployment `md` of 3 in local-a/b/c. */
export const ONE_CLUSTER = `
  - name: c
    provider: docker
    version: v1.34.3
    controlPlane: { replicas: 1 }
    workers:
      - { name: md, kind: MachineDeployment, replicas: 3 }
`;

export function fleetYaml(options: FleetOptions): string {
  return `
apiVersion: fleetsim/v1alpha1
kind: Scenario
name: test
seed: ${options.seed ?? 7}
horizon: ${options.horizon ?? '12h'}
${options.extra ?? ''}
clusters:
${options.clusters ?? ONE_CLUSTER}
${options.operations !== undefined ? `operations:\n${options.operations}` : ''}
${options.faults !== undefined ? `faults:\n${options.faults}` : ''}
`;
}

export function buildWorld(options: FleetOptions): World {
  return new World(scenarioFromYaml(fleetYaml(options)));
}

export interface Run {
  world: World;
  outcome: RunResult;
  events: TimelineEvent[];
}

/** Builds the world, lets `before` schedule probes, runs it. */
export function runFleet(options: FleetOptions, before?: (world: World) => void): Run {
  const world = buildWorld(options);
  before?.(world);
  const outcome = world.run();
  return { world, outcome, events: world.timeline.events };
}

export function ofType<K extends TimelineEventType>(events: readonly TimelineEvent[], type: K): Array<TimelineEventOf<K>> {
  return events.filter(isOfType(type));
}

/** `node.condition` events of one node and condition, in order. */
export function conditionHistory(events: readonly TimelineEvent[], node: string, condition = 'Ready'): Array<{ t: number; status: string }> {
  return ofType(events, 'node.condition').filter((e) => e.node === node && e.condition === condition).map((e) => ({ t: e.t, status: e.status }));
}

/** The status of a node condition at time `t` (the last event at or before it). */
/** When `node`'s Ready condition first turned Unknown (undefined if it never did). */
export function unknownAt(events: readonly TimelineEvent[], node: string): number | undefined {
  return conditionHistory(events, node).find((c) => c.status === 'Unknown')?.t;
}

/** Asserts that `node` turned Unknown inside the window after a kubelet stop at `stoppedAt`, and returns when. */
export function expectUnknownAfterStop(events: readonly TimelineEvent[], node: string, stoppedAt: number): number {
  const t = unknownAt(events, node);
  expect(t, `${node} never turned Unknown`).toBeDefined();
  expect(t!).toBeGreaterThan(stoppedAt + UNKNOWN_AFTER.earliest);
  expect(t!).toBeLessThan(stoppedAt + UNKNOWN_AFTER.latest);
  return t!;
}

export function conditionAt(events: readonly TimelineEvent[], node: string, t: number, condition = 'Ready'): string | undefined {
  let status: string | undefined;
  for (const change of conditionHistory(events, node, condition)) if (change.t <= t) status = change.status;
  return status;
}

export function nodesOf(world: World, clusterKey = 'default/c'): Node[] {
  return world.workload(clusterKey).cluster.sortedNodes();
}

/** Runs `probe` at time `t` of the run (schedule before `run`). */
export function at(world: World, t: number, probe: () => void): void {
  world.sim.at(t, probe, undefined);
}

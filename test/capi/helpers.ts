/** Builders for the CAPI rule tests: Machines, MachineSet views and MachineDeployment specs as CAPI's own tests write them. */

import type { Condition, ConditionStatus } from '../../src/kube/object.js';
import type { IntOrPercent } from '../../src/kube/intstr.js';
import type { PlannerMachineSet } from '../../src/capi/machinedeployment/rollout-planner.js';
import type { Machine, MachineDeploymentSpec, MachineTemplateSpec } from '../../src/capi/types.js';
import { loadScenarioText, formatIssue } from '../../src/scenario/index.js';
import type { Scenario } from '../../src/scenario/model.js';
import { World } from '../../src/world/world.js';
import { ofType, type TimelineEventOf, type TimelineEventType } from '../../src/timeline/index.js';

export const SECOND = 1000;
export const DAY = 24 * 3600 * SECOND;

export interface MachineOptions {
  name: string;
  createdAt?: number;
  deletedAt?: number;
  nodeRef?: string | null;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  conditions?: Array<[string, ConditionStatus] | [string, ConditionStatus, number]>;
  version?: string;
}

/** A Machine object as the store holds it; `nodeRef: null` leaves it without a Node. */
export function machine(options: MachineOptions): Machine {
  const conditions: Condition[] = (options.conditions ?? []).map(([type, status, at]) => ({ type, status, lastTransitionTime: at ?? 0 }));
  const m: Machine = {
    kind: 'Machine',
    metadata: {
      name: options.name, namespace: 'default', uid: `uid-${options.name}`, labels: options.labels ?? {}, annotations: options.annotations ?? {},
      ownerReferences: [], finalizers: [], creationTimestamp: options.createdAt ?? 0, resourceVersion: 1, generation: 1,
    },
    spec: {
      clusterName: 'c', version: options.version ?? 'v1.34.3', bootstrapConfigRef: 'b', infrastructureRef: { kind: 'InfraMachine', name: options.name },
      minReadySeconds: 0, deletion: { nodeDrainTimeout: 0, nodeVolumeDetachTimeout: 0, nodeDeletionTimeout: 10_000 },
    },
    status: { phase: 'Running', infrastructureProvisioned: true, conditions, deletion: {} },
  };
  if (options.nodeRef !== null) m.status.nodeRef = options.nodeRef ?? options.name;
  if (options.deletedAt !== undefined) m.metadata.deletionTimestamp = options.deletedAt;
  return m;
}

/** A MachineSet as the rollout planner sees it (`createMS(name, _, replicas, withStatusReplicas, withStatusAvailableReplicas)`). */
export function ms(name: string, replicas: number, statusReplicas: number, availableReplicas: number, creationTimestamp = 0): PlannerMachineSet {
  return { name, replicas, statusReplicas, availableReplicas, creationTimestamp };
}

export function template(overrides: Partial<MachineTemplateSpec> = {}): MachineTemplateSpec {
  return {
    labels: {}, annotations: {}, version: 'v1.34.3', infrastructureRef: { kind: 'InfraMachineTemplate', name: 'infra-1' }, bootstrapConfigRef: 'config:bootstrap-1',
    minReadySeconds: 0, deletion: { nodeDrainTimeout: 0, nodeVolumeDetachTimeout: 0, nodeDeletionTimeout: 10_000 }, ...overrides,
  };
}

/** `createMD(_, replicas, withRollingUpdateStrategy(maxSurge, maxUnavailable))`. */
export function md(replicas: number, maxSurge: IntOrPercent, maxUnavailable: IntOrPercent, type: 'RollingUpdate' | 'OnDelete' = 'RollingUpdate'): MachineDeploymentSpec {
  return {
    clusterName: 'c', replicas, selector: {}, template: template(), strategy: { type, maxSurge, maxUnavailable },
    remediation: {}, deletionOrder: 'Random', paused: false,
  };
}

/** Loads a test scenario (header added), failing with every error when it is invalid. */
export function scenario(body: string): Scenario {
  const text = `apiVersion: fleetsim/v1alpha1\nkind: Scenario\nname: test\n${body}`;
  const result = loadScenarioText(text, 'test.yaml');
  if (!result.ok) throw new Error(`invalid test scenario:\n${result.errors.map(formatIssue).join('\n')}`);
  return result.scenario;
}

/** Builds a World, lets `setup` schedule breakage, runs it. */
export function run(body: string, setup: (world: World) => void = () => undefined, seed?: number): World {
  const world = new World(scenario(body), seed === undefined ? {} : { seed });
  setup(world);
  world.run();
  return world;
}

export function eventsOf<K extends TimelineEventType>(world: World, type: K): Array<TimelineEventOf<K>> {
  return world.timeline.events.filter(ofType(type));
}

/** Stops the kubelets of the first `count` nodes (name order) of a pool kind at `at`. */
export function breakNodes(world: World, cluster: string, at: number, count: number, poolPrefix: string, mode: 'stop' | 'notReady' = 'stop'): string[] {
  const broken: string[] = [];
  world.sim.at(at, () => {
    const wl = world.workload(cluster).cluster;
    const nodes = wl.sortedNodes().filter((n) => n.pool.startsWith(poolPrefix)).slice(0, count);
    for (const node of nodes) {
      broken.push(node.name);
      if (mode === 'stop') wl.stopKubelet(node);
      else wl.reportCondition(node, 'Ready', 'False');
    }
  }, undefined);
  return broken;
}

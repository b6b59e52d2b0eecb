/** Test drivers for managed clusters: runs scenarios and reads pool timelines. */

import { loadScenarioText, formatIssue } from '../../src/scenario/index.js';
import type { Scenario } from '../../src/scenario/model.js';
import { ofType, type TimelineEventOf, type TimelineEventType } from '../../src/timeline/index.js';
import { World } from '../../src/world/world.js';
import { parseObjectKey } from '../../src/kube/keys.js';

/** Whether the cluster `namespace/name` runs a managed control plane. */
export function scenario(body: string): Scenario {
  const result = loadScenarioText(`apiVersion: fleetsim/v1alpha1\nkind: Scenario\nname: test\n${body}`, 'test.yaml');
  if (!result.ok) throw new Error(`invalid test scenario:\n${result.errors.map(formatIssue).join('\n')}`);
  return result.scenario;
}

export function run(body: string, setup: (world: World) => void = () => undefined): World {
  const world = new World(scenario(body));
  setup(world);
  world.run();
  return world;
}

export function eventsOf<K extends TimelineEventType>(world: World, type: K): Array<TimelineEventOf<K>> {
  return world.timeline.events.filter(ofType(type));
}

export interface PoolTimeline {
  /** Node name → when it was created (its Machine), Ready, started and ended draining, the cloud terminated it, its Machine went. */
  nodes: Map<string, { version?: string; created?: number; ready?: number; drainStarted?: number; drainEnded?: number; terminating?: number; gone?: number }>;
}

/** Per-node times of one pool, from `machine.created`, `node.condition`, `machine.drain`, `nodepool.terminate` and `machine.phase` events. */
export function poolTimeline(world: World, pool: string): PoolTimeline {
  const nodes: PoolTimeline['nodes'] = new Map();
  const entry = (name: string) => {
    let found = nodes.get(name);
    if (found === undefined) nodes.set(name, (found = {}));
    return found;
  };
  const machineName = (object: string) => parseObjectKey(object).name;
  const poolMachines = new Set<string>();
  for (const event of world.timeline.events) {
    if (event.type === 'machine.created' && event.pool === pool) {
      poolMachines.add(event.object);
      const e = entry(machineName(event.object));
      e.created = event.t;
      e.version = event.version;
    } else if (event.type === 'node.condition' && event.pool === pool && event.condition === 'Ready' && event.status === 'True') {
      const e = entry(event.node);
      if (e.ready === undefined) e.ready = event.t;
    } else if (event.type === 'machine.drain' && event.pool === pool) {
      if (event.stage === 'started') entry(event.node ?? '').drainStarted = event.t;
      else entry(event.node ?? '').drainEnded = event.t;
    } else if (event.type === 'nodepool.terminate' && event.object === pool) {
      entry(event.node).terminating = event.t;
    } else if (event.type === 'machine.phase' && poolMachines.has(event.object) && (event.phase === 'Deleting' || event.phase === 'Deleted')) {
      const e = entry(machineName(event.object));
      if (e.gone === undefined) e.gone = event.t;
    }
  }
  return { nodes };
}

/** The largest number of intervals [start, end) open at once. */
export function maxOverlap(intervals: ReadonlyArray<readonly [number, number]>): number {
  const points: Array<[number, number]> = [];
  for (const [start, end] of intervals) {
    points.push([start, 1], [end, -1]);
  }
  points.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let open = 0;
  let max = 0;
  for (const [, delta] of points) {
    open += delta;
    max = Math.max(max, open);
  }
  return max;
}

/**
 * The timeline event catalogue: every event type a run writes to timeline.jsonl, with its fields,
 * as one discriminated union on `type`. There is no other way onto the timeline: an event type
 * that is not here does not compile, and each entry of TIMELINE_EVENTS documents its type and
 * every field (docs/timeline.md is generated from it: `npm run docs:timeline`).
 *
 * Families, in the order the docs list them: machines, nodes, pools, health checking, rollouts
 * and waves, cloud calls, faults, controllers.
 */

import { MACHINE_EVENTS, type MachineEvent } from './events/machine.js';
import { NODE_EVENTS, type NodeEvent } from './events/node.js';
import { POOL_EVENTS, type PoolEvent } from './events/pool.js';
import { HEALTH_EVENTS, type HealthEvent } from './events/health.js';
import { ROLLOUT_EVENTS, type RolloutEvent } from './events/rollout.js';
import { CLOUD_EVENTS, type CloudEvent } from './events/cloud.js';
import { FAULT_EVENTS, type FaultEvent } from './events/fault.js';
import { CONTROLLER_EVENTS, type ControllerEvent } from './events/controller.js';
import type { EventDocs } from './event.js';

/** One timeline line. */
export type TimelineEvent = MachineEvent | NodeEvent | PoolEvent | HealthEvent | RolloutEvent | CloudEvent | FaultEvent | ControllerEvent;

export type TimelineEventType = TimelineEvent['type'];

/** The event of one type. */
export type TimelineEventOf<K extends TimelineEventType> = Extract<TimelineEvent, { type: K }>;

/** The families in docs order, each with its types' entries. */
export const TIMELINE_FAMILIES = [
  { title: 'Machines', events: MACHINE_EVENTS },
  { title: 'Nodes', events: NODE_EVENTS },
  { title: 'Pools', events: POOL_EVENTS },
  { title: 'Health checking and remediation', events: HEALTH_EVENTS },
  { title: 'Rollouts, operations and waves', events: ROLLOUT_EVENTS },
  { title: 'Cloud calls', events: CLOUD_EVENTS },
  { title: 'Faults', events: FAULT_EVENTS },
  { title: 'Controllers', events: CONTROLLER_EVENTS },
] as const;

/** Every event type with a line on what it records and a line per field, in docs order. */
export const TIMELINE_EVENTS = {
  ...MACHINE_EVENTS,
  ...NODE_EVENTS,
  ...POOL_EVENTS,
  ...HEALTH_EVENTS,
  ...ROLLOUT_EVENTS,
  ...CLOUD_EVENTS,
  ...FAULT_EVENTS,
  ...CONTROLLER_EVENTS,
} as const satisfies EventDocs<TimelineEvent>;

export const TIMELINE_EVENT_TYPES = Object.keys(TIMELINE_EVENTS) as readonly TimelineEventType[];

/** The workload cluster an event concerns (`namespace/name`), for the types that carry one. */
export function clusterOf(event: TimelineEvent): string | undefined {
  return 'cluster' in event ? event.cluster : undefined;
}

/** A type guard for one event type: `events.filter(ofType('machine.drain'))` keeps its fields typed. */
export function ofType<K extends TimelineEventType>(type: K): (event: TimelineEvent) => event is TimelineEventOf<K> {
  return (event): event is TimelineEventOf<K> => event.type === type;
}

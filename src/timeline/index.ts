/** The timeline layer: the event catalogue (types, constructors, docs) and the Timeline that collects them. */

export { Timeline, type TimelineListener } from './timeline.js';
export { TIMELINE_EVENTS, TIMELINE_EVENT_TYPES, clusterOf, ofType, type TimelineEvent, type TimelineEventType, type TimelineEventOf } from './catalogue.js';
export type { Fields, EventDoc } from './event.js';
export * from './events/machine.js';
export * from './events/node.js';
export * from './events/pool.js';
export * from './events/health.js';
export * from './events/rollout.js';
export * from './events/cloud.js';
export * from './events/fault.js';
export * from './events/controller.js';

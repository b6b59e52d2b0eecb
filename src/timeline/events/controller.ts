/** The management cluster's controllers: stops and starts, and their load sampled over time. */

import type { Millis } from '../../engine/duration.js';
import type { EventDocs, Fields } from '../event.js';

interface PauseFields {
  t: Millis;
  controller: string;
  reason: string;
}

export interface ControllerPaused extends PauseFields {
  type: 'controller.paused';
}

export interface ControllerResumed extends PauseFields {
  type: 'controller.resumed';
}

export interface ControllerQueue {
  t: Millis;
  type: 'controller.queue';
  depth: Record<string, number>;
  active: Record<string, number>;
  reconciles: Record<string, number>;
  latencyMeanMs: Record<string, number>;
  apiWrites: number;
}

export type ControllerEvent = ControllerPaused | ControllerResumed | ControllerQueue;

export function controllerPaused(t: Millis, f: Fields<ControllerPaused>): ControllerPaused {
  return { t, type: 'controller.paused', controller: f.controller, reason: f.reason };
}

export function controllerResumed(t: Millis, f: Fields<ControllerResumed>): ControllerResumed {
  return { t, type: 'controller.resumed', controller: f.controller, reason: f.reason };
}

export function controllerQueue(t: Millis, f: Fields<ControllerQueue>): ControllerQueue {
  return { t, type: 'controller.queue', depth: f.depth, active: f.active, reconciles: f.reconciles, latencyMeanMs: f.latencyMeanMs, apiWrites: f.apiWrites };
}

const PAUSE_FIELDS = {
  controller: '`all` (the whole manager)',
  reason: '`management outage` or `clusterctl move`',
} as const;

export const CONTROLLER_EVENTS = {
  'controller.paused': {
    description: 'the management cluster\'s controllers stopped (nested pauses record the first)',
    fields: PAUSE_FIELDS,
  },
  'controller.resumed': {
    description: 'the controllers started again and re-listed everything (when the last pause ended)',
    fields: PAUSE_FIELDS,
  },
  'controller.queue': {
    description: 'a sample of every controller\'s load, every 30 s of simulated time',
    fields: {
      depth: 'queue depth per controller',
      active: 'busy workers per controller',
      reconciles: 'reconciles finished since the last sample, per controller',
      latencyMeanMs: 'their mean latency (ms) per controller, 0 without reconciles',
      apiWrites: 'management API writes since the last sample',
    },
  },
} as const satisfies EventDocs<ControllerEvent>;

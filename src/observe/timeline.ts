/**
 * The timeline: every state change a reader needs to rebuild the fleet, in simulation order
 * (outputs.md "timeline.jsonl"). Producers call `record`; sinks decide what to keep. The types in
 * `TimelineEventType` are the ones a consumer can rely on; more may be added.
 */

import type { Millis } from '../engine/duration.js';

export type TimelineEventType =
  | 'machine.created'
  | 'machine.phase'
  | 'node.condition'
  | 'machine.drain'
  | 'mhc.unhealthy'
  | 'mhc.remediation'
  | 'mhc.shortCircuit'
  | 'kcp.remediationRefused'
  | 'rollout.started'
  | 'rollout.completed'
  | 'cloud.call'
  | 'fault.started'
  | 'fault.ended'
  | 'controller.paused'
  | 'controller.resumed'
  | 'controller.queue'
  | 'pool.replicas'
  | 'operation.applied'
  | 'node.kubelet'
  | 'etcd.member'
  | 'rollout.stuck'
  | 'machine.volumeDetach'
  | 'mhc.shortCircuitEnded'
  | 'nodepool.update'
  | 'nodepool.terminate'
  | 'fault.nodeFailed'
  | 'node.joinBlocked'
  | 'wave.started'
  | 'wave.completed'
  | 'wave.held'
  | 'wave.waiting'
  | 'wave.halted'
  | (string & {});

/** One timeline line: `t`, `type`, optional `cluster` (`namespace/name`) and `object` (`Kind/namespace/name`), plus the type's own fields. */
export interface TimelineEvent {
  t: Millis;
  type: TimelineEventType;
  cluster?: string;
  object?: string;
  [field: string]: unknown;
}

export type TimelineListener = (event: TimelineEvent) => void;

/**
 * Collects events. Listeners (metrics, invariant monitors, writers) see every event as it happens;
 * `keepEvents: false` lets a sweep run without holding the timeline in memory.
 */
export class Timeline {
  readonly events: TimelineEvent[] = [];
  private readonly listeners: TimelineListener[] = [];
  private readonly keep: boolean;
  /** Counts per type, kept even when events are not. */
  readonly counts = new Map<string, number>();

  constructor(options: { keepEvents?: boolean } = {}) {
    this.keep = options.keepEvents ?? true;
  }

  listen(listener: TimelineListener): void {
    this.listeners.push(listener);
  }

  record(event: TimelineEvent): void {
    this.counts.set(event.type, (this.counts.get(event.type) ?? 0) + 1);
    if (this.keep) this.events.push(event);
    for (const listener of this.listeners) listener(event);
  }
}

/**
 * The timeline: every state change a reader needs to rebuild the fleet, in simulation order
 * (docs/timeline.md). Producers `record` events built by the catalogue's constructors; listeners
 * (metrics, invariant monitors, writers) see each one as it happens.
 */

import type { TimelineEvent, TimelineEventType } from './catalogue.js';

export type TimelineListener = (event: TimelineEvent) => void;

/**
 * Collects events. `keepEvents: false` lets a sweep run without holding the timeline in memory;
 * the counts per type are kept either way.
 */
export class Timeline {
  readonly events: TimelineEvent[] = [];
  private readonly listeners: TimelineListener[] = [];
  private readonly keep: boolean;
  /** Counts per type, kept even when events are not. */
  readonly counts = new Map<TimelineEventType, number>();

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

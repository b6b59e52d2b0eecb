/**
 * The event loop: a virtual clock in integer milliseconds and a queue of scheduled events.
 * It knows nothing of Kubernetes; everything above it schedules handlers with payloads.
 */

import type { Millis } from './duration.js';
import { EventQueue, type EventHandler, type ScheduledEvent } from './event-queue.js';

export type StopReason = 'drained' | 'horizon' | 'stopped' | 'eventLimit';

export interface RunOptions {
  /** Events at exactly this time still run; the clock then stands at the horizon. */
  horizon: Millis;
  /** Guard against runaway models: the loop stops after this many events. */
  maxEvents?: number;
}

export interface RunResult {
  reason: StopReason;
  events: number;
  now: Millis;
}

export class Simulation {
  private readonly queue = new EventQueue();
  private clock: Millis = 0;
  private stopRequested = false;
  /** Events run since the simulation was created. */
  eventsRun = 0;

  get now(): Millis {
    return this.clock;
  }

  get pending(): number {
    return this.queue.size;
  }

  /** Runs `handler(payload)` at absolute time `time` (never in the past). */
  at<P>(time: Millis, handler: EventHandler<P>, payload: P): ScheduledEvent<P> {
    if (!Number.isInteger(time)) throw new Error(`sim time must be an integer number of ms, got ${time} at t=${this.clock}`);
    return this.queue.push(time < this.clock ? this.clock : time, handler, payload);
  }

  /** Runs `handler(payload)` `delay` ms from now. */
  after<P>(delay: Millis, handler: EventHandler<P>, payload: P): ScheduledEvent<P> {
    return this.at(this.clock + Math.max(0, Math.round(delay)), handler, payload);
  }

  /** Asks the running loop to stop after the current event. */
  stop(): void {
    this.stopRequested = true;
  }

  /** Time of the next pending (possibly cancelled) event, or undefined when the queue is empty. */
  peekTime(): Millis | undefined {
    return this.queue.peek()?.time;
  }

  run(options: RunOptions): RunResult {
    const maxEvents = options.maxEvents ?? Number.MAX_SAFE_INTEGER;
    const queue = this.queue;
    let events = 0;
    this.stopRequested = false;
    for (;;) {
      const next = queue.peek();
      if (next === undefined) return { reason: 'drained', events, now: this.clock };
      if (next.time > options.horizon) {
        this.clock = options.horizon;
        return { reason: 'horizon', events, now: this.clock };
      }
      if (events >= maxEvents) return { reason: 'eventLimit', events, now: this.clock };
      queue.pop();
      if (next.cancelled) continue;
      this.clock = next.time;
      events++;
      this.eventsRun++;
      next.handler(next.payload);
      if (this.stopRequested) return { reason: 'stopped', events, now: this.clock };
    }
  }
}

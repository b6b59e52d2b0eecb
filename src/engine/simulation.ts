/**
 * The event loop: a virtual clock in integer milliseconds and a queue of scheduled events.
 * It knows nothing of Kubernetes; everything above it schedules handlers with payloads.
 */

import { formatDuration, type Millis } from './duration.js';
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

function describeHandler(handler: EventHandler<never>): string {
  return handler.name === '' ? 'an event' : `${handler.name}()`;
}

const SHOWN = 160;

/** A short, safe picture of a payload: primitives as values, objects by their fields' values or kinds. */
function describePayload(payload: unknown): string {
  if (payload === undefined) return 'no payload';
  const value = (v: unknown): string => {
    if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}…` : v);
    if (typeof v === 'object' && v !== null) return Array.isArray(v) ? `[${v.length}]` : (v.constructor?.name ?? 'Object');
    return String(v);
  };
  const text = typeof payload === 'object' && payload !== null && !Array.isArray(payload)
    ? `{ ${Object.entries(payload).map(([k, v]) => `${k}: ${value(v)}`).join(', ')} }`
    : value(payload);
  return `payload ${text.length > SHOWN ? `${text.slice(0, SHOWN)}…` : text}`;
}

/**
 * An exception out of an event handler, with where it happened in simulated time: which handler,
 * what it was given, and when (the original error is its `cause`).
 */
export class SimulationError extends Error {
  constructor(readonly time: Millis, handler: EventHandler<never>, payload: unknown, cause: unknown) {
    super(`at t=${formatDuration(time)} (${time} ms) ${describeHandler(handler)} with ${describePayload(payload)} threw: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'SimulationError';
  }
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

  /** Runs `handler(payload)` at absolute time `time`; a time before now is a bug in the caller and throws. */
  at<P>(time: Millis, handler: EventHandler<P>, payload: P): ScheduledEvent<P> {
    if (!Number.isInteger(time)) throw new Error(`sim time must be an integer number of ms, got ${time} at t=${this.clock}`);
    if (time < this.clock) throw new Error(`cannot schedule ${describeHandler(handler)} at t=${time}: it is already t=${this.clock}`);
    return this.queue.push(time, handler, payload);
  }

  /** Runs `handler(payload)` `delay` ms from now (rounded to the ms); a negative delay throws. */
  after<P>(delay: Millis, handler: EventHandler<P>, payload: P): ScheduledEvent<P> {
    if (!(delay >= 0)) throw new Error(`cannot schedule ${describeHandler(handler)} after ${delay} ms at t=${this.clock}: a delay must be a non-negative number`);
    return this.at(this.clock + Math.round(delay), handler, payload);
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
      try {
        next.handler(next.payload);
      } catch (error) {
        throw new SimulationError(next.time, next.handler, next.payload, error);
      }
      if (this.stopRequested) return { reason: 'stopped', events, now: this.clock };
    }
  }
}

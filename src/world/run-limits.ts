/**
 * The run loop's guards (issue 19 defect 8): the event limit (`maxEvents:` in the scenario,
 * `--max-events` on the command line) and an optional memory guard, checked every `checkEvery`
 * events. The engine runs in slices of that many events; a slice ends exactly where the engine
 * would have gone on, so slicing changes nothing simulated (the engine's `run` is resumable: it
 * keeps no state between calls but the queue and the clock). Between slices an asynchronous run
 * yields to the event loop, so SIGINT and SIGTERM handlers (temporary-file cleanup) still run
 * during a long simulation.
 */

import type { Millis } from '../engine/duration.js';
import type { Simulation, StopReason } from '../engine/simulation.js';

/** Why a run stopped: the engine's reasons, or the memory guard. */
export type RunStopReason = StopReason | 'memoryLimit';

/** Events between two guard checks (and two yields of an asynchronous run). */
export const CHECK_EVERY = 10_000;

export interface RunLimits {
  /** Most simulation events; default the scenario's `maxEvents:`. */
  maxEvents?: number;
  /**
   * Called every `checkEvery` events; a message stops the run with reason `memoryLimit` (the
   * message says why). Machine-dependent by nature: it only ever stops a run that would otherwise
   * die of an out-of-memory kill; it never changes what a finished run simulated.
   */
  guard?: () => string | undefined;
  /** Events between checks; default CHECK_EVERY. */
  checkEvery?: number;
}

export interface SliceOutcome {
  reason: RunStopReason;
  /** The guard's message when it stopped the run. */
  detail?: string;
}

/**
 * Runs `sim` to `horizon` in slices, yielding between them; returns why it stopped. `run` drives
 * it synchronously, `runAsync` awaits a macrotask between slices.
 */
export function* runSlices(sim: Simulation, horizon: Millis, maxEvents: number, limits: RunLimits): Generator<void, SliceOutcome> {
  const every = Math.max(1, limits.checkEvery ?? CHECK_EVERY);
  let done = 0;
  for (;;) {
    const remaining = maxEvents - done;
    const slice = Math.min(every, remaining);
    const result = sim.run({ horizon, maxEvents: slice });
    done += result.events;
    // A slice that ran out of events is the real limit only when it was the last allowed one.
    if (result.reason !== 'eventLimit' || slice === remaining) return { reason: result.reason };
    const detail = limits.guard?.();
    if (detail !== undefined) return { reason: 'memoryLimit', detail };
    yield;
  }
}

export function runSync(slices: Generator<void, SliceOutcome>): SliceOutcome {
  for (;;) {
    const step = slices.next();
    if (step.done === true) return step.value;
  }
}

export async function runAsync(slices: Generator<void, SliceOutcome>): Promise<SliceOutcome> {
  for (;;) {
    const step = slices.next();
    if (step.done === true) return step.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

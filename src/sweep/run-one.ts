/**
 * One run of a sweep: simulate without keeping the timeline, keep only the metric record. A run
 * that throws is a simulator bug, but one seed must not cost the whole sweep: it becomes a failed
 * run (exit code 70, as `fleetsim run` exits on an internal error) with the message kept, and the
 * sweep goes on.
 */

import { simulate } from '../simulate.js';
import type { Scenario } from '../scenario/model.js';
import { runMetrics, type RunRecord } from './metrics.js';

/** A run's exit code when the simulator threw (bin/fleetsim.js exits 70 on an internal error). */
export const CRASHED_EXIT_CODE = 70;
export const CRASHED_STOP_REASON = 'crashed';
/** Longest error message a record keeps (the first line, trimmed). */
const MAX_ERROR_LENGTH = 500;

export function runOne(scenario: Scenario, variant: number, seed: number): RunRecord {
  let result;
  try {
    result = simulate(scenario, { seed, keepEvents: false });
  } catch (error) {
    return crashedRun(variant, seed, error);
  }
  return {
    variant,
    seed,
    exitCode: result.exitCode,
    stopReason: result.summary.stopReason,
    metrics: runMetrics(result.summary, scenario, result.run.timeline.counts),
  };
}

export function crashedRun(variant: number, seed: number, error: unknown): RunRecord {
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, MAX_ERROR_LENGTH);
  return { variant, seed, exitCode: CRASHED_EXIT_CODE, stopReason: CRASHED_STOP_REASON, metrics: {}, error: message };
}

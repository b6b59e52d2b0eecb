/** One run of a sweep: simulate without keeping the timeline, keep only the metric record. */

import { simulate } from '../simulate.js';
import type { Scenario } from '../scenario/model.js';
import { runMetrics, type RunRecord } from './metrics.js';

export function runOne(scenario: Scenario, variant: number, seed: number): RunRecord {
  const result = simulate(scenario, { seed, keepEvents: false });
  return {
    variant,
    seed,
    exitCode: result.exitCode,
    stopReason: result.summary.stopReason,
    metrics: runMetrics(result.summary, scenario, result.world.timeline.counts),
  };
}

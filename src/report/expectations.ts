/**
 * Expectations (`expect:`): each names a metric of the catalogue (scenario/metrics.ts, values in
 * metrics.ts) and a min and/or max bound. A metric the run could not measure (an upgrade that
 * never finished) fails its bound.
 */

import type { ExpectationSpec } from '../scenario/model.js';
import { isDurationMetric } from '../scenario/metrics.js';
import { formatElapsed } from '../engine/duration.js';
import { metricValue, type MetricInput } from './metrics.js';

export interface ExpectationResult {
  metric: string;
  min?: number;
  max?: number;
  value: number | null;
  pass: boolean;
}

/** A metric's value or bound as people read it: durations as durations (8h, not 28800000). */
export function formatMetricValue(metric: string, value: number): string {
  return isDurationMetric(metric) ? formatElapsed(value) : String(value);
}

export function evaluateExpectations(expectations: readonly ExpectationSpec[], input: MetricInput): ExpectationResult[] {
  return expectations.map((expectation) => {
    const value = metricValue(expectation.metric, input);
    const pass = value !== null &&
      (expectation.min === undefined || value >= expectation.min) &&
      (expectation.max === undefined || value <= expectation.max);
    const result: ExpectationResult = { metric: expectation.metric, value, pass };
    if (expectation.min !== undefined) result.min = expectation.min;
    if (expectation.max !== undefined) result.max = expectation.max;
    return result;
  });
}

/**
 * Expectations (`expect:`): each names a metric (scenario/metrics.ts) and a min and/or max bound.
 * A metric the run could not measure (an upgrade that never finished) fails its bound.
 */

import type { ExpectationSpec } from '../scenario/model.js';
import { DURATION_METRICS, type MetricName } from '../scenario/metrics.js';
import { formatDuration } from '../engine/duration.js';
import type { Summary } from './summary.js';

export interface ExpectationResult {
  metric: string;
  min?: number;
  max?: number;
  value: number | null;
  pass: boolean;
}

function maxOf(values: number[]): number {
  return values.length === 0 ? 0 : Math.max(...values);
}

/** The value of each known metric in a summary (null when the run did not produce it). */
export function metricValue(metric: MetricName, summary: Summary): number | null {
  const fleet = summary.fleet;
  const upgradeDurations = summary.clusters.flatMap((c) => c.rollouts.filter((r) => r.kind === 'upgrade').map((r) => r.duration));
  const sumClouds = (field: 'calls' | 'throttled' | 'errors' | 'retries') => summary.clouds.reduce((total, cloud) => total + cloud[field], 0);
  switch (metric) {
    case 'fleet.upgradeMakespan': return fleet.upgradeMakespan;
    case 'fleet.clustersUpgraded': return fleet.clustersUpgraded;
    case 'fleet.remediations': return fleet.remediations;
    case 'fleet.shortCircuits': return fleet.shortCircuits;
    case 'fleet.minAvailableRatio': return fleet.minAvailableRatio;
    case 'fleet.machinesReplaced': return fleet.machinesReplaced;
    case 'fleet.settled': return summary.settled ? 1 : 0;
    case 'cluster.minAvailableRatio': return summary.clusters.length === 0 ? 1 : Math.min(...summary.clusters.map((c) => c.minAvailableRatio));
    case 'cluster.upgradeDuration': return upgradeDurations.some((d) => d === null) ? null : maxOf(upgradeDurations as number[]);
    case 'cluster.remediations': return maxOf(summary.clusters.map((c) => c.remediations));
    case 'mhc.remediations': return fleet.remediations;
    case 'mhc.shortCircuits': return fleet.shortCircuits;
    case 'kcp.remediationsRefused': return fleet.kcpRemediationsRefused;
    case 'cloud.calls': return sumClouds('calls');
    case 'cloud.throttled': return sumClouds('throttled');
    case 'cloud.errors': return sumClouds('errors');
    case 'cloud.retries': return sumClouds('retries');
    case 'management.maxQueueDepth': return maxOf(summary.management.controllers.map((c) => c.maxQueueDepth));
  }
}

/** A metric's value or bound as people read it: durations as durations (8h, not 28800000). */
export function formatMetricValue(metric: string, value: number): string {
  return DURATION_METRICS.has(metric as MetricName) ? formatDuration(value) : String(value);
}

export function evaluateExpectations(expectations: readonly ExpectationSpec[], summary: Summary): ExpectationResult[] {
  return expectations.map((expectation) => {
    const value = metricValue(expectation.metric as MetricName, summary);
    const pass = value !== null &&
      (expectation.min === undefined || value >= expectation.min) &&
      (expectation.max === undefined || value <= expectation.max);
    const result: ExpectationResult = { metric: expectation.metric, value, pass };
    if (expectation.min !== undefined) result.min = expectation.min;
    if (expectation.max !== undefined) result.max = expectation.max;
    return result;
  });
}

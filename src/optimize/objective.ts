/**
 * `--minimize METRIC[:STAT]` / `--maximize METRIC[:STAT]`: what the optimizer makes as low (or as
 * high) as it can, such as `fleet.upgradeMakespan:p95`. Without `:STAT` it is the mean over runs. A
 * run without the figure (a fleet upgrade that never finished has no makespan) counts as the worst
 * value there is, so a plan that sometimes never finishes loses to one that always does.
 */

import type { RunRecord } from '../sweep/metrics.js';
import { OptimizeInputError } from './errors.js';
import { metricValue, resolveMetric, type MetricRef } from './metric.js';
import { parseStatistic, statisticLabel, type Statistic } from './statistic.js';

export type Direction = 'minimize' | 'maximize';

export interface Objective {
  metric: MetricRef;
  statistic: Statistic;
  direction: Direction;
  /** `fleet.upgradeMakespan:p95`. */
  text: string;
}

export function parseObjective(text: string, direction: Direction): Objective {
  const flag = `--${direction}`;
  const trimmed = text.trim();
  const match = /^([A-Za-z0-9_.\-]+)(?::(\S+))?$/.exec(trimmed);
  if (match === null) throw new OptimizeInputError(`${flag} "${text}": expected METRIC or METRIC:STAT, such as fleet.upgradeMakespan:p95`);
  const metric = resolveMetric(match[1] as string, flag);
  const statistic = match[2] === undefined ? { kind: 'mean' as const } : parseStatistic(match[2], `${flag} ${trimmed}`);
  return { metric, statistic, direction, text: `${metric.name}:${statisticLabel(statistic)}` };
}

/** The run's value, the worst possible when the run did not produce it. */
export function objectiveValue(objective: Objective, record: RunRecord): number {
  const value = metricValue(objective.metric, record);
  if (!Number.isNaN(value)) return value;
  return objective.direction === 'minimize' ? Infinity : -Infinity;
}

/** The statistic turned so lower is better (the race compares scores). */
export function score(objective: Objective, value: number): number {
  return objective.direction === 'minimize' ? value : -value;
}

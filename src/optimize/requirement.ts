/**
 * `--require 'METRIC[:STAT] OP BOUND'`: a chance constraint on a candidate's runs, such as
 * `cluster.minAvailableRatio:p5 >= 0.8` (in 95 % of runs the worst cluster keeps 80 % of its
 * machines) or `mhc.shortCircuits:max <= 0` (no run short-circuits). OP is >=, <=, > or <; BOUND a
 * number, a percentage (`80%`) or, for a metric in ms, a duration (`12h`). Without `:STAT` every
 * run must meet the bound (`:min` for >=, `:max` for <=). A run without the figure counts as
 * breaking the bound.
 */

import { formatDuration, parseDuration } from '../engine/duration.js';
import type { RunRecord } from '../sweep/metrics.js';
import { OptimizeInputError } from './errors.js';
import { metricValue, resolveMetric, type MetricRef } from './metric.js';
import { parseStatistic, statisticLabel, type Statistic } from './statistic.js';

export type Comparison = '>=' | '<=' | '>' | '<';

export interface Requirement {
  metric: MetricRef;
  statistic: Statistic;
  op: Comparison;
  bound: number;
  /** `cluster.minAvailableRatio:p5 >= 0.8`. */
  text: string;
}

const SHAPE = /^\s*([A-Za-z0-9_.\-]+)(?::([A-Za-z0-9.]+))?\s*(>=|<=|≥|≤|>|<|==|=)\s*([^\s<>=≤≥].*?)\s*$/;

function parseBound(text: string, metric: MetricRef, context: string): number {
  const percent = /^(-?\d+(?:\.\d+)?)%$/.exec(text);
  if (percent !== null) return Number(percent[1]) / 100;
  if (/^-?(\d+(\.\d*)?|\.\d+)(e-?\d+)?$/i.test(text)) return Number(text);
  if (metric.unit === 'ms') {
    const ms = parseDuration(text);
    if (typeof ms === 'number') return ms;
    throw new OptimizeInputError(`${context}: the bound "${text}" is not a number or a duration (${ms.error})`);
  }
  throw new OptimizeInputError(`${context}: the bound "${text}" is not a number or a percentage such as 0.8 or 80%`);
}

export function parseRequirement(text: string): Requirement {
  const context = `--require '${text.trim()}'`;
  const match = SHAPE.exec(text);
  if (match === null) throw new OptimizeInputError(`${context}: expected 'METRIC[:STAT] OP BOUND' with OP one of >=, <=, >, <, such as 'cluster.minAvailableRatio:p5 >= 0.8'`);
  const written = match[3] as string;
  if (written === '=' || written === '==') throw new OptimizeInputError(`${context}: a requirement is a bound; use >= or <=`);
  const op: Comparison = written === '≥' ? '>=' : written === '≤' ? '<=' : written as Comparison;
  const metric = resolveMetric(match[1] as string, '--require');
  const statistic: Statistic = match[2] === undefined ? { kind: op === '>=' || op === '>' ? 'min' : 'max' } : parseStatistic(match[2], context);
  const bound = parseBound((match[4] as string).trim(), metric, context);
  return { metric, statistic, op, bound, text: `${metric.name}:${statisticLabel(statistic)} ${op} ${formatBound(bound, metric)}` };
}

function formatBound(bound: number, metric: MetricRef): string {
  return metric.unit === 'ms' && Number.isInteger(bound) && bound >= 0 ? formatDuration(bound) : String(bound);
}

/** The run's value; one that breaks the bound whatever it is when the run did not produce it. */
export function requirementValue(requirement: Requirement, record: RunRecord): number {
  const value = metricValue(requirement.metric, record);
  if (!Number.isNaN(value)) return value;
  return requirement.op === '>=' || requirement.op === '>' ? -Infinity : Infinity;
}

export function meets(requirement: Requirement, value: number): boolean {
  switch (requirement.op) {
    case '>=': return value >= requirement.bound;
    case '>': return value > requirement.bound;
    case '<=': return value <= requirement.bound;
    case '<': return value < requirement.bound;
  }
}

/**
 * How far a value is from meeting the bound, relative to the bound (1 when the bound is 0): 0 when
 * it meets it. Ranks candidates that meet nothing by how close they come.
 */
export function shortfall(requirement: Requirement, value: number): number {
  if (meets(requirement, value)) return 0;
  const scale = requirement.bound === 0 ? 1 : Math.abs(requirement.bound);
  return Math.abs(value - requirement.bound) / scale;
}

/**
 * An every-run requirement (`:max` for <=, `:min` for >=) is broken for good by one run: more runs
 * cannot undo it. Others are decided by their confidence interval.
 */
export function isEveryRun(requirement: Requirement): boolean {
  const { kind } = requirement.statistic;
  return (kind === 'max' && (requirement.op === '<=' || requirement.op === '<')) || (kind === 'min' && (requirement.op === '>=' || requirement.op === '>'));
}

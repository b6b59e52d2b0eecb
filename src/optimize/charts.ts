/**
 * Vega-Lite specs for optimize.html: each candidate's objective against its risk (one chart per
 * requirement), the Pareto front of makespan, availability low point and throttled calls, and how
 * the budget was spent (runs per candidate and per round). Data comes from optimize.json's figures;
 * a figure some run never reached (∞) is left out of a chart, and the caption says so.
 */

import type { TopLevelSpec } from 'vega-lite';
import { CHART_CONFIG, CHART_WIDTH } from '../report/charts/style.js';
import { VEGA_LITE_SCHEMA } from '../report/charts/spec-types.js';
import { unitScale } from '../sweep/charts.js';
import type { MetricUnit } from '../sweep/metrics.js';
import { PARETO_AXES } from './pareto.js';
import type { CandidateSummary, OptimizeSummary, Status } from './summary.js';

export const STATUS_ORDER: readonly Status[] = ['recommended', 'runner-up', 'worse', 'infeasible', 'same', 'invalid', 'unrun'];
const STATUS_COLORS: readonly string[] = ['#54a24b', '#4c78a8', '#bab0ac', '#e45756', '#b279a2', '#999999', '#dddddd'];

const base = { $schema: VEGA_LITE_SCHEMA, config: CHART_CONFIG } as const;
const round = (v: number) => Math.round(v * 10_000) / 10_000;

function statusScale(candidates: readonly CandidateSummary[]): { domain: string[]; range: string[] } {
  const seen = new Set(candidates.map((c) => c.status));
  const domain = STATUS_ORDER.filter((s) => seen.has(s));
  return { domain, range: domain.map((s) => STATUS_COLORS[STATUS_ORDER.indexOf(s)] as string) };
}

function scaleFor(unit: string, values: readonly number[]) {
  return unitScale({ name: '', unit: unit as MetricUnit, description: '' }, values.reduce((m, v) => Math.max(m, Math.abs(v)), 0));
}

export interface Chart {
  spec: TopLevelSpec;
  /** Candidates left out because a figure is ∞. */
  leftOut: number;
}

/** Objective (x) against requirement k (y), a point per candidate that ran, the bound as a line. */
export function riskSpec(summary: OptimizeSummary, k: number): Chart | undefined {
  const requirement = summary.requirements[k];
  if (requirement === undefined) return undefined;
  const ran = summary.candidates.filter((c) => c.runs > 0);
  const shown = ran.filter((c) => c.objective !== null && c.objective !== undefined && c.requirements?.[k] !== null && c.requirements?.[k] !== undefined);
  if (shown.length === 0) return undefined;
  const x = scaleFor(summary.objective.unit, shown.map((c) => c.objective as number));
  const y = scaleFor(requirement.unit, [...shown.map((c) => c.requirements?.[k] as number), requirement.bound]);
  const rows = shown.map((c) => ({ candidate: `#${c.id} ${c.label}`, status: c.status, runs: c.runs, x: round((c.objective as number) * x.factor), y: round((c.requirements?.[k] as number) * y.factor) }));
  return {
    leftOut: ran.length - shown.length,
    spec: {
      ...base,
      width: CHART_WIDTH - 200,
      height: 260,
      layer: [
        {
          data: { values: rows },
          mark: { type: 'point', filled: true, size: 60, opacity: 0.85 },
          encoding: {
            x: { field: 'x', type: 'quantitative', title: `${summary.objective.text} (${x.title})`, scale: { zero: false } },
            y: { field: 'y', type: 'quantitative', title: `${requirement.metric}:${requirement.statistic} (${y.title})`, scale: { zero: false } },
            color: { field: 'status', type: 'nominal', title: null, scale: statusScale(shown) },
            tooltip: [{ field: 'candidate' }, { field: 'status' }, { field: 'runs' }, { field: 'x', title: x.title }, { field: 'y', title: y.title }],
          },
        },
        { data: { values: [{ bound: round(requirement.bound * y.factor) }] }, mark: { type: 'rule', color: '#e45756', strokeDash: [4, 3] }, encoding: { y: { field: 'bound', type: 'quantitative' } } },
      ],
    } as TopLevelSpec,
  };
}

/** Makespan (x) against availability low point (y), throttled calls as the point's size; the front drawn filled. */
export function paretoSpec(summary: OptimizeSummary): Chart | undefined {
  const ran = summary.candidates.filter((c) => c.runs > 0 && c.pareto !== undefined);
  const shown = ran.filter((c) => (c.pareto as Array<number | null>).every((v) => v !== null));
  if (shown.length === 0) return undefined;
  const [mx, av, th] = PARETO_AXES as [typeof PARETO_AXES[number], typeof PARETO_AXES[number], typeof PARETO_AXES[number]];
  const x = scaleFor(mx.metric.unit, shown.map((c) => c.pareto?.[0] as number));
  const y = scaleFor(av.metric.unit, shown.map((c) => c.pareto?.[1] as number));
  const rows = shown.map((c) => ({
    candidate: `#${c.id} ${c.label}`, status: c.status, front: c.onFront === true ? 'on the front' : 'dominated',
    x: round((c.pareto?.[0] as number) * x.factor), y: round((c.pareto?.[1] as number) * y.factor), throttled: c.pareto?.[2] as number,
  }));
  return {
    leftOut: ran.length - shown.length,
    spec: {
      ...base,
      width: CHART_WIDTH - 200,
      height: 280,
      data: { values: rows },
      mark: { type: 'point', strokeWidth: 2 },
      encoding: {
        x: { field: 'x', type: 'quantitative', title: `${mx.text} (${x.title}), lower is better`, scale: { zero: false } },
        y: { field: 'y', type: 'quantitative', title: `${av.text} (${y.title}), higher is better`, scale: { zero: false } },
        size: { field: 'throttled', type: 'quantitative', title: `${th.text}`, scale: { zero: true, rangeMin: 40 } },
        color: { field: 'status', type: 'nominal', title: null, scale: statusScale(shown) },
        shape: { field: 'front', type: 'nominal', title: null, scale: { domain: ['on the front', 'dominated'], range: ['diamond', 'circle'] } },
        tooltip: [{ field: 'candidate' }, { field: 'status' }, { field: 'front' }, { field: 'x', title: x.title }, { field: 'y', title: y.title }, { field: 'throttled', title: 'throttled calls' }],
      },
    } as TopLevelSpec,
  };
}

/** Runs per candidate, coloured by where it ended. */
export function runsPerCandidateSpec(summary: OptimizeSummary): TopLevelSpec | undefined {
  const rows = summary.candidates.filter((c) => c.runs > 0).map((c) => ({ candidate: `#${c.id} ${c.label}`, status: c.status, runs: c.runs }));
  if (rows.length === 0) return undefined;
  return {
    ...base,
    width: CHART_WIDTH - 300,
    height: { step: 14 },
    data: { values: rows },
    mark: { type: 'bar' },
    encoding: {
      y: { field: 'candidate', type: 'nominal', title: null, sort: rows.map((r) => r.candidate) },
      x: { field: 'runs', type: 'quantitative', title: 'runs (one per seed)' },
      color: { field: 'status', type: 'nominal', title: null, scale: statusScale(summary.candidates.filter((c) => c.runs > 0)) },
      tooltip: [{ field: 'candidate' }, { field: 'status' }, { field: 'runs' }],
    },
  } as TopLevelSpec;
}

/** Runs per round, with the candidates in the race as the line. */
export function runsPerRoundSpec(summary: OptimizeSummary): TopLevelSpec | undefined {
  const rows = summary.budget.rounds.map((r, i) => ({ round: i + 1, name: `stage ${r.stage} round ${r.round}`, stage: `stage ${r.stage}`, runs: r.runs, seeds: r.seeds, contenders: r.contenders }));
  if (rows.length === 0) return undefined;
  return {
    ...base,
    width: CHART_WIDTH - 200,
    height: 200,
    data: { values: rows },
    mark: { type: 'bar' },
    encoding: {
      x: { field: 'round', type: 'ordinal', title: 'round (in order)' },
      y: { field: 'runs', type: 'quantitative', title: 'runs' },
      color: { field: 'stage', type: 'nominal', title: null },
      tooltip: [{ field: 'name', title: 'round' }, { field: 'runs' }, { field: 'seeds', title: 'seeds each' }, { field: 'contenders', title: 'in the race' }],
    },
  } as TopLevelSpec;
}

/**
 * Vega-Lite specs for sweep.html and compare.html: cumulative distributions (makespan, availability
 * dip), histograms, box plots per variant, and capacity figures against the grid's parameter. Data
 * is computed here (CDF points, bins, quantile-sampled values) so each spec embeds at most a few
 * thousand points whatever the number of runs. Colours, fonts and width are the run report's
 * (report/charts/style.ts).
 */

export { CHART_WIDTH };

import { bin, extent } from 'd3-array';
import type { TopLevelSpec } from 'vega-lite';
import { CHART_CONFIG, CHART_WIDTH } from '../report/charts/style.js';
import { VEGA_LITE_SCHEMA } from '../report/charts/spec-types.js';
import type { MetricInfo } from './metrics.js';
import { quantile, sortedFinite } from './statistics.js';

/** Points kept per series: enough for a smooth curve, few enough for a small page. */
const MAX_POINTS = 400;

export interface Series {
  /** Legend name: `V0`, `A`, … */
  name: string;
  /** Raw per-run values; NaN = missing. */
  values: ArrayLike<number>;
}

interface Scale {
  factor: number;
  title: string;
}

/** Shows ms in hours or minutes, ratios in percent, as fits the data. */
export function unitScale(metric: MetricInfo, max: number): Scale {
  if (metric.unit === 'ms') return max >= 2 * 3_600_000 ? { factor: 1 / 3_600_000, title: 'hours' } : max >= 120_000 ? { factor: 1 / 60_000, title: 'minutes' } : { factor: 1 / 1000, title: 'seconds' };
  if (metric.unit === 'ratio' || metric.unit === 'boolean') return { factor: 100, title: '%' };
  if (metric.unit === 'perSecond') return { factor: 1, title: 'per second' };
  return { factor: 1, title: 'count' };
}

const round = (v: number) => Math.round(v * 10_000) / 10_000;

function seriesMax(series: readonly Series[]): number {
  let max = 0;
  for (const s of series) for (let i = 0; i < s.values.length; i++) if (!Number.isNaN(s.values[i] as number)) max = Math.max(max, s.values[i] as number);
  return max;
}

/** True when every value of every series is the same (or missing): nothing to draw. */
export function isConstant(series: readonly Series[]): boolean {
  let first: number | undefined;
  for (const s of series) {
    for (let i = 0; i < s.values.length; i++) {
      const v = s.values[i] as number;
      if (Number.isNaN(v)) continue;
      if (first === undefined) first = v;
      else if (v !== first) return false;
    }
  }
  return true;
}

/** Evenly spaced quantiles of the sorted values: the sample a chart draws. */
function quantileSample(sorted: Float64Array, points = MAX_POINTS): number[] {
  if (sorted.length <= points) return [...sorted];
  return Array.from({ length: points }, (_, i) => quantile(sorted, i / (points - 1)));
}

function base(title: string): Pick<TopLevelSpec, '$schema' | 'config'> & { title?: string } {
  return title === '' ? { $schema: VEGA_LITE_SCHEMA, config: CHART_CONFIG } : { $schema: VEGA_LITE_SCHEMA, config: CHART_CONFIG, title };
}

/** Fraction of runs at or below x, a step line per series. */
export function cdfSpec(title: string, metric: MetricInfo, series: readonly Series[]): TopLevelSpec | undefined {
  if (isConstant(series)) return undefined;
  const scale = unitScale(metric, seriesMax(series));
  const rows: Array<{ series: string; x: number; y: number }> = [];
  for (const s of series) {
    const sorted = sortedFinite(s.values);
    const n = s.values.length;
    const m = sorted.length;
    if (m === 0) continue;
    rows.push({ series: s.name, x: round((sorted[0] as number) * scale.factor), y: 0 });
    // y counts every run, missing ones included: a curve that stops below 100 % shows runs that never got there.
    if (m <= MAX_POINTS) {
      sorted.forEach((x, i) => rows.push({ series: s.name, x: round(x * scale.factor), y: round(((i + 1) / n) * 100) }));
    } else {
      for (let j = 0; j < MAX_POINTS; j++) {
        const q = j / (MAX_POINTS - 1);
        rows.push({ series: s.name, x: round(quantile(sorted, q) * scale.factor), y: round(((1 + q * (m - 1)) / n) * 100) });
      }
    }
  }
  if (rows.length === 0) return undefined;
  return {
    ...base(title),
    width: CHART_WIDTH,
    height: 260,
    data: { values: rows },
    mark: { type: 'line', interpolate: 'step-after' },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: `${metric.name} (${scale.title})` },
      y: { field: 'y', type: 'quantitative', title: '% of runs at or below', scale: { domain: [0, 100] } },
      color: { field: 'series', type: 'nominal', title: null, sort: series.map((s) => s.name) },
      tooltip: [{ field: 'series' }, { field: 'x', title: scale.title }, { field: 'y', title: '% of runs' }],
    },
  } as TopLevelSpec;
}

/** Run counts in shared bins, one row per series. */
export function histogramSpec(title: string, metric: MetricInfo, series: readonly Series[]): TopLevelSpec | undefined {
  if (isConstant(series)) return undefined;
  const scale = unitScale(metric, seriesMax(series));
  const all: number[] = [];
  const sortedBySeries = series.map((s) => sortedFinite(s.values));
  for (const sorted of sortedBySeries) for (const v of sorted) all.push(v * scale.factor);
  if (all.length === 0) return undefined;
  const [lo, hi] = extent(all) as [number, number];
  const binner = bin().domain(lo === hi ? [lo - 0.5, hi + 0.5] : [lo, hi]).thresholds(30);
  const rows: Array<{ series: string; x0: number; x1: number; runs: number }> = [];
  series.forEach((s, i) => {
    const bins = binner(Array.from(sortedBySeries[i] as Float64Array, (v) => v * scale.factor));
    for (const b of bins) if (b.length > 0) rows.push({ series: s.name, x0: round(b.x0 as number), x1: round(b.x1 as number), runs: b.length });
  });
  return {
    ...base(title),
    data: { values: rows },
    facet: { row: { field: 'series', type: 'nominal', title: null, sort: series.map((s) => s.name), header: { labelAngle: 0, labelAlign: 'left' } } },
    spacing: 6,
    spec: {
      width: CHART_WIDTH - 60,
      height: series.length > 4 ? 50 : 80,
      mark: { type: 'rect', color: '#4c78a8' },
      encoding: {
        x: { field: 'x0', type: 'quantitative', title: `${metric.name} (${scale.title})`, scale: { domain: [lo, hi === lo ? hi + 1 : hi] } },
        x2: { field: 'x1' },
        y: { field: 'runs', type: 'quantitative', title: 'runs' },
        tooltip: [{ field: 'series' }, { field: 'x0', title: 'from' }, { field: 'x1', title: 'to' }, { field: 'runs' }],
      },
    },
    resolve: { scale: { y: 'independent' } },
  } as TopLevelSpec;
}

/** Box plots (whiskers min–max) of one metric, a row per series. */
export function boxSpec(title: string, metric: MetricInfo, series: readonly Series[]): TopLevelSpec | undefined {
  if (isConstant(series)) return undefined;
  const scale = unitScale(metric, seriesMax(series));
  const rows: Array<{ series: string; value: number }> = [];
  for (const s of series) for (const v of quantileSample(sortedFinite(s.values), 1001)) rows.push({ series: s.name, value: round(v * scale.factor) });
  if (rows.length === 0) return undefined;
  return {
    ...base(title),
    width: CHART_WIDTH - 60,
    height: { step: 22 },
    data: { values: rows },
    mark: { type: 'boxplot', extent: 'min-max', size: 14 },
    encoding: {
      y: { field: 'series', type: 'nominal', title: null, sort: series.map((s) => s.name) },
      x: { field: 'value', type: 'quantitative', title: `${metric.name} (${scale.title})`, scale: { zero: false } },
    },
  } as TopLevelSpec;
}

export interface TrendPoint {
  /** The parameter value (number) or the variant's name. */
  x: number | string;
  p50: number | null;
  p99: number | null;
}

/** p50 and p99 of a metric across the grid: where the knee is. */
export function trendSpec(title: string, metric: MetricInfo, xTitle: string, points: readonly TrendPoint[]): TopLevelSpec | undefined {
  const max = points.reduce((m, p) => Math.max(m, p.p99 ?? 0, p.p50 ?? 0), 0);
  const scale = unitScale(metric, max);
  const rows = points.flatMap((p) => ([['p50', p.p50], ['p99', p.p99]] as const)
    .filter(([, v]) => v !== null).map(([stat, v]) => ({ x: p.x, stat, value: round((v as number) * scale.factor) })));
  if (rows.length === 0) return undefined;
  const numeric = points.every((p) => typeof p.x === 'number');
  return {
    ...base(title),
    width: 330,
    height: 180,
    data: { values: rows },
    mark: { type: 'line', point: true },
    encoding: {
      x: numeric ? { field: 'x', type: 'quantitative', title: xTitle, scale: { zero: false } } : { field: 'x', type: 'ordinal', title: xTitle, sort: points.map((p) => p.x) },
      y: { field: 'value', type: 'quantitative', title: scale.title },
      color: { field: 'stat', type: 'nominal', title: null, scale: { domain: ['p50', 'p99'], range: ['#4c78a8', '#e45756'] } },
      tooltip: [{ field: 'x', title: xTitle }, { field: 'stat' }, { field: 'value', title: scale.title }],
    },
  } as TopLevelSpec;
}

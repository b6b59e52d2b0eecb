/** sweep.html's content: variants, distribution charts, capacity across the grid, every metric. */

import { FLEETSIM_VERSION } from '../version.js';
import { boxSpec, cdfSpec, histogramSpec, trendSpec, type Series, type TrendPoint } from './charts.js';
import { formatMetric } from './format.js';
import { renderPage, type PageItem, type PageSection, type RenderedPage } from './html.js';
import { HEADLINE_METRICS, STAT_COLUMNS, variantName } from './markdown.js';
import { metricInfo, type MetricInfo } from './metrics.js';
import type { SweepResults, SweepSummary } from './results.js';

/** Metrics that show where a management cluster or a cloud account runs out of room. */
const CAPACITY_METRICS = [
  'fleet.upgradeMakespan', 'management.peakApiWritesPerSecond', 'management.reconcilesPerSecond', 'management.maxQueueDepth',
  'management.clientThrottledMs', 'management.peakObjects', 'cloud.throttled', 'fleet.availabilityDip',
] as const;

/** The grid's x axis: the parameter's value when there is exactly one, numeric; else the variant's name. */
function trendAxis(summary: SweepSummary): { title: string; x: (index: number) => number | string } {
  const only = summary.parameters.length === 1 ? summary.parameters[0] : undefined;
  if (only !== undefined && summary.variants.every((v) => typeof v.settings[0]?.value === 'number')) {
    return { title: only.path, x: (i) => summary.variants[i]?.settings[0]?.value as number };
  }
  return { title: 'variant', x: (i) => variantName(summary.variants[i] as { id: number }) };
}

function series(summary: SweepSummary, results: SweepResults, metric: string): Series[] {
  return summary.variants.map((v) => ({ name: summary.variants.length === 1 ? summary.scenario : variantName(v), values: results.column(v.id, metric) }));
}

export function sweepSections(summary: SweepSummary, results: SweepResults): PageSection[] {
  const known = new Map(summary.metrics.map((m) => [m.name, m]));
  const metric = (name: string): MetricInfo => known.get(name) ?? metricInfo(name);
  const sections: PageSection[] = [];
  const codes = [...new Set(summary.variants.flatMap((v) => Object.keys(v.exitCodes)))].sort();
  sections.push({
    id: 'variants', title: 'Variants', items: [
      { kind: 'table', numeric: false, header: ['variant', 'settings', 'runs', ...codes.map((c) => `exit ${c}`)], rows: summary.variants.map((v) => [variantName(v), v.settings.length === 0 ? '(the scenario as written)' : v.label, String(v.runs), ...codes.map((c) => String(v.exitCodes[c] ?? 0))]) },
      { kind: 'note', text: 'Every variant ran over the same seeds (common random numbers). Exit codes per run: 0 every expectation held, 1 an expectation failed, 3 the run hit its horizon before settling.' },
    ],
  });

  const distributions: PageItem[] = [];
  const constant = new Set<string>();
  const push = (spec: ReturnType<typeof cdfSpec>, id: string, title: string, caption: string, name: string) => {
    if (spec !== undefined) distributions.push({ kind: 'chart', id, title, caption, spec });
    else constant.add(name);
  };
  const makespan = metric('fleet.upgradeMakespan');
  push(cdfSpec('', makespan, series(summary, results, makespan.name)), 'makespan-cdf', 'Upgrade makespan: cumulative distribution', 'Share of runs that finished the fleet upgrade within the time on the x axis; a curve that stops short of 100 % has runs that never finished.', makespan.name);
  const dip = metric('fleet.availabilityDip');
  push(cdfSpec('', dip, series(summary, results, dip.name)), 'availability-dip-cdf', 'Worst fleet availability dip: cumulative distribution', '1 − the lowest fraction of worker machines available at any instant, per run.', dip.name);
  push(histogramSpec('', makespan, series(summary, results, makespan.name)), 'makespan-histogram', 'Upgrade makespan: histogram', 'Runs per bin; bins are shared by every variant.', makespan.name);
  for (const name of ['fleet.availabilityDip', 'cluster.worstAvailabilityDip', 'fleet.remediations', 'cloud.throttled', 'management.peakApiWritesPerSecond', 'management.maxQueueDepth']) {
    const m = metric(name);
    push(boxSpec('', m, series(summary, results, name)), `box-${name.replace(/\./g, '-')}`, `${name}: box plot`, `${m.description}. Box: quartiles; line: median; whiskers: min and max.`, name);
  }
  if (constant.size > 0) {
    const same = [...constant].map((name) => {
      const value = summary.variants.map((v) => v.metrics[name]?.min).find((x) => x !== null && x !== undefined);
      return `${name} = ${formatMetric(value ?? null, metric(name).unit)}`;
    });
    distributions.push({ kind: 'note', text: `The same in every run of every variant (no chart): ${same.join(', ')}.` });
  }
  sections.push({ id: 'distributions', title: 'Distributions', items: distributions });

  if (summary.variants.length > 1) {
    const axis = trendAxis(summary);
    const items: PageItem[] = [{ kind: 'note', text: 'p50 and p99 over runs, per variant: where a figure bends upward is where the management cluster, the cloud account or the plan runs out of room.' }];
    const flat: string[] = [];
    for (const name of CAPACITY_METRICS) {
      const m = metric(name);
      const points: TrendPoint[] = summary.variants.map((v, i) => ({ x: axis.x(i), p50: v.metrics[name]?.p50 ?? null, p99: v.metrics[name]?.p99 ?? null }));
      const values = new Set(points.flatMap((p) => [p.p50, p.p99]).filter((v) => v !== null));
      if (values.size <= 1) {
        flat.push(`${name} = ${formatMetric(values.size === 0 ? null : [...values][0] as number, m.unit)}`);
        continue;
      }
      const spec = trendSpec('', m, axis.title, points);
      if (spec !== undefined) items.push({ kind: 'chart', id: `trend-${name.replace(/\./g, '-')}`, title: name, caption: m.description, spec });
    }
    if (flat.length > 0) items.push({ kind: 'note', text: `The same across the grid (no chart): ${flat.join(', ')}.` });
    sections.push({ id: 'capacity', title: 'Across the grid', items });
  }

  const headline = HEADLINE_METRICS.map((n) => known.get(n)).filter((m): m is MetricInfo => m !== undefined);
  const keyRows: string[][] = [];
  for (const m of headline) {
    for (const v of summary.variants) {
      const d = v.metrics[m.name];
      keyRows.push([summary.variants.length > 1 ? `${m.name} · ${variantName(v)}` : m.name, d === undefined ? '0' : String(d.count), ...STAT_COLUMNS.map((s) => formatMetric(d?.[s], m.unit))]);
    }
  }
  sections.push({ id: 'key-metrics', title: 'Key metrics', items: [{ kind: 'table', header: ['metric', 'runs', ...STAT_COLUMNS], rows: keyRows }] });

  const all: PageItem[] = [];
  for (const v of summary.variants) {
    if (summary.variants.length > 1) all.push({ kind: 'note', text: `${variantName(v)}: ${v.label}` });
    all.push({ kind: 'table', header: ['metric', 'runs', 'missing', ...STAT_COLUMNS], rows: summary.metrics.map((m) => {
      const d = v.metrics[m.name];
      return [m.name, String(d?.count ?? 0), String(d?.missing ?? 0), ...STAT_COLUMNS.map((s) => formatMetric(d?.[s], m.unit))];
    }) });
  }
  all.push({ kind: 'note', text: summary.metrics.map((m) => `${m.name}: ${m.description}`).join(' · ') });
  sections.push({ id: 'all-metrics', title: 'All metrics', items: all });
  return sections;
}

export function renderSweepHtml(summary: SweepSummary, results: SweepResults): Promise<RenderedPage> {
  const runs = summary.variants.reduce((n, v) => n + v.runs, 0);
  return renderPage({
    title: `fleetsim sweep: ${summary.scenario}`,
    meta: [`${summary.seeds.count} seeds (${summary.seeds.spec}) · ${summary.variants.length} variant${summary.variants.length === 1 ? '' : 's'} · ${runs} runs · fleetsim ${summary.fleetsimVersion}`],
    sections: sweepSections(summary, results),
    footer: `Written by fleetsim ${FLEETSIM_VERSION} from the scenario, its grid and the seeds alone: the same inputs write the same file, whatever the number of workers or shards. Each chart's Vega-Lite spec, with its data, is in the script element next to it.`,
  }, FLEETSIM_VERSION);
}

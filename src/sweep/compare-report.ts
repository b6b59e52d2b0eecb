/** compare's outputs: the terminal table, compare.md, compare.html and compare.json. */

import type { TopLevelSpec } from 'vega-lite';
import { mdEscape } from '../report/markdown.js';
import { writeFilesAtomic } from '../report/write.js';
import { FLEETSIM_VERSION } from '../version.js';
import { CHART_CONFIG, CHART_WIDTH } from '../report/charts/style.js';
import { VEGA_LITE_SCHEMA } from '../report/charts/spec-types.js';
import { cdfSpec, isConstant, type Series } from './charts.js';
import type { CompareSummary, MetricComparison, PairComparison } from './compare.js';
import { formatDifference, formatMetric } from './format.js';
import { renderPage, type PageItem, type PageSection, type RenderedPage } from './html.js';
import { table } from './markdown.js';
import { metricInfo } from './metrics.js';
import type { SweepResults } from './results.js';

export type CompareFormat = 'json' | 'md' | 'html';

function winnerText(m: MetricComparison, pair: PairComparison): string {
  switch (m.winner) {
    case 'baseline': return pair.baseline.name;
    case 'candidate': return pair.candidate.name;
    case 'differs': return 'differs';
    case 'none': return m.pairs < 2 ? 'too few runs' : 'no difference';
  }
}

function ciText(m: MetricComparison): string {
  return m.ci === null ? '—' : `[${formatDifference(m.ci[0], m.unit)}, ${formatDifference(m.ci[1], m.unit)}]`;
}

/** Both sides the same single value in every run, or no value at all: nothing to compare (left out of the terminal table). */
export function isUninformative(m: MetricComparison): boolean {
  if (m.baseline.count === 0 && m.candidate.count === 0) return true;
  return m.baseline.min === m.baseline.max && m.candidate.min === m.candidate.max && m.baseline.min === m.candidate.min && m.baseline.missing === 0 && m.candidate.missing === 0;
}

function rowCells(m: MetricComparison, pair: PairComparison): string[] {
  return [
    m.metric,
    formatMetric(m.baseline.p50, m.unit), formatMetric(m.baseline.p90, m.unit), formatMetric(m.baseline.p99, m.unit),
    formatMetric(m.candidate.p50, m.unit), formatMetric(m.candidate.p90, m.unit), formatMetric(m.candidate.p99, m.unit),
    formatDifference(m.meanDifference, m.unit), ciText(m), winnerText(m, pair),
  ];
}

function header(pair: PairComparison): string[] {
  const a = pair.baseline.name;
  const b = pair.candidate.name;
  return ['metric', `${a} p50`, `${a} p90`, `${a} p99`, `${b} p50`, `${b} p90`, `${b} p99`, `mean ${b}−${a}`, '95% CI', 'winner'];
}

function describeRun(summary: CompareSummary): string {
  return `${summary.seeds.count} seeds (${summary.seeds.spec}), the same for every side (common random numbers); ` +
    `paired differences, ${Math.round(summary.confidence * 100)}% percentile-bootstrap interval of their mean (${summary.resamples} resamples).`;
}

/** Plain-text columns for the terminal. */
export function renderCompareText(summary: CompareSummary): string {
  const out: string[] = [];
  for (const v of summary.variants) out.push(`${v.name}: ${v.label}${v.label === v.scenario ? '' : ` (${v.scenario})`} · ${v.runs} runs`);
  out.push(describeRun(summary));
  for (const pair of summary.comparisons) {
    const shown = pair.metrics.filter((m) => !isUninformative(m));
    const rows = [header(pair), ...shown.map((m) => rowCells(m, pair))];
    const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] as string).length)));
    out.push('', `${pair.candidate.name} against ${pair.baseline.name}:`);
    for (const row of rows) out.push(row.map((cell, c) => (c === 0 || c >= 8 ? cell.padEnd(widths[c] as number) : cell.padStart(widths[c] as number))).join('  ').trimEnd());
    const same = pair.metrics.length - shown.length;
    if (same > 0) out.push(`(${same} more metric${same === 1 ? ' was' : 's were'} the same single value, or absent, in every run of both: see compare.md)`);
    const wins = (side: 'baseline' | 'candidate') => pair.metrics.filter((m) => m.winner === side).length;
    out.push(`${pair.candidate.name} better on ${wins('candidate')}, ${pair.baseline.name} better on ${wins('baseline')}, no significant difference on ${pair.metrics.filter((m) => m.winner === 'none').length}.`);
  }
  return out.join('\n');
}

export function renderCompareMarkdown(summary: CompareSummary): string {
  const out: string[] = ['# fleetsim compare', ''];
  out.push(table(['side', 'what', 'scenario', 'runs', 'exit codes'], summary.variants.map((v) => [
    v.name, mdEscape(v.label), mdEscape(v.scenario), String(v.runs), Object.entries(v.exitCodes).map(([c, n]) => `${c}: ${n}`).join(', '),
  ]), 3));
  out.push('', describeRun(summary), '', 'The winner is the side whose value is better when the interval leaves out 0; "differs" marks a significant difference in a figure where neither direction is better (a load figure).');
  for (const pair of summary.comparisons) {
    out.push('', `## ${mdEscape(pair.candidate.name)} against ${mdEscape(pair.baseline.name)}`, '');
    out.push(table(header(pair), pair.metrics.map((m) => rowCells(m, pair).map((cell, i) => (i === 0 ? `\`${cell}\`` : cell))), 1));
  }
  out.push('');
  return out.join('\n');
}

/** Mean difference relative to the baseline's mean, with its interval: one row per metric that moved. */
function forestSpec(pair: PairComparison): TopLevelSpec | undefined {
  const rows = pair.metrics
    .filter((m) => m.ci !== null && m.meanDifference !== null && m.baseline.mean !== null && m.baseline.mean !== 0 && !isUninformative(m))
    .map((m) => {
      const base = Math.abs(m.baseline.mean as number);
      const r = (v: number) => Math.round((v / base) * 10_000) / 100;
      return { metric: m.metric, mean: r(m.meanDifference as number), lo: r((m.ci as [number, number])[0]), hi: r((m.ci as [number, number])[1]), verdict: m.winner === 'none' ? 'no difference' : m.winner === 'differs' ? 'differs' : m.winner === 'candidate' ? `${pair.candidate.name} better` : `${pair.baseline.name} better` };
    });
  if (rows.length === 0) return undefined;
  const domain = ['no difference', 'differs', `${pair.candidate.name} better`, `${pair.baseline.name} better`];
  return {
    $schema: VEGA_LITE_SCHEMA,
    config: CHART_CONFIG,
    width: CHART_WIDTH - 200,
    height: { step: 18 },
    data: { values: rows },
    encoding: { y: { field: 'metric', type: 'nominal', title: null, sort: rows.map((row) => row.metric) } },
    layer: [
      { mark: { type: 'rule', color: '#999' }, encoding: { x: { datum: 0 } } },
      { mark: { type: 'rule', strokeWidth: 2 }, encoding: { x: { field: 'lo', type: 'quantitative', title: `mean difference ${pair.candidate.name} − ${pair.baseline.name}, % of ${pair.baseline.name}'s mean` }, x2: { field: 'hi' }, color: { field: 'verdict', type: 'nominal', title: null, scale: { domain, range: ['#999999', '#b279a2', '#54a24b', '#e45756'] } } } },
      { mark: { type: 'point', filled: true, size: 40 }, encoding: { x: { field: 'mean', type: 'quantitative' }, color: { field: 'verdict', type: 'nominal' }, tooltip: [{ field: 'metric' }, { field: 'mean', title: 'mean %' }, { field: 'lo', title: 'CI low %' }, { field: 'hi', title: 'CI high %' }, { field: 'verdict' }] } },
    ],
  } as TopLevelSpec;
}

export async function renderCompareHtml(summary: CompareSummary, results: SweepResults): Promise<RenderedPage> {
  const sections: PageSection[] = [];
  sections.push({ id: 'sides', title: 'Sides', items: [
    { kind: 'table', numeric: false, header: ['side', 'what', 'scenario', 'runs', 'exit codes'], rows: summary.variants.map((v) => [v.name, v.label, v.scenario, String(v.runs), Object.entries(v.exitCodes).map(([c, n]) => `${c}: ${n}`).join(', ')]) },
    { kind: 'note', text: describeRun(summary) },
  ] });
  const charts: PageItem[] = [];
  for (const name of ['fleet.upgradeMakespan', 'fleet.availabilityDip', 'cluster.worstAvailabilityDip']) {
    const series: Series[] = summary.variants.map((v) => ({ name: v.name, values: results.column(v.id, name) }));
    if (isConstant(series)) continue;
    const spec = cdfSpec('', metricInfo(name), series);
    if (spec !== undefined) charts.push({ kind: 'chart', id: `cdf-${name.replace(/\./g, '-')}`, title: `${name}: cumulative distribution`, caption: metricInfo(name).description, spec });
  }
  if (charts.length > 0) sections.push({ id: 'distributions', title: 'Distributions', items: charts });
  for (const pair of summary.comparisons) {
    const id = `${pair.candidate.name}-vs-${pair.baseline.name}`.toLowerCase().replace(/[^a-z0-9-]/g, '-');
    const items: PageItem[] = [];
    const forest = forestSpec(pair);
    if (forest !== undefined) items.push({ kind: 'chart', id: `forest-${id}`, title: 'Mean paired difference with its 95% interval', caption: `Relative to ${pair.baseline.name}'s mean; an interval that crosses the grey line at 0 is no significant difference.`, spec: forest });
    items.push({ kind: 'table', header: header(pair), rows: pair.metrics.map((m) => {
      const cells = rowCells(m, pair);
      const winner = cells[9] as string;
      cells[9] = m.winner === 'candidate' || m.winner === 'baseline' ? `✓ ${winner}` : winner;
      return cells;
    }) });
    sections.push({ id, title: `${pair.candidate.name} against ${pair.baseline.name}`, items });
  }
  return renderPage({
    title: 'fleetsim compare',
    meta: summary.variants.map((v) => `${v.name}: ${v.label}`),
    sections,
    footer: `Written by fleetsim ${FLEETSIM_VERSION} from the scenarios and seeds alone: the same inputs write the same file. Each chart's Vega-Lite spec, with its data, is in the script element next to it.`,
  }, FLEETSIM_VERSION);
}

export async function writeCompareReports(dir: string, summary: CompareSummary, results: SweepResults, formats: readonly CompareFormat[]): Promise<string[]> {
  const files: Array<[string, string]> = [];
  if (formats.includes('json')) files.push(['compare.json', `${JSON.stringify(summary, null, 2)}\n`]);
  if (formats.includes('md')) files.push(['compare.md', renderCompareMarkdown(summary)]);
  if (formats.includes('html')) files.push(['compare.html', (await renderCompareHtml(summary, results)).html]);
  return writeFilesAtomic(dir, files);
}

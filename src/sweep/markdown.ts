/** sweep.md: the variants, the key distributions, capacity per controller, and every metric. */

import { mdEscape } from '../report/markdown.js';
import { formatMetric } from './format.js';
import type { MetricInfo } from './metrics.js';
import type { SweepSummary, VariantSummary } from './results.js';
import type { Distribution } from './statistics.js';

/** The metrics a reader looks at first, in this order. */
export const HEADLINE_METRICS = [
  'fleet.upgradeMakespan', 'fleet.settled', 'fleet.upgradeHalted', 'fleet.availabilityDip', 'cluster.worstAvailabilityDip',
  'fleet.shortCircuited', 'fleet.remediations', 'cloud.throttled', 'management.peakApiWritesPerSecond', 'management.reconcilesPerSecond',
  'management.maxQueueDepth', 'management.peakObjects',
] as const;

export const STAT_COLUMNS = ['mean', 'min', 'p50', 'p90', 'p95', 'p99', 'max'] as const;

/** A Markdown table; the first `textColumns` columns are left-aligned, the rest (figures) right-aligned. */
export function table(header: string[], rows: string[][], textColumns = 1): string {
  const lines = [`| ${header.join(' | ')} |`, `| ${header.map((_, i) => (i < textColumns ? '---' : '---:')).join(' | ')} |`];
  for (const row of rows) lines.push(`| ${row.join(' | ')} |`);
  return lines.join('\n');
}

function statCells(d: Distribution | undefined, unit: MetricInfo['unit']): string[] {
  if (d === undefined) return ['0', ...STAT_COLUMNS.map(() => '—')];
  return [d.missing > 0 ? `${d.count} (${d.missing} missing)` : String(d.count), ...STAT_COLUMNS.map((s) => formatMetric(d[s], unit))];
}

export function variantName(variant: { id: number }): string {
  return `V${variant.id}`;
}

function controllers(summary: SweepSummary): string[] {
  const names = new Set<string>();
  for (const m of summary.metrics) {
    const match = /^management\.controller\.([^.]+)\.reconcilesPerSecond$/.exec(m.name);
    if (match !== null) names.add(match[1] as string);
  }
  return [...names].sort();
}

function capacityTable(summary: SweepSummary): string | undefined {
  const names = controllers(summary);
  if (names.length === 0) return undefined;
  const many = summary.variants.length > 1;
  const rows: string[][] = [];
  for (const variant of summary.variants) {
    for (const name of names) {
      const at = (suffix: string) => variant.metrics[`management.controller.${name}.${suffix}`];
      const reconciles = at('reconcilesPerSecond');
      if (reconciles === undefined || (reconciles.max ?? 0) === 0) continue;
      rows.push([
        ...(many ? [variantName(variant)] : []), mdEscape(name),
        formatMetric(reconciles.p50, 'perSecond'), formatMetric(at('peakReconcilesPerSecond')?.p50, 'perSecond'), formatMetric(at('peakReconcilesPerSecond')?.p99, 'perSecond'),
        formatMetric(at('utilization')?.p99, 'ratio'),
        formatMetric(at('maxQueueDepth')?.p50, 'count'), formatMetric(at('maxQueueDepth')?.p99, 'count'), formatMetric(at('maxQueueDepth')?.max, 'count'),
        formatMetric(at('latencyP95Ms')?.p99, 'ms'),
      ]);
    }
  }
  return table([...(many ? ['variant'] : []), 'controller', 'mean reconciles/s p50', 'peak reconciles/s p50', 'peak reconciles/s p99', 'utilization p99', 'max queue p50', 'max queue p99', 'max queue max', 'latency p95, p99 of runs'], rows, many ? 2 : 1);
}

function throttleTable(summary: SweepSummary): string | undefined {
  const actions = summary.metrics.filter((m) => /^cloud\.action\..+\.throttled$/.test(m.name)).map((m) => m.name);
  if (actions.length === 0) return undefined;
  const many = summary.variants.length > 1;
  const rows: string[][] = [];
  for (const variant of summary.variants) {
    for (const name of actions) {
      const throttled = variant.metrics[name];
      const calls = variant.metrics[name.replace(/\.throttled$/, '.calls')];
      rows.push([
        ...(many ? [variantName(variant)] : []), mdEscape(name.slice('cloud.action.'.length, -'.throttled'.length)),
        formatMetric(calls?.p50, 'count'), formatMetric(throttled?.mean, 'count'), formatMetric(throttled?.p50, 'count'), formatMetric(throttled?.p99, 'count'), formatMetric(throttled?.max, 'count'),
      ]);
    }
  }
  return table([...(many ? ['variant'] : []), 'cloud.action', 'calls p50', 'throttled mean', 'throttled p50', 'throttled p99', 'throttled max'], rows, many ? 2 : 1);
}

function metricTitle(m: MetricInfo): string {
  return `\`${m.name}\` — ${mdEscape(m.description)}${m.unit === 'boolean' ? ' (mean = how often)' : ''}`;
}

function allMetricsTable(summary: SweepSummary, variant: VariantSummary): string {
  return table(['metric', 'runs', ...STAT_COLUMNS], summary.metrics.map((m) => [`\`${m.name}\``, ...statCells(variant.metrics[m.name], m.unit)]));
}

export function renderSweepMarkdown(summary: SweepSummary): string {
  const out: string[] = [];
  const runs = summary.variants.reduce((n, v) => n + v.runs, 0);
  out.push(`# fleetsim sweep: ${mdEscape(summary.scenario)}`, '');
  out.push(`${summary.seeds.count} seed${summary.seeds.count === 1 ? '' : 's'} (${summary.seeds.spec}) · ${summary.variants.length} variant${summary.variants.length === 1 ? '' : 's'} · ${runs} runs · fleetsim ${summary.fleetsimVersion}`);
  out.push('', 'Every variant ran over the same seeds (common random numbers): a difference between variants comes from their settings, not from the draw.');
  const byName = new Map(summary.metrics.map((m) => [m.name, m]));
  const headline = HEADLINE_METRICS.map((name) => byName.get(name)).filter((m): m is MetricInfo => m !== undefined);

  out.push('', '## Variants', '');
  const codes = [...new Set(summary.variants.flatMap((v) => Object.keys(v.exitCodes)))].sort();
  out.push(table(['variant', 'settings', 'runs', ...codes.map((c) => `exit ${c}`)], summary.variants.map((v) => [
    variantName(v), v.settings.length === 0 ? '(the scenario as written)' : mdEscape(v.label), String(v.runs), ...codes.map((c) => String(v.exitCodes[c] ?? 0)),
  ]), 2));
  out.push('', `Exit codes per run: 0 every expectation held, 1 an expectation failed, 3 the run hit its horizon before settling${codes.includes('70') ? ', 70 the run crashed (a simulator bug: runs.jsonl keeps its message)' : ''}.`);

  out.push('', '## Key metrics');
  if (summary.variants.length === 1) {
    const variant = summary.variants[0] as VariantSummary;
    out.push('', table(['metric', 'runs', ...STAT_COLUMNS], headline.map((m) => [`\`${m.name}\``, ...statCells(variant.metrics[m.name], m.unit)])));
    out.push('', ...headline.map((m) => `- ${metricTitle(m)}`));
  } else {
    for (const m of headline) {
      out.push('', `### ${metricTitle(m)}`, '');
      out.push(table(['variant', 'runs', ...STAT_COLUMNS], summary.variants.map((v) => [variantName(v), ...statCells(v.metrics[m.name], m.unit)])));
    }
  }

  const capacity = capacityTable(summary);
  if (capacity !== undefined) {
    out.push('', '## Management cluster: controllers', '', 'Per controller, percentiles over runs of each run\'s figure: the mean rate over the run, the peak (busiest 30 s), utilization of its workers, the deepest queue and the 95th-percentile latency.', '', capacity);
  }
  const throttle = throttleTable(summary);
  if (throttle !== undefined) out.push('', '## Cloud API headroom: throttled calls per action', '', throttle);

  out.push('', '## All metrics');
  for (const variant of summary.variants) {
    if (summary.variants.length > 1) out.push('', `### ${variantName(variant)}: ${mdEscape(variant.label)}`);
    out.push('', allMetricsTable(summary, variant));
  }
  out.push('');
  return out.join('\n');
}

/**
 * The report's tables as plain data, rendered both in report.md (markdown.ts) and in report.html
 * (html/tables.ts), so the two files always carry the same tables. Cells hold plain text; each
 * renderer escapes it for its own format.
 */

import { formatElapsed } from '../../engine/duration.js';
import { formatMetricValue } from '../expectations.js';
import type { Summary } from '../summary.js';
import { byInterest, INTERESTING_ORDER } from '../charts/interesting-clusters.js';

export type Cell = string | { text: string; status?: 'pass' | 'fail'; strong?: boolean };

export interface ReportTable {
  id: string;
  title: string;
  header: string[];
  /** Columns whose cells are numbers (right-aligned in HTML). */
  numeric?: number[];
  rows: Cell[][];
  /** A sentence shown under the title (what was left out, and why). */
  note?: string;
}

export function cellText(cell: Cell): string {
  return typeof cell === 'string' ? cell : cell.text;
}

export function time(ms: number | null): string {
  return ms === null ? '—' : formatElapsed(ms);
}

export function pct(ratio: number): string {
  return `${(ratio * 100).toFixed(1)}%`;
}

function boundText(metric: string, min: number | undefined, max: number | undefined): string {
  return [min === undefined ? '' : `≥ ${formatMetricValue(metric, min)}`, max === undefined ? '' : `≤ ${formatMetricValue(metric, max)}`].filter(Boolean).join(', ');
}

export function keyFiguresTable(summary: Summary): ReportTable {
  const f = summary.fleet;
  const rows: Cell[][] = [
    ['clusters', String(f.clusters)],
    ['machines at the end', String(f.machines)],
    ['upgrade makespan', time(f.upgradeMakespan)],
    ['clusters upgraded', `${f.clustersUpgraded}${f.clustersUpgrading > 0 ? ` (${f.clustersUpgrading} unfinished)` : ''}`],
    ['machines replaced', String(f.machinesReplaced)],
    ['MHC remediations', String(f.remediations)],
    ['MHC short-circuits', String(f.shortCircuits)],
    ['KCP remediations refused', String(f.kcpRemediationsRefused)],
    ['lowest fleet availability', `${pct(f.minAvailableRatio)} at ${time(f.minAvailableAt)}`],
  ];
  if (summary.clouds.length > 0) {
    const sum = (field: 'calls' | 'throttled' | 'errors') => summary.clouds.reduce((total, c) => total + c[field], 0);
    rows.push(['cloud API calls (throttled, errors)', `${sum('calls')} (${sum('throttled')}, ${sum('errors')})`]);
  }
  const deepest = summary.management.controllers.reduce<{ name: string; depth: number } | undefined>((best, c) => (best === undefined || c.maxQueueDepth > best.depth ? { name: c.name, depth: c.maxQueueDepth } : best), undefined);
  if (deepest !== undefined) rows.push(['deepest controller queue', `${deepest.depth} (${deepest.name})`]);
  return { id: 'key-figures', title: 'Key figures', header: ['figure', 'value'], rows };
}

export function expectationsTable(summary: Summary): ReportTable | undefined {
  if (summary.expectations.length === 0) return undefined;
  return {
    id: 'expectations',
    title: 'Expectations',
    header: ['metric', 'bound', 'value', 'result'],
    rows: summary.expectations.map((e) => [
      e.metric, boundText(e.metric, e.min, e.max), e.value === null ? 'not reached' : formatMetricValue(e.metric, e.value),
      e.pass ? { text: 'pass', status: 'pass' } : { text: 'FAIL', status: 'fail', strong: true },
    ]),
  };
}

/**
 * One row per rollout (a cluster without one gets a single row). With `limit`, only the rows of
 * the `limit` most interesting clusters, most interesting first (for a pull-request comment).
 */
export function clustersTable(summary: Summary, limit?: number): ReportTable {
  const all = summary.clusters;
  const shown = limit === undefined || all.length <= limit ? all : byInterest(all, summary.endedAt).slice(0, limit);
  const rows: Cell[][] = [];
  for (const c of shown) {
    const rollouts = c.rollouts.length === 0 ? [undefined] : c.rollouts;
    for (const r of rollouts) {
      rows.push([
        c.name, `${c.cloud}/${c.region}`, r === undefined ? '—' : `${r.kind} ${r.from} → ${r.to}`,
        r === undefined ? '—' : time(r.startedAt), r === undefined ? '—' : r.completedAt === null ? { text: 'unfinished', strong: true } : time(r.completedAt),
        r === undefined ? '—' : time(r.duration), String(r?.machinesReplaced ?? 0),
        String(c.remediations), String(c.shortCircuits), pct(c.minAvailableRatio),
      ]);
    }
  }
  const table: ReportTable = {
    id: 'clusters',
    title: 'Clusters',
    header: ['cluster', 'cloud/region', 'rollout', 'started', 'completed', 'duration', 'replaced', 'remediations', 'short-circuits', 'min available'],
    numeric: [6, 7, 8, 9],
    rows,
  };
  if (shown.length < all.length) table.note = `The ${shown.length} most interesting of ${all.length} clusters (${INTERESTING_ORDER}); report.html and summary.json list them all.`;
  return table;
}

export function cloudTable(summary: Summary): ReportTable | undefined {
  if (summary.clouds.length === 0) return undefined;
  return {
    id: 'cloud-apis',
    title: 'Cloud APIs',
    header: ['cloud/account/region', 'action', 'calls', 'throttled', 'errors', 'retries', 'p95 latency'],
    numeric: [2, 3, 4, 5, 6],
    rows: summary.clouds.flatMap((cloud) => cloud.actions.map((a) => [cloud.name, a.action, String(a.calls), String(a.throttled), String(a.errors), String(a.retries), time(a.p95LatencyMs)])),
  };
}

export function controllersTable(summary: Summary): ReportTable {
  return {
    id: 'controllers',
    title: 'Management cluster',
    header: ['controller', 'reconciles', 'errors', 'max queue depth', 'latency p50', 'latency p95'],
    numeric: [1, 2, 3, 4, 5],
    rows: summary.management.controllers.map((c) => [c.name, String(c.reconciles), String(c.errors), String(c.maxQueueDepth), time(c.latencyP50Ms), time(c.latencyP95Ms)]),
    note: `API writes ${summary.management.apiWrites} · client rate limit held workers for ${time(summary.management.clientThrottledMs)} in total`,
  };
}

/** The run's one-line verdict: settled or not, and the expectations. */
export function verdict(summary: Summary): { settled: string; expectations: 'all pass' | 'FAILED' | undefined } {
  return {
    settled: summary.settled ? 'settled' : `not settled (${summary.stopReason})`,
    expectations: summary.expectations.length === 0 ? undefined : summary.expectations.every((e) => e.pass) ? 'all pass' : 'FAILED',
  };
}

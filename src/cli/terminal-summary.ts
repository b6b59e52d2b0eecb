/** The short table `fleetsim run` prints: per cluster, its upgrade's start, end, duration and machines replaced. */

import { formatElapsed } from '../engine/duration.js';
import type { Summary } from '../report/summary.js';
import { formatMetricValue } from '../report/expectations.js';
import { naturalCompare } from '../report/charts/natural-order.js';
import { renderTextTable } from './text-table.js';
import { timeWentLines, wrapText } from '../report/time-went.js';
import { faultLines } from '../report/faults-table.js';
import { rolloutNoteLines } from '../report/rollout-notes.js';

const time = (ms: number | null): string => (ms === null ? '—' : formatElapsed(ms));

type ClusterRow = Summary['clusters'][number];

/** The rollout a cluster's row shows: its last one. */
function lastRollout(cluster: ClusterRow) {
  return cluster.rollouts[cluster.rollouts.length - 1];
}

/** Rows by wave, then start time, then name in natural order (tenant-2 before tenant-10); clusters without a rollout last. */
export function terminalOrder(clusters: readonly ClusterRow[]): ClusterRow[] {
  const key = (c: ClusterRow): [number, number] => {
    const r = lastRollout(c);
    return [r?.wave ?? (r === undefined ? Number.POSITIVE_INFINITY : -1), r?.startedAt ?? Number.POSITIVE_INFINITY];
  };
  return [...clusters].sort((a, b) => {
    const [wa, sa] = key(a);
    const [wb, sb] = key(b);
    if (wa !== wb) return wa < wb ? -1 : 1;
    if (sa !== sb) return sa < sb ? -1 : 1;
    return naturalCompare(a.name, b.name);
  });
}

export function terminalSummary(summary: Summary, maxRows = 40, width = 100): string {
  const rows: string[][] = [];
  // One namespace for every cluster: the names go without it (a line under the table names it).
  const namespaces = new Set(summary.clusters.map((c) => c.name.slice(0, c.name.indexOf('/') + 1)));
  const shared = namespaces.size === 1 ? [...namespaces][0] ?? '' : '';
  for (const cluster of terminalOrder(summary.clusters).slice(0, maxRows)) {
    const r = lastRollout(cluster);
    rows.push([
      cluster.name.slice(shared.length), r?.wave === undefined ? '—' : String(r.wave), cluster.cloud, r === undefined ? '—' : `${r.from}→${r.to}`, r === undefined ? '—' : time(r.startedAt),
      r === undefined ? '—' : r.completedAt === null ? 'unfinished' : time(r.completedAt), r === undefined ? '—' : r.duration === null ? '—' : time(r.duration), String(r?.machinesReplaced ?? 0),
      String(cluster.remediations), `${(cluster.minAvailableRatio * 100).toFixed(0)}%`,
    ]);
  }
  const header = ['cluster', 'wave', 'cloud', 'rollout', 'start', 'end', 'took', 'replaced', 'remediated', 'min avail'];
  // The wave column only when some rollout ran in a wave: it leaves the names room otherwise.
  const waved = rows.some((row) => row[1] !== '—');
  const drop = (cells: string[]): string[] => (waved ? cells : cells.filter((_, i) => i !== 1));
  const table = renderTextTable(waved
    ? { header, rows, shrinkable: [0, 3], right: [1, 4, 5, 6, 7, 8, 9] }
    : { header: drop(header), rows: rows.map(drop), shrinkable: [0, 2], right: [3, 4, 5, 6, 7, 8] }, width);
  const f = summary.fleet;
  const lines = [table];
  if (shared !== '') lines.push(`(every cluster is in namespace ${shared.slice(0, -1)})`);
  if (summary.clusters.length > maxRows) lines.push(`… and ${summary.clusters.length - maxRows} more clusters (see report.html or summary.json)`);
  lines.push('', ...wrapText(`fleet: ${f.clusters} clusters, upgrade ${time(f.upgradeStartedAt)} → ${time(f.upgradeCompletedAt)} (makespan ${time(f.upgradeMakespan)}), ` +
    `${f.machinesReplaced} machines replaced, ${f.remediations} remediations, ${f.shortCircuits} short-circuits, lowest availability ${(f.minAvailableRatio * 100).toFixed(1)}%`, width, '  '));
  const timeWent = timeWentLines(summary, width, (name) => (name.startsWith(shared) ? name.slice(shared.length) : name));
  if (timeWent.length > 0) lines.push('', ...timeWent);
  const faults = faultLines(summary).flatMap((line) => wrapText(line, width, '      '));
  if (faults.length > 0) lines.push('', ...faults);
  const held = rolloutNoteLines(summary).flatMap((line) => wrapText(line, width, '      '));
  if (held.length > 0) lines.push('', ...held);
  for (const r of summary.moveRefusals ?? []) {
    lines.push(`clusterctl move (operation ${r.operation}) refused at ${time(r.at)}${r.attempts > 1 ? ` after ${r.attempts} tries` : ''}: ${r.machinesWithoutNode} Machine${r.machinesWithoutNode === 1 ? '' : 's'} without a Node (${r.reason}); nothing was moved`);
  }
  for (const e of summary.expectations) {
    const show = (value: number): string => formatMetricValue(e.metric, value);
    const bound = [e.min === undefined ? '' : `>= ${show(e.min)}`, e.max === undefined ? '' : `<= ${show(e.max)}`].filter(Boolean).join(' ');
    lines.push(`expect ${e.metric} ${bound}: ${e.value === null ? 'not reached' : show(e.value)} ${e.pass ? 'PASS' : 'FAIL'}`);
  }
  if (!summary.settled) {
    lines.push(`not settled: the run stopped at ${time(summary.endedAt)} (${summary.stopReason}) before every operation finished`);
  }
  return lines.join('\n');
}

/**
 * What a limit that stopped the run says (none for the horizon): the event limit with its value,
 * the memory guard with its reading. The partial run's reports are written, marked not settled.
 */
export function stopDetail(summary: Summary, maxEvents: number, guardMessage?: string): string | undefined {
  if (summary.stopReason === 'eventLimit') return `it reached the event limit of ${maxEvents.toLocaleString('en-US')} simulation events (--max-events, or the scenario's maxEvents:); the reports describe the partial run`;
  if (summary.stopReason === 'memoryLimit') return `${guardMessage ?? 'the memory guard stopped it'}; the reports describe the partial run`;
  return undefined;
}

/**
 * Why a run exits non-zero, in one line for stderr (null for exit 0). A failed expectation (1)
 * outranks a run that did not settle (3); when both hold, the line says both. `detail` says which
 * limit stopped the run (stopDetail).
 */
export function verdict(summary: Summary, exitCode: number, detail?: string): string | undefined {
  const failed = summary.expectations.filter((e) => !e.pass).map((e) => e.metric);
  const unsettled = `the run did not settle: it stopped at ${time(summary.endedAt)} (${summary.stopReason}) before every operation finished${detail === undefined ? '' : `: ${detail}`}`;
  if (exitCode === 1) {
    const what = `${failed.length} expectation${failed.length === 1 ? '' : 's'} failed (${failed.join(', ')})`;
    return summary.settled ? `exit 1: ${what}` : `exit 1: ${what}; ${unsettled}, which alone would be exit 3 (a failed expectation outranks it)`;
  }
  if (exitCode === 3) return `exit 3: ${unsettled}`;
  return undefined;
}

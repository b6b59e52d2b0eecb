/**
 * report.md: the key figures and tables a person reads in a terminal or a pull-request comment.
 * The tables are the same as report.html's (html/table-model.ts); every cell is escaped for
 * Markdown tables. A large fleet's cluster table keeps its most interesting clusters only, so the
 * file fits in a pull-request comment (GitHub caps a comment at 65,536 characters).
 */

import type { Summary } from './summary.js';
import { timeWentTables } from './time-went.js';
import { faultsTable } from './faults-table.js';
import { rolloutNotesTable } from './rollout-notes.js';
import {
  cellText, clustersTable, cloudTable, controllersTable, expectationsTable, keyFiguresTable, time, verdict,
  type Cell, type ReportTable,
} from './html/table-model.js';

/** Cluster rows in report.md at most; report.html and summary.json have them all. */
export const MARKDOWN_CLUSTER_LIMIT = 50;

/**
 * Text from a scenario made inert for Markdown (report.md, sweep.md, a pull-request comment): every
 * line break (a lone CR or U+2028 too: they made headings and broke tables) becomes a space, other
 * control characters go, markup characters are escaped, and GitHub's @mentions and #123 references
 * get a zero-width space so they stay text and notify no one.
 */
export function mdEscape(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/\r\n|[\r\n\u000b\u000c\u0085\u2028\u2029]/g, ' ')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000e-\u001f\u007f-\u009f]/g, '')
    .replace(/[\\|`*_[\]<>~]/g, (c) => `\\${c}`)
    .replace(/([@#])(?=[A-Za-z0-9_-])/g, '$1\u200b');
}

function mdCell(cell: Cell): string {
  const text = mdEscape(cellText(cell));
  return typeof cell !== 'string' && cell.strong === true ? `**${text}**` : text;
}

export function mdTable(table: ReportTable): string {
  const lines = [`| ${table.header.map(mdEscape).join(' | ')} |`, `| ${table.header.map((_, i) => (table.numeric?.includes(i) ? '---:' : '---')).join(' | ')} |`];
  for (const row of table.rows) lines.push(`| ${row.map(mdCell).join(' | ')} |`);
  return lines.join('\n');
}

function section(table: ReportTable | undefined): string[] {
  if (table === undefined) return [];
  return ['', `## ${table.title}`, '', ...(table.note === undefined ? [] : [mdEscape(table.note), '']), mdTable(table)];
}

export function renderMarkdown(summary: Summary, description?: string): string {
  const out: string[] = [];
  out.push(`# fleetsim: ${mdEscape(summary.scenario)}`);
  if (description) out.push('', mdEscape(description));
  const v = verdict(summary);
  const expectations = v.expectations === undefined ? '' : ` · expectations: **${v.expectations}**`;
  const settled = summary.settled ? v.settled : `**${mdEscape(v.settled)}**`;
  out.push('', `seed ${summary.seed} · fleetsim ${mdEscape(summary.fleetsimVersion)} · ended at ${time(summary.endedAt)} · ${settled}${expectations}`);
  out.push(...section(keyFiguresTable(summary)));
  const timeWent = timeWentTables(summary);
  if (timeWent?.note !== undefined) out.push('', '## Where the time went', '', mdEscape(timeWent.note));
  for (const table of timeWent?.tables ?? []) out.push(...section(table));
  out.push(...section(rolloutNotesTable(summary)));
  const faults = faultsTable(summary);
  if (faults !== undefined && faults.rows.length === 0) out.push('', '## Faults', '', 'No faults were injected.');
  else out.push(...section(faults));
  out.push(...section(expectationsTable(summary)));
  out.push(...section(clustersTable(summary, MARKDOWN_CLUSTER_LIMIT)));
  out.push(...section(cloudTable(summary)));
  out.push(...section(controllersTable(summary)));
  return `${out.join('\n')}\n`;
}

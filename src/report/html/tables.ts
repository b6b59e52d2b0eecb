/** The report's tables (table-model.ts) as HTML; every cell is escaped. */

import { escapeHtml } from './escape.js';
import { cellText, type Cell, type ReportTable } from './table-model.js';

function cellHtml(cell: Cell, numeric: boolean): string {
  const classes = [numeric ? 'num' : '', typeof cell !== 'string' && cell.status !== undefined ? cell.status : ''].filter(Boolean);
  const text = escapeHtml(cellText(cell));
  const content = typeof cell !== 'string' && cell.strong === true ? `<strong>${text}</strong>` : text;
  return `<td${classes.length > 0 ? ` class="${classes.join(' ')}"` : ''}>${content}</td>`;
}

export function tableHtml(table: ReportTable, options: { heading?: 'h2' | 'h3' } = {}): string {
  const heading = options.heading ?? 'h3';
  const numeric = new Set(table.numeric ?? []);
  const head = table.header.map((h, i) => `<th${numeric.has(i) ? ' class="num"' : ''}>${escapeHtml(h)}</th>`).join('');
  const body = table.rows.map((row) => `<tr>${row.map((cell, i) => cellHtml(cell, numeric.has(i))).join('')}</tr>`).join('\n');
  return [
    `<${heading} id="table-${escapeHtml(table.id)}">${escapeHtml(table.title)}</${heading}>`,
    table.note === undefined ? '' : `<p class="note">${escapeHtml(table.note)}</p>`,
    `<div class="table-wrap"><table class="data" data-table="${escapeHtml(table.id)}"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`,
  ].filter(Boolean).join('\n');
}

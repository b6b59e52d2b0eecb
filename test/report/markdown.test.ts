import { describe, expect, it } from 'vitest';
import { MARKDOWN_CLUSTER_LIMIT, renderMarkdown } from '../../src/report/markdown.js';
import { renderHtmlReport } from '../../src/report/html/index.js';
import { HOSTILE, syntheticRun } from './synthetic-run.js';

interface MdTable {
  title: string;
  header: string[];
  align: string[];
  rows: string[][];
}

/** Splits a Markdown table row on its unescaped pipes and undoes mdEscape and bold. */
function mdCells(line: string): string[] {
  const cells: string[] = [];
  let current = '';
  for (let i = 1; i < line.length - 1; i++) {
    const c = line[i] as string;
    if (c === '\\') {
      current += line[i + 1];
      i++;
    } else if (c === '|') {
      cells.push(current.trim());
      current = '';
    } else current += c;
  }
  cells.push(current.trim());
  return cells.map((cell) => cell.replace(/^\*\*(.*)\*\*$/, '$1'));
}

function mdTables(md: string): MdTable[] {
  const tables: MdTable[] = [];
  const lines = md.split('\n');
  let title = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.startsWith('## ')) title = line.slice(3);
    if (!line.startsWith('|') || !(lines[i + 1] ?? '').startsWith('| ---')) continue;
    const header = mdCells(line);
    const align = mdCells(lines[i + 1] as string);
    const rows: string[][] = [];
    for (i += 2; i < lines.length && (lines[i] as string).startsWith('|'); i++) rows.push(mdCells(lines[i] as string));
    tables.push({ title, header, align, rows });
  }
  return tables;
}

function unescapeHtml(text: string): string {
  return text.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

function htmlTables(html: string): Map<string, { header: string[]; rows: string[][] }> {
  const tables = new Map<string, { header: string[]; rows: string[][] }>();
  for (const match of html.matchAll(/<table class="data" data-table="([^"]+)"><thead><tr>([\s\S]*?)<\/tr><\/thead><tbody>([\s\S]*?)<\/tbody><\/table>/g)) {
    const header = [...(match[2] as string).matchAll(/<th[^>]*>([\s\S]*?)<\/th>/g)].map((m) => unescapeHtml(m[1] as string));
    const rows = [...(match[3] as string).matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) => [...(row[1] as string).matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => unescapeHtml(m[1] as string)));
    tables.set(match[1] as string, { header, rows });
  }
  return tables;
}

describe('report.md', () => {
  it('has the key figures, expectations, clusters, cloud and controller tables, well formed', () => {
    const { summary, scenario } = syntheticRun({ clusters: 5, workers: 2 });
    const md = renderMarkdown(summary, scenario.description);
    const tables = mdTables(md);
    expect(tables.map((t) => t.title)).toEqual(['Key figures', 'Holds, halts, superseded and unfinished rollouts', 'Expectations', 'Clusters', 'Cloud APIs', 'Management cluster']);
    for (const table of tables) {
      expect(table.align).toHaveLength(table.header.length);
      for (const row of table.rows) expect(row, table.title).toHaveLength(table.header.length);
    }
    const clusters = tables.find((t) => t.title === 'Clusters') as MdTable;
    expect(clusters.rows.map((r) => r[0])).toEqual(['fleet/cl-1', 'fleet/cl-2', 'fleet/cl-3', 'fleet/cl-4', 'fleet/cl-5']);
    expect(clusters.rows[4]?.[4]).toBe('unfinished');
    expect(clusters.align.slice(6)).toEqual(['---:', '---:', '---:', '---:']);
    expect(md).toContain('| fleet.clustersUpgraded | ≥ 5 | 4 | **FAIL** |');
    expect(md).toContain('expectations: **FAILED**');
  });

  it('escapes scenario strings so they cannot break a table or become markup', () => {
    const { summary, scenario } = syntheticRun({ clusters: 3, workers: 2, hostile: HOSTILE });
    const md = renderMarkdown(summary, scenario.description);
    expect(md).not.toContain('<script>');
    for (const table of mdTables(md)) for (const row of table.rows) expect(row, table.title).toHaveLength(table.header.length);
    const clusters = mdTables(md).find((t) => t.title === 'Clusters') as MdTable;
    expect(clusters.rows[0]?.[0]).toBe(`fleet/${HOSTILE}cl-1`);
  });

  it('keeps a large fleet to its most interesting clusters, small enough for a pull-request comment', () => {
    const { summary } = syntheticRun({ clusters: 500, workers: 1, waveSize: 50 });
    const md = renderMarkdown(summary);
    const clusters = mdTables(md).find((t) => t.title === 'Clusters') as MdTable;
    expect(clusters.rows).toHaveLength(MARKDOWN_CLUSTER_LIMIT);
    expect(clusters.rows[0]?.[0]).toBe('fleet/cl-500');
    expect(md).toContain(`The ${MARKDOWN_CLUSTER_LIMIT} most interesting of 500 clusters`);
    expect(md.length).toBeLessThan(65_536);
  });

  it('carries the same tables as report.html', async () => {
    const input = syntheticRun({ clusters: 6, workers: 2 });
    const md = mdTables(renderMarkdown(input.summary, input.scenario.description));
    const html = htmlTables(await renderHtmlReport(input));
    const ids: Record<string, string> = { 'key-figures': 'Key figures', expectations: 'Expectations', 'cloud-apis': 'Cloud APIs', controllers: 'Management cluster', clusters: 'Clusters' };
    expect([...html.keys()].sort()).toEqual(Object.keys(ids).sort());
    for (const [id, title] of Object.entries(ids)) {
      const mdTable = md.find((t) => t.title === title);
      expect(mdTable?.header, id).toEqual(html.get(id)?.header);
      expect(mdTable?.rows, id).toEqual(html.get(id)?.rows);
    }
  });
});

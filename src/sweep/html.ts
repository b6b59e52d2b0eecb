/**
 * sweep.html and compare.html: one self-contained page each, in the run report's style and with
 * its helpers (report/charts/vega-render, report/html/escape and inline-svg): inline styles,
 * charts as inline SVG rendered by vega (Vega-Lite → Vega → SVG, no canvas: deps-perf.md §3),
 * each chart's spec with its data in a `<script type="application/json">` next to it, no script
 * to run, and a Content-Security-Policy that forbids every network load.
 */

import type { TopLevelSpec } from 'vega-lite';
import { renderSvg } from '../report/charts/vega-render.js';
import { escapeHtml, jsonForScript } from '../report/html/escape.js';
import { inlineSvg } from '../report/html/inline-svg.js';

export type PageItem =
  | { kind: 'note'; text: string }
  | { kind: 'table'; header: string[]; rows: string[][]; numeric?: boolean }
  | { kind: 'chart'; id: string; title: string; caption?: string; spec: TopLevelSpec };

export interface PageSection {
  id: string;
  title: string;
  items: PageItem[];
}

export interface Page {
  title: string;
  meta: string[];
  sections: PageSection[];
  footer: string;
}

const STYLE = `
:root { color-scheme: light; --fg: #1d2330; --muted: #5b6472; --line: #e3e6ea; --pass: #1a7f37; --fail: #c62828; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: #fafbfc; }
header, main, footer { max-width: 1120px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 24px; }
h1 { font-size: 24px; margin: 0 0 6px; }
h2 { font-size: 19px; margin: 36px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 15px; margin: 22px 0 6px; }
p { margin: 6px 0; }
.meta, .note, figcaption p { color: var(--muted); }
nav { margin: 14px 0 0; display: flex; flex-wrap: wrap; gap: 4px 16px; }
nav a { color: #0b5cad; text-decoration: none; }
.charts { display: flex; flex-wrap: wrap; gap: 0 16px; }
figure.chart { margin: 16px 0 26px; padding: 12px 14px; background: #fff; border: 1px solid var(--line); border-radius: 6px; }
figure.chart h3 { margin: 0 0 4px; }
figure.chart .svg { overflow-x: auto; margin-top: 8px; }
figure.chart svg { display: block; max-width: none; height: auto; }
.table-wrap { overflow-x: auto; }
table.data { border-collapse: collapse; margin: 6px 0 14px; background: #fff; font-size: 13px; }
table.data th, table.data td { border: 1px solid var(--line); padding: 3px 8px; text-align: left; white-space: nowrap; }
table.data th { background: #f1f3f5; font-weight: 600; }
table.data tbody tr:nth-child(even) { background: #fafbfc; }
table.data td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.better { color: var(--pass); font-weight: 600; }
td.worse { color: var(--fail); }
footer { margin: 40px auto 32px; color: var(--muted); font-size: 12px; }
code { font-size: 12px; }
`.trim();

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:";

/** Cells starting with `+`/`−`/a digit are right-aligned; `✓ `/`✗ ` prefixes colour the cell. */
function cell(text: string, numeric: boolean): string {
  const classes: string[] = [];
  let content = text;
  if (content.startsWith('✓ ')) classes.push('better');
  else if (content.startsWith('✗ ')) classes.push('worse');
  if (numeric && /^[+−\-\d—]/.test(content)) classes.push('num');
  content = escapeHtml(content).replace(/`([^`]+)`/g, '<code>$1</code>');
  return `<td${classes.length > 0 ? ` class="${classes.join(' ')}"` : ''}>${content}</td>`;
}

function tableHtml(header: string[], rows: string[][], numeric: boolean): string {
  return [
    '<div class="table-wrap"><table class="data">',
    `<thead><tr>${header.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead>`,
    `<tbody>${rows.map((r) => `<tr>${r.map((c, i) => cell(c, numeric && i > 0)).join('')}</tr>`).join('\n')}</tbody>`,
    '</table></div>',
  ].join('\n');
}

async function sectionHtml(section: PageSection, warnings: string[]): Promise<string> {
  const parts = [`<section id="${escapeHtml(section.id)}">`, `<h2>${escapeHtml(section.title)}</h2>`];
  let inCharts = false;
  for (const item of section.items) {
    if (item.kind === 'chart' && !inCharts) {
      parts.push('<div class="charts">');
      inCharts = true;
    } else if (item.kind !== 'chart' && inCharts) {
      parts.push('</div>');
      inCharts = false;
    }
    if (item.kind === 'note') parts.push(`<p class="note">${escapeHtml(item.text)}</p>`);
    else if (item.kind === 'table') parts.push(tableHtml(item.header, item.rows, item.numeric ?? true));
    else {
      const id = escapeHtml(item.id);
      const rendered = await renderSvg(item.spec);
      warnings.push(...rendered.warnings.map((w) => `${item.id}: ${w}`));
      const svg = inlineSvg(rendered.svg, item.id);
      parts.push([
        `<figure class="chart" id="chart-${id}" data-chart="${id}">`,
        `<figcaption><h3>${escapeHtml(item.title)}</h3>${item.caption === undefined ? '' : `<p>${escapeHtml(item.caption)}</p>`}</figcaption>`,
        `<div class="svg">${svg}</div>`,
        `<script type="application/json" class="vega-lite-spec" data-chart="${id}">${jsonForScript(item.spec)}</script>`,
        '</figure>',
      ].join('\n'));
    }
  }
  if (inCharts) parts.push('</div>');
  parts.push('</section>');
  return parts.join('\n');
}

export interface RenderedPage {
  html: string;
  /** vega-lite and vega warnings per chart (none expected; tests check). */
  warnings: string[];
}

export async function renderPage(page: Page, version: string): Promise<RenderedPage> {
  const sections: string[] = [];
  const warnings: string[] = [];
  // One after the other: vega renders are CPU-bound, and the order must not depend on timing.
  for (const section of page.sections) sections.push(await sectionHtml(section, warnings));
  const nav = page.sections.map((s) => `<a href="#${escapeHtml(s.id)}">${escapeHtml(s.title)}</a>`).join('\n');
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="fleetsim ${escapeHtml(version)}">
<title>${escapeHtml(page.title)}</title>
<style>
${STYLE}
</style>
</head>
<body>
<header>
<h1>${escapeHtml(page.title)}</h1>
${page.meta.map((m) => `<p class="meta">${escapeHtml(m)}</p>`).join('\n')}
<nav>
${nav}
</nav>
</header>
<main>
${sections.join('\n')}
</main>
<footer>
<p>${escapeHtml(page.footer)}</p>
</footer>
</body>
</html>
`;
  return { html, warnings };
}

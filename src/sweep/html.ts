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
import { BASE_STYLE, CSP } from '../report/html/style.js';
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

const STYLE = `${BASE_STYLE}
.charts { display: flex; flex-wrap: wrap; gap: 0 16px; }
table.data td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.better { color: var(--pass); font-weight: 600; }
td.worse { color: var(--fail); }`;


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

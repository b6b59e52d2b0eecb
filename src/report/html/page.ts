/**
 * The report.html page: one self-contained file. Styles are inline, charts are inline SVG, each
 * chart's Vega-Lite spec (with its data) sits next to it in a `<script type="application/json">`
 * element, and there is no script to run. A Content-Security-Policy forbids every network load,
 * so the page works offline and cannot fetch anything even if a string slipped through.
 */

import { formatDuration } from '../../engine/duration.js';
import type { Summary } from '../summary.js';
import { escapeHtml, jsonForScript } from './escape.js';
import type { Section } from './sections.js';
import { expectationsTable, keyFiguresTable, verdict } from './table-model.js';
import { tableHtml } from './tables.js';

export interface RenderedChart {
  svg: string;
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
.verdict { font-weight: 600; }
.verdict.pass { color: var(--pass); }
.verdict.fail { color: var(--fail); }
nav { margin: 14px 0 0; display: flex; flex-wrap: wrap; gap: 4px 16px; }
nav a { color: #0b5cad; text-decoration: none; }
.summary { display: flex; flex-wrap: wrap; gap: 8px 32px; align-items: flex-start; }
figure.chart { margin: 16px 0 26px; padding: 12px 14px; background: #fff; border: 1px solid var(--line); border-radius: 6px; }
figure.chart h3 { margin: 0 0 4px; }
figure.chart .svg { overflow-x: auto; margin-top: 8px; }
figure.chart svg { display: block; max-width: none; height: auto; }
figure.chart svg text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
.table-wrap { overflow-x: auto; }
table.data { border-collapse: collapse; margin: 6px 0 14px; background: #fff; font-size: 13px; }
table.data th, table.data td { border: 1px solid var(--line); padding: 3px 8px; text-align: left; white-space: nowrap; }
table.data th { background: #f1f3f5; font-weight: 600; }
table.data tbody tr:nth-child(even) { background: #fafbfc; }
table.data .num { text-align: right; font-variant-numeric: tabular-nums; }
td.pass { color: var(--pass); }
td.fail { color: var(--fail); }
footer { margin: 40px auto 32px; color: var(--muted); font-size: 12px; }
code { font-size: 12px; }
`.trim();

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:";

function header(summary: Summary, description: string | undefined): string {
  const v = verdict(summary);
  const meta = [`seed ${summary.seed}`, `fleetsim ${summary.fleetsimVersion}`, `ended at ${formatDuration(summary.endedAt)} of simulated time`, `${summary.events} simulation events`].map(escapeHtml).join(' · ');
  const status = [
    `<span class="verdict ${summary.settled ? 'pass' : 'fail'}">${escapeHtml(v.settled)}</span>`,
    v.expectations === undefined ? '' : `<span class="verdict ${v.expectations === 'all pass' ? 'pass' : 'fail'}">expectations: ${escapeHtml(v.expectations)}</span>`,
  ].filter(Boolean).join(' · ');
  return [
    `<h1>fleetsim: ${escapeHtml(summary.scenario)}</h1>`,
    description === undefined || description === '' ? '' : `<p>${escapeHtml(description)}</p>`,
    `<p class="meta">${meta}</p>`,
    `<p>${status}</p>`,
  ].filter(Boolean).join('\n');
}

function sectionHtml(section: Section, charts: ReadonlyMap<string, RenderedChart>): string {
  const parts = [`<section id="${escapeHtml(section.id)}">`, `<h2>${escapeHtml(section.title)}</h2>`];
  for (const item of section.items) {
    if (item.kind === 'note') parts.push(`<p class="note">${escapeHtml(item.text)}</p>`);
    else if (item.kind === 'table') parts.push(tableHtml(item.table));
    else {
      const rendered = charts.get(item.id);
      const id = escapeHtml(item.id);
      parts.push([
        `<figure class="chart" id="chart-${id}" data-chart="${id}">`,
        `<figcaption><h3>${escapeHtml(item.title)}</h3>${item.caption.map((c) => `<p>${escapeHtml(c)}</p>`).join('')}</figcaption>`,
        `<div class="svg">${rendered?.svg ?? ''}</div>`,
        `<script type="application/json" class="vega-lite-spec" data-chart="${id}">${jsonForScript(item.spec)}</script>`,
        '</figure>',
      ].join('\n'));
    }
  }
  parts.push('</section>');
  return parts.join('\n');
}

export function renderPage(summary: Summary, description: string | undefined, sections: readonly Section[], charts: ReadonlyMap<string, RenderedChart>): string {
  const expectations = expectationsTable(summary);
  const nav = [['summary', 'Summary'], ...sections.map((s) => [s.id, s.title])].map(([id, title]) => `<a href="#${escapeHtml(id as string)}">${escapeHtml(title as string)}</a>`).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="fleetsim ${escapeHtml(summary.fleetsimVersion)}">
<title>fleetsim: ${escapeHtml(summary.scenario)}</title>
<style>
${STYLE}
</style>
</head>
<body>
<header>
${header(summary, description)}
<nav>
${nav}
</nav>
</header>
<main>
<section id="summary">
<h2>Summary</h2>
<div class="summary">
<div>${tableHtml(keyFiguresTable(summary))}</div>
${expectations === undefined ? '' : `<div>${tableHtml(expectations)}</div>`}
</div>
</section>
${sections.map((s) => sectionHtml(s, charts)).join('\n')}
</main>
<footer>
<p>Written by fleetsim ${escapeHtml(summary.fleetsimVersion)} from the scenario and seed alone: the same inputs write the same file. Each chart's Vega-Lite spec, with its data, is in the <code>&lt;script type="application/json" class="vega-lite-spec"&gt;</code> element next to it.</p>
</footer>
</body>
</html>
`;
}

/**
 * The report.html page: one self-contained file. Styles are inline, charts are inline SVG, each
 * chart's Vega-Lite spec (with its data) sits next to it in a `<script type="application/json">`
 * element, and there is no script to run. A Content-Security-Policy forbids every network load,
 * so the page works offline and cannot fetch anything even if a string slipped through.
 */

import { formatElapsed } from '../../engine/duration.js';
import type { Summary } from '../summary.js';
import { escapeHtml, jsonForScript } from './escape.js';
import { BASE_STYLE, CSP } from './style.js';
import type { Section } from './sections.js';
import { expectationsTable, keyFiguresTable, verdict } from './table-model.js';
import { tableHtml } from './tables.js';

export interface RenderedChart {
  svg: string;
}

const STYLE = `${BASE_STYLE}
.verdict { font-weight: 600; }
.verdict.pass { color: var(--pass); }
.verdict.fail { color: var(--fail); }
.summary { display: flex; flex-wrap: wrap; gap: 8px 32px; align-items: flex-start; }
figure.chart svg text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
table.data .num { text-align: right; font-variant-numeric: tabular-nums; }
td.pass { color: var(--pass); }
td.fail { color: var(--fail); }`;


function header(summary: Summary, description: string | undefined): string {
  const v = verdict(summary);
  const meta = [`seed ${summary.seed}`, `fleetsim ${summary.fleetsimVersion}`, `ended at ${formatElapsed(summary.endedAt)} of simulated time`, `${summary.events} simulation events`].map(escapeHtml).join(' · ');
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

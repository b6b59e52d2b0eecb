import { describe, expect, it } from 'vitest';
import { renderHtmlReport, writeHtmlReport } from '../../src/report/html/index.js';
import { loadScenarioFile } from '../../src/scenario/index.js';
import { simulate } from '../../src/simulate.js';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { HOSTILE, syntheticRun } from './synthetic-run.js';
import { chartsOf, markCount, markupOnly } from './page-helpers.js';
import { tempDir } from '../helpers/temp.js';

/** The elements report.html is made of: HTML structure and vega's SVG. */
const PAGE_TAGS = new Set([
  'html', 'head', 'meta', 'title', 'style', 'body', 'header', 'nav', 'a', 'main', 'section', 'h1', 'h2', 'h3', 'p', 'div', 'span', 'strong', 'code',
  'table', 'thead', 'tbody', 'tr', 'th', 'td', 'figure', 'figcaption', 'footer', 'svg', 'g', 'path', 'rect', 'line', 'text', 'circle',
]);

async function render(input: Parameters<typeof renderHtmlReport>[0], clusterCharts?: number): Promise<{ html: string; warnings: string[] }> {
  const warnings: string[] = [];
  const html = await renderHtmlReport(input, { ...(clusterCharts === undefined ? {} : { clusterCharts }), onWarning: (id, message) => warnings.push(`${id}: ${message}`) });
  return { html, warnings };
}

describe('report.html from a synthetic run with every event type', () => {
  it('draws every chart as an SVG with marks, with its spec next to it, and vega warns about nothing', async () => {
    const { html, warnings } = await render(syntheticRun({ clusters: 10, workers: 6 }));
    expect(warnings).toEqual([]);
    const charts = chartsOf(html);
    const ids = charts.map((c) => c.id);
    expect(ids).toEqual(['fleet-gantt', 'fleet-availability', ...Array.from({ length: 10 }, (_, i) => `cluster-${i + 1}`), 'cloud-calls', 'controllers']);
    for (const chart of charts) {
      expect(chart.svg, chart.id).toMatch(/^<svg [^>]*class="marks"/);
      expect(markCount(chart.svg), chart.id).toBeGreaterThan(0);
      expect(chart.spec, chart.id).toMatchObject({ $schema: expect.stringContaining('vega-lite') });
    }
  });

  it('draws one bar per rollout in the Gantt chart, grouped by wave, and the faults', async () => {
    const input = syntheticRun({ clusters: 10, workers: 3 });
    const gantt = chartsOf((await render(input)).html).find((c) => c.id === 'fleet-gantt');
    expect(gantt).toBeDefined();
    // 10 rollouts; the partition over cl-1's row; the aws zone outage over the 4 aws clusters' rows; 2 bars in the fault lane.
    expect((gantt?.svg.match(/aria-roledescription="bar"/g) ?? []).length).toBe(10 + 1 + 4 + 2);
    expect(gantt?.svg).toContain('<title>cl-4: zoneOutage us-east-1a from 20m00s to 35m00s</title>');
    for (const wave of ['wave 1', 'wave 2', 'wave 3']) expect(gantt?.svg).toContain(`>${wave}</text>`);
    expect(gantt?.svg).toContain('zoneOutage us-east-1a');
  });

  it('stacks the call outcomes of a minute on each other instead of drawing them over each other', async () => {
    const cloud = chartsOf((await render(syntheticRun({ clusters: 6, workers: 3 }))).html).find((c) => c.id === 'cloud-calls');
    const cells = [...(cloud?.svg ?? '').matchAll(/<g class="mark-rect role-mark[^"]*"[^>]*>([\s\S]*?)<\/g>/g)];
    expect(cells.length).toBe(3);
    let stacked = 0;
    for (const [, cell] of cells) {
      const byColumn = new Map<string, Array<{ top: number; bottom: number }>>();
      for (const [, x, y, h] of (cell as string).matchAll(/d="M([\d.]+),([\d.]+)h[\d.]+v([\d.]+)h/g)) {
        const column = byColumn.get(x as string) ?? [];
        column.push({ top: Number(y), bottom: Number(y) + Number(h) });
        byColumn.set(x as string, column);
      }
      for (const column of byColumn.values()) {
        column.sort((a, b) => a.top - b.top);
        for (let i = 1; i < column.length; i++) expect((column[i - 1] as { bottom: number }).bottom).toBeLessThanOrEqual((column[i] as { top: number }).top + 0.01);
        if (column.length > 1) stacked++;
      }
    }
    expect(stacked).toBeGreaterThan(0);
  });

  it('lists short-circuits with the counts the MachineHealthCheck saw', async () => {
    const { html } = await render(syntheticRun({ clusters: 3, workers: 3 }));
    // cl-2's workers are replaced from 11m to 17m; the spell starts 90 s later and lasts a minute.
    expect(html).toContain('Short-circuit — cl-2-mhc: 3 of 6 unhealthy, limit 2 — from 18m30s to 19m30s.');
    expect(html).toContain('>3/6 unhealthy, limit 2</text>');
  });

  it('draws only the most interesting clusters of a large fleet and says so', async () => {
    const { html } = await render(syntheticRun({ clusters: 30, workers: 2 }), 5);
    const clusterCharts = chartsOf(html).filter((c) => c.id.startsWith('cluster-'));
    expect(clusterCharts).toHaveLength(5);
    expect(html).toContain('The 5 most interesting of 30 clusters');
    // The unfinished rollout (the last cluster) comes first, then clusters with short-circuits.
    expect(html).toMatch(/id="chart-cluster-1"[\s\S]*?<h3>cl-30 · gcp\/us-central1<\/h3>/);
  });

  it('is the same, byte for byte, for the same input', async () => {
    const first = (await render(syntheticRun({ clusters: 6, workers: 4 }))).html;
    const again = (await render(syntheticRun({ clusters: 6, workers: 4 }))).html;
    expect(again === first).toBe(true);
  });

  it('gives every element id once, across all inline SVGs', async () => {
    const { html } = await render(syntheticRun({ clusters: 6, workers: 4 }));
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('report.html escapes every string from the scenario', () => {
  it('shows hostile names as text and never as markup', async () => {
    const { html, warnings } = await render(syntheticRun({ clusters: 4, workers: 2, hostile: HOSTILE }));
    expect(warnings).toEqual([]);
    const markup = markupOnly(html);
    const tags = new Set([...markup.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9-]*)/g)].map((m) => (m[1] as string).toLowerCase()));
    expect([...tags].filter((tag) => !PAGE_TAGS.has(tag))).toEqual([]);
    // No event-handler attribute on any element (attribute values, which hold the escaped text, aside).
    for (const [tag] of markup.matchAll(/<[a-zA-Z][^>]*>/g)) expect(tag.replace(/"[^"]*"/g, '""')).not.toMatch(/\son[a-z]+\s*=/i);
    // The hostile text is there, escaped, in the title, the tables and the chart labels.
    expect(html).toContain('<title>fleetsim: &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(1)&gt;&amp;amp;&#39;|*_synthetic</title>');
    expect(markup).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(1)&gt;&amp;amp;&#39;|*_cl-1');
    for (const chart of chartsOf(html)) {
      expect(chart.svg, chart.id).not.toMatch(/<script|<img/i);
    }
  });

  it('keeps the embedded specs parseable and unable to close their element', async () => {
    const { html } = await render(syntheticRun({ clusters: 3, workers: 2, hostile: HOSTILE }));
    const blocks = [...html.matchAll(/<script type="application\/json" class="vega-lite-spec" data-chart="[^"]+">([\s\S]*?)<\/script>/g)];
    expect(blocks.length).toBe(chartsOf(html).length);
    for (const [, json] of blocks) expect(json).not.toMatch(/<|>/);
    const specs = blocks.map(([, json]) => JSON.stringify(JSON.parse(json as string)));
    expect(specs.filter((spec) => spec.includes(HOSTILE.replace(/"/g, '\\"'))).length).toBeGreaterThan(0);
  });
});

describe('report.html loads nothing from the network', () => {
  it('has no external resource, and a Content-Security-Policy that forbids any', async () => {
    const { html } = await render(syntheticRun({ clusters: 4, workers: 2 }));
    const markup = markupOnly(html);
    expect(markup).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none';`);
    expect(markup).not.toMatch(/\ssrc\s*=/i);
    expect(markup).not.toMatch(/<link\b/i);
    expect(markup).not.toMatch(/@import|url\(\s*['"]?(https?:)?\/\//i);
    expect(markup).not.toMatch(/<(iframe|object|embed|image|use)\b/i);
    for (const [, href] of markup.matchAll(/\shref="([^"]*)"/g)) expect(href).toMatch(/^#/);
    // Outside the SVG namespace declarations, no URL appears in the markup at all.
    expect(markup.replace(/xmlns(:xlink)?="http:\/\/www\.w3\.org\/[^"]*"/g, '')).not.toMatch(/https?:\/\//);
  });
});

describe('report.html of a large fleet', () => {
  // Its render time is measured by `npm run bench` (report: 500 clusters), not asserted here.
  it('stays under 5 MB for 500 clusters', async () => {
    const input = syntheticRun({ clusters: 500, workers: 20, waveSize: 50 });
    const { html, warnings } = await render(input);
    const bytes = Buffer.byteLength(html);
    expect(warnings).toEqual([]);
    expect(bytes).toBeLessThan(5_000_000);
    expect(chartsOf(html).filter((c) => c.id.startsWith('cluster-'))).toHaveLength(12);
    expect(html.match(/<tr>/g)?.length).toBeGreaterThanOrEqual(500);
  });
});

describe('report.html of a real run (scenarios/fleet-upgrade.yaml)', () => {
  it('draws every cluster in the wave it upgraded in, and the same run writes the same file', async () => {
    const loaded = loadScenarioFile('scenarios/fleet-upgrade.yaml', { env: {} });
    if (!loaded.ok) throw new Error('fleet-upgrade.yaml does not load');
    const dir = tempDir('fleetsim-html-');
    try {
      const result = simulate(loaded.scenario);
      const first = await writeHtmlReport(result, join(dir, 'a'));
      const second = await writeHtmlReport(simulate(loaded.scenario), join(dir, 'b'));
      const html = readFileSync(first, 'utf8');
      expect(readFileSync(second, 'utf8') === html).toBe(true);
      const gantt = chartsOf(html).find((c) => c.id === 'fleet-gantt');
      const rollouts = result.summary.clusters.reduce((n, c) => n + c.rollouts.length, 0);
      expect(rollouts).toBe(loaded.scenario.clusters.length);
      expect((gantt?.svg.match(/aria-roledescription="bar"/g) ?? []).length).toBe(rollouts);
      const waves = result.events.filter((e) => e.type === 'wave.started');
      expect(waves.length).toBeGreaterThan(1);
      for (let i = 1; i <= waves.length; i++) expect(gantt?.svg).toContain(`>wave ${i}</text>`);
      for (const chart of chartsOf(html)) expect(markCount(chart.svg), chart.id).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

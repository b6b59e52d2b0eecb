/**
 * The faults section lists every fault of each example scenario (scenarios/*.yaml) with its kind,
 * start, end and the right blast radius, worked out from the scenario itself: the clusters it
 * selects (all of them without a selector, `all` for the management cluster), the Nodes it names or
 * counts, and for a zone outage the clusters with Nodes in that zone, every one of which it stops.
 */

import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../src/scenario/index.js';
import { simulate } from '../../src/simulate.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { terminalSummary } from '../../src/cli/terminal-summary.js';
import { clusterKeyOf } from '../../src/kube/keys.js';
import { renderHtmlReport } from '../../src/report/html/index.js';

const FILES = readdirSync('scenarios').filter((f) => f.endsWith('.yaml')).sort();

describe('the faults section of every example scenario', () => {
  for (const file of FILES) {
    it(file, () => {
      const loaded = loadScenarioFile(`scenarios/${file}`);
      if (!loaded.ok) throw new Error(`${file} does not load`);
      const scenario = loaded.scenario;
      const { summary } = simulate(scenario);
      const faults = summary.faults ?? [];
      expect(faults.map((f) => f.index).sort()).toEqual(scenario.faults.map((f) => f.index).sort());
      const keys = new Map(scenario.clusters.map((c) => [c.name, clusterKeyOf(c.namespace, c.name)]));
      for (const spec of scenario.faults) {
        const f = faults.find((x) => x.index === spec.index);
        expect(f?.kind).toBe(spec.kind);
        expect(f?.startedAt).toBe(spec.at);
        expect(f?.endedAt).toBe(spec.for === undefined ? null : spec.at + spec.for);
        const raw = spec as unknown as { targets?: string[]; count?: number; zone?: string };
        if (spec.kind === 'managementOutage') expect(f?.clusters).toEqual(['*']);
        else if (spec.kind === 'zoneOutage') {
          const inZone = scenario.clusters.filter((c) => c.region !== undefined && JSON.stringify(c).includes(`"${raw.zone}"`)).map((c) => keys.get(c.name));
          expect(f?.clusters).toEqual(inZone.sort());
          expect(f?.nodes).toBeGreaterThan(0);
          expect(f?.nodesLost).toBe(f?.nodes);
        } else if (raw.targets !== undefined) {
          const targets = raw.targets.map((name) => keys.get(name));
          expect(f?.clusters.length).toBeGreaterThan(0);
          for (const c of f?.clusters ?? []) expect(targets).toContain(c);
          if (spec.kind === 'badImage') expect(f?.clusters).toEqual([...targets].sort());
        }
        if (spec.kind === 'nodeFailures' && raw.count !== undefined) {
          expect(f?.nodes).toBe(raw.count);
          expect(f?.machinesHit).toBe(raw.count);
        }
      }
      const md = renderMarkdown(summary);
      expect(md).toContain('## Faults');
      if (faults.length === 0) expect(md).toContain('No faults were injected.');
      for (const f of faults) expect(md).toMatch(new RegExp(`\\| ${f.kind} \\| `));
      const terminal = terminalSummary(summary);
      if (faults.length > 0) expect(terminal).toContain(`faults: ${faults.length}`);
      else expect(terminal).not.toContain('faults:');
    }, 120_000);
  }
});

describe('report.html without a rollout', () => {
  it('draws the faults of management-outage-12h on a timeline of their own and lists them in its Faults table', async () => {
    const loaded = loadScenarioFile('scenarios/management-outage-12h.yaml');
    if (!loaded.ok) throw new Error('management-outage-12h does not load');
    const result = simulate(loaded.scenario);
    const html = await renderHtmlReport(result);
    expect(html).not.toContain('data-chart="fleet-gantt"');
    const spec = /<script type="application\/json" class="vega-lite-spec" data-chart="fleet-faults">([\s\S]*?)<\/script>/.exec(html)?.[1];
    const lane = JSON.parse((spec ?? '{}').replace(/\\u003c/g, '<')) as { vconcat?: Array<{ data: { values: unknown[] } }> };
    expect(lane.vconcat?.[0]?.data.values).toHaveLength(3);
    expect(/<figure class="chart" id="chart-fleet-faults"[\s\S]*?<svg/.test(html)).toBe(true);
    const table = /<table class="data" data-table="faults">[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '';
    expect([...table.matchAll(/<tr>/g)]).toHaveLength(3);
    expect(table).toContain('managementOutage');
    expect(table).toContain('lasts');
  }, 120_000);
});

/**
 * "Where the time went" in the reports: the terminal block under the cluster table, and the same
 * critical path and parts in report.md and report.html, read from the summary of real runs.
 */

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/simulate.js';
import { terminalSummary } from '../../src/cli/terminal-summary.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { timeWentTables, wrapText } from '../../src/report/time-went.js';
import { formatElapsed } from '../../src/engine/duration.js';
import { loadScenarioText } from '../../src/scenario/index.js';
import { scenarioFromYaml } from '../helpers/scenario.js';
import { SOAK_SCENARIO as SOAK } from '../helpers/soak-scenario.js';


describe('where the time went, in the reports', () => {
  const { summary } = simulate(scenarioFromYaml(SOAK));
  const path = summary.fleet.criticalPath;

  it('the terminal prints the sentence, the path through the waves and the parts, within 100 columns', () => {
    const text = terminalSummary(summary);
    const lines = text.split('\n');
    for (const line of lines) expect([...line].length, line).toBeLessThanOrEqual(100);
    const start = lines.findIndex((l) => l.startsWith('where the time went: the makespan is mostly wave soak (pauseBetween): 2 × 2h00m00s of'));
    expect(start).toBeGreaterThan(lines.findIndex((l) => l.startsWith('fleet: ')));
    const block = lines.slice(start).join('\n');
    expect(block).toMatch(/critical path: wave 0 c-\d .* → soak 2h00m00s → wave 1 c-\d .* → soak 2h00m00s → wave 2 c-\d/);
    const soak = lines.find((l) => l.startsWith('  wave soak (pauseBetween)'));
    expect(soak).toMatch(/4h00m00s\s+\d+%$/);
  });

  it('report.md has the parts (adding up to the makespan) and the path, whose last step ends at the makespan', () => {
    const md = renderMarkdown(summary);
    expect(md).toContain('## Where the time went (makespan ');
    expect(md).toContain('## Critical path');
    const tables = timeWentTables(summary);
    const [parts, steps] = tables?.tables ?? [];
    expect(parts?.rows[0]?.slice(0, 2)).toEqual(['wave soak (pauseBetween)', '4h00m00s']);
    expect(path?.parts.reduce((sum, p) => sum + p.ms, 0)).toBe(summary.fleet.upgradeMakespan);
    expect(steps?.rows.at(-1)?.[2]).toBe(formatElapsed(summary.fleet.upgradeCompletedAt as number));
    expect(steps?.rows.map((r) => r[0])).toEqual([expect.stringMatching(/^wave 0 /), 'after wave 0', expect.stringMatching(/^wave 1 /), 'after wave 1', expect.stringMatching(/^wave 2 /)]);
    for (const row of parts?.rows ?? []) expect(md).toContain(`| ${row.join(' | ')} |`);
  });

  it('a run without a rollout says so instead of printing empty tables', () => {
    const loaded = loadScenarioText(readFileSync('scenarios/management-outage-12h.yaml', 'utf8'), 'management-outage-12h.yaml');
    if (!loaded.ok) throw new Error('management-outage-12h does not load');
    const quiet = simulate(loaded.scenario).summary;
    expect(quiet.fleet.criticalPath).toBeNull();
    expect(timeWentTables(quiet)).toEqual({ note: 'No rollout ran, so nothing sets a makespan.', tables: [] });
    expect(renderMarkdown(quiet)).not.toContain('| part | time |');
    expect(terminalSummary(quiet)).not.toContain('where the time went');
  });

  it('wraps text at spaces, keeping the first line\'s indent', () => {
    expect(wrapText('  a bb ccc dddd', 8, '    ')).toEqual(['  a bb', '    ccc', '    dddd']);
  });
});

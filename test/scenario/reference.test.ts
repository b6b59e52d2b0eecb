/** docs/scenario-format.md ships with the package: its generated sections are current and its examples are valid scenarios. */

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { formatIssue, loadScenarioText } from '../../src/scenario/index.js';
import { regenerateSections, scenarioFieldRows } from '../../src/scenario/reference.js';
import { KNOWN_METRICS } from '../../src/scenario/metrics.js';

const DOC = 'docs/scenario-format.md';
const text = readFileSync(DOC, 'utf8');

describe(DOC, () => {
  it('has the field reference and the metrics the schema has today (else: npm run docs)', () => {
    expect(regenerateSections(text), `${DOC} is out of date: run npm run docs`).toBe(text);
    for (const field of ['clusters[].workers[].strategy.maxSurge', 'operations[].upgrade.waves.maintenanceWindow.days', 'faults[].zoneOutage.zone', 'clouds.<cloud>.api.<name>.bucket']) {
      expect(scenarioFieldRows().map((r) => r.path)).toContain(field);
      expect(text).toContain(`| \`${field}\` |`);
    }
    for (const metric of Object.keys(KNOWN_METRICS)) expect(text).toContain(`| \`${metric}\` |`);
  });

  it('shows examples that are valid scenarios (placed in scenarios/, where their manifests: paths point)', () => {
    const blocks = [...text.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)].map((m) => m[1] as string);
    expect(blocks.length).toBeGreaterThan(0);
    for (const block of blocks) {
      const loaded = loadScenarioText(block, 'scenarios/example.yaml', { env: {} });
      expect(loaded.ok, loaded.ok ? '' : loaded.errors.map(formatIssue).join('\n')).toBe(true);
    }
  });
});

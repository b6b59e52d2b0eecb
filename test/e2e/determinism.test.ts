import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadScenarioFile } from '../../src/scenario/index.js';
import { simulate, writeReports } from '../../src/simulate.js';
import type { Scenario } from '../../src/scenario/model.js';
import { tempDir } from '../helpers/temp.js';

function load(): Scenario {
  const result = loadScenarioFile('scenarios/fleet-upgrade.yaml');
  if (!result.ok) throw new Error('default scenario does not load');
  return result.scenario;
}

async function runTo(scenario: Scenario, seed: number): Promise<{ timeline: string; summary: string; html: string }> {
  const dir = tempDir('fleetsim-det-');
  await writeReports(simulate(scenario, { seed }), dir, ['json', 'html']);
  const read = (name: string): string => readFileSync(join(dir, name), 'utf8');
  return { timeline: read('timeline.jsonl'), summary: read('summary.json'), html: read('report.html') };
}

describe('determinism', () => {
  const scenario = load();

  it('gives byte-identical timeline.jsonl, summary.json and report.html for the same scenario and seed', async () => {
    const first = await runTo(scenario, 42);
    const second = await runTo(scenario, 42);
    expect(first.timeline.length).toBeGreaterThan(10_000);
    expect(second.timeline).toBe(first.timeline);
    expect(second.summary).toBe(first.summary);
    expect(second.html).toBe(first.html);
  });

  it('gives a different timeline for another seed', async () => {
    expect((await runTo(scenario, 43)).timeline).not.toBe((await runTo(scenario, 42)).timeline);
  });
});

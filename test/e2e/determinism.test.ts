import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenarioFile } from '../../src/scenario/index.js';
import { simulate, writeReports } from '../../src/simulate.js';
import type { Scenario } from '../../src/scenario/model.js';

function load(): Scenario {
  const result = loadScenarioFile('scenarios/fleet-upgrade.yaml');
  if (!result.ok) throw new Error('default scenario does not load');
  return result.scenario;
}

function runTo(scenario: Scenario, seed: number): { timeline: string; summary: string } {
  const dir = mkdtempSync(join(tmpdir(), 'fleetsim-det-'));
  writeReports(simulate(scenario, { seed }), dir, ['json']);
  return { timeline: readFileSync(join(dir, 'timeline.jsonl'), 'utf8'), summary: readFileSync(join(dir, 'summary.json'), 'utf8') };
}

describe('determinism', () => {
  const scenario = load();

  it('gives byte-identical timeline.jsonl and summary.json for the same scenario and seed', () => {
    const first = runTo(scenario, 42);
    const second = runTo(scenario, 42);
    expect(first.timeline.length).toBeGreaterThan(10_000);
    expect(second.timeline).toBe(first.timeline);
    expect(second.summary).toBe(first.summary);
  });

  it('gives a different timeline for another seed', () => {
    expect(runTo(scenario, 43).timeline).not.toBe(runTo(scenario, 42).timeline);
  });
});

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { loadScenarioText, type LoadResult, type Scenario, type ScenarioIssue } from '../../src/scenario/index.js';

export const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
export const readFixture = (name: string): string => readFileSync(fixture(name), 'utf8');

/** A valid scenario header with the given clusters and extra YAML appended. */
export function scenarioYaml(body: string): string {
  return `apiVersion: fleetsim/v1alpha1\nkind: Scenario\nname: test\n${body}`;
}

export function load(text: string, file = 'test.yaml'): LoadResult {
  return loadScenarioText(text, file);
}

export function loadOk(text: string): { scenario: Scenario; warnings: ScenarioIssue[] } {
  const result = load(text);
  if (!result.ok) throw new Error(`expected the scenario to load, got:\n${result.errors.map((e) => `${e.line}:${e.column} ${e.path}: ${e.message}`).join('\n')}`);
  return result;
}

export function errorsOf(text: string): ScenarioIssue[] {
  const result = load(text);
  expect(result.ok, 'expected the scenario to be refused').toBe(false);
  return result.ok ? [] : result.errors;
}

/** The single error at `path` (fails when there is none or several). */
export function errorAt(errors: ScenarioIssue[], path: string): ScenarioIssue {
  const matching = errors.filter((e) => e.path === path);
  expect(matching.map((e) => e.path), `errors: ${JSON.stringify(errors.map((e) => `${e.path}: ${e.message}`), null, 1)}`).toEqual([path]);
  return matching[0]!;
}

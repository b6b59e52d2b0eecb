import { loadScenarioText, formatIssue } from '../../src/scenario/index.js';
import type { Scenario } from '../../src/scenario/model.js';

/** Loads a scenario written in a test; fails the test with every error if it is invalid. */
export function scenarioFromYaml(text: string, file = 'test.yaml'): Scenario {
  const result = loadScenarioText(text, file);
  if (!result.ok) throw new Error(`invalid test scenario:\n${result.errors.map(formatIssue).join('\n')}`);
  return result.scenario;
}

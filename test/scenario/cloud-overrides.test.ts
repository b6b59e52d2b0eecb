import { describe, expect, it } from 'vitest';
import { loadScenarioText, formatIssue } from '../../src/scenario/index.js';

const scenario = (clouds: string): string => `apiVersion: fleetsim/v1alpha1
kind: Scenario
name: clouds
clouds:
${clouds}
clusters:
  - { name: c1, provider: aws, version: v1.34.3 }
`;

describe('clouds: overrides are checked by the cloud models', () => {
  it('accepts known limits, per-minute refills and GCP window sizes', () => {
    const result = loadScenarioText(scenario(`  aws:
    api:
      RunInstances: { bucket: 20, refillPerSecond: 1 }
    controllerConcurrency: 20
  azure:
    api:
      arm.writes: { bucket: 200, refillPerMinute: 600 }
  gcp:
    api:
      regionalWrites: { bucket: 3000 }`), 'ok.yaml');
    expect(result.ok ? [] : result.errors.map(formatIssue)).toEqual([]);
    if (result.ok) expect(result.scenario.clouds.aws?.api?.RunInstances).toEqual({ bucket: 20, refillPerSecond: 1 });
  });

  it('points at unknown actions with line, column and a suggestion, keys with dots included', () => {
    const result = loadScenarioText(scenario(`  aws:
    api:
      RunInstancez: { bucket: 20, refillPerSecond: 1 }
  gcp:
    api:
      instances.insert: { bucket: 100 }`), 'bad.yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const lines = result.errors.map(formatIssue);
    expect(lines[0]).toMatch(/^bad\.yaml:7:\d+: clouds\.aws\.api\.RunInstancez: unknown aws API limit "RunInstancez" \(did you mean "RunInstances"\?\)/);
    expect(lines[1]).toMatch(/^bad\.yaml:10:\d+: clouds\.gcp\.api\["instances\.insert"\]: unknown gcp API limit/);
  });

  it('refuses both refill forms at once', () => {
    const result = loadScenarioText(scenario(`  aws:
    api:
      mutating: { bucket: 5, refillPerSecond: 1, refillPerMinute: 60 }`), 'both.yaml');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map(formatIssue).join('\n')).toMatch(/at most one of refillPerSecond and refillPerMinute/);
  });
});

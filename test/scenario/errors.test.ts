import { describe, expect, it } from 'vitest';
import { formatIssue, loadScenarioFile } from '../../src/scenario/index.js';
import { errorAt, errorsOf, fixture, load, scenarioYaml } from './helpers.js';

describe('error reporting', () => {
  it('reports every error of a file with its line, column and path', () => {
    const result = loadScenarioFile(fixture('many-errors.yaml'));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    // Positions are those of the offending nodes in fixtures/many-errors.yaml (keys for unknown fields).
    expect(result.errors.map((e) => [e.line, e.column, e.path])).toEqual([
      [4, 1, 'seeed'],
      [8, 14, 'clusters[0].version'],
      [10, 17, 'clusters[0].controlPlane.replicas'],
      [14, 9, 'clusters[0].workers[0].replcas'],
      [17, 27, 'clusters[0].workers[0].strategy.maxUnavailable'],
      [23, 50, 'clusters[1].workers[0].strategy.maxUnavailable'],
      [26, 5, 'operations[0].upgrde'],
      [29, 13, 'expect[0].metric'],
    ]);
    const messages = result.errors.map((e) => e.message);
    expect(messages[0]).toBe('unknown field "seeed" (did you mean "seed"?)');
    expect(messages[1]).toContain('add the "v" prefix');
    expect(messages[2]).toContain('expected an odd number of control plane replicas');
    expect(messages[3]).toBe('unknown field "replcas" (did you mean "replicas"?)');
    expect(messages[4]).toContain('found the string "5"');
    expect(messages[5]).toContain('cannot both be 0');
    expect(messages[6]).toBe('unknown field "upgrde" (did you mean "upgrade"?)');
    expect(messages[7]).toContain('did you mean "fleet.upgradeMakespan"?');
    expect(formatIssue(result.errors[0]!)).toBe(`${fixture('many-errors.yaml')}:4:1: seeed: unknown field "seeed" (did you mean "seed"?)`);
  });

  it('lists the allowed fields when no name is close', () => {
    const errors = errorsOf(scenarioYaml('clusters:\n  - { name: a, provider: docker, version: v1.34.3, topology: { zzz: 1 } }\n'));
    expect(errorAt(errors, 'clusters[0].topology.zzz').message).toBe('unknown field "zzz" (expected one of: upgradeConcurrency)');
  });

  it('suggests enum values and discriminators', () => {
    const errors = errorsOf(scenarioYaml(`clusters:
  - name: a
    provider: asw
    version: v1.34.3
    workers: [{ name: w, kind: MachineDeploymnet }]
`));
    expect(errorAt(errors, 'clusters[0].provider')).toMatchObject({ line: 6, column: 15, message: 'expected one of docker, aws, azure, gcp, found "asw" (did you mean "aws"?)' });
    expect(errorAt(errors, 'clusters[0].workers[0].kind').message).toContain('did you mean "MachineDeployment"?');
  });

  it('says which required field is missing and points at the object', () => {
    const errors = errorsOf(scenarioYaml('clusters:\n  - name: a\n    provider: aws\n'));
    expect(errorAt(errors, 'clusters[0].version')).toMatchObject({ line: 5, column: 5, message: 'required field is missing (expected a string)' });
  });

  it('reports an unknown key inside a distribution with the right option\'s fields', () => {
    const errors = errorsOf(scenarioYaml(`clouds:
  aws:
    instanceBoot: { distribution: lognormal, median: 55s, p59: 2m }
clusters:
  - { name: a, provider: aws, version: v1.34.3 }
`));
    const error = errorAt(errors, 'clouds.aws.instanceBoot.p59');
    expect(error.message).toBe('unknown field "p59" (did you mean "p95"?)');
    expect([error.line, error.column]).toEqual([6, 59]);
  });

  it('rejects wrong distribution names and invalid parameters', () => {
    const errors = errorsOf(scenarioYaml(`clouds:
  gcp:
    instanceBoot: { distribution: lognorm, median: 55s, p95: 2m }
    kubeletJoin: { distribution: uniform, min: 2m, max: 1m }
clusters:
  - { name: a, provider: gcp, version: v1.34.3 }
`));
    expect(errorAt(errors, 'clouds.gcp.instanceBoot.distribution').message).toContain('did you mean "lognormal"?');
    expect(errorAt(errors, 'clouds.gcp.kubeletJoin').message).toBe('invalid uniform distribution: max must be >= min');
  });

  it('rejects bare number strings where CAPI wants int-or-percent', () => {
    for (const field of ['maxSurge: "1"', 'maxUnavailable: "0"']) {
      const errors = errorsOf(scenarioYaml(`clusters:\n  - { name: a, provider: aws, version: v1.34.3, workers: [{ name: w, strategy: { ${field} } }] }\n`));
      expect(errors[0]!.message).toContain('a number string without % is an error in CAPI');
    }
  });

  it('checks KubeadmControlPlane rules: odd replicas, maxSurge 0 needs 3 replicas, no managed fields', () => {
    const even = errorsOf(scenarioYaml('clusters:\n  - { name: a, provider: aws, version: v1.34.3, controlPlane: { replicas: 4 } }\n'));
    expect(errorAt(even, 'clusters[0].controlPlane.replicas').message).toContain('odd');
    const surge = errorsOf(scenarioYaml('clusters:\n  - { name: a, provider: aws, version: v1.34.3, controlPlane: { replicas: 1, maxSurge: 0 } }\n'));
    expect(errorAt(surge, 'clusters[0].controlPlane.maxSurge').message).toContain('needs at least 3 replicas');
    const surge2 = errorsOf(scenarioYaml('clusters:\n  - { name: a, provider: aws, version: v1.34.3, controlPlane: { replicas: 3, maxSurge: 2 } }\n'));
    expect(errorAt(surge2, 'clusters[0].controlPlane.maxSurge').message).toContain('expected 0 or 1');
    const managed = errorsOf(scenarioYaml('clusters:\n  - { name: a, provider: aws, version: v1.34.3, controlPlane: { managed: true, replicas: 3 } }\n'));
    expect(errorAt(managed, 'clusters[0].controlPlane.replicas').message).toContain('unknown field "replicas"');
    const docker = errorsOf(scenarioYaml('clusters:\n  - { name: a, provider: docker, version: v1.34.3, controlPlane: { managed: true } }\n'));
    expect(errorAt(docker, 'clusters[0].controlPlane.managed').message).toContain('provider docker');
  });

  it('checks MachineHealthCheck fields: startup timeout, range, both forms', () => {
    const errors = errorsOf(scenarioYaml(`clusters:
  - name: a
    provider: aws
    version: v1.34.3
    healthChecks:
      - { nodeStartupTimeout: 20s }
      - { unhealthyRange: "[3-1]" }
      - { unhealthyRange: "1-3" }
      - { maxUnhealthy: "40" }
      - { unhealthyConditions: [{ type: Ready, status: Maybe, timeout: 5m }] }
`));
    expect(errorAt(errors, 'clusters[0].healthChecks[0].nodeStartupTimeout').message).toContain('at least 30s');
    expect(errorAt(errors, 'clusters[0].healthChecks[1].unhealthyRange').message).toContain('a ≤ b');
    expect(errorAt(errors, 'clusters[0].healthChecks[2].unhealthyRange').message).toContain('expected a range such as "[1-3]"');
    expect(errorAt(errors, 'clusters[0].healthChecks[3].maxUnhealthy').message).toContain('found the string "40"');
    expect(errorAt(errors, 'clusters[0].healthChecks[4].unhealthyConditions[0].status').message).toBe('expected "True", "False" or "Unknown", found "Maybe"');
  });

  it('accepts nodeStartupTimeout 0 (disabled) and exactly 30s', () => {
    for (const timeout of ['0', '30s']) {
      const result = errorsOrOk(`clusters:\n  - { name: a, provider: aws, version: v1.34.3, healthCheck: { nodeStartupTimeout: ${timeout} } }\n`);
      expect(result).toBe('ok');
    }
  });

  it('rejects non-RFC 1123 names with the reason', () => {
    const errors = errorsOf(scenarioYaml(`clusters:
  - { name: Prod, provider: aws, version: v1.34.3 }
  - { name: -edge, provider: aws, version: v1.34.3 }
  - { name: ${'a'.repeat(64)}, provider: aws, version: v1.34.3 }
  - { name: with_underscore, provider: aws, version: v1.34.3 }
`));
    expect(errorAt(errors, 'clusters[0].name').message).toContain('did you mean "prod"?');
    expect(errorAt(errors, 'clusters[1].name').message).toContain('expected an RFC 1123 name');
    expect(errorAt(errors, 'clusters[2].name').message).toContain('at most 63 characters');
    expect(errorAt(errors, 'clusters[3].name').message).toContain('found "with_underscore"');
  });

  it('requires exactly one operation and one fault per item', () => {
    const errors = errorsOf(scenarioYaml(`clusters:
  - { name: a, provider: aws, version: v1.34.3 }
operations:
  - at: 1h
  - at: 2h
    pause: { clusters: { names: [a] } }
    resume: { clusters: { names: [a] } }
faults:
  - at: 1h
    managementOutage: { for: 1h }
    apiOutage: { cloud: aws }
`));
    expect(errorAt(errors, 'operations[0]').message).toBe('expected one operation: upgrade, rolloutImage, scale, pause, resume, move; found none');
    expect(errorAt(errors, 'operations[1].resume')).toMatchObject({ line: 10, column: 5 });
    expect(errorAt(errors, 'faults[0].managementOutage').message).toContain('found apiOutage and managementOutage');
  });

  it('checks nodeFailures: exactly one of count and ratePerNodeHour', () => {
    const errors = errorsOf(scenarioYaml(`clusters:
  - { name: a, provider: aws, version: v1.34.3 }
faults:
  - nodeFailures: { mode: crash }
  - nodeFailures: { count: 1, ratePerNodeHour: 0.1, mode: crash }
  - nodeFailures: { count: 1, mode: explode }
`));
    expect(errorAt(errors, 'faults[0].nodeFailures').message).toContain('exactly one of count');
    expect(errorAt(errors, 'faults[1].nodeFailures').message).toContain('exactly one of count');
    expect(errorAt(errors, 'faults[2].nodeFailures.mode').message).toContain('expected one of crash, kernelPanic');
  });

  it('checks expectations: known metric, a bound, min ≤ max, durations only for time metrics', () => {
    const errors = errorsOf(scenarioYaml(`clusters:
  - { name: a, provider: aws, version: v1.34.3 }
expect:
  - { metric: fleet.remediations }
  - { metric: fleet.minAvailableRatio, min: 0.9, max: 0.5 }
  - { metric: fleet.upgradeMakespan, max: 8 hours }
  - { metric: no.such.metric, max: 1 }
`));
    expect(errorAt(errors, 'expect[0]').message).toContain('expected min or max');
    expect(errorAt(errors, 'expect[1].max').message).toContain('max ≥ min');
    expect(errorAt(errors, 'expect[2].max').message).toContain('expected a duration');
    expect(errorAt(errors, 'expect[3].metric').message).toContain('unknown metric "no.such.metric"');
  });

  it('rejects a top level that is not a mapping, and a wrong apiVersion or kind', () => {
    expect(errorsOf('- a\n- b\n')[0]!.message).toContain('expected a mapping');
    const errors = errorsOf('apiVersion: fleetsim/v1\nkind: Scenarios\nname: x\nclusters:\n  - { name: a, provider: aws, version: v1.34.3 }\n');
    expect(errorAt(errors, 'apiVersion').message).toBe('expected apiVersion fleetsim/v1alpha1, found "fleetsim/v1"');
    expect(errorAt(errors, 'kind')).toMatchObject({ line: 2, column: 7 });
  });

  it('reports YAML syntax errors with their position', () => {
    const errors = errorsOf('apiVersion: fleetsim/v1alpha1\nkind: Scenario\nname: x\nclusters: [\n');
    expect(errors[0]!.message).toMatch(/^YAML syntax: /);
    expect(errors[0]!.line).toBeGreaterThanOrEqual(4);
  });

  it('reports duplicate keys as YAML errors at the second key', () => {
    const errors = errorsOf('apiVersion: fleetsim/v1alpha1\nkind: Scenario\nname: x\nname: y\nclusters: []\n');
    expect(errors[0]).toMatchObject({ line: 4, column: 1 });
    expect(errors[0]!.message).toContain('unique');
  });

  it('requires at least one cluster', () => {
    expect(errorAt(errorsOf(scenarioYaml('clusters: []\n')), 'clusters').message).toBe('expected at least one cluster');
  });
});

function errorsOrOk(body: string): 'ok' | string[] {
  const result = load(scenarioYaml(body));
  return result.ok ? 'ok' : result.errors.map((e) => e.message);
}

describe('int-or-percent as CAPI parses it', () => {
  it('accepts integers and whole percents, refuses fractions of a percent and negative numbers', () => {
    const strategy = (value: string) => load(scenarioYaml(`clusters:\n  - { name: a, provider: aws, version: v1.34.3, workers: [{ name: w, strategy: { maxSurge: ${value} } }] }\n`));
    expect(strategy('"25%"').ok).toBe(true);
    expect(strategy('3').ok).toBe(true);
    expect(strategy('"12.5%"').ok).toBe(false);
    expect(strategy('-1').ok).toBe(false);
    expect(strategy('1.5').ok).toBe(false);
  });
});

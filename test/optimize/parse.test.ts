/** --vary, --minimize/--maximize and --require: what they accept, and the one-line message for what they do not. */

import { describe, expect, it } from 'vitest';
import { OptimizeInputError } from '../../src/optimize/errors.js';
import { parseObjective } from '../../src/optimize/objective.js';
import { parseVaryArgument, parseVaryArguments } from '../../src/optimize/parameters.js';
import { isEveryRun, meets, parseRequirement, requirementValue } from '../../src/optimize/requirement.js';
import { resolveMetric, metricValue } from '../../src/optimize/metric.js';
import type { RunRecord } from '../../src/sweep/metrics.js';

const record = (metrics: RunRecord['metrics']): RunRecord => ({ variant: 0, seed: 1, exitCode: 0, stopReason: 'settled', metrics });

function message(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(OptimizeInputError);
    const text = (error as Error).message;
    expect(text).not.toMatch(/\n/);
    return text;
  }
  throw new Error('expected an OptimizeInputError');
}

describe('--vary', () => {
  it('reads a range of whole numbers and a list of values', () => {
    expect(parseVaryArgument('operations[0].upgrade.waves.size=2..14')).toMatchObject({ kind: 'range', path: 'operations[0].upgrade.waves.size', from: 2, to: 14 });
    expect(parseVaryArgument('operations[0].upgrade.waves.pauseBetween=0m,5m,15m')).toMatchObject({ kind: 'list', values: ['0m', '5m', '15m'] });
    expect(parseVaryArgument('clusters[*].workers[*].strategy.maxSurge=1,2,3,25%')).toMatchObject({ kind: 'list', values: [1, 2, 3, '25%'], steps: ['clusters', '*', 'workers', '*', 'strategy', 'maxSurge'] });
    // A range of one value is that value.
    expect(parseVaryArgument('operations[0].upgrade.waves.size=4..4')).toMatchObject({ kind: 'list', values: [4] });
  });

  it('refuses bad syntax with one clear line naming --vary', () => {
    expect(message(() => parseVaryArgument('operations[0].upgrade.waves.size'))).toMatch(/^--vary operations\[0\]\.upgrade\.waves\.size: expected PATH=VALUES/);
    expect(message(() => parseVaryArgument('operations[0].upgrade.waves.size=14..2'))).toMatch(/the range runs backwards \(write 2\.\.14\)/);
    expect(message(() => parseVaryArgument('operations[0].upgrade.waves.pauseBetween=0m..15m'))).toMatch(/a range FROM\.\.TO takes whole numbers/);
    expect(message(() => parseVaryArgument('operations[zero].upgrade=1'))).toMatch(/^--vary operations\[zero\]\.upgrade: expected \[N\], \[\*\] or \["key"\]/);
    expect(message(() => parseVaryArgument('operations[0].upgrade.waves.size=4,,5'))).toMatch(/^--vary .*an empty value/);
    expect(message(() => parseVaryArgument('operations[0].upgrade.waves.size=4,5,4'))).toMatch(/the value 4 is listed twice/);
    expect(message(() => parseVaryArgument('operations[0].upgrade.waves.size=1..20000'))).toMatch(/at most 10,000 values in a range/);
    expect(message(() => parseVaryArguments([]))).toMatch(/give at least one --vary/);
    expect(message(() => parseVaryArguments(['a.b=1', 'a.b=2']))).toMatch(/--vary a\.b is given twice/);
  });
});

describe('--minimize / --maximize', () => {
  it('takes a metric and a statistic (the mean when none is given)', () => {
    expect(parseObjective('fleet.upgradeMakespan:p95', 'minimize')).toMatchObject({ text: 'fleet.upgradeMakespan:p95', statistic: { kind: 'quantile', p: 0.95 }, direction: 'minimize' });
    expect(parseObjective('cluster.minAvailableRatio', 'maximize')).toMatchObject({ text: 'cluster.minAvailableRatio:mean', statistic: { kind: 'mean' } });
    expect(parseObjective('fleet.upgradeMakespan:median', 'minimize').text).toBe('fleet.upgradeMakespan:p50');
    expect(parseObjective('management.controller.machine.maxQueueDepth:max', 'minimize').metric.column).toBe('management.controller.machine.maxQueueDepth');
  });

  it('suggests the metric meant, and names the statistics', () => {
    expect(message(() => parseObjective('fleet.upgradeMakespn:p95', 'minimize'))).toBe('--minimize fleet.upgradeMakespn: not a metric (did you mean "fleet.upgradeMakespan"?)');
    expect(message(() => parseObjective('makespan.upgradeMakespan', 'minimize'))).toMatch(/did you mean "fleet\.upgradeMakespan"/);
    expect(message(() => parseObjective('fleet.upgradeMakespan:p100', 'minimize'))).toMatch(/":p100" is not a statistic; expected :mean, :min, :max or a percentile/);
    expect(message(() => parseObjective('fleet.upgradeMakespan p95', 'maximize'))).toMatch(/^--maximize "fleet\.upgradeMakespan p95": expected METRIC or METRIC:STAT/);
  });
});

describe('--require', () => {
  it('reads a chance constraint: metric, statistic, comparison, bound', () => {
    const availability = parseRequirement('cluster.minAvailableRatio:p5 >= 0.8');
    expect(availability).toMatchObject({ op: '>=', bound: 0.8, statistic: { kind: 'quantile', p: 0.05 }, text: 'cluster.minAvailableRatio:p5 >= 0.8' });
    expect(parseRequirement('cluster.minAvailableRatio:p5>=80%').bound).toBe(0.8);
    expect(parseRequirement('fleet.upgradeMakespan:p95 <= 12h')).toMatchObject({ bound: 12 * 3_600_000, text: 'fleet.upgradeMakespan:p95 <= 12h' });
    expect(parseRequirement('cloud.throttled:mean < 100')).toMatchObject({ op: '<', bound: 100, statistic: { kind: 'mean' } });
    expect(parseRequirement('mhc.shortCircuits ≤ 0').op).toBe('<=');
    // Without :STAT every run must meet it.
    expect(parseRequirement('mhc.shortCircuits <= 0').statistic).toEqual({ kind: 'max' });
    expect(parseRequirement('fleet.clustersUpgraded >= 28').statistic).toEqual({ kind: 'min' });
    expect(isEveryRun(parseRequirement('mhc.shortCircuits:max <= 0'))).toBe(true);
    expect(isEveryRun(availability)).toBe(false);
  });

  it('counts a run without the figure as breaking the bound', () => {
    const makespan = parseRequirement('fleet.upgradeMakespan:p95 <= 12h');
    expect(requirementValue(makespan, record({ 'fleet.upgradeMakespan': null }))).toBe(Infinity);
    expect(meets(makespan, Infinity)).toBe(false);
    const availability = parseRequirement('cluster.minAvailableRatio:p5 >= 0.8');
    expect(requirementValue(availability, record({ 'cluster.minAvailableRatio': 0.8 }))).toBe(0.8);
    expect(requirementValue(availability, record({}))).toBe(-Infinity);
  });

  it('refuses bad syntax with one clear line', () => {
    expect(message(() => parseRequirement('cluster.minAvailableRatio:p5 0.8'))).toMatch(/^--require 'cluster\.minAvailableRatio:p5 0\.8': expected 'METRIC\[:STAT\] OP BOUND'/);
    expect(message(() => parseRequirement('mhc.shortCircuits = 0'))).toMatch(/a requirement is a bound; use >= or <=/);
    expect(message(() => parseRequirement('cluster.minAvailableRation:p5 >= 0.8'))).toBe('--require cluster.minAvailableRation: not a metric (did you mean "cluster.minAvailableRatio"?)');
    expect(message(() => parseRequirement('cluster.minAvailableRatio:p5 >= lots'))).toMatch(/the bound "lots" is not a number or a percentage/);
    expect(message(() => parseRequirement('fleet.upgradeMakespan:p95 <= 12 hours'))).toMatch(/the bound "12 hours" is not a number or a duration/);
    expect(message(() => parseRequirement('cloud.throttled:q95 <= 3'))).toMatch(/":q95" is not a statistic/);
  });
});

describe('metric names', () => {
  it('reads the catalogue\'s names and the aliases expect: accepts', () => {
    const availability = resolveMetric('cluster.minAvailableRatio', '--require');
    expect(availability).toMatchObject({ column: 'cluster.minAvailableRatio', unit: 'ratio', better: 'higher' });
    expect(metricValue(availability, record({ 'cluster.minAvailableRatio': 0.667 }))).toBe(0.667);
    expect(resolveMetric('mhc.shortCircuits', '--require').column).toBe('fleet.shortCircuits');
    // A per-action cloud figure a run did not produce is 0, not missing.
    expect(metricValue(resolveMetric('cloud.action.aws.RunInstances.throttled', '--require'), record({}))).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildVariants, mergeParameters } from '../../src/sweep/variants.js';
import { parseSetArgument } from '../../src/sweep/overrides.js';
import { runOne } from '../../src/sweep/run-one.js';
import { planOf, smallFleet } from './helpers.js';

describe('parameter grids', () => {
  it('runs the cross product, first parameter outermost, each variant validated', () => {
    const plan = planOf(smallFleet(), [1], ['operations[0].upgrade.waves.size=1,2', 'clusters[*].workers[*].strategy.maxSurge=1,3']);
    expect(plan.variants.map((v) => v.label)).toEqual([
      'operations[0].upgrade.waves.size=1, clusters[*].workers[*].strategy.maxSurge=1',
      'operations[0].upgrade.waves.size=1, clusters[*].workers[*].strategy.maxSurge=3',
      'operations[0].upgrade.waves.size=2, clusters[*].workers[*].strategy.maxSurge=1',
      'operations[0].upgrade.waves.size=2, clusters[*].workers[*].strategy.maxSurge=3',
    ]);
    const v3 = plan.variants[3]!.scenario;
    expect(v3.operations[0]).toMatchObject({ kind: 'upgrade', waves: { size: 2 } });
    const pool = v3.clusters[0]!.workers[0]!;
    expect(pool.kind === 'MachineDeployment' && pool.strategy.maxSurge).toBe(3);
    expect(v3.clusters).toHaveLength(4);
  });

  it('reports a misspelt field at its path, with a suggestion, and a wrong value with what was expected', () => {
    const raw = parse(smallFleet());
    const misspelt = buildVariants(raw, 'fleet.yaml', [parseSetArgument('operations[0].upgrade.waves.sise=3')]);
    expect(misspelt.ok).toBe(false);
    expect(!misspelt.ok && misspelt.errors.join('\n')).toMatch(/with --set operations\[0\]\.upgrade\.waves\.sise=3: fleet\.yaml: operations\[0\]\.upgrade\.waves\.sise: unknown field "sise" \(did you mean "size"\?\)/);
    const wrongType = buildVariants(raw, 'fleet.yaml', [parseSetArgument('operations[0].upgrade.waves.size=4,many')]);
    expect(!wrongType.ok && wrongType.errors).toHaveLength(1);
    expect(!wrongType.ok && wrongType.errors[0]).toMatch(/waves\.size=many: .*operations\[0\]\.upgrade\.waves\.size: expected a wave size/);
  });

  it('reports an error of the grid once, with the variants it appears in, not once per cell', () => {
    const raw = parse(smallFleet());
    const everywhere = buildVariants(raw, 'fleet.yaml', [parseSetArgument('operations[0].upgrade.waves.size=2,3'), parseSetArgument('operations[0].upgrade.waves.sise=1,4')]);
    expect(!everywhere.ok && everywhere.errors).toEqual([
      'in all 4 variants of the grid (--set operations[0].upgrade.waves.size, --set operations[0].upgrade.waves.sise): fleet.yaml: operations[0].upgrade.waves.sise: unknown field "sise" (did you mean "size"?)',
    ]);
    const some = buildVariants(raw, 'fleet.yaml', [parseSetArgument('operations[0].upgrade.waves.size=2,many,3'), parseSetArgument('management.clientQPS=5,6')]);
    expect(!some.ok && some.errors).toHaveLength(1);
    expect(!some.ok && some.errors[0]).toMatch(/^with --set operations\[0\]\.upgrade\.waves\.size=many, management\.clientQPS=5 and 1 more of the grid's 6 variants: fleet\.yaml: operations\[0\]\.upgrade\.waves\.size: expected a wave size/);
  });

  it('lets --set replace the file\'s sweep.set for the same path', () => {
    const merged = mergeParameters({ 'a.b': [1, 2], 'c': [3] }, [parseSetArgument('c=4,5')]);
    expect(merged.map((p) => [p.path, p.values])).toEqual([['a.b', [1, 2]], ['c', [4, 5]]]);
  });

  it('common random numbers: variants that differ in a setting the scenario ignores give identical runs, seed by seed', () => {
    // The docker provider makes no cloud API calls, so the call-event sampling rate cannot matter.
    const plan = planOf(smallFleet(), [1, 2, 3], ['observe.cloudCallSampleRate=0.1,0.9']);
    expect(plan.variants).toHaveLength(2);
    const metricsOf = (variant: number) => plan.seeds.map((seed) => runOne(plan.variants[variant]!.scenario, variant, seed).metrics);
    const a = metricsOf(0);
    const b = metricsOf(1);
    expect(b).toEqual(a);
    // …and the seeds do differ from each other, so the equality is not trivial.
    expect(new Set(a.map((m) => m['run.events'])).size).toBeGreaterThan(1);
  });
});

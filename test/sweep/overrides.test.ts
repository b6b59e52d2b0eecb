import { describe, expect, it } from 'vitest';
import { applySetting, parsePath, parseSetArgument, SetError, splitValues } from '../../src/sweep/overrides.js';

describe('--set PATH=VALUES', () => {
  it('reads paths with indexes, wildcards and quoted keys', () => {
    expect(parsePath('operations[0].upgrade.waves.size')).toEqual(['operations', 0, 'upgrade', 'waves', 'size']);
    expect(parsePath('clusters[*].workers[*].strategy.maxSurge')).toEqual(['clusters', '*', 'workers', '*', 'strategy', 'maxSurge']);
    expect(parsePath('clusters[0].labels["team.example/owner"]')).toEqual(['clusters', 0, 'labels', 'team.example/owner']);
    for (const bad of ['', 'a..b', 'a[', 'a[x]', '.a', 'a.__proto__.b', 'a b']) expect(() => parsePath(bad), bad).toThrow(SetError);
  });

  it('reads values as YAML, split on commas outside brackets and quotes', () => {
    expect(parseSetArgument('operations[0].upgrade.waves.size=4,7,14').values).toEqual([4, 7, 14]);
    expect(parseSetArgument('x=25%,15m,true,null').values).toEqual(['25%', '15m', true, null]);
    expect(parseSetArgument('x=[a, b],{ names: [c] }').values).toEqual([['a', 'b'], { names: ['c'] }]);
    expect(splitValues(`"a,b",'c,d',e`)).toEqual([`"a,b"`, `'c,d'`, 'e']);
    expect(() => parseSetArgument('x')).toThrow(/expected PATH=VALUE/);
    expect(() => parseSetArgument('x=1,,2')).toThrow(/empty value/);
  });

  it('sets a value at every place a path reaches, through generator templates', () => {
    const doc = {
      clusters: [
        { name: 'a', workers: [{ name: 'md-0' }, { name: 'md-1', strategy: { maxSurge: 1 } }] },
        { generate: { count: 3, template: { workers: [{ name: 'md-0' }] } } },
        { manifests: './x.yaml' },
      ],
    };
    const set = parseSetArgument('clusters[*].workers[*].strategy.maxSurge=3');
    expect(applySetting(doc, set, 3)).toBe(3);
    expect(doc.clusters[0]?.workers?.map((w) => (w as { strategy?: { maxSurge: number } }).strategy?.maxSurge)).toEqual([3, 3]);
    expect(doc.clusters[1]).toEqual({ generate: { count: 3, template: { workers: [{ name: 'md-0', strategy: { maxSurge: 3 } }] } } });
    expect(doc.clusters[2]).toEqual({ manifests: './x.yaml' });
    // Naming `generate` reaches the generator itself.
    applySetting(doc, parseSetArgument('clusters[1].generate.count=9'), 9);
    expect((doc.clusters[1] as { generate: { count: number } }).generate.count).toBe(9);
  });

  it('explains a path that does not fit the document', () => {
    const doc = { clusters: [{ name: 'a', workers: [{ name: 'md-0' }] }], operations: [{ at: '1m' }] };
    expect(() => applySetting(doc, parseSetArgument('operations[3].at=2m'), '2m')).toThrow(/operations has 1 entry, so \[3\] does not exist/);
    expect(() => applySetting(doc, parseSetArgument('operations.at=2m'), '2m')).toThrow(/operations is a list; expected \[N\] or \[\*\] before "at"/);
    expect(() => applySetting(doc, parseSetArgument('clusters[0].name.first=x'), 'x')).toThrow(/clusters\[0\].name is the string "a"/);
    expect(() => applySetting(doc, parseSetArgument('faults[*].at=1m'), '1m')).toThrow(/faults is not in the scenario/);
    expect(() => applySetting({ clusters: [{ manifests: 'x' }] }, parseSetArgument('clusters[0].version=v1'), 'v1')).toThrow(/imported from manifests/);
  });

  it('skips, under [*], the worker pools whose kind has no such field; an index still names the pool as written', () => {
    const doc = {
      clusters: [
        { name: 'a', workers: [{ name: 'md-0' }, { name: 'mp-0', kind: 'MachinePool', replicas: 3 }] },
        { generate: { count: 2, template: { workers: [{ name: 'mp-1', kind: 'MachinePool' }, { name: 'md-1', kind: 'MachineDeployment' }] } } },
      ],
    };
    // strategy is a MachineDeployment field: the MachinePools are left as they were.
    expect(applySetting(doc, parseSetArgument('clusters[*].workers[*].strategy.maxSurge=3'), 3)).toBe(2);
    expect(doc.clusters[0]?.workers).toEqual([{ name: 'md-0', strategy: { maxSurge: 3 } }, { name: 'mp-0', kind: 'MachinePool', replicas: 3 }]);
    expect(doc.clusters[1]?.generate?.template.workers).toEqual([{ name: 'mp-1', kind: 'MachinePool' }, { name: 'md-1', kind: 'MachineDeployment', strategy: { maxSurge: 3 } }]);
    // A MachinePool's own maxSurge skips the MachineDeployments the same way.
    expect(applySetting(doc, parseSetArgument('clusters[*].workers[*].maxSurge=2'), 2)).toBe(2);
    expect(doc.clusters[0]?.workers?.[0]).toEqual({ name: 'md-0', strategy: { maxSurge: 3 } });
    // Fields both kinds have reach every pool.
    expect(applySetting(doc, parseSetArgument('clusters[*].workers[*].replicas=4'), 4)).toBe(4);
    // Nothing left to set is an error that says why.
    const pools = { clusters: [{ name: 'a', workers: [{ name: 'mp-0', kind: 'MachinePool' }] }] };
    expect(() => applySetting(pools, parseSetArgument('clusters[*].workers[*].strategy.maxSurge=3'), 3))
      .toThrow('--set clusters[*].workers[*].strategy.maxSurge: matched nothing in the scenario (clusters[0].workers[0] is a MachinePool and has no "strategy")');
    // An index is taken as written; the loader then reports the unknown field.
    expect(applySetting(pools, parseSetArgument('clusters[0].workers[0].strategy.maxSurge=3'), 3)).toBe(1);
  });

  it('creates missing mappings on the way, so a defaulted field can be set', () => {
    const doc: Record<string, unknown> = { name: 'x' };
    applySetting(doc, parseSetArgument('management.controllers.machine=5'), 5);
    expect(doc).toEqual({ name: 'x', management: { controllers: { machine: 5 } } });
  });
});

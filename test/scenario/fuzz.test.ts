import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { loadScenarioObject, loadScenarioText, type LoadResult } from '../../src/scenario/index.js';
import { rfc1123Error } from '../../src/schema/names.js';
import { readFixture } from './helpers.js';
import { tempDir } from '../helpers/temp.js';

const example = readFixture('format-example.yaml');
const exampleObject = parse(example) as unknown;

/** The loader's contract: a result, never an exception; errors are the file's, not the loader's. */
function checkResult(result: LoadResult): void {
  expect(typeof result.ok).toBe('boolean');
  if (result.ok) {
    const names = result.scenario.clusters.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(rfc1123Error(name)).toBeUndefined();
    for (const cluster of result.scenario.clusters) expect(Number.isInteger(cluster.workloads.eviction.distribution === 'constant' ? cluster.workloads.eviction.value : 0)).toBe(true);
  } else {
    expect(result.errors.length).toBeGreaterThan(0);
    for (const error of result.errors) {
      expect(error.message).not.toMatch(/^internal error/);
      expect(typeof error.line).toBe('number');
      expect(typeof error.path).toBe('string');
    }
  }
}

type Json = unknown;

function paths(value: Json, prefix: Array<string | number> = [], out: Array<Array<string | number>> = []): Array<Array<string | number>> {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...prefix, i], out));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) paths(v, [...prefix, k], out);
  return out;
}

function getAt(root: Json, path: Array<string | number>): Json {
  return path.reduce<Json>((node, key) => (node as Record<string | number, Json>)[key], root);
}

const replacements: Json[] = [null, 0, -1, 1.5, 1e308, '', '5', '25%', 'v1.0.0', '1h', 'Bad Name', true, [], {}, [1, 2], { x: 1 }, 'aws', 'MachinePool', '__x__'];

type Mutation = { kind: 'delete' | 'duplicate' | 'replace' | 'rename' | 'wrap'; target: number; value: number };

function mutate(original: Json, mutations: Mutation[]): Json {
  const root = structuredClone(original);
  for (const mutation of mutations) {
    const all = paths(root).filter((p) => p.length > 0);
    if (all.length === 0) break;
    const path = all[mutation.target % all.length]!;
    const parent = getAt(root, path.slice(0, -1)) as Record<string | number, Json> | Json[];
    const key = path[path.length - 1]!;
    const replacement = structuredClone(replacements[mutation.value % replacements.length]);
    switch (mutation.kind) {
      case 'delete':
        if (Array.isArray(parent)) parent.splice(key as number, 1);
        else delete (parent as Record<string, Json>)[key];
        break;
      case 'duplicate':
        if (Array.isArray(parent)) parent.splice(key as number, 0, structuredClone(parent[key as number]));
        else (parent as Record<string, Json>)[`${String(key)}x`] = structuredClone((parent as Record<string, Json>)[key]);
        break;
      case 'replace':
        (parent as Record<string | number, Json>)[key] = replacement;
        break;
      case 'rename':
        if (!Array.isArray(parent)) {
          const value = (parent as Record<string, Json>)[key];
          delete (parent as Record<string, Json>)[key];
          (parent as Record<string, Json>)[String(key).slice(1) || 'k'] = value;
        }
        break;
      case 'wrap':
        (parent as Record<string | number, Json>)[key] = [(parent as Record<string | number, Json>)[key]];
        break;
    }
  }
  return root;
}

const mutationArb = fc.array(
  fc.record({ kind: fc.constantFrom('delete', 'duplicate', 'replace', 'rename', 'wrap'), target: fc.nat(), value: fc.nat() }) as fc.Arbitrary<Mutation>,
  { minLength: 1, maxLength: 4 },
);

describe('the loader never throws', () => {
  it('on random text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
      checkResult(loadScenarioText(text, 'random.yaml'));
    }), { numRuns: 300 });
  });

  it('on random YAML-looking text', () => {
    const token = fc.constantFrom('apiVersion: fleetsim/v1alpha1', 'kind: Scenario', 'name: x', 'clusters:', '  - name: a', '    provider: aws', '    version: v1.34.3', '  - generate: {count: 3}', '- ', '&a ', '*a', '<<: *a', '{', '}', '[', ']', ': ', '---', '#', '"', "'", '\t', '\n', 'operations:', '  - at: 1h', 'faults:', '__proto__: 1', '!!binary', '? ', '|', '>');
    fc.assert(fc.property(fc.array(token, { maxLength: 40 }), (tokens) => {
      checkResult(loadScenarioText(tokens.join(''), 'tokens.yaml'));
      checkResult(loadScenarioText(tokens.join('\n'), 'lines.yaml'));
    }), { numRuns: 300 });
  });

  it('on random values given to loadScenarioObject', () => {
    fc.assert(fc.property(fc.anything({ maxDepth: 4 }), (value) => {
      checkResult(loadScenarioObject(value, 'anything'));
      checkResult(loadScenarioObject({ apiVersion: 'fleetsim/v1alpha1', kind: 'Scenario', name: 'x', clusters: [value], operations: [value], faults: [value], expect: [value] }, 'nested'));
    }), { numRuns: 300 });
  });

  it('on mutations of a valid scenario (deleted, duplicated, replaced, renamed, wrapped nodes)', () => {
    expect(loadScenarioText(example, 'example.yaml').ok).toBe(true);
    fc.assert(fc.property(mutationArb, (mutations) => {
      const mutated = mutate(exampleObject, mutations);
      checkResult(loadScenarioObject(mutated, 'mutated'));
      checkResult(loadScenarioText(stringify(mutated), 'mutated.yaml'));
    }), { numRuns: 400 });
  }, 60_000); // 400 loads: seconds on a loaded machine (it timed out at 5 s before issue 19's changes too)

  it('on line-level edits of a valid scenario file', () => {
    const lines = example.split('\n');
    fc.assert(fc.property(fc.array(fc.record({ op: fc.constantFrom('delete', 'duplicate', 'indent', 'dedent', 'insert'), line: fc.nat(), text: fc.string({ maxLength: 8 }) }), { minLength: 1, maxLength: 5 }), (edits) => {
      const edited = [...lines];
      for (const edit of edits) {
        const i = edit.line % edited.length;
        if (edit.op === 'delete') edited.splice(i, 1);
        else if (edit.op === 'duplicate') edited.splice(i, 0, edited[i]!);
        else if (edit.op === 'indent') edited[i] = `  ${edited[i]}`;
        else if (edit.op === 'dedent') edited[i] = edited[i]!.replace(/^ {1,2}/, '');
        else edited[i] = `${edited[i]!.slice(0, 10)}${edit.text}${edited[i]!.slice(10)}`;
      }
      checkResult(loadScenarioText(edited.join('\n'), 'edited.yaml'));
    }), { numRuns: 300 });
  });
});

describe('the manifest importer never throws', () => {
  it('on line-level edits of CAPI manifests', async () => {
    const { writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { importManifests } = await import('../../src/scenario/index.js');
    const dir = tempDir('fleetsim-manifest-fuzz-');
    const sources = ['seed-manifests/eks-prod-east.yaml', 'manifests/kcp-v1beta2.yaml', 'manifests/topology.yaml'].map((name) => readFixture(name).split('\n'));
    let run = 0;
    fc.assert(fc.property(fc.nat(), fc.array(fc.record({ op: fc.constantFrom('delete', 'duplicate', 'indent', 'dedent', 'insert'), line: fc.nat(), text: fc.constantFrom('x', '${V}', '---', ': [', 'kind: Cluster', '1') }), { minLength: 1, maxLength: 4 }), (which, edits) => {
      const edited = [...sources[which % sources.length]!];
      for (const edit of edits) {
        const i = edit.line % edited.length;
        if (edit.op === 'delete') edited.splice(i, 1);
        else if (edit.op === 'duplicate') edited.splice(i, 0, edited[i]!);
        else if (edit.op === 'indent') edited[i] = `  ${edited[i]}`;
        else if (edit.op === 'dedent') edited[i] = edited[i]!.replace(/^ {1,2}/, '');
        else edited[i] = `${edited[i]!.slice(0, 6)}${edit.text}${edited[i]!.slice(6)}`;
      }
      const file = join(dir, `m${run++}.yaml`);
      writeFileSync(file, edited.join('\n'));
      const result = importManifests([file], { env: { KUBERNETES_VERSION: 'v1.34.3' } });
      if (!result.ok) for (const error of result.errors) expect(error.message).not.toMatch(/^internal error/);
    }), { numRuns: 200 });
  });
});

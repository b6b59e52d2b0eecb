import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadScenarioFile, loadScenarioObject, loadScenarioText, type LoadResult } from '../../src/scenario/index.js';
import { fixture as fixturePath, scenarioYaml } from './helpers.js';
import { tempDir } from '../helpers/temp.js';

const dir = tempDir('fleetsim-refusals-');
const writeFile = (name: string, content: string | Uint8Array) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

/**
 * Loads and checks that the file is refused with `message`. That the refusal is quick (no
 * expansion of the bomb) is measured by `npm run bench`, not here: a hang runs into the test's
 * budget, a slow machine does not fail the test.
 */
function expectRefusal(load: () => LoadResult, message: RegExp): void {
  const result = load();
  expect(result.ok).toBe(false);
  if (!result.ok) expect(result.errors.map((e) => e.message).join('\n')).toMatch(message);
}

const cluster = 'clusters:\n  - { name: a, provider: docker, version: v1.34.3 }\n';

describe('refusals: hostile or broken input is refused with a clear message', () => {
  it('refuses a billion-laughs alias bomb', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev}]`);
    }
    const text = scenarioYaml(`variables: {}\nsweep:\n  set:\n${levels.map((l) => `    ${l.replace(': ', ': ')}`).join('\n')}\n${cluster}`);
    expectRefusal(() => loadScenarioText(text, 'bomb.yaml'), /alias/);
  });

  it('refuses a self-referencing alias', () => {
    expectRefusal(() => loadScenarioText(scenarioYaml(`sweep: &loop\n  set: { x: [*loop] }\n${cluster}`), 'loop.yaml'), /alias|recursive/);
  });

  it('still accepts ordinary anchors and merge keys reused by many clusters', () => {
    const clusters = Array.from({ length: 300 }, (_, i) => `  - { <<: *base, name: c-${i} }`).join('\n');
    const text = `apiVersion: fleetsim/v1alpha1\nkind: Scenario\nname: anchors\nvariables: &base\n  provider: docker\n  version: v1.34.3\nclusters:\n${clusters}\n`;
    // `variables` holds strings only, so the anchor works there and is merged into each cluster.
    const result = loadScenarioText(text, 'anchors.yaml');
    expect(result.ok ? result.scenario.clusters.length : result.errors).toBe(300);
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuses the key %s anywhere, pointing at it', (key) => {
    const text = scenarioYaml(`clusters:\n  - name: a\n    provider: docker\n    version: v1.34.3\n    labels:\n      ${key}: x\n`);
    const result = loadScenarioText(text, 'proto.yaml');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toMatchObject({ line: 9, column: 7, path: `clusters[0].labels.${key}`, message: expect.stringContaining('not allowed') });
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('refuses binary files: NUL bytes and invalid UTF-8', () => {
    expectRefusal(() => loadScenarioFile(writeFile('nul.yaml', new Uint8Array([0x61, 0x3a, 0x00, 0x62]))), /binary file/);
    expectRefusal(() => loadScenarioFile(writeFile('latin1.yaml', new Uint8Array([0x61, 0x3a, 0x20, 0xe9, 0xff, 0x0a]))), /not valid UTF-8/);
    expectRefusal(() => loadScenarioText('name: a\u0000', 'nul-text.yaml'), /binary file/);
  });

  it.each([['empty', ''], ['blank', '  \n\n\t\n'], ['comments only', '# nothing here\n# at all\n'], ['null document', '---\n...\n']])('refuses an empty file (%s)', (_, text) => {
    expectRefusal(() => loadScenarioText(text, 'empty.yaml'), /empty file/);
  });

  it('refuses files over 10 MiB, without parsing them', () => {
    const big = `# ${'x'.repeat(10 * 1024 * 1024)}\n`;
    expectRefusal(() => loadScenarioText(big, 'big.yaml'), /limit is 10 MiB/);
    expectRefusal(() => loadScenarioFile(writeFile('big.yaml', big)), /limit is 10 MiB/);
  });

  it('refuses multi-document YAML, pointing at the second document', () => {
    const text = `${scenarioYaml(cluster)}---\napiVersion: fleetsim/v1alpha1\n`;
    const result = loadScenarioText(text, 'multi.yaml');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toMatchObject({ line: 6, message: expect.stringContaining('expected one YAML document, found 2') });
  });

  it('refuses absurd generators: more than 100,000 clusters', () => {
    const text = scenarioYaml('clusters:\n  - generate: { count: 100001, name: "c-{index}", template: { provider: docker, version: v1.34.3 } }\n');
    expectRefusal(() => loadScenarioText(text, 'many.yaml'), /at most 100,000 clusters/);
  });

  it('refuses absurd generators: more than 5,000,000 machines', () => {
    const text = scenarioYaml('clusters:\n  - generate: { count: 600, name: "c-{index}", template: { provider: docker, version: v1.34.3, workers: [{ name: w, replicas: 10000 }] } }\n');
    expectRefusal(() => loadScenarioText(text, 'machines.yaml'), /at most 5,000,000 machines/);
  });

  it('refuses huge counts across several entries', () => {
    const gen = (n: number) => `  - generate: { count: 60000, name: "g${n}-{index}", template: { provider: docker, version: v1.34.3 } }`;
    expectRefusal(() => loadScenarioText(scenarioYaml(`clusters:\n${gen(1)}\n${gen(2)}\n`), 'two.yaml'), /at most 100,000 clusters/);
  });

  it('refuses absurdly deep nesting', () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    expectRefusal(() => loadScenarioText(scenarioYaml(`sweep: { set: { x: ${deep} } }\n${cluster}`), 'deep.yaml'), /nested/);
  });

  it('never throws on a directory path', () => {
    expectRefusal(() => loadScenarioFile(dir), /expected a file/);
  });
});

describe('refusals: keys', () => {
  it('refuses mappings, lists and aliases used as keys', () => {
    for (const key of ['? { a: 1 }\n: x', '? [a]\n: x', 'k: &k v\n*k : x']) {
      const result = loadScenarioText(scenarioYaml(`${key}\n${cluster}`), 'keys.yaml');
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.errors.map((e) => e.message).join('\n')).toMatch(/expected a plain key/);
    }
  });
});

describe('refusals: values handed over in code', () => {
  const base = { apiVersion: 'fleetsim/v1alpha1', kind: 'Scenario', name: 'x', clusters: [{ name: 'a', provider: 'docker', version: 'v1.34.3' }] };

  it('refuses prototype keys and cycles in loadScenarioObject', () => {
    const polluted = JSON.parse('{"apiVersion":"fleetsim/v1alpha1","kind":"Scenario","name":"x","clusters":[{"name":"a","provider":"docker","version":"v1.34.3","labels":{"__proto__":{"x":"y"}}}]}') as unknown;
    expect(loadScenarioObject(polluted, 'obj')).toMatchObject({ ok: false, errors: [{ path: 'clusters[0].labels.__proto__', message: expect.stringContaining('not allowed') }] });
    const cyclic: Record<string, unknown> = { ...base, sweep: { set: {} } };
    (cyclic.sweep as { set: Record<string, unknown> }).set.loop = [cyclic];
    expect(loadScenarioObject(cyclic, 'obj')).toMatchObject({ ok: false, errors: [{ message: expect.stringContaining('cycle') }] });
  });

  it('accepts the same object shared in two places (not a cycle)', () => {
    const shared = { name: 'w' };
    const value = { ...base, clusters: [{ name: 'a', provider: 'docker', version: 'v1.34.3', workers: [shared] }, { name: 'b', provider: 'docker', version: 'v1.34.3', workers: [shared] }] };
    expect(loadScenarioObject(value, 'obj').ok).toBe(true);
  });

  it('keeps the scenario variables for manifests when another top-level field is wrong', () => {
    const result = loadScenarioText(`apiVersion: fleetsim/v1alpha1\nkind: Scenario\nname: x\nseed: -1\nvariables: { AWS_REGION: eu-west-1 }\nclusters:\n  - manifests: ${fixturePath('manifests/missing-variable.yaml')}\n`, 'x.yaml', { env: {} });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.path)).toEqual(['seed']);
  });
});

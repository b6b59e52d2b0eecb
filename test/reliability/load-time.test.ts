/**
 * Issue 19 defect 2: loading is linear in the size of the file. The yaml library's duplicate-key
 * check and alias resolution were quadratic (a valid 949 KB mapping took 48 s); the loader now does
 * both in one pass (src/scenario/yaml-tree.ts). Measured as a ratio of CPU time, not an absolute
 * time, so the verdict does not depend on the machine: linear gives about 4 for 4× the bytes,
 * quadratic 16. Absolute figures per MB are in `npm run bench`.
 */

import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadScenarioText } from '../../src/scenario/index.js';
import { parseSource } from '../../src/scenario/source.js';
import { largeScenarioYaml } from '../../bench/large-scenario.js';

const MB = 1024 * 1024;

function cpuMs(fn: () => void): number {
  const start = process.cpuUsage();
  fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

describe('load time', () => {
  it('grows linearly: 4 MB takes less than 6 times as long as 1 MB', () => {
    const one = largeScenarioYaml(MB);
    const four = largeScenarioYaml(4 * MB);
    const load = (text: string) => () => {
      const result = loadScenarioText(text, 'large.yaml');
      if (!result.ok) throw new Error(result.errors[0]!.message);
    };
    load(largeScenarioYaml(MB / 8))(); // warm up the JIT
    const t1 = Math.min(cpuMs(load(one)), cpuMs(load(one)));
    const t4 = cpuMs(load(four));
    expect(t4 / t1).toBeLessThan(6);
  }, 300_000);
});

describe('the linear YAML conversion', () => {
  const files = [
    ...readdirSync('scenarios').filter((f) => f.endsWith('.yaml')).map((f) => join('scenarios', f)),
    ...['format-example.yaml', 'many-errors.yaml', 'minimal.yaml', 'with-manifests.yaml'].map((f) => join('test/scenario/fixtures', f)),
  ];

  it.each(files)('gives what yaml.toJS gives for %s', (file) => {
    const text = readFileSync(file, 'utf8');
    const parsed = parseSource(text, file);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.source.value).toEqual(parseDocument(text, { merge: true }).toJS());
  });

  it('follows yaml for aliases, merges (explicit keys win, earlier sources win) and key types', () => {
    const text = [
      'a: &x { p: 1, q: [1, 2] }',
      'b: *x',
      'c: { <<: *x, p: 2 }',
      'd: { p: 3, <<: [*x, { r: 4, p: 5 }] }',
      'e: { <<: [{ r: 6 }, *x], r: 7 }',
      '1: one',
      'true: yes',
      '~: nothing',
      '"<<": quoted',
      's: &s text',
      't: *s',
      'u: 0x10',
      'v: .inf',
    ].join('\n');
    const parsed = parseSource(text, 't.yaml');
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.source.value).toEqual(parseDocument(text, { merge: true }).toJS());
  });

  it('reports a duplicate key at the second one, and a merge of a non-mapping with its position', () => {
    const dup = parseSource('a: 1\nb: 2\na: 3\n', 'd.yaml');
    expect(dup.ok).toBe(false);
    if (!dup.ok) expect(dup.errors[0]).toMatchObject({ line: 3, column: 1, message: expect.stringContaining('Map keys must be unique') });
    const merge = parseSource('a: 1\nb:\n  <<: 5\n', 'm.yaml');
    expect(merge.ok).toBe(false);
    if (!merge.ok) expect(merge.errors[0]).toMatchObject({ line: 3, message: expect.stringContaining('merge') });
  });

  it('refuses YAML 1.1 types that are not plain data, with their position', () => {
    const parsed = parseSource('%YAML 1.1\n---\na: !!binary aGVsbG8=\nb: !!set { x }\n', 'y.yaml');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors.map((e) => e.line)).toEqual([3, 4]);
  });
});

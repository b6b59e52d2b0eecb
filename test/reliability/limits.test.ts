/**
 * Issue 19 defect 7: every string has a length limit, refused at load with the field's position and
 * without echoing the value; the machine cap counts `scale` operations; a `clusters:` list longer
 * than the cluster cap is refused before its entries are read.
 */

import { describe, expect, it } from 'vitest';
import { loadScenarioObject, loadScenarioText, MAX_MACHINES } from '../../src/scenario/index.js';
import { MAX_KEY_LENGTH, MAX_STRING_LENGTH, MAX_TEXT_LENGTH } from '../../src/scenario/limits.js';

const head = 'apiVersion: fleetsim/v1alpha1\nkind: Scenario\nname: x\n';
const cluster = (extra = '') => `clusters:\n  - { name: a, provider: aws, version: v1.34.3${extra} }\n`;

function errorsOf(text: string) {
  const result = loadScenarioText(text, 'x.yaml');
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.errors;
}

describe('string limits', () => {
  it('refuses a 200 KB region at its position, without echoing it', () => {
    const errors = errorsOf(head + cluster(`, region: ${'r'.repeat(200 * 1024)}`));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ line: 5, column: 57, path: 'clusters[0].region' });
    expect(errors[0]!.message).toContain(`at most ${MAX_STRING_LENGTH.toLocaleString('en-US')} characters, found 204,800`);
    expect(errors[0]!.message.length).toBeLessThan(200);
  });

  it('allows longer text in description and variables, up to its own limit', () => {
    expect(loadScenarioText(`${head}description: ${'d'.repeat(5000)}\n${cluster()}`, 'x.yaml').ok).toBe(true);
    const errors = errorsOf(`${head}description: ${'d'.repeat(MAX_TEXT_LENGTH + 1)}\n${cluster()}`);
    expect(errors[0]).toMatchObject({ line: 4, path: 'description' });
  });

  it('refuses a long key, a long label value and a long name anywhere in the tree', () => {
    const errors = errorsOf(`${head}${cluster(`, labels: { ${'k'.repeat(MAX_KEY_LENGTH + 1)}: v, team: ${'t'.repeat(2000)} }`)}`);
    expect(errors.map((e) => e.path)).toEqual([`clusters[0].labels.${'k'.repeat(MAX_KEY_LENGTH + 1)}`, 'clusters[0].labels.team']);
    expect(errorsOf(`${head}clusters:\n  - { name: ${'n'.repeat(1100)}, provider: aws, version: v1.34.3 }\n`)[0]!.path).toBe('clusters[0].name');
  });

  it('applies the same limits to values handed over in code', () => {
    const result = loadScenarioObject({ apiVersion: 'fleetsim/v1alpha1', kind: 'Scenario', name: 'x', clusters: [{ name: 'a', provider: 'aws', version: 'v1.34.3', region: 'r'.repeat(5000) }] }, 'object');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toMatchObject({ path: 'clusters[0].region', message: expect.stringContaining('at most 1,024 characters') });
  });

  it('shows control characters of the excerpt as escapes', () => {
    const errors = errorsOf(`${head}${cluster(`, region: "\\e[2J${'x'.repeat(1100)}"`)}`);
    expect(errors[0]!.message).toContain('\\u001b[2J');
    expect(errors[0]!.message).not.toContain('\u001b');
  });
});

describe('machine and cluster caps', () => {
  it('counts scale operations against the machine cap', () => {
    const text = `${head}${cluster(', workers: [{ name: md-0, replicas: 1 }]')}operations:\n  - at: 1m\n    scale: { clusters: { names: [a] }, pool: md-0, replicas: ${MAX_MACHINES} }\n`;
    const errors = errorsOf(text);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ line: 8, path: 'operations[0].scale.replicas', message: expect.stringContaining(`at most ${MAX_MACHINES.toLocaleString('en-US')} machines`) });
    expect(loadScenarioText(text.replace(`replicas: ${MAX_MACHINES}`, 'replicas: 50000'), 'x.yaml').ok).toBe(true);
  });

  it('refuses 100,001 clusters written out one by one at the list, before reading its entries', () => {
    const lines = Array.from({ length: 100_001 }, (_, i) => `  - { name: c-${i}, provider: docker, version: v1.34.3 }`);
    const errors = errorsOf(`${head}clusters:\n${lines.join('\n')}\n`);
    expect(errors).toEqual([expect.objectContaining({ line: 5, path: 'clusters', message: 'expected at most 100,000 clusters in a scenario, found 100,001 entries' })]);
  }, 120_000);
});

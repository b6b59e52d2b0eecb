/**
 * Issue 19 defect 7: 100,001 clusters written out one by one are refused on the text, before the
 * YAML is parsed (precount.ts), through the CLI with exit 2, the file, line, column, field path and
 * what was expected, and no stack trace. Generators and `manifests:` counts are refused before
 * anything is expanded or imported.
 */

import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../src/scenario/index.js';
import { precountClusters } from '../../src/scenario/precount.js';
import { removeDir, tempDir } from '../helpers/temp.js';

const head = 'apiVersion: fleetsim/v1alpha1\nkind: Scenario\nname: many\n';
const item = (i: number) => `  - { name: c-${i}, provider: docker, version: v1.34.3 }`;
const listOf = (n: number, line = item) => Array.from({ length: n }, (_, i) => line(i)).join('\n');

describe('the cluster cap on the text', () => {
  it('counts the items of a block list exactly, whatever the items hold', () => {
    const multiLine = (i: number) => `  - name: c-${i}\n    description: |\n      - not an item\n    # - not one either\n\n    provider: docker`;
    expect(precountClusters(`${head}clusters:\n${listOf(100_000, multiLine)}\nfaults: []\n`, 'x.yaml')).toBeUndefined();
    const refused = precountClusters(`${head}clusters: # the fleet\n${listOf(100_001, multiLine)}\nfaults: []\n`, 'x.yaml');
    expect(refused).toEqual({ file: 'x.yaml', line: 5, column: 3, path: 'clusters', message: 'expected at most 100,000 clusters in a scenario, found 100,001 entries' });
  });

  it('stops at the end of the list and counts a list at column 0 and CRLF lines', () => {
    const text = `${head}clusters:\n${listOf(100_001).replaceAll('  - ', '- ')}\n`.replaceAll('\n', '\r\n');
    expect(precountClusters(text, 'x.yaml')).toMatchObject({ line: 5, column: 1 });
    expect(precountClusters(`${head}clusters:\n${listOf(3)}\noperations:\n${listOf(100_001)}\n`, 'x.yaml')).toBeUndefined();
  });

  it('leaves a flow list to the check after the parse, which still refuses it', () => {
    const flow = `${head}clusters: [\n${listOf(100_001, (i) => `  { name: c-${i}, provider: docker, version: v1.34.3 },`)}\n]\n`;
    expect(precountClusters(flow, 'x.yaml')).toBeUndefined();
    const result = loadScenarioText(flow, 'x.yaml');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toMatchObject({ path: 'clusters', message: expect.stringContaining('found 100,001 entries') });
  }, 120_000);

  it('refuses manifests: counts over the cap before importing any of them', () => {
    const entry = (n: number) => `  - manifests: does-not-exist-${n}.yaml\n    count: 10000\n`;
    const text = `${head}clusters:\n${Array.from({ length: 11 }, (_, n) => entry(n)).join('')}`;
    const result = loadScenarioText(text, 'x.yaml');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toEqual([expect.objectContaining({ path: 'clusters', message: 'expected at most 100,000 clusters in a scenario, found 110,000 (generators and manifests: counts included)' })]);
  });
});

describe('fleetsim validate on 100,001 clusters', () => {
  it('exits 2 with the position and what was expected, no stack trace', () => {
    const dir = tempDir('fleetsim-precount-');
    try {
      const file = join(dir, 'many.yaml');
      writeFileSync(file, `${head}clusters:\n${listOf(100_001)}\n`);
      const result = spawnSync(process.execPath, ['bin/fleetsim.js', 'validate', file], { encoding: 'utf8', timeout: 120_000 });
      expect(result.status).toBe(2);
      // validate prints its report on standard output (its errors are the result it was asked for).
      expect(result.stdout).toContain(`${file}:5:3: clusters: expected at most 100,000 clusters in a scenario, found 100,001 entries`);
      expect(`${result.stdout}${result.stderr}`).not.toMatch(/\n\s+at |internal error/);
    } finally {
      removeDir(dir);
    }
  }, 120_000);
});

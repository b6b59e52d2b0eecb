/**
 * Issue 19 defect 5: nothing given to `fleetsim k8s-job` can break out of the YAML it prints (a
 * newline in --image or in the scenario path used to end the header comment and inject objects,
 * a Secret here), the image must be an image reference, and the printed command is shell-quoted.
 */

import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { tempDir } from '../helpers/temp.js';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { imageReferenceError, manifestYaml } from '../../src/sweep/k8s-job.js';
import { runCli } from '../e2e/helpers.js';
import { scenarioFile, smallFleet } from '../sweep/helpers.js';

const INJECTION = '\n---\napiVersion: v1\nkind: Secret\nmetadata: { name: stolen }\nstringData: { token: x }\n#';

function kinds(text: string): string[] {
  return parseAllDocuments(text).map((doc) => {
    expect(doc.errors).toEqual([]);
    return String((doc.toJS() as { kind?: unknown }).kind);
  });
}

describe('k8s-job output', () => {
  it('refuses an --image that is not an image reference (a newline, a space, a quote)', async () => {
    const file = scenarioFile(smallFleet());
    for (const image of [`fleetsim:1${INJECTION}`, 'fleet sim', "img'; rm -rf /"]) {
      const result = await runCli(['k8s-job', file, '--image', image]);
      expect(result.code).toBe(2);
      expect(result.err).toContain('--image: expected a container image reference');
      expect(result.out).toBe('');
    }
  });

  it('accepts the usual image reference forms', () => {
    for (const image of ['fleetsim', 'fleetsim:0.1.0', 'ghcr.io/org/fleetsim:1.0', 'localhost:5000/a/b_c__d-e:tag', `registry.example/fleetsim@sha256:${'a'.repeat(64)}`]) {
      expect(imageReferenceError(image), image).toBeUndefined();
    }
  });

  it('keeps a scenario path with a newline inside the comment: no object is injected', async () => {
    const dir = tempDir('fleetsim-k8s-');
    const hostile = join(dir, `s${INJECTION.replace(/[/{}]/g, '_')}.yaml`);
    copyFileSync(scenarioFile(smallFleet()), hostile);
    const result = await runCli(['k8s-job', hostile, '--image', 'fleetsim:1']);
    expect(result.code, result.err).toBe(0);
    expect(kinds(result.out)).toEqual(['ConfigMap', 'PersistentVolumeClaim', 'Job']);
  });

  it('shell-quotes the printed command, so it runs the same words', async () => {
    const dir = tempDir('fleetsim k8s $(x) ');
    const path = join(dir, "it's.yaml");
    copyFileSync(scenarioFile(smallFleet()), path);
    const result = await runCli(['k8s-job', path, '--image', 'fleetsim:1', '--seeds', '1-3', '--parallelism', '1']);
    expect(result.code, result.err).toBe(0);
    const line = result.out.split('\n').find((l) => l.includes('--merge |'))!.replace(/^#\s+/, '');
    const command = line.slice(0, line.indexOf(' | kubectl'));
    const words = spawnSync('/bin/sh', ['-c', `for w in ${command}; do printf '%s\\n' "$w"; done`], { encoding: 'utf8' }).stdout.trimEnd().split('\n');
    expect(words).toEqual(['fleetsim', 'k8s-job', path, '--image', 'fleetsim:1', '--seeds', '1-3', '--merge']);
  });

  it('writes comment lines through the serializer: a control character never ends a comment', () => {
    const text = manifestYaml([`a${INJECTION}`, 'b\rkind: Secret'], [{ apiVersion: 'v1', kind: 'ConfigMap' }]);
    expect(kinds(text)).toEqual(['ConfigMap']);
    expect(text).not.toMatch(/[\r\u0000-\u0009\u000b-\u001f]/);
  });
});

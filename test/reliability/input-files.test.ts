/**
 * Issue 19 defects 3 and 11: only regular files are read, with the size limit enforced while
 * reading (/proc files report size 0 and stream without end; /proc/kmsg blocks); a manifest that
 * cannot be read is reported at the scenario's `manifests:` entry; a `${VAR}` substitution that
 * would make a manifest huge is a clear error; an unreadable scenario is `file: message`, not `:0:0`.
 */

import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { tempDir } from '../helpers/temp.js';
import { join } from 'node:path';
import { formatIssue, loadScenarioFile, loadScenarioText } from '../../src/scenario/index.js';
import { readRegularFile } from '../../src/scenario/read-file.js';

const dir = tempDir('fleetsim-input-');
const head = 'apiVersion: fleetsim/v1alpha1\nkind: Scenario\nname: x\nclusters:\n';

describe('reading input files', () => {
  it.runIf(existsSync('/proc/self/pagemap'))('stops reading /proc/self/pagemap at the size limit (it reports 0 bytes)', () => {
    const read = readRegularFile('/proc/self/pagemap', 1024 * 1024);
    expect(read).toMatchObject({ ok: false, message: expect.stringContaining('larger than 1 MiB') });
  });

  it('refuses a named pipe without waiting for a writer', () => {
    const fifo = join(dir, 'pipe.yaml');
    execFileSync('mkfifo', [fifo]);
    expect(readRegularFile(fifo, 1024)).toMatchObject({ ok: false, message: 'expected a file, found a named pipe' });
    const result = loadScenarioText(`${head}  - manifests: ${fifo}\n`, join(dir, 's.yaml'));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toMatchObject({ line: 5, column: 16, path: 'clusters[0].manifests', message: `${fifo}: expected a file, found a named pipe` });
  });

  it.runIf(existsSync('/proc/self/pagemap'))('refuses `manifests: /proc/self/pagemap` at the entry, quickly', () => {
    const result = loadScenarioText(`${head}  - manifests: /proc/self/pagemap\n`, join(dir, 's.yaml'));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toMatchObject({ line: 5, path: 'clusters[0].manifests', message: expect.stringContaining('larger than 10 MiB') });
  });
});

describe('manifest errors point at the scenario', () => {
  it('reports a missing manifest at its `manifests:` entry, with the name as written', () => {
    const result = loadScenarioText(`${head}  - { name: a, provider: docker, version: v1.34.3 }\n  - manifests: ./capi/missing.yaml\n`, join(dir, 's.yaml'));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors).toEqual([{ file: join(dir, 's.yaml'), line: 6, column: 16, path: 'clusters[1].manifests', message: './capi/missing.yaml: manifest file not found' }]);
      expect(formatIssue(result.errors[0]!)).toBe(`${join(dir, 's.yaml')}:6:16: clusters[1].manifests: ./capi/missing.yaml: manifest file not found`);
    }
  });

  it('keeps errors inside a manifest at their line there, and counts them at the entry', () => {
    const manifest = join(dir, 'bad.yaml');
    writeFileSync(manifest, 'apiVersion: cluster.x-k8s.io/v1beta2\nkind: Cluster\nmetadata: { name: ${MISSING_VAR} }\n');
    const result = loadScenarioText(`${head}  - manifests: ./bad.yaml\n`, join(dir, 's.yaml'), { env: {} });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors.map((e) => [e.file, e.line, e.path])).toEqual([[manifest, 3, ''], [join(dir, 's.yaml'), 5, 'clusters[0].manifests']]);
      expect(result.errors[1]!.message).toBe('./bad.yaml: 1 error in this manifest file (each reported at its line there)');
    }
  });

  it('refuses a ${VAR} substitution that would make the manifest huge, at the reference', () => {
    const manifest = join(dir, 'big.yaml');
    writeFileSync(manifest, `apiVersion: cluster.x-k8s.io/v1beta2\nkind: Cluster\nmetadata:\n  name: c\n  annotations:\n${Array.from({ length: 40 }, (_, i) => `    a${i}: "\${BIG}"`).join('\n')}\n`);
    const big = 'x'.repeat(300_000); // 40 × 300 KB = 12 MB
    const result = loadScenarioText(`${head}  - manifests: ./big.yaml\n`, join(dir, 's.yaml'), { env: { BIG: big } });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors[0]).toMatchObject({ file: manifest, line: 40, message: expect.stringContaining('larger than 10 MiB, the limit (here, by ${BIG}, whose value is 300,000 characters)') });
      expect(result.errors.every((e) => !e.message.includes('internal error'))).toBe(true);
    }
  });

  it('prints an unreadable scenario as `file: message`, without a made-up :0:0 position', () => {
    const result = loadScenarioFile(join(dir, 'nope.yaml'));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(formatIssue(result.errors[0]!)).toBe(`${join(dir, 'nope.yaml')}: file not found`);
  });
});

import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { runCli } from './helpers.js';
import { tempDir } from '../helpers/temp.js';

const tmp = (): string => tempDir('fleetsim-cli-');

describe('fleetsim run', () => {
  it('simulates the default scenario and writes its reports', async () => {
    const out = tmp();
    const result = await runCli(['run', 'scenarios/fleet-upgrade.yaml', '--out', out, '--format', 'json,md']);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/fleet: 28 clusters/);
    expect(result.out).toMatch(/^capi-aws-1 /m);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.settled).toBe(true);
    expect(summary.fleet.clustersUpgraded).toBe(28);
    expect(summary.expectations.every((e: { pass: boolean }) => e.pass)).toBe(true);
    const lines = readFileSync(join(out, 'timeline.jsonl'), 'utf8').trim().split('\n');
    const first = JSON.parse(lines[0] as string);
    expect(first.t).toBe(0);
    expect(lines.some((l) => l.includes('"type":"rollout.completed"'))).toBe(true);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toMatch(/^# fleetsim: fleet-upgrade/);
    expect(readdirSync(out).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('exits 1 when an expectation fails', async () => {
    const out = tmp();
    const dir = tmp();
    const file = join(dir, 'strict.yaml');
    const text = readFileSync('scenarios/mhc-remediation.yaml', 'utf8').replace('{ metric: mhc.remediations, min: 2 }', '{ metric: mhc.remediations, min: 3 }');
    (await import('node:fs')).writeFileSync(file, text);
    const result = await runCli(['run', file, '--out', out, '--format', 'json']);
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/expect mhc.remediations >= 3: 2 FAIL/);
  });

  it('writes nothing and exits 2 for a bad scenario', async () => {
    const out = join(tmp(), 'never');
    const result = await runCli(['run', 'test/e2e/fixtures/broken.yaml', '--out', out]);
    expect(result.code).toBe(2);
    expect(existsSync(out)).toBe(false);
    expect(result.err).toMatch(/broken\.yaml:\d+:\d+/);
  });

  it('refuses bad flags with exit 2 and no stack trace', async () => {
    for (const args of [['run', 'scenarios/fleet-upgrade.yaml', '--format', 'pdf'], ['run', 'scenarios/fleet-upgrade.yaml', '--seed', 'abc'], ['run'], ['frobnicate'], ['run', 'x.yaml', '--bogus']]) {
      const result = await runCli(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.err).not.toMatch(/\n\s+at /);
    }
  });
});

describe('fleetsim validate', () => {
  it('prints every error with file, line and column, and exits 2', async () => {
    const result = await runCli(['validate', 'test/e2e/fixtures/broken.yaml']);
    expect(result.code).toBe(2);
    const errors = result.out.split('\n').filter((l) => /^test\/e2e\/fixtures\/broken\.yaml:\d+:\d+: /.test(l));
    expect(errors.length).toBeGreaterThanOrEqual(4);
    expect(result.out).toMatch(/broken\.yaml:7:\d+: clusters\[0\]\.version/);
    expect(result.out).toMatch(/broken\.yaml:8:\d+: clusters\[0\]\.controlPlane\.replicas/);
    expect(result.out).toMatch(/broken\.yaml:12:\d+: clusters\[0\]\.workers\[0\]\.replicas/);
    expect(result.out).toMatch(/deletPolicy[^\n]*did you mean "?deletePolicy/);
  });

  it('accepts a valid scenario', async () => {
    const result = await runCli(['validate', 'scenarios/fleet-upgrade.yaml']);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/ok \(28 clusters/);
  });
});

describe('fleetsim schema', () => {
  it('prints the JSON Schema of the scenario format', async () => {
    const result = await runCli(['schema']);
    expect(result.code).toBe(0);
    const schema = JSON.parse(result.out);
    expect(JSON.stringify(schema)).toMatch(/clusters/);
  });

  it('prints the defaults table with sources', async () => {
    const result = await runCli(['schema', '--defaults']);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/\| field \| default \| source \|/);
    expect(result.out).toMatch(/capi-semantics/);
  });
});

describe('the installed bin', () => {
  it('runs `fleetsim run` from the built package', () => {
    const out = tmp();
    const child = spawnSync(process.execPath, ['bin/fleetsim.js', 'run', 'scenarios/fleet-upgrade.yaml', '--out', out, '--quiet', '--format', 'json'], { encoding: 'utf8' });
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    expect(child.stdout).toMatch(/fleet: 28 clusters/);
    expect(existsSync(join(out, 'summary.json'))).toBe(true);
  });
});

describe('fleetsim import', () => {
  it('turns the seed manifests into a scenario that validates', async () => {
    const out = join(tmp(), 'seed.yaml');
    const result = await runCli(['import', 'test/scenario/fixtures/seed-manifests/eks-prod-east.yaml', 'test/scenario/fixtures/seed-manifests/aks-prod-westeu.yaml', 'test/scenario/fixtures/seed-manifests/gke-prod-central.yaml', '--name', 'seed', '--out', out]);
    expect(result.code).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text).toMatch(/name: eks-prod-east/);
    expect(text).toMatch(/provider: gcp/);
    const validated = await runCli(['validate', out]);
    expect(validated.code).toBe(0);
    expect(validated.out).toMatch(/ok \(3 clusters/);
  });

  it('exits 2 for a missing manifest', async () => {
    const result = await runCli(['import', 'no/such/file.yaml']);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/not found/);
  });
});

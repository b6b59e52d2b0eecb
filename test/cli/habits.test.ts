/**
 * The command line's habits (kubectl, clusterctl and yargs conventions): help on every command,
 * completion, `-` for standard input, suggestions for mistyped flags and commands, one clear line
 * and exit 2 for a user's mistake, `--output json|yaml`, and the exit code when an expectation
 * fails in a run that also did not settle.
 */

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runCli } from '../e2e/helpers.js';
import { scenarioFile, smallFleet, tmp } from '../sweep/helpers.js';

const COMMANDS = ['run', 'validate', 'schema', 'import', 'sweep', 'compare', 'merge', 'k8s-job', 'fuzz'];

describe('help', () => {
  it('every command answers -h and --help with a description, its flags, examples and exit codes', async () => {
    const top = await runCli(['--help']);
    expect(top.code).toBe(0);
    for (const command of [...COMMANDS, 'help', 'completion']) expect(top.out).toContain(`fleetsim ${command}`);
    expect(top.out).toContain('Exit codes:');
    for (const command of COMMANDS) {
      const long = await runCli([command, '--help']);
      const short = await runCli([command, '-h']);
      expect(long.code, command).toBe(0);
      expect(short.out, command).toBe(long.out);
      expect(long.out, command).toMatch(new RegExp(`^fleetsim ${command}\\b`));
      expect(long.out, command).toContain('Examples:');
      expect(long.out, command).toMatch(/Exit codes:\n {2}0 {2}\S/);
      expect(long.out, command).toMatch(/\n {2}2 {2}/);
    }
  });

  it('fleetsim help CMD is CMD --help; an unknown command gets a suggestion and exit 2', async () => {
    expect((await runCli(['help', 'sweep'])).out).toBe((await runCli(['sweep', '--help'])).out);
    expect((await runCli(['help'])).out).toBe((await runCli(['--help'])).out);
    const wrong = await runCli(['help', 'swep']);
    expect(wrong.code).toBe(2);
    expect(wrong.err).toContain('help: unknown command "swep" (did you mean sweep?)');
  });

  it('prints a shell completion script, and completes commands and flags', async () => {
    const script = await runCli(['completion']);
    expect(script.code).toBe(0);
    expect(script.out).toContain('fleetsim --get-yargs-completions');
    expect((await runCli(['--get-yargs-completions', 'fleetsim', ''])).out.split('\n')).toEqual(expect.arrayContaining(['run', 'sweep', 'validate']));
    expect((await runCli(['--get-yargs-completions', 'fleetsim', 'run', '--'])).out.split('\n')).toEqual(expect.arrayContaining(['--seed', '--output']));
  });
});

describe('mistakes get one clear line, a suggestion and the command\'s own help', () => {
  const file = scenarioFile(smallFleet());

  it('a flag of another command, or a misspelt one', async () => {
    const seeds = await runCli(['run', file, '--seeds', '3']);
    expect(seeds.code).toBe(2);
    expect(seeds.err.split('\n')).toEqual([
      'fleetsim: unknown flag --seeds for run (did you mean --seed?; --seeds is a flag of sweep, compare, k8s-job)',
      'run `fleetsim run --help` for usage',
    ]);
    expect((await runCli(['fuzz', file, '--max-faultz', '2'])).err).toContain('unknown flag --max-faultz for fuzz (did you mean --max-faults?)');
    expect((await runCli(['sweep', file, '--resamples', '2'])).err).toContain('--resamples is a flag of compare');
  });

  it('an unknown or misspelt command, a missing or extra argument', async () => {
    expect((await runCli(['rn', file])).err).toContain('unknown command "rn" (did you mean run?)');
    expect((await runCli(['frobnicate'])).err).toContain('unknown command "frobnicate"');
    const missing = await runCli(['run']);
    expect(missing.code).toBe(2);
    expect(missing.err).toBe('fleetsim: run: an argument is missing: fleetsim run <scenario>\nrun `fleetsim run --help` for usage');
    expect((await runCli(['run', file, 'other.yaml'])).err).toContain('unexpected argument "other.yaml" (fleetsim run takes no more positional arguments)');
  });

  it('--seed is one seed everywhere it exists; --seeds a set', async () => {
    for (const command of ['run', 'fuzz']) {
      const bad = await runCli([command, file, '--seed', '1,2']);
      expect(bad.code, command).toBe(2);
      expect(bad.err, command).toContain('--seed: expected one non-negative integer, got "1,2" (a sweep takes a set of seeds');
    }
    for (const command of ['run', 'fuzz', 'sweep', 'compare', 'k8s-job']) {
      const help = (await runCli([command, '--help'])).out;
      if (help.includes('--seed ')) expect(help, command).toMatch(/--seed +the (run|search)'s seed: one non-negative integer/);
      if (help.includes('--seeds')) expect(help, command).toMatch(/--seeds +the runs' seeds/);
    }
  });

  it('no user mistake is an internal error: each is exit 2 with a message', async () => {
    const dir = tmp();
    const cases: string[][] = [
      ['fuzz', file, '--runs', 'abc'], ['fuzz', file, '--path', 'zzz'], ['fuzz', file, '--faults', 'meteor'],
      ['run', file, '--format', 'pdf'], ['run', file, '--output', 'xml'], ['sweep', file, '--workers', '0'],
      ['sweep', file, '--set', 'nothing'], ['merge', dir], ['k8s-job', file], ['compare', file], ['validate', join(dir, 'missing.yaml')],
    ];
    for (const args of cases) {
      const ran = await runCli(args);
      expect(ran.code, args.join(' ')).toBe(2);
      expect(ran.err, args.join(' ')).not.toMatch(/internal error|\n\s+at /);
      // validate prints a file's errors on stdout, the others on stderr.
      expect(`${ran.out}${ran.err}`.trim(), args.join(' ')).not.toBe('');
    }
  });
});

describe('- reads the scenario from standard input', () => {
  it('validate - checks what it reads, with positions in <stdin>, and refuses garbage', async () => {
    const garbage = await runCli(['validate', '-'], 'garbage: [\n');
    expect(garbage.code).toBe(2);
    expect(garbage.out).toMatch(/^<stdin>:2:1: YAML syntax/);
    const good = await runCli(['validate', '-'], smallFleet());
    expect(good.code).toBe(0);
    expect(good.out).toBe('<stdin>: ok (4 clusters, 1 operations, 0 faults)');
  });

  it('run - simulates what it reads', async () => {
    const out = tmp();
    const ran = await runCli(['run', '-', '--out', out, '--format', 'json', '--quiet'], smallFleet());
    expect(ran.code).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).fleet.clustersUpgraded).toBe(4);
  });

  it('commands that read the file again say that - does not work for them', async () => {
    const sweep = await runCli(['sweep', '-']);
    expect(sweep.code).toBe(2);
    expect(sweep.err).toContain('sweep reads the scenario file itself');
  });
});

describe('validate on CAPI manifests', () => {
  it('says these are CAPI manifests and what to do with them, instead of the scenario\'s missing fields', async () => {
    const ran = await runCli(['validate', 'scenarios/capi/eks-prod-east.yaml']);
    expect(ran.code).toBe(2);
    expect(ran.out.split('\n')).toEqual([
      'scenarios/capi/eks-prod-east.yaml:1:1: these are CAPI manifests (Cluster, AWSManagedControlPlane, AWSManagedCluster, MachinePool, …), not a scenario: '
        + 'use `fleetsim import scenarios/capi/eks-prod-east.yaml` to turn them into one, or list the file in a scenario\'s clusters as `- manifests: scenarios/capi/eks-prod-east.yaml`',
      'scenarios/capi/eks-prod-east.yaml: 1 error',
    ]);
    const one = scenarioFile('apiVersion: cluster.x-k8s.io/v1beta2\nkind: Cluster\nmetadata: { name: a }\n', 'cluster.yaml');
    expect((await runCli(['validate', one])).out).toContain(`these are CAPI manifests (Cluster), not a scenario: use \`fleetsim import ${one}\``);
  });
});

describe('--output json|yaml', () => {
  it('run prints summary.json\'s figures for a script instead of the table', async () => {
    const out = tmp();
    const json = await runCli(['run', scenarioFile(smallFleet()), '--out', out, '--format', 'json', '--output', 'json', '--quiet']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.out)).toEqual(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')));
    const yaml = await runCli(['run', scenarioFile(smallFleet()), '--out', out, '--format', 'json', '-o', 'yaml', '--quiet']);
    expect(parse(yaml.out)).toEqual(JSON.parse(json.out));
  });

  it('validate prints one entry per file with its errors', async () => {
    const bad = scenarioFile(smallFleet().replace('replicas: 2', 'replicas: -2'), 'bad.yaml');
    const ran = await runCli(['validate', scenarioFile(smallFleet()), bad, '--output', 'json']);
    expect(ran.code).toBe(2);
    const reports = JSON.parse(ran.out) as Array<{ ok: boolean; errors: Array<{ path: string; line: number }> }>;
    expect(reports.map((r) => r.ok)).toEqual([true, false]);
    // smallFleet's 18th line is the worker's `replicas: 2`.
    expect(reports[1]?.errors[0]).toMatchObject({ path: 'clusters[0].generate.template.workers[0].replicas', line: 18 });
  });
});

describe('exit codes', () => {
  it('a failed expectation in a run that also did not settle exits 1, and says both', async () => {
    const unsettled = smallFleet({ extra: 'expect:\n  - { metric: fleet.clustersUpgraded, min: 4 }\n' }).replace('horizon: 2d', 'horizon: 15m');
    const ran = await runCli(['run', scenarioFile(unsettled), '--out', tmp(), '--format', 'json', '--quiet']);
    expect(ran.code).toBe(1);
    expect(ran.err).toMatch(/^exit 1: 1 expectation failed \(fleet\.clustersUpgraded\); the run did not settle: it stopped at 15m00s \(horizon\) before every operation finished, which alone would be exit 3 \(a failed expectation outranks it\)$/m);
    const horizonOnly = await runCli(['run', scenarioFile(smallFleet().replace('horizon: 2d', 'horizon: 15m')), '--out', tmp(), '--format', 'json', '--quiet']);
    expect(horizonOnly.code).toBe(3);
    expect(horizonOnly.err).toMatch(/^exit 3: the run did not settle: it stopped at 15m00s \(horizon\)/m);
  });
});

import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../e2e/helpers.js';
import { scenarioFile, smallFleet, tmp } from './helpers.js';

describe('fleetsim sweep', () => {
  it('runs a grid from the file\'s sweep: block and writes runs.jsonl, sweep.json and sweep.md', async () => {
    const file = scenarioFile(smallFleet({ extra: 'sweep:\n  seeds: "3-5"\n  set:\n    "operations[0].upgrade.waves.size": [1, 4]\n' }));
    const out = tmp();
    const result = await runCli(['sweep', file, '--workers', '1', '--out', out, '--format', 'json,md']);
    expect(result.code, result.err).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['manifest.json', 'runs.jsonl', 'sweep.json', 'sweep.md']);
    const summary = JSON.parse(readFileSync(join(out, 'sweep.json'), 'utf8'));
    expect(summary.seeds).toEqual({ spec: '3-5', count: 3 });
    expect(summary.variants.map((v: { label: string }) => v.label)).toEqual(['operations[0].upgrade.waves.size=1', 'operations[0].upgrade.waves.size=4']);
    expect(readFileSync(join(out, 'runs.jsonl'), 'utf8').trim().split('\n')).toHaveLength(6);
    expect(result.out).toMatch(/V0 operations\[0\]\.upgrade\.waves\.size=1 · 3 runs/);
    expect(result.out).toMatch(/fleet\.upgradeMakespan\s+p50 /);
    expect(result.err).toMatch(/6 runs in [\d.]+ s/);
    // --set replaces the file's values for the same path; --seeds replaces its seeds.
    const again = await runCli(['sweep', file, '--workers', '1', '--out', tmp(), '--format', 'json', '--seeds', '2', '--set', 'operations[0].upgrade.waves.size=2', '--quiet']);
    expect(again.code, again.err).toBe(0);
    expect(again.err).toBe('');
  });

  it('writes a shard\'s partial result, which merge turns into the full result', async () => {
    const file = scenarioFile(smallFleet());
    const shards = tmp();
    for (const shard of ['1/2', '2/2']) {
      const r = await runCli(['sweep', file, '--seeds', '4', '--workers', '1', '--shard', shard, '--out', join(shards, shard.replace('/', '-of-')), '--quiet']);
      expect(r.code, r.err).toBe(0);
      expect(r.out).toMatch(/runs written; combine the shards with fleetsim merge/);
    }
    const merged = tmp();
    const result = await runCli(['merge', shards, '--out', merged, '--format', 'json', '--quiet']);
    expect(result.code, result.err).toBe(0);
    const whole = tmp();
    await runCli(['sweep', file, '--seeds', '4', '--workers', '1', '--out', whole, '--format', 'json', '--quiet']);
    expect(readFileSync(join(merged, 'sweep.json'), 'utf8')).toBe(readFileSync(join(whole, 'sweep.json'), 'utf8'));
  });

  it('refuses bad input with a clear message and exit 2, running nothing', async () => {
    const file = scenarioFile(smallFleet());
    const cases: Array<[string[], RegExp]> = [
      [['--set', 'operations[0].upgrade.wave.size=4'], /operations\[0\]\.upgrade\.wave: unknown field "wave" \(did you mean "waves"\?\)/],
      [['--set', 'operations[0].upgrade.waves.size=4,lots'], /waves\.size=lots: .*operations\[0\]\.upgrade\.waves\.size: expected a wave size/],
      [['--set', 'clusters[3].version=v1.35.0'], /clusters has 1 entry, so \[3\] does not exist/],
      [['--set', 'operations[0].upgrade.waves.size'], /expected PATH=VALUE/],
      [['--seeds', '0'], /--seeds 0: expected at least 1 seed/],
      [['--seeds', '10-2'], /the range 10-2 runs backwards/],
      [['--shard', '4/3'], /--shard 4\/3: the shard number must be between 1 and 3/],
      [['--shard', '0/3'], /between 1 and 3/],
      [['--shard', 'half'], /expected I\/N/],
      [['--seeds', '2', '--shard', '3/3'], /only 2 runs, fewer than its 3 shards/],
      [['--workers', '0'], /--workers: expected a whole number from 1/],
      [['--format', 'pdf'], /--format: "pdf" is not one of json, md, html/],
    ];
    for (const [args, message] of cases) {
      const out = join(tmp(), 'never');
      const result = await runCli(['sweep', file, '--out', out, ...args]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.err, args.join(' ')).toMatch(message);
      expect(result.err, args.join(' ')).not.toMatch(/\n\s+at /);
      expect(existsSync(out), args.join(' ')).toBe(false);
    }
  });

  it('reports a broken scenario file with its line and column, exit 2', async () => {
    const result = await runCli(['sweep', 'test/e2e/fixtures/broken.yaml', '--seeds', '2']);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/broken\.yaml:\d+:\d+/);
  });

  it('merge refuses a folder without partial results, exit 2', async () => {
    const result = await runCli(['merge', tmp()]);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/no partial\.json/);
  });
});

/**
 * Issue 19 defects 4, 9, 10 and 12: temporary files are unique and created exclusively, never
 * through a symlink; a set of files is replaced as a set (manifest.json last); `--out` is checked
 * before any work; `merge` checks shards as input.
 */

import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTemporary, abandonTemporary } from '../../src/report/temporary-files.js';
import { MANIFEST_FILE, writeFileAtomic } from '../../src/report/write.js';
import { runSweep } from '../../src/sweep/runner.js';
import { mergePartials, parseRunLine } from '../../src/sweep/merge.js';
import { runCli } from '../e2e/helpers.js';
import { planOf, scenarioFile, smallFleet, tmp } from '../sweep/helpers.js';

describe('temporary files', () => {
  it('are unique per write, hidden, created exclusively and never follow a planted symlink', () => {
    const dir = tmp();
    const target = join(dir, 'victim.txt');
    writeFileSync(target, 'keep me');
    const a = createTemporary(join(dir, 'summary.json'));
    const b = createTemporary(join(dir, 'summary.json'));
    expect(a.temporary).not.toBe(b.temporary);
    expect(a.temporary).toMatch(/\/\.summary\.json\.tmp-[0-9a-f]{16}$/);
    expect(a.temporary).not.toContain(String(process.pid));
    abandonTemporary(a.temporary);
    abandonTemporary(b.temporary);
    // A link planted at the final name is replaced, its target untouched.
    symlinkSync(target, join(dir, 'report.md'));
    writeFileAtomic(join(dir, 'report.md'), 'new');
    expect(readFileSync(target, 'utf8')).toBe('keep me');
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toBe('new');
    expect(readdirSync(dir).sort()).toEqual(['report.md', 'victim.txt']);
  });
});

describe('a run writes its files as a set', () => {
  it('lists them with size and SHA-256 in manifest.json, written last', async () => {
    const out = tmp();
    const result = await runCli(['run', scenarioFile(smallFleet({ count: 1 })), '--out', out, '--quiet', '--format', 'json,md']);
    expect(result.code, result.err).toBe(0);
    expect(readdirSync(out).sort()).toEqual([MANIFEST_FILE, 'report.md', 'summary.json', 'timeline.jsonl']);
    const manifest = JSON.parse(readFileSync(join(out, MANIFEST_FILE), 'utf8'));
    expect(manifest.files.map((f: { name: string }) => f.name)).toEqual(['report.md', 'summary.json', 'timeline.jsonl']);
    const { createHash } = await import('node:crypto');
    for (const file of manifest.files) expect(createHash('sha256').update(readFileSync(join(out, file.name))).digest('hex')).toBe(file.sha256);
  });

  it('removes its temporary files when killed with SIGTERM during a sweep, and leaves no manifest', async () => {
    const out = tmp();
    const file = scenarioFile(smallFleet({ count: 2 }));
    const child = spawn(process.execPath, ['bin/fleetsim.js', 'sweep', file, '--seeds', '400', '--workers', '1', '--out', out, '--quiet'], { stdio: 'ignore' });
    // Wait until runs.jsonl's temporary file exists, then kill.
    for (let i = 0; i < 600 && !readdirSync(out).some((f) => f.includes('.tmp-')); i++) await new Promise((r) => setTimeout(r, 50));
    expect(readdirSync(out).some((f) => f.includes('.tmp-'))).toBe(true);
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(143);
    expect(readdirSync(out)).toEqual([]);
  }, 120_000);
});

describe('--out is checked before simulating', () => {
  const scenario = scenarioFile(smallFleet({ count: 1 }));
  const cases: Array<[string, (dir: string) => string, RegExp]> = [
    ['an existing file', (dir) => { writeFileSync(join(dir, 'f'), ''); return join(dir, 'f'); }, /is a file; expected a directory/],
    ['a symlink to a file', (dir) => { writeFileSync(join(dir, 'f'), ''); symlinkSync(join(dir, 'f'), join(dir, 'l')); return join(dir, 'l'); }, /symbolic link to a file/],
    ['a dangling symlink', (dir) => { symlinkSync(join(dir, 'none'), join(dir, 'l')); return join(dir, 'l'); }, /symbolic link to nothing/],
    ['a read-only directory', (dir) => { mkdirSync(join(dir, 'ro')); chmodSync(join(dir, 'ro'), 0o555); return join(dir, 'ro'); }, /read-only/],
    ['a place under /proc', () => '/proc/fleetsim-out', /cannot make the directory \/proc\/fleetsim-out/],
  ];
  it.each(cases)('%s: exit 2 with one line, nothing simulated', async (_what, make, message) => {
    const out = make(tmp());
    const result = await runCli(['run', scenario, '--out', out]);
    expect(result.code).toBe(2);
    expect(result.err.split('\n')).toHaveLength(1);
    expect(result.err).toMatch(message);
    expect(result.out).toBe('');
  }, 30_000);

  it('refuses import --out into a missing directory, with one line', async () => {
    const result = await runCli(['import', 'test/scenario/fixtures/seed-manifests/eks-prod-east.yaml', '--out', join(tmp(), 'missing', 'x.yaml')]);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/^fleetsim: --out: the directory .*missing does not exist; create it first$/);
  });
});

describe('merge checks shards as input', () => {
  async function shards(): Promise<string> {
    const plan = planOf(smallFleet({ count: 1 }), [1, 2]);
    const dir = tmp();
    for (const index of [1, 2]) await runSweep(plan, { workers: 1, shard: { index, count: 2 }, outDir: join(dir, `shard-${index}`) });
    return dir;
  }
  const edit = (dir: string, change: (line: string) => string) => {
    const path = join(dir, 'shard-1', 'runs.jsonl');
    writeFileSync(path, readFileSync(path, 'utf8').split('\n').map((l) => (l === '' ? l : change(l))).join('\n'));
  };

  it('refuses an infinite metric, an unknown or __proto__ metric, and an edited runs.jsonl', () => {
    const line = '{"variant":0,"seed":1,"exitCode":0,"stopReason":"settled","metrics":{"run.events":5}}';
    expect(parseRunLine(line)).toMatchObject({ ok: true });
    expect(parseRunLine(line.replace('5', '1e999'))).toMatchObject({ ok: false, message: expect.stringContaining('metrics.run.events') });
    expect(parseRunLine(line.replace('"run.events"', '"__proto__"'))).toMatchObject({ ok: false, message: expect.stringContaining('__proto__') });
    expect(parseRunLine(line.replace('"run.events"', '"made.up"'))).toMatchObject({ ok: false, message: expect.stringContaining('unknown metric') });
    expect(parseRunLine(line.replace('"seed":1', '"seed":-1'))).toMatchObject({ ok: false });
  });

  it('refuses a runs.jsonl that does not match its partial.json (another sweep\'s, or tampered)', async () => {
    const dir = await shards();
    edit(dir, (l) => l.replace(/"run\.events":\d+/, '"run.events":1'));
    await expect(mergePartials([dir], tmp(), ['json'])).rejects.toThrow(/does not match its partial\.json/);
  }, 120_000);

  it('refuses a tampered partial.json and leaves no output', async () => {
    const dir = await shards();
    const path = join(dir, 'shard-2', 'partial.json');
    writeFileSync(path, readFileSync(path, 'utf8').replace('"totalRuns":2', '"totalRuns":2,"__proto__":{"polluted":true}'));
    const out = tmp();
    await expect(mergePartials([dir], out, ['json'])).rejects.toThrow(/not a fleetsim partial sweep result/);
    expect(existsSync(join(out, 'sweep.json'))).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);
});

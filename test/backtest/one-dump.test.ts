import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { backtest, type BacktestResult } from '../../src/backtest/index.js';
import { loadScenarioText, formatIssue } from '../../src/scenario/index.js';
import { simulate } from '../../src/simulate.js';
import { World } from '../../src/world/world.js';
import { renderCapiDump } from '../../src/report/capi/index.js';
import { tempDir } from '../helpers/temp.js';
import { timingFleetScenario } from '../helpers/timing-fleet.js';
import { runCli } from '../e2e/helpers.js';

const SCENARIO = timingFleetScenario({ name: 'one-dump', seed: 7, clusters: 3, prefix: 'od', workers: 8 });

function dumps(): { dir: string; before: string; mid: string; midNodes: string; after: string; nodes: string } {
  const loaded = loadScenarioText(SCENARIO, 'one-dump.yaml');
  if (!loaded.ok) throw new Error(loaded.errors.map(formatIssue).join('\n'));
  const dir = tempDir('fleetsim-one-dump-');
  const at = (minutes: number) => {
    const world = new World(loaded.scenario, { keepEvents: false });
    world.runUntil(minutes * 60_000);
    return renderCapiDump(world);
  };
  const files = { dir, before: join(dir, 'before.yaml'), mid: join(dir, 'mid.yaml'), midNodes: join(dir, 'mid-nodes.yaml'), after: join(dir, 'after.yaml'), nodes: join(dir, 'nodes.yaml') };
  writeFileSync(files.before, at(9).management);
  const mid = at(16);
  writeFileSync(files.mid, mid.management);
  writeFileSync(files.midNodes, mid.nodes);
  const after = renderCapiDump(simulate(loaded.scenario, { keepEvents: false }).world);
  writeFileSync(files.after, after.management);
  writeFileSync(files.nodes, after.nodes);
  return files;
}

const files = dumps();

describe('backtest from one dump taken after the rollout', () => {
  it('the CLI rebuilds the same rollout as from the before/after pair and forecasts it from the reconstructed before state', async () => {
    const result = await runCli(['backtest', files.after, files.nodes, '--output', 'json']);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    const one = JSON.parse(result.out) as BacktestResult;
    const pair = backtest([files.before], [files.after, files.nodes]);
    if (!pair.ok) throw new Error(pair.errors.map(formatIssue).join('\n'));
    expect(one.rows.map((r) => [r.cluster, r.pool, r.actual])).toEqual(pair.result.rows.map((r) => [r.cluster, r.pool, r.actual]));
    const clusters = one.rows.filter((r) => r.pool === '*');
    expect(clusters).toHaveLength(3);
    for (const r of clusters) {
      expect(r.actual.replaced).toBe(9);
      expect(r.forecast?.replaced).toBe(9);
      expect(r.errorPercent).not.toBeNull();
    }
    // v1beta2 deletes the old MachineSets once a rollout completes: the earlier version is assumed, and said so.
    expect(one.notes.join('\n')).toMatch(/not in the dump .* for 3 pool\(s\) .*assumed v1\.34\.0/);
    expect(one.plan.operations.map((o) => o.upgrade.version)).toEqual(['v1.35.0', 'v1.35.0', 'v1.35.0']);
    expect(one.fleet.worstErrorPercent!).toBeLessThan(25);
  }, 120_000);

  it('a dump taken during the rollout: old MachineSets give the earlier version, and unfinished pools have no duration', async () => {
    const result = await runCli(['backtest', files.mid, files.midNodes, '--output', 'json']);
    expect(result.code).toBe(0);
    const one = JSON.parse(result.out) as BacktestResult;
    expect(one.notes.join('\n')).not.toContain('assumed');
    const workers = one.rows.filter((r) => r.pool.endsWith('md-0'));
    expect(workers).toHaveLength(3);
    for (const r of workers) expect(r.actual.duration).toBeNull();
    expect(one.notes.join('\n')).toContain('had not finished in the after dump');
    // Machines that predate the scenario have all their conditions at one instant, their Nodes a later Ready: no join sample.
    const join = one.plan.clouds.aws?.kubeletJoin as { distribution: string; median?: number } | undefined;
    expect(join?.median ?? 0).toBeLessThan(5 * 60_000);
  }, 120_000);

  it('a dump with no rollout in it, a file of Nodes alone and a bad --since: exit 2 with the reason', async () => {
    const none = await runCli(['backtest', files.before]);
    expect(none.code).toBe(2);
    expect(none.err).toContain('no rollout in this dump');
    const onlyNodes = await runCli(['backtest', files.nodes]);
    expect(onlyNodes.code).toBe(2);
    expect(onlyNodes.err).toContain('only Nodes');
    const since = await runCli(['backtest', files.after, '--since', 'yesterday']);
    expect(since.code).toBe(2);
    expect(since.err).toContain('--since: expected an RFC 3339 time');
    const later = await runCli(['backtest', files.after, '--since', '2026-02-01T00:00:00Z']);
    expect(later.code).toBe(2);
    expect(later.err).toContain('no rollout in this dump');
  }, 120_000);
});

import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { backtest, renderBacktest } from '../../src/backtest/index.js';
import { loadScenarioText, formatIssue } from '../../src/scenario/index.js';
import { simulate } from '../../src/simulate.js';
import { World } from '../../src/world/world.js';
import { renderCapiDump } from '../../src/report/capi/index.js';
import { tempDir } from '../helpers/temp.js';
import { timingFleetScenario } from '../helpers/timing-fleet.js';

const SCENARIO = timingFleetScenario({ name: 'backtest-pair', seed: 5, clusters: 10, prefix: 'bt', workers: 30 });

describe('backtest of a fleetsim-made before/after pair', () => {
  it('rebuilds every cluster\'s rollout and forecasts its duration with a fleet median error under 5 %', () => {
    const loaded = loadScenarioText(SCENARIO, 'pair.yaml');
    if (!loaded.ok) throw new Error(loaded.errors.map(formatIssue).join('\n'));
    const dir = tempDir('fleetsim-backtest-');
    const before = new World(loaded.scenario, { keepEvents: false });
    before.runUntil(9 * 60_000);
    writeFileSync(join(dir, 'before.yaml'), renderCapiDump(before).management);
    const after = renderCapiDump(simulate(loaded.scenario, { keepEvents: false }).world);
    writeFileSync(join(dir, 'after.yaml'), after.management);
    writeFileSync(join(dir, 'nodes.yaml'), after.nodes);

    const outcome = backtest([join(dir, 'before.yaml')], [join(dir, 'after.yaml'), join(dir, 'nodes.yaml')]);
    if (!outcome.ok) throw new Error(outcome.errors.map(formatIssue).join('\n'));
    const { rows, fleet, plan } = outcome.result;
    console.log(renderBacktest(outcome.result));
    expect(plan.operations).toHaveLength(10);
    expect(plan.clouds.aws).toBeDefined();
    const clusters = rows.filter((r) => r.pool === '*');
    expect(clusters).toHaveLength(10);
    for (const r of clusters) {
      expect(r.actual.replaced).toBe(31);
      expect(r.forecast?.replaced).toBe(31);
      // KCP's first new Machine, one reconcile after the operation (its exact ms moves with the seeded resync jitter)
      const operation = Date.parse('2026-01-05T00:10:00Z');
      expect(r.actual.start).toBeGreaterThan(operation);
      expect(r.actual.start).toBeLessThan(operation + 1_000);
      expect(r.errorPercent).not.toBeNull();
    }
    expect(fleet.medianErrorPercent!).toBeLessThan(5);
    expect(fleet.worstErrorPercent!).toBeLessThan(15);
  });

  it('two dumps without a rollout between them: a clear error', () => {
    const loaded = loadScenarioText(SCENARIO.replace(/operations:[\s\S]*$/, ''), 'pair.yaml');
    if (!loaded.ok) throw new Error(loaded.errors.map(formatIssue).join('\n'));
    const dir = tempDir('fleetsim-backtest-');
    writeFileSync(join(dir, 'same.yaml'), renderCapiDump(new World(loaded.scenario, { keepEvents: false })).management);
    const outcome = backtest([join(dir, 'same.yaml')], [join(dir, 'same.yaml')]);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.errors[0]!.message).toContain('no rollout between the two dumps');
  });
});

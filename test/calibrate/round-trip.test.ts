import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { calibrateFiles } from '../../src/calibrate/index.js';
import { loadScenarioText, formatIssue } from '../../src/scenario/index.js';
import { simulate } from '../../src/simulate.js';
import { renderCapiDump } from '../../src/report/capi/index.js';
import { tempDir } from '../helpers/temp.js';
import { BOOT, JOIN, timingFleetScenario } from '../helpers/timing-fleet.js';

/** Known timings (BOOT, JOIN): what calibrate must find again. */
const ROUND_TRIP_SCENARIO = timingFleetScenario({ name: 'round-trip', seed: 11, clusters: 20, prefix: 'rt', workers: 25 });

const error = (fitted: number, known: number) => Math.abs(fitted - known) / known;

describe('round trip: simulate with known timings, write --format capi, calibrate', () => {
  it('recovers the boot and join medians and p95s within 10 % from 520 Machines', () => {
    const loaded = loadScenarioText(ROUND_TRIP_SCENARIO, 'round-trip.yaml');
    if (!loaded.ok) throw new Error(loaded.errors.map(formatIssue).join('\n'));
    const result = simulate(loaded.scenario, { keepEvents: false });
    expect(result.summary.settled).toBe(true);
    const dump = renderCapiDump(result.world);
    const dir = tempDir('fleetsim-roundtrip-');
    writeFileSync(join(dir, 'capi.yaml'), dump.management);
    writeFileSync(join(dir, 'nodes.yaml'), dump.nodes);
    const outcome = calibrateFiles([join(dir, 'capi.yaml'), join(dir, 'nodes.yaml')]);
    if (!outcome.ok) throw new Error(outcome.errors.map(formatIssue).join('\n'));
    const boot = outcome.result.clouds.find((g) => g.cloud === 'aws' && g.step === 'boot')!;
    const join_ = outcome.result.clouds.find((g) => g.cloud === 'aws' && g.step === 'join')!;
    expect(boot.n).toBe(520);
    expect(join_.n).toBe(520);
    const errors = {
      bootMedian: error(boot.fit!.median, BOOT.median), bootP95: error(boot.fit!.p95, BOOT.p95),
      joinMedian: error(join_.fit!.median, JOIN.median), joinP95: error(join_.fit!.p95, JOIN.p95),
    };
    console.log(`round-trip errors: ${Object.entries(errors).map(([k, v]) => `${k} ${(v * 100).toFixed(1)}%`).join(', ')}`);
    for (const value of Object.values(errors)) expect(value).toBeLessThan(0.10);
  });
});

/**
 * 300 instances against a RunInstances request bucket of 20 refilling 1/s: no schedule can
 * finish before (300 − 20) / 1 s = 280 s, and the bucket must hold in every window.
 */

import { beforeAll, describe, expect, it } from 'vitest';
import { SECOND } from '../../src/engine/duration.js';
import type { CloudCall } from '../../src/timeline/index.js';
import type { ActionStats, CloudRegionStats } from '../../src/cloud/stats.js';
import { cloudCalls, createUntilAccepted, spec, world, type Creation } from './helpers.js';

const INSTANCES = 300;
const BUCKET = 20;
const REFILL_PER_SECOND = 1;
const LOWER_BOUND_MS = ((INSTANCES - BUCKET) / REFILL_PER_SECOND) * SECOND;

describe('scale-up of 300 instances against RunInstances 20 @ 1/s', () => {
  let creations: Creation[];
  let runs: CloudCall[];
  let stats: CloudRegionStats;
  let runStats: ActionStats;
  let duration: number;

  beforeAll(() => {
    const { sim, timeline, registry } = world(42, { overrides: { aws: { api: { RunInstances: { bucket: BUCKET, refillPerSecond: REFILL_PER_SECOND } } } } });
    const provider = registry.provider('aws', 'r1');
    creations = Array.from({ length: INSTANCES }, (_, i) => createUntilAccepted(sim, provider, spec(i)));
    sim.run({ horizon: 3 * 3600 * SECOND });
    runs = cloudCalls(timeline, 'RunInstances');
    stats = registry.stats()[0]!;
    runStats = stats.actions.find((action) => action.action === 'RunInstances')!;
    duration = Math.max(...creations.map((creation) => creation.acceptedAt ?? Infinity));
  });

  it('creates every instance', () => {
    expect(creations.every((creation) => creation.acceptedAt !== undefined && creation.runningAt !== undefined)).toBe(true);
    expect(new Set(creations.map((creation) => creation.providerID)).size).toBe(INSTANCES);
  });

  it('never lets more successful calls through than the bucket allows, in any window', () => {
    const ok = runs.filter((event) => event.outcome === 'ok').map((event) => event.t);
    expect(ok.length).toBe(INSTANCES);
    let worst = -Infinity;
    for (let i = 0; i < ok.length; i++) {
      for (let j = i; j < ok.length; j++) {
        worst = Math.max(worst, j - i + 1 - (BUCKET + (REFILL_PER_SECOND * (ok[j]! - ok[i]!)) / SECOND));
      }
    }
    expect(worst).toBeLessThanOrEqual(1e-6);
  });

  it('records the throttling, in events and in stats', () => {
    const throttled = runs.filter((event) => event.outcome === 'throttled');
    expect(throttled.length).toBeGreaterThan(0);
    expect(throttled.every((event) => event.code === 'RequestLimitExceeded')).toBe(true);
    expect(runStats.calls).toBe(runs.length);
    expect(runStats.throttled).toBe(throttled.length);
    expect(runStats.retries).toBe(runs.filter((event) => event.attempt > 1).length);
  });

  it('takes at least the analytic lower bound of 280 s', () => {
    expect(duration).toBeGreaterThanOrEqual(LOWER_BOUND_MS);
    const requeues = creations.reduce((total, creation) => total + creation.failures.length, 0);
    console.log(
      `scale-up 300 @ RunInstances 20/1s: last instance accepted at ${(duration / SECOND).toFixed(1)} s, ` +
      `bound ${LOWER_BOUND_MS / SECOND} s, ratio ${(duration / LOWER_BOUND_MS).toFixed(3)}; ` +
      `RunInstances calls ${runStats.calls}, throttled ${runStats.throttled}, SDK retries ${runStats.retries}, ` +
      `controller requeues ${requeues}, backoff ${(runStats.backoffMs / SECOND).toFixed(0)} s, ` +
      `CAPA client waits ${(runStats.clientWaitMs / SECOND).toFixed(0)} s, worker waits ${((stats.workerWaitMs ?? 0) / SECOND).toFixed(0)} s`,
    );
  });
});

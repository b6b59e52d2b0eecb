/**
 * The forecast half of a backtest: the "before" dump imported as a scenario (`fleetsim import`),
 * the timings calibrated from the "after" dump in its `clouds:` (`fleetsim calibrate`), and, per
 * cluster whose version changed, an `upgrade` at the instant its real rollout started; simulated,
 * and its rollouts rebuilt from fleetsim's own `--format capi` output by the same reconstruction as
 * the real ones, so both sides are measured alike.
 */

import { stringify } from 'yaml';
import type { DistributionSpec } from '../engine/distribution.js';
import { calibrateFiles, STEP_FIELD } from '../calibrate/index.js';
import { importManifestClusters } from '../scenario/manifests/index.js';
import { loadScenarioText } from '../scenario/index.js';
import type { ScenarioIssue } from '../scenario/issues.js';
import { renderCapiDump } from '../report/capi/index.js';
import { simulate } from '../simulate.js';
import { World } from '../world/world.js';
import { indexOfTexts } from './objects.js';
import { reconstructRollouts, type PoolRollout } from './reconstruct.js';

/** How long before the first rollout the simulation starts (the fleet settles first). ASSUMPTION. */
export const LEAD_MS = 10 * 60_000;

export interface ForecastPlan {
  startsAt: number;
  operations: Array<{ at: number; upgrade: { clusters: { names: string[] }; version: string } }>;
  clouds: Record<string, Record<string, DistributionSpec>>;
  /** Rollouts the forecast cannot simulate, with why. */
  skipped: string[];
}

/** Per cluster, the version its rollout went to and when it started. */
export function planForecast(actual: readonly PoolRollout[], afterPaths: readonly string[]): ForecastPlan {
  const startsAt = Math.min(...actual.map((r) => r.start)) - LEAD_MS;
  const byCluster = new Map<string, PoolRollout[]>();
  for (const r of actual) byCluster.set(r.cluster, [...(byCluster.get(r.cluster) ?? []), r]);
  const operations: ForecastPlan['operations'] = [];
  const skipped: string[] = [];
  for (const [cluster, pools] of byCluster) {
    const changed = pools.find((p) => p.to !== undefined && p.from !== undefined && p.to !== p.from);
    if (changed === undefined) {
      skipped.push(`${cluster}: new Machines without a version change (a template change): not simulated`);
      continue;
    }
    const start = Math.min(...pools.map((p) => p.start));
    operations.push({ at: start - startsAt, upgrade: { clusters: { names: [cluster.split('/')[1]!] }, version: changed.to! } });
  }
  const clouds: ForecastPlan['clouds'] = {};
  const calibrated = calibrateFiles(afterPaths);
  if (calibrated.ok) {
    for (const g of calibrated.result.clouds) {
      const field = STEP_FIELD[g.step];
      if (g.fit === undefined || field === undefined || g.cloud === 'unknown') continue;
      (clouds[g.cloud] ??= {})[field] = g.fit.spec;
    }
  }
  return { startsAt, operations: operations.sort((a, b) => a.at - b.at), clouds, skipped };
}

export type ForecastOutcome = { ok: true; rollouts: PoolRollout[]; plan: ForecastPlan; settled: boolean } | { ok: false; errors: ScenarioIssue[] };

/** The "before" state: a dump to import and, for a one-dump backtest, each cluster's earlier version (`namespace/name` → version). */
export interface ForecastStart { paths: readonly string[]; versions?: ReadonlyMap<string, string> }

export function forecast(start: ForecastStart, plan: ForecastPlan, seed: number): ForecastOutcome {
  const imported = importManifestClusters(start.paths, { variables: {}, env: {} });
  if (!imported.ok) return imported;
  const clusters = imported.clusters.map((c) => {
    const version = start.versions?.get(`${String(c.cluster.namespace ?? 'default')}/${String(c.cluster.name)}`);
    return version === undefined ? c.cluster : { ...c.cluster, version };
  });
  const document = {
    apiVersion: 'fleetsim/v1alpha1', kind: 'Scenario', name: 'backtest', seed,
    startsAt: new Date(plan.startsAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    clouds: plan.clouds,
    clusters,
    operations: plan.operations,
  };
  const loaded = loadScenarioText(stringify(document, { lineWidth: 0 }), 'backtest-forecast.yaml');
  if (!loaded.ok) return { ok: false, errors: loaded.errors };
  const initial = new World(loaded.scenario, { keepEvents: false });
  const before = indexOfTexts([renderCapiDump(initial).management], 'forecast-before');
  const result = simulate(loaded.scenario, { keepEvents: false });
  const dump = renderCapiDump(result.world);
  const after = indexOfTexts([dump.management, dump.nodes], 'forecast-after');
  const poolName = (cluster: string, name: string) => (name.startsWith(`${cluster}-`) ? name.slice(cluster.length + 1) : name);
  return { ok: true, rollouts: reconstructRollouts(before, after, { poolName }), plan, settled: result.summary.settled };
}

/**
 * Per cloud, account and region: API calls, throttling, errors, retries and latency per action,
 * from each provider's own statistics (providers without API limits, like docker, report none).
 */

import type { World } from '../world/world.js';

export interface CloudActionSummary {
  action: string;
  calls: number;
  throttled: number;
  errors: number;
  retries: number;
  p95LatencyMs: number | null;
}

export interface CloudSummary {
  name: string;
  cloud: string;
  account: string;
  region: string;
  calls: number;
  throttled: number;
  errors: number;
  retries: number;
  actions: CloudActionSummary[];
}

/** Providers that count their API calls expose this. */
export interface CloudStatsSource {
  cloudStats(): { cloud: string; account: string; region: string; actions: CloudActionSummary[] };
}

function hasStats(value: unknown): value is CloudStatsSource {
  return typeof (value as CloudStatsSource).cloudStats === 'function';
}

export function cloudSummaries(world: World): CloudSummary[] {
  const out: CloudSummary[] = [];
  for (const [name, provider] of world.providers.entries()) {
    if (!hasStats(provider)) continue;
    const stats = provider.cloudStats();
    const actions = [...stats.actions].sort((a, b) => (a.action < b.action ? -1 : a.action > b.action ? 1 : 0));
    const total = (field: 'calls' | 'throttled' | 'errors' | 'retries') => actions.reduce((sum, a) => sum + a[field], 0);
    out.push({ name, cloud: stats.cloud, account: stats.account, region: stats.region, calls: total('calls'), throttled: total('throttled'), errors: total('errors'), retries: total('retries'), actions });
  }
  return out;
}

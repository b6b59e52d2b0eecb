/**
 * Per cloud, account and region: API calls, throttling, errors, retries and latency per action,
 * from each provider's own statistics (providers without API limits, like docker, report none).
 */

import type { InfrastructureProvider } from '../cloud/provider.js';
import type { CloudRegionStats } from '../cloud/stats.js';

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
  /** Time calls spent in SDK backoff, waiting on the client-side limiter, and waiting for a provider-controller worker. */
  backoffMs: number;
  clientWaitMs: number;
  workerWaitMs: number;
  actions: CloudActionSummary[];
}

/** Providers that count their API calls (src/cloud CloudProvider) expose `stats()`. */
interface CloudStatsSource {
  stats(): CloudRegionStats;
}

function hasStats(value: unknown): value is CloudStatsSource {
  return typeof (value as CloudStatsSource).stats === 'function';
}

export function cloudSummaries(providers: readonly (readonly [string, InfrastructureProvider])[]): CloudSummary[] {
  const out: CloudSummary[] = [];
  for (const [name, provider] of providers) {
    if (!hasStats(provider)) continue;
    const stats = provider.stats();
    const actions = stats.actions
      .map((a) => ({ action: a.action, calls: a.calls, throttled: a.throttled, errors: a.errors, retries: a.retries, p95LatencyMs: a.calls === 0 ? null : Math.round(a.p95LatencyMs) }))
      .sort((a, b) => (a.action < b.action ? -1 : a.action > b.action ? 1 : 0));
    out.push({
      name, cloud: stats.cloud, account: stats.account, region: stats.region, calls: stats.calls, throttled: stats.throttled, errors: stats.errors, retries: stats.retries,
      backoffMs: Math.round(stats.backoffMs), clientWaitMs: Math.round(stats.clientWaitMs), workerWaitMs: Math.round(stats.workerWaitMs ?? 0), actions,
    });
  }
  return out;
}

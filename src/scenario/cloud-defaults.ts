/**
 * The clouds' defaults as rows of `fleetsim schema --defaults`: API buckets and windows, call
 * latencies, instance boot, join and delete times, retries, managed node-pool settings, the
 * provider controllers' concurrency (each overridable under `clouds.<cloud>`), and the fixed parts
 * of how CAPA, CAPZ and CAPG poll and requeue. Values are read from the cloud models' public
 * exports, so the table shows what a run uses; sources come from cloud-default-sources.ts.
 */

import {
  ASO_OPERATION_POLL, CAPA_CLIENT_LIMITS, CAPA_EKS_WAITER, CAPA_REQUEUE, CAPG_GKE_REQUEUE, CAPG_OPERATION_POLL, CAPZ_429_REQUEUE, CAPZ_POLL_TIMING,
  DEFAULT_CATALOGS, describeLimit, type CloudKind, type LimitSpec,
} from '../cloud/index.js';
import type { DistributionSpec } from '../engine/distribution.js';
import { formatDuration } from '../engine/duration.js';
import { cloudDefaultSource } from './cloud-default-sources.js';
import { CCM_NODE_MONITOR_PERIOD } from '../workload/cloud-node-lifecycle.js';

export interface CloudDefaultRow {
  cloud: CloudKind;
  /** What cloud-default-sources.ts keys the source by: `api.RunInstances`, `instanceBoot`, `model.capzPolls`, … */
  key: string;
  /** The scenario field (`clouds.aws.api.RunInstances`), or what the row is when it is not one. */
  path: string;
  default: string;
}

const SCOPE: Record<string, string> = { region: 'per account and region', account: 'per account', resource: 'per resource' };

function limitText(spec: LimitSpec): string {
  return `${describeLimit(spec)} ${SCOPE[spec.scope] ?? spec.scope}`;
}

export function distributionText(spec: DistributionSpec): string {
  const d = formatDuration;
  switch (spec.distribution) {
    case 'constant': return `constant ${d(spec.value)}`;
    case 'uniform': return `uniform ${d(spec.min)}–${d(spec.max)}`;
    case 'exponential': return `exponential, mean ${d(spec.mean)}`;
    case 'normal': return `normal, mean ${d(spec.mean)}, stddev ${d(spec.stddev)}`;
    case 'lognormal': return `lognormal, median ${d(spec.median)}, p95 ${d(spec.p95)}`;
    case 'empirical': return `empirical, ${Object.entries(spec.percentiles).map(([p, v]) => `${p} ${d(v)}`).join(', ')}`;
  }
}

function catalogRows(cloud: CloudKind): Array<Omit<CloudDefaultRow, 'cloud'>> {
  const catalog = DEFAULT_CATALOGS[cloud];
  const field = (key: string) => `clouds.${cloud}.${key}`;
  const rows: Array<Omit<CloudDefaultRow, 'cloud'>> = [];
  for (const [name, spec] of Object.entries(catalog.limits)) rows.push({ key: `api.${name}`, path: field(`api.${name}`), default: limitText(spec) });
  for (const [name, action] of Object.entries(catalog.actions)) {
    rows.push({ key: `apiLatency.${name}`, path: field(`apiLatency.${name}`), default: `${distributionText(action.latency)}; draws on ${action.charges.map((c) => c.limit).join(', ')}` });
  }
  for (const [name, spec] of Object.entries(catalog.timings)) rows.push({ key: name, path: field(name), default: distributionText(spec) });
  const r = catalog.retry;
  rows.push({ key: 'retry', path: field('retry'), default: `${r.policy}: ${r.maxAttempts} attempt${r.maxAttempts === 1 ? '' : 's'}, backoff ${formatDuration(r.baseDelayMs)} up to ${formatDuration(r.maxDelayMs)}` });
  for (const [name, value] of Object.entries(catalog.nodePool)) {
    rows.push({ key: `nodePool.${name}`, path: field(`nodePool.${name}`), default: name === 'drainTimeout' || name === 'soak' ? formatDuration(value as number) : String(value) });
  }
  rows.push({ key: 'controllerConcurrency', path: field('controllerConcurrency'), default: String(catalog.controllerConcurrency) });
  rows.push({ key: 'nodeMonitorPeriod', path: field('nodeMonitorPeriod'), default: formatDuration(CCM_NODE_MONITOR_PERIOD) });
  return rows;
}

/** How the providers poll and requeue: part of the model, not scenario fields. */
function modelRows(cloud: CloudKind): Array<Omit<CloudDefaultRow, 'cloud'>> {
  const d = formatDuration;
  switch (cloud) {
    case 'aws': return [
      { key: 'model.requeue.pendingInstance', path: 'aws: CAPA requeues an AWSMachine while its instance is pending', default: d(CAPA_REQUEUE.pendingInstance) },
      { key: 'model.requeue.deleting', path: 'aws: CAPA requeues an AWSMachine until its instance is terminated', default: d(CAPA_REQUEUE.deleting) },
      ...CAPA_CLIENT_LIMITS.map((rule) => ({
        key: `model.clientLimits.${rule.prefixes.join(',')}`,
        path: `aws: CAPA's client-side limiter per cluster, ${rule.prefixes.includes('*') ? 'every other call' : `calls starting ${rule.prefixes.join(', ')}`}`,
        default: rule.limit === undefined ? 'not limited' : `burst ${rule.limit.burst}, ${rule.limit.refillPerSecond}/s`,
      })),
      { key: 'model.eksWaiter', path: 'aws: CAPA waits for an updating EKS cluster or node group', default: `polls every ${d(CAPA_EKS_WAITER.minDelay)}–${d(CAPA_EKS_WAITER.maxDelay)}, at most ${d(CAPA_EKS_WAITER.maxWait)} per reconcile` },
    ];
    case 'azure': return [
      { key: 'model.capzPolls', path: 'azure: CAPZ polls a VM operation', default: `every ${d(CAPZ_POLL_TIMING.pollFrequency)} for ${d(CAPZ_POLL_TIMING.callTimeout)}, then requeues after ${d(CAPZ_POLL_TIMING.requeue)}` },
      { key: 'model.http429Requeue', path: 'azure: CAPZ requeues after a 429 without Retry-After', default: d(CAPZ_429_REQUEUE) },
      { key: 'model.asoPoll', path: 'azure: ASO polls an AKS operation (managed cluster, agent pool)', default: `every ${d(ASO_OPERATION_POLL)}` },
    ];
    case 'gcp': return [
      { key: 'model.operationPoll', path: 'gcp: CAPG polls a Compute operation', default: `at least ${d(CAPG_OPERATION_POLL)} apart` },
      { key: 'model.gkeRequeue', path: 'gcp: CAPG requeues a busy GKE cluster or node pool', default: d(CAPG_GKE_REQUEUE) },
    ];
  }
}

/** The clouds with an API model, in the catalogs' order. */
export const MODELLED_CLOUDS = Object.keys(DEFAULT_CATALOGS) as CloudKind[];

export function cloudDefaultRows(): CloudDefaultRow[] {
  return MODELLED_CLOUDS.flatMap((cloud) => [...catalogRows(cloud), ...modelRows(cloud)].map((row) => ({ cloud, ...row })));
}

/** The rows with their sources, as `fleetsim schema --defaults` lists them. */
export function cloudDefaultsTable(): Array<{ path: string; default: string; source: string }> {
  return cloudDefaultRows().map((row) => ({ path: row.path, default: row.default, source: cloudDefaultSource(row.cloud, row.key) ?? 'fleetsim (no source recorded: see src/scenario/cloud-default-sources.ts)' }));
}

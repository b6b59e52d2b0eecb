/**
 * GCP defaults: Compute Engine rate quotas (per-minute fixed windows), gax retries as CAPG uses
 * them, instance timings, error codes and GKE node pool settings. Sources are in
 * docs/sources/cloud-facts.md (§ next to each value) and the documents it cites.
 * UNCONFIRMED values are assumptions, overridable under `clouds.gcp`.
 */

import { MINUTE, SECOND } from '../../engine/duration.js';
import type { CloudCatalog } from '../catalog.js';
import type { Charge } from '../limits/limit-store.js';
import type { LimitSpec } from '../limits/limiter.js';

/** A per-minute quota counted in clock-aligned 60 s windows (§3.1). */
const perMinute = (limit: number, scope: 'region' | 'account'): LimitSpec => ({ kind: 'window', limit, windowMs: MINUTE, scope });
const request = (limit: string): Charge => ({ limit, per: 'request', when: 'admit' });
/** Call latency (§3.5: UNCONFIRMED): get 0.2 s, insert accept 1 s; p95 assumed 5× and 3×. */
const GET_LATENCY = { distribution: 'lognormal' as const, median: 200, p95: 1 * SECOND };
const MUTATE_LATENCY = { distribution: 'lognormal' as const, median: 1 * SECOND, p95: 3 * SECOND };

export const GCP_CATALOG: CloudCatalog = {
  cloud: 'gcp',
  limits: {
    // Regional quota groups for instances.insert/delete/get: UNCONFIRMED, assumed 1 500 per
    // minute per project and region (§3.1).
    regionalWrites: perMinute(1500, 'region'),
    regionalReads: perMinute(1500, 'region'),
    // Legacy global groups, per project across regions (§3.1, "Compute Engine rate quotas",
    // https://cloud.google.com/compute/api-quota): "Queries" (global mutations) and "Read requests".
    queries: perMinute(1500, 'account'),
    readRequests: perMinute(1500, 'account'),
    // GKE API request quota: not found (§3.3, UNCONFIRMED); assumed 3 000 per minute per project.
    'gke.requests': perMinute(3000, 'account'),
  },
  actions: {
    'instances.insert': { charges: [request('regionalWrites')], latency: MUTATE_LATENCY },
    'instances.delete': { charges: [request('regionalWrites')], latency: MUTATE_LATENCY },
    'instances.get': { charges: [request('regionalReads')], latency: GET_LATENCY },
    'zoneOperations.get': { charges: [request('regionalReads')], latency: GET_LATENCY },
    // GKE (managed control planes: control-plane-upgrade.ts; node pools: gke-node-pools.ts); latencies UNCONFIRMED.
    'gke.clusters.update': { charges: [request('gke.requests')], latency: MUTATE_LATENCY },
    'gke.nodePools.update': { charges: [request('gke.requests')], latency: MUTATE_LATENCY },
    'gke.nodePools.setSize': { charges: [request('gke.requests')], latency: MUTATE_LATENCY },
    'gke.clusters.get': { charges: [request('gke.requests')], latency: GET_LATENCY },
    'gke.nodePools.get': { charges: [request('gke.requests')], latency: GET_LATENCY },
    'gke.operations.get': { charges: [request('gke.requests')], latency: GET_LATENCY },
  },
  timings: {
    // insert → RUNNING: UNCONFIRMED p50 25 s / p95 60 s (§3.5). The insert operation is taken
    // to be DONE when the instance is RUNNING (UNCONFIRMED).
    instanceBoot: { distribution: 'lognormal', median: 25 * SECOND, p95: 60 * SECOND },
    // RUNNING → kubelet Ready: UNCONFIRMED 45 s / 90 s (§3.5).
    kubeletJoin: { distribution: 'lognormal', median: 45 * SECOND, p95: 90 * SECOND },
    // delete operation: UNCONFIRMED 30 s (§5), p95 60 s.
    instanceDelete: { distribution: 'lognormal', median: 30 * SECOND, p95: 60 * SECOND },
    // An insert operation DONE with ZONE_RESOURCE_POOL_EXHAUSTED: UNCONFIRMED p50 10 s / p95 30 s.
    allocationFailure: { distribution: 'lognormal', median: 10 * SECOND, p95: 30 * SECOND },
    // GKE control plane: UNCONFIRMED 15 min zonal / 30 min regional (§3.3).
    controlPlaneUpgrade: { distribution: 'lognormal', median: 15 * MINUTE, p95: 30 * MINUTE },
  },
  // gax Backoff Initial 1 s, Max 30 s (§3.2); CAPG's compute/v1 client makes one attempt.
  retry: { policy: 'gax', maxAttempts: 1, baseDelayMs: 1 * SECOND, maxDelayMs: 30 * SECOND },
  errors: {
    // HTTP 403, reason rateLimitExceeded (§3.1).
    throttle: { code: 'rateLimitExceeded', status: 403 },
    server: { code: 'backendError', status: 503 },
    unavailable: { code: 'ConnectionError', status: 0, timeout: true },
    // Errors of a DONE insert operation, not HTTP answers (status 0 here): capacity (§3.1,
    // 3rd-party) and quota (UNCONFIRMED code).
    capacity: { code: 'ZONE_RESOURCE_POOL_EXHAUSTED', status: 0 },
    quota: { code: 'QUOTA_EXCEEDED', status: 0 },
    // GKE refuses an update while another operation runs on the cluster (FAILED_PRECONDITION) and
    // a control-plane step of more than one minor (INVALID_ARGUMENT); both UNCONFIRMED.
    conflict: { code: 'FAILED_PRECONDITION', status: 400 },
    invalid: { code: 'INVALID_ARGUMENT', status: 400 },
  },
  // Machines reconciled at once: 10 (CAPG@5e0bb3b2 main.go `--gcpmachine-concurrency`).
  controllerConcurrency: 10,
  throttleRetryAfter: false,
  nodePool: {
    // GKE surge upgrade: maxSurge 1 (gcloud default, 3rd-party copy), maxUnavailable 0
    // (UNCONFIRMED); PDBs respected up to 1 h (3rd-party); no soak in surge mode (§3.3).
    maxSurge: 1,
    maxUnavailable: 0,
    drainTimeout: 60 * MINUTE,
    soak: 0,
    // After the PDB wait, GKE removes the pods and goes on (3rd-party, §3.3).
    onDrainTimeout: 'force',
  },
};

/**
 * CAPG's operation polling (CAPG@5e0bb3b2 cloud/scope/clients.go `GCPRateLimiter.Accept`): every
 * `Operations.Get` waits at least 1 s (`MinimumRateLimiter`). The 5 qps token bucket there is
 * created anew on each call, so it never binds: only the 1 s minimum shapes the polls (this
 * corrects cloud-facts.md §3.4, which reads it as a shared 5 qps limiter).
 */
export const CAPG_OPERATION_POLL = 1 * SECOND;

/** CAPG's requeue for GKE clusters and node pools while they are busy (`DefaultRetryTime`, §3.4). */
export const CAPG_GKE_REQUEUE = 60 * SECOND;

/**
 * Azure defaults: Azure Resource Manager (ARM), Compute resource provider (CRP) and AKS resource
 * provider limits, azcore retries as CAPZ configures them, VM timings, error codes and AKS node
 * pool settings. Sources are in docs/sources/cloud-facts.md (§ next to each value) and
 * the documents it cites. UNCONFIRMED values are assumptions, overridable under `clouds.azure`.
 */

import { MINUTE, SECOND } from '../../engine/duration.js';
import type { CloudCatalog } from '../catalog.js';
import type { Charge } from '../limits/limit-store.js';
import type { LimitSpec } from '../limits/limiter.js';

/** ARM: token buckets per subscription (and service principal) per region, refilled per second (§2.1). */
const arm = (capacity: number, refillPerSecond: number): LimitSpec => ({ kind: 'bucket', capacity, refillPerSecond, scope: 'region' });
/** CRP: "buckets full at resource creation; refill once per minute" — a step every 60 s (§2.2). */
const crp = (capacity: number, perMinute: number, scope: 'region' | 'resource'): LimitSpec =>
  ({ kind: 'bucket', capacity, refillPerSecond: perMinute / 60, refillIntervalMs: MINUTE, scope });
/** AKS RP: token buckets per region at the stated scope (§2.3). */
const aks = (capacity: number, refillPerSecond: number, scope: 'region' | 'resource'): LimitSpec => ({ kind: 'bucket', capacity, refillPerSecond, scope });
const request = (limit: string): Charge => ({ limit, per: 'request', when: 'admit' });
/** ARM call latency (§2.7: UNCONFIRMED): GET p50 0.2 s / p95 1 s; PUT/DELETE accept p50 1 s / p95 3 s. */
const GET_LATENCY = { distribution: 'lognormal' as const, median: 200, p95: 1 * SECOND };
const PUT_LATENCY = { distribution: 'lognormal' as const, median: 1 * SECOND, p95: 3 * SECOND };

export const AZURE_CATALOG: CloudCatalog = {
  cloud: 'azure',
  limits: {
    // "Understand how Azure Resource Manager throttles requests" (current token-bucket model; §2.1).
    'arm.reads': arm(250, 25),
    'arm.writes': arm(200, 10),
    'arm.deletes': arm(200, 10),
    // "Compute throttling limits" (MicrosoftDocs/azure-compute-docs@1a043fb3; §2.2): per
    // subscription (region scope here) and per resource (per VM), capacity / refill per minute.
    'crp.PutVM': crp(1500, 500, 'region'),
    'crp.PutVM.perResource': crp(12, 4, 'resource'),
    'crp.DeleteVM': crp(1500, 500, 'region'),
    'crp.DeleteVM.perResource': crp(12, 4, 'resource'),
    'crp.LowCostGetVM': crp(24000, 8000, 'region'),
    'crp.LowCostGetVM.perResource': crp(36, 12, 'resource'),
    'crp.HighCostGetVM': crp(900, 300, 'region'),
    'crp.GetOperation': crp(15000, 5000, 'region'),
    'crp.GetOperation.perResource': crp(45, 15, 'resource'),
    // AKS resource provider (MicrosoftDocs/azure-aks-docs@fb060abe quotas-skus-regions.md; §2.3).
    'aks.PutManagedCluster': aks(20, 1 / 60, 'resource'),
    'aks.PutAgentPool': aks(20, 1 / 60, 'resource'),
    'aks.GetManagedCluster': aks(60, 1, 'resource'),
    'aks.GetOperation': aks(200, 2, 'region'),
    'aks.other': aks(60, 1, 'region'),
  },
  actions: {
    'VirtualMachines.CreateOrUpdate': { charges: [request('arm.writes'), request('crp.PutVM'), request('crp.PutVM.perResource')], latency: PUT_LATENCY },
    'VirtualMachines.Delete': { charges: [request('arm.deletes'), request('crp.DeleteVM'), request('crp.DeleteVM.perResource')], latency: PUT_LATENCY },
    'VirtualMachines.Get': { charges: [request('arm.reads'), request('crp.LowCostGetVM'), request('crp.LowCostGetVM.perResource')], latency: GET_LATENCY },
    'VirtualMachines.List': { charges: [request('arm.reads'), request('crp.HighCostGetVM')], latency: GET_LATENCY },
    // The status of a Compute long-running operation (what CAPZ's poller GETs).
    'Operations.Get': { charges: [request('arm.reads'), request('crp.GetOperation'), request('crp.GetOperation.perResource')], latency: GET_LATENCY },
    // AKS (managed control planes: control-plane-upgrade.ts; agent pools: aks-agent-pools.ts); latencies UNCONFIRMED as ARM's.
    'ManagedClusters.CreateOrUpdate': { charges: [request('arm.writes'), request('aks.PutManagedCluster')], latency: PUT_LATENCY },
    'AgentPools.CreateOrUpdate': { charges: [request('arm.writes'), request('aks.PutAgentPool')], latency: PUT_LATENCY },
    'ManagedClusters.Get': { charges: [request('arm.reads'), request('aks.GetManagedCluster')], latency: GET_LATENCY },
    'AksOperations.Get': { charges: [request('arm.reads'), request('aks.GetOperation')], latency: GET_LATENCY },
  },
  timings: {
    // VM PUT → provisioning Succeeded: UNCONFIRMED p50 60 s / p95 150 s (§2.7).
    instanceBoot: { distribution: 'lognormal', median: 60 * SECOND, p95: 150 * SECOND },
    // Node Ready 30–60 s after: UNCONFIRMED (§2.7).
    kubeletJoin: { distribution: 'uniform', min: 30 * SECOND, max: 60 * SECOND },
    // VM DELETE operation: UNCONFIRMED 60 s (§5), p95 120 s.
    instanceDelete: { distribution: 'lognormal', median: 60 * SECOND, p95: 120 * SECOND },
    // Time until a create operation fails with ZonalAllocationFailed: UNCONFIRMED (not in the
    // research), assumed p50 20 s / p95 60 s.
    allocationFailure: { distribution: 'lognormal', median: 20 * SECOND, p95: 60 * SECOND },
    // AKS control plane: UNCONFIRMED, assumed 10 min (§2.5), p95 20 min.
    controlPlaneUpgrade: { distribution: 'lognormal', median: 10 * MINUTE, p95: 20 * MINUTE },
  },
  // azcore: RetryDelay 800 ms, MaxRetryDelay 60 s (§2.4); CAPZ sets MaxRetries −1, one try
  // (CAPZ@69ec3a40 azure/defaults.go `ARMClientOptions`; §2.6). maxAttempts 4 turns azcore's
  // default 3 retries back on.
  retry: { policy: 'azcore', maxAttempts: 1, baseDelayMs: 800, maxDelayMs: 60 * SECOND },
  errors: {
    // 429 with Retry-After in seconds (§2.1; AKS answers with code `Throttled`, §2.3).
    throttle: { code: 'TooManyRequests', status: 429 },
    server: { code: 'InternalServerError', status: 500 },
    unavailable: { code: 'ConnectionError', status: 0, timeout: true },
    // Reported by the create operation, not the PUT: UNCONFIRMED (assumed, §2.2).
    capacity: { code: 'ZonalAllocationFailed', status: 409 },
    // Cores quota refusal; the code is UNCONFIRMED (not in the research).
    quota: { code: 'OperationNotAllowed', status: 409 },
    // AKS refuses a PUT while another operation runs on the cluster or pool (409) and a minor
    // version skip on non-LTS clusters (§2.5); both codes UNCONFIRMED.
    conflict: { code: 'OperationNotAllowed', status: 409 },
    invalid: { code: 'InvalidParameter', status: 400 },
  },
  // Machines reconciled at once: 10 (CAPZ@69ec3a40 main.go `--azuremachine-concurrency`).
  controllerConcurrency: 10,
  throttleRetryAfter: true,
  nodePool: {
    // AKS agent pool upgrades (§2.5): maxSurge default disputed ("1 node" vs "10 %"): 10 % as
    // the newer API reference says; maxUnavailable 0; drain timeout 30 min; node soak 0.
    maxSurge: '10%',
    maxUnavailable: 0,
    drainTimeout: 30 * MINUTE,
    soak: 0,
    // undrainableNodeBehavior defaults to Schedule (§2.5): "AKS will mark the blocked nodes
    // schedulable, but the blocked nodes are not upgraded ... The upgrade operation and the managed
    // cluster will be in failed state" (UndrainableNodeBehavior, Azure SDK API reference,
    // https://learn.microsoft.com/dotnet/api/azure.resourcemanager.containerservice.models.undrainablenodebehavior).
    onDrainTimeout: 'fail',
  },
};

/**
 * How often ASO polls a long-running AKS operation (managed clusters and agent pools): ASO's own
 * policy is UNCONFIRMED (§2.6, ASO v2.19 not read); assumed azcore's default poll frequency of
 * 30 s when ARM sends no Retry-After (§2.4, sdk/azcore/runtime/poller.go). CAPZ watches the ASO
 * resources, so it learns the result when ASO does.
 */
export const ASO_OPERATION_POLL = 30 * SECOND;

/** CAPZ's answer to a 429 without Retry-After: requeue after 60 s (`DefaultHTTP429RetryAfter`, §2.6). */
export const CAPZ_429_REQUEUE = 60 * SECOND;

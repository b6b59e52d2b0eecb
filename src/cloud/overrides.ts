/**
 * Scenario overrides of a cloud's defaults (`clouds.<cloud>` in a scenario file): their schema, and
 * how they are merged into the catalog. Durations are integer milliseconds (the schema parses `90s`).
 * `validateCloudOverrides` returns every problem with its path inside `clouds.<cloud>`, for the
 * scenario layer to point at the file position.
 */

import { z } from 'zod';
import { distributionError, type DistributionSpec } from '../engine/distribution.js';
import { Duration, Identifier, IntOrPercent, NonEmptyString, NonNegativeInt, PositiveInt, TimeDistribution, Zone } from '../schema/fields.js';
import type { CloudCatalog, CloudTimings, NodePoolSettings } from './catalog.js';
import { describeLimit, type LimitSpec } from './limits/limiter.js';

/**
 * A limit override: a token bucket (`bucket` + one refill rate) or, for GCP's per-minute windows,
 * `bucket` alone. Which form an action takes is the catalog's business: `validateCloudOverrides`
 * checks it once the shape is right.
 */
const ApiLimitSchema = z
  .strictObject({
    bucket: PositiveInt,
    refillPerSecond: z.number().positive().optional(),
    refillPerMinute: z.number().positive().optional(),
  })
  .superRefine((value, ctx) => {
    if (value.refillPerSecond !== undefined && value.refillPerMinute !== undefined) {
      ctx.addIssue({ code: 'custom', message: 'expected at most one of refillPerSecond and refillPerMinute', input: value });
    }
  });

/** `vcpus` is not modelled yet: rejected with an explanation. */
const QuotaSchema = z.strictObject({ instances: NonNegativeInt.optional(), vcpus: NonNegativeInt.optional() });

/** `clouds.<cloud>` of a scenario file. */
export const CloudOverrideSchema = z.strictObject({
  api: z.record(Identifier, ApiLimitSchema).optional().meta({ description: 'Token buckets keyed by API action (RunInstances) or class (mutating).' }),
  instanceBoot: TimeDistribution.optional(),
  kubeletJoin: TimeDistribution.optional(),
  instanceDelete: TimeDistribution.optional(),
  apiLatency: z.record(Identifier, TimeDistribution).optional().meta({ description: 'Call latency keyed by API action name (RunInstances, VirtualMachines.CreateOrUpdate, instances.insert, …).' }),
  retry: z.strictObject({ maxAttempts: PositiveInt.optional(), baseDelay: Duration.optional(), maxDelay: Duration.optional() }).optional(),
  capacity: z.array(z.strictObject({ zone: Zone, instanceType: NonEmptyString.optional(), maxInstances: NonNegativeInt })).optional(),
  quota: QuotaSchema.optional(),
  controlPlaneUpgrade: TimeDistribution.optional(),
  allocationFailure: TimeDistribution.optional().meta({ description: 'How long a create takes to fail for lack of capacity (ms).' }),
  nodeMonitorPeriod: Duration.refine((ms) => ms > 0, { error: 'expected a period longer than 0' }).optional().meta({ description: "How often the workload clusters' cloud-controller-manager deletes Nodes that are not Ready and whose instance is gone (--node-monitor-period, default 5s: k8s.io/cloud-provider controllers/nodelifecycle MonitorNodes)." }),
  controllerConcurrency: PositiveInt.optional().meta({ description: "Machines the provider's controller reconciles at once (CAPA/CAPZ/CAPG --*machine-concurrency, default 10)." }),
  nodePool: z.strictObject({
    maxSurge: IntOrPercent.optional(),
    maxUnavailable: IntOrPercent.optional(),
    drainTimeout: Duration.optional(),
    soak: Duration.optional(),
    onDrainTimeout: z.enum(['fail', 'force']).optional().meta({ description: 'What a managed node-pool upgrade does when a drain runs past drainTimeout: fail the update (EKS, AKS default) or force the pods out (GKE after 1 h).' }),
  }).optional(),
  accounts: z.record(NonEmptyString, z.strictObject({ api: z.record(Identifier, ApiLimitSchema).optional(), quota: QuotaSchema.optional() })).optional(),
});

// The types are what the schema outputs (durations in ms); code that builds overrides by hand
// (tests, the sweep's `--set`) is checked by `validateCloudOverrides` as well.
/** `clouds.<cloud>.api.<limit>`: a token bucket's size and refill, or a window's requests per window. */
export type ApiLimitOverride = z.output<typeof ApiLimitSchema>;
export type CloudOverrides = z.output<typeof CloudOverrideSchema>;
export type RetryOverride = NonNullable<CloudOverrides['retry']>;
export type QuotaOverride = z.output<typeof QuotaSchema>;
export type NodePoolOverride = NonNullable<CloudOverrides['nodePool']>;
/** Overrides that apply to one account (AWS account, Azure subscription, GCP project). */
export type AccountOverrides = NonNullable<CloudOverrides['accounts']>[string];

export interface OverrideIssue {
  /** Path inside `clouds.<cloud>`, e.g. `api.RunInstances.refillPerSecond`. */
  path: string;
  message: string;
}

const TIMING_FIELDS = ['instanceBoot', 'kubeletJoin', 'instanceDelete', 'allocationFailure', 'controlPlaneUpgrade'] as const satisfies ReadonlyArray<keyof CloudTimings>;
const DOCKER_FIELDS = new Set(['instanceBoot', 'kubeletJoin', 'instanceDelete']);

/** Every problem in `overrides` for `catalog`'s cloud (an empty list when they can be applied). */
export function validateCloudOverrides(catalog: CloudCatalog, overrides: CloudOverrides): OverrideIssue[] {
  const issues: OverrideIssue[] = [];
  validateApi(catalog, overrides.api, 'api', issues);
  for (const [action, spec] of Object.entries(overrides.apiLatency ?? {})) {
    if (catalog.actions[action] === undefined) {
      issues.push({ path: `apiLatency.${action}`, message: `unknown ${catalog.cloud} API action "${action}"${suggest(action, Object.keys(catalog.actions))}; known: ${Object.keys(catalog.actions).sort().join(', ')}` });
      continue;
    }
    checkDistribution(spec, `apiLatency.${action}`, issues);
  }
  for (const field of TIMING_FIELDS) {
    const spec = overrides[field];
    if (spec !== undefined) checkDistribution(spec, field, issues);
  }
  const retry = overrides.retry;
  if (retry !== undefined) {
    if (retry.maxAttempts !== undefined && !(Number.isInteger(retry.maxAttempts) && retry.maxAttempts >= 1)) {
      issues.push({ path: 'retry.maxAttempts', message: `expected an integer ≥ 1 (attempts in all, 1 = no retries), got ${retry.maxAttempts}` });
    }
    for (const field of ['baseDelay', 'maxDelay'] as const) {
      const value = retry[field];
      if (value !== undefined && !(Number.isFinite(value) && value >= 0)) issues.push({ path: `retry.${field}`, message: `expected a duration ≥ 0, got ${value}` });
    }
  }
  (overrides.capacity ?? []).forEach((limit, index) => {
    if (!(Number.isInteger(limit.maxInstances) && limit.maxInstances >= 0)) {
      issues.push({ path: `capacity[${index}].maxInstances`, message: `expected an integer ≥ 0, got ${limit.maxInstances}` });
    }
    if (typeof limit.zone !== 'string' || limit.zone === '') issues.push({ path: `capacity[${index}].zone`, message: 'expected a zone name' });
  });
  validateQuota(overrides.quota, 'quota', issues);
  const concurrency = overrides.controllerConcurrency;
  if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency >= 1)) {
    issues.push({ path: 'controllerConcurrency', message: `expected an integer ≥ 1, got ${concurrency}` });
  }
  const pool = overrides.nodePool;
  if (pool !== undefined) {
    for (const field of ['maxSurge', 'maxUnavailable'] as const) {
      const value = pool[field];
      if (value !== undefined && !isIntOrPercent(value)) issues.push({ path: `nodePool.${field}`, message: `expected an integer ≥ 0 or a percent such as "25%", got ${JSON.stringify(value)}` });
    }
    for (const field of ['drainTimeout', 'soak'] as const) {
      const value = pool[field];
      if (value !== undefined && !(Number.isFinite(value) && value >= 0)) issues.push({ path: `nodePool.${field}`, message: `expected a duration ≥ 0, got ${value}` });
    }
    if (pool.onDrainTimeout !== undefined && pool.onDrainTimeout !== 'fail' && pool.onDrainTimeout !== 'force') {
      issues.push({ path: 'nodePool.onDrainTimeout', message: `expected "fail" or "force", got ${JSON.stringify(pool.onDrainTimeout)}` });
    }
  }
  for (const [account, accountOverrides] of Object.entries(overrides.accounts ?? {})) {
    validateApi(catalog, accountOverrides.api, `accounts.${account}.api`, issues);
    validateQuota(accountOverrides.quota, `accounts.${account}.quota`, issues);
  }
  return issues;
}

/** Docker has no API and no limits: only its instance timings can be overridden. */
export function validateDockerOverrides(overrides: CloudOverrides): OverrideIssue[] {
  const issues: OverrideIssue[] = [];
  for (const key of Object.keys(overrides)) {
    const value = (overrides as Record<string, unknown>)[key];
    if (value === undefined) continue;
    if (!DOCKER_FIELDS.has(key)) {
      issues.push({ path: key, message: `docker has no API limits, capacity or managed node pools; only ${[...DOCKER_FIELDS].join(', ')} apply` });
    } else {
      checkDistribution(value as DistributionSpec, key, issues);
    }
  }
  return issues;
}

function validateApi(catalog: CloudCatalog, api: Record<string, ApiLimitOverride> | undefined, path: string, issues: OverrideIssue[]): void {
  for (const [name, override] of Object.entries(api ?? {})) {
    const spec = catalog.limits[name];
    const at = `${path}.${name}`;
    if (spec === undefined) {
      const known = Object.keys(catalog.limits).sort();
      issues.push({ path: at, message: `unknown ${catalog.cloud} API limit "${name}"${suggest(name, known)}; known: ${known.join(', ')}` });
      continue;
    }
    if (!(Number.isInteger(override.bucket) && override.bucket > 0)) issues.push({ path: `${at}.bucket`, message: `expected an integer > 0, got ${override.bucket}` });
    const perSecond = refillPerSecond(override);
    if (perSecond !== undefined && !(Number.isFinite(perSecond) && perSecond >= 0)) {
      issues.push({ path: at, message: `expected a refill ≥ 0, got ${override.refillPerSecond ?? override.refillPerMinute}` });
    }
    if (override.refillPerSecond !== undefined && override.refillPerMinute !== undefined && Math.abs(override.refillPerSecond * 60 - override.refillPerMinute) > 1e-9) {
      issues.push({ path: at, message: `refillPerSecond ${override.refillPerSecond} and refillPerMinute ${override.refillPerMinute} disagree: give one` });
    }
    if (spec.kind === 'window' && perSecond !== undefined) {
      const perWindow = (perSecond * spec.windowMs) / 1000;
      if (Math.abs(perWindow - override.bucket) > 1e-6) {
        issues.push({ path: at, message: `"${name}" is a fixed ${spec.windowMs / 1000} s window (default ${describeLimit(spec)}): its one number is the requests per window; give bucket alone, or a refill equal to it per window (${override.bucket} per window ≠ ${perWindow})` });
      }
    }
  }
}

function validateQuota(quota: QuotaOverride | undefined, path: string, issues: OverrideIssue[]): void {
  if (quota === undefined) return;
  if (quota.instances !== undefined && !(Number.isInteger(quota.instances) && quota.instances >= 0)) {
    issues.push({ path: `${path}.instances`, message: `expected an integer ≥ 0, got ${quota.instances}` });
  }
  if (quota.vcpus !== undefined) {
    issues.push({ path: `${path}.vcpus`, message: 'vCPU quotas are not modelled yet (fleetsim does not know vCPUs per instance type); use quota.instances' });
  }
}

function checkDistribution(spec: DistributionSpec, path: string, issues: OverrideIssue[]): void {
  const error = typeof spec === 'object' && spec !== null ? distributionError(spec) : 'expected a distribution';
  if (error !== undefined) issues.push({ path, message: error });
}

/** As the scenario's int-or-percent: whole percents only, as kube/intstr.ts resolves them. */
function isIntOrPercent(value: unknown): boolean {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0;
  return typeof value === 'string' && /^\d+%$/.test(value);
}

function refillPerSecond(override: ApiLimitOverride): number | undefined {
  if (override.refillPerSecond !== undefined) return override.refillPerSecond;
  if (override.refillPerMinute !== undefined) return override.refillPerMinute / 60;
  return undefined;
}

/** ` (did you mean "X"?)` when a known name is close. */
function suggest(name: string, known: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
  const lower = name.toLowerCase();
  for (const candidate of known) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best === undefined ? '' : ` (did you mean "${best}"?)`;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

function applyLimit(spec: LimitSpec, override: ApiLimitOverride): LimitSpec {
  if (spec.kind === 'window') return { ...spec, limit: override.bucket };
  const perSecond = refillPerSecond(override);
  return { ...spec, capacity: override.bucket, refillPerSecond: perSecond ?? spec.refillPerSecond };
}

/**
 * The catalog with `overrides` applied, then `account`'s own overrides (api, quota). Assumes
 * `validateCloudOverrides` found no issue.
 */
export function applyOverrides(base: CloudCatalog, overrides: CloudOverrides | undefined, account?: string): CloudCatalog {
  if (overrides === undefined) return base;
  const accountOverrides = account === undefined ? undefined : overrides.accounts?.[account];
  const limits = { ...base.limits };
  for (const api of [overrides.api, accountOverrides?.api]) {
    for (const [name, override] of Object.entries(api ?? {})) limits[name] = applyLimit(limits[name]!, override);
  }
  const actions = { ...base.actions };
  for (const [name, latency] of Object.entries(overrides.apiLatency ?? {})) actions[name] = { ...actions[name]!, latency };
  const timings: CloudTimings = { ...base.timings };
  for (const field of TIMING_FIELDS) {
    const spec = overrides[field];
    if (spec !== undefined) timings[field] = spec;
  }
  const retry = { ...base.retry };
  if (overrides.retry?.maxAttempts !== undefined) retry.maxAttempts = overrides.retry.maxAttempts;
  if (overrides.retry?.baseDelay !== undefined) retry.baseDelayMs = overrides.retry.baseDelay;
  if (overrides.retry?.maxDelay !== undefined) retry.maxDelayMs = overrides.retry.maxDelay;
  const nodePool: NodePoolSettings = { ...base.nodePool };
  const pool = overrides.nodePool;
  if (pool?.maxSurge !== undefined) nodePool.maxSurge = pool.maxSurge;
  if (pool?.maxUnavailable !== undefined) nodePool.maxUnavailable = pool.maxUnavailable;
  if (pool?.drainTimeout !== undefined) nodePool.drainTimeout = pool.drainTimeout;
  if (pool?.soak !== undefined) nodePool.soak = pool.soak;
  if (pool?.onDrainTimeout !== undefined) nodePool.onDrainTimeout = pool.onDrainTimeout;
  const catalog: CloudCatalog = { ...base, limits, actions, timings, retry, nodePool };
  if (overrides.controllerConcurrency !== undefined) catalog.controllerConcurrency = overrides.controllerConcurrency;
  const quota = accountOverrides?.quota?.instances ?? overrides.quota?.instances;
  if (quota !== undefined) catalog.instanceQuota = quota;
  return catalog;
}

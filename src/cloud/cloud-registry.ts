/**
 * Builds one provider per (cloud, account, region) on first use, from the cloud's defaults merged
 * with the scenario's overrides, and collects their stats. Regions of one account share its
 * account-scoped limits (GCP's global quota groups).
 */

import type { RandomStreams } from '../engine/random.js';
import type { Simulation } from '../engine/simulation.js';
import { must } from '../engine/must.js';
import type { Timeline } from '../timeline/index.js';
import { samplingError, type CallEventSampling } from './call-events.js';
import type { CloudCatalog, CloudKind } from './catalog.js';
import type { CloudProvider, CloudProviderOptions } from './cloud-provider.js';
import { CLOUDS, PROVIDER_KINDS } from './clouds.js';
import { WorkerPool } from './controller-workers.js';
import type { Limiter } from './limits/limiter.js';
import { applyOverrides, type CloudOverrides, type OverrideIssue } from './overrides.js';
import type { InfrastructureProvider, ProviderKind } from './provider.js';
import type { CloudRegionStats } from './stats.js';

/** Each cloud's catalogue of defaults, from its row of the cloud table. */
export const DEFAULT_CATALOGS = Object.fromEntries(PROVIDER_KINDS.flatMap((kind) => {
  const api = CLOUDS[kind].model.api;
  return api === undefined ? [] : [[kind, api.catalog]];
})) as Readonly<Record<CloudKind, CloudCatalog>>;

export const DEFAULT_ACCOUNT = 'default';

export interface CloudRegistryOptions {
  sim: Simulation;
  streams: RandomStreams;
  timeline?: Timeline;
  /** Which `cloud.call` events reach the timeline (default all). */
  callEvents?: CallEventSampling;
  overrides?: { [K in ProviderKind]?: CloudOverrides | undefined };
  /**
   * Whether the providers limit how many creates and deletes their controller runs at once
   * (controller-workers.ts; default true). Pass false when the controllers' layer already holds
   * an infrastructure-controller worker for each call.
   */
  controllerWorkers?: boolean;
}

/** Overrides that cannot be applied; `issues` carry paths relative to `clouds`. */
export class CloudOverrideError extends Error {
  constructor(readonly issues: readonly OverrideIssue[]) {
    super(`invalid cloud overrides:\n${issues.map((issue) => `  clouds.${issue.path}: ${issue.message}`).join('\n')}`);
  }
}

/** Every problem in the `clouds:` overrides, with paths from `clouds` (`aws.api.RunInstances`). */
export function validateClouds(overrides: { [K in ProviderKind]?: CloudOverrides | undefined }): OverrideIssue[] {
  const issues: OverrideIssue[] = [];
  for (const cloud of Object.keys(overrides).sort() as ProviderKind[]) {
    const cloudOverrides = overrides[cloud];
    if (cloudOverrides === undefined) continue;
    const found = CLOUDS[cloud].validateOverrides(cloudOverrides);
    for (const issue of found) issues.push({ path: `${cloud}.${issue.path}`, message: issue.message });
  }
  return issues;
}

export class CloudRegistry {
  private readonly providersByKey = new Map<string, CloudProvider>();
  private readonly locals = new Map<string, InfrastructureProvider>();
  private readonly sharedLimiters = new Map<string, Map<string, Limiter>>();
  private readonly catalogs = new Map<string, CloudCatalog>();
  private readonly workerPools = new Map<CloudKind, WorkerPool>();

  constructor(private readonly options: CloudRegistryOptions) {
    const issues = validateClouds(options.overrides ?? {});
    if (options.callEvents !== undefined) {
      const error = samplingError(options.callEvents);
      if (error !== undefined) issues.push({ path: 'callEvents', message: error });
    }
    if (issues.length > 0) throw new CloudOverrideError(issues);
  }

  /** The provider for clusters on `cloud` in `region` under `account`, created on first use. */
  provider(cloud: ProviderKind, region: string, account = DEFAULT_ACCOUNT): InfrastructureProvider {
    // The row's model says which kind of provider it is (tsc does not narrow the kind on it).
    if (CLOUDS[cloud].model.api === undefined) return this.local(cloud as Exclude<ProviderKind, CloudKind>, region, account);
    return this.cloudProvider(cloud as CloudKind, region, account);
  }

  cloudProvider(cloud: CloudKind, region: string, account = DEFAULT_ACCOUNT): CloudProvider {
    const key = `${cloud}/${account}/${region}`;
    let provider = this.providersByKey.get(key);
    if (provider === undefined) {
      const overrides = this.options.overrides?.[cloud];
      const options: CloudProviderOptions = {
        sim: this.options.sim,
        streams: this.options.streams,
        account,
        region,
        catalog: this.catalog(cloud, account),
        sharedLimiters: this.shared(`${cloud}/${account}`),
        workers: this.workers(cloud),
        ...(overrides?.capacity !== undefined ? { capacity: overrides.capacity } : {}),
        ...(this.options.timeline !== undefined ? { timeline: this.options.timeline } : {}),
        ...(this.options.callEvents !== undefined ? { callEvents: this.options.callEvents } : {}),
      };
      provider = CLOUDS[cloud].model.api.create(options);
      this.providersByKey.set(key, provider);
    }
    return provider;
  }

  /** The catalog in force for `cloud` and `account`: defaults, then cloud and account overrides. */
  catalog(cloud: CloudKind, account = DEFAULT_ACCOUNT): CloudCatalog {
    const key = `${cloud}/${account}`;
    let catalog = this.catalogs.get(key);
    if (catalog === undefined) {
      catalog = applyOverrides(DEFAULT_CATALOGS[cloud], this.options.overrides?.[cloud], account);
      this.catalogs.set(key, catalog);
    }
    return catalog;
  }

  /** A provider without an API model (docker), one per account and region. */
  private local(cloud: Exclude<ProviderKind, CloudKind>, region: string, account: string): InfrastructureProvider {
    const scope = `${cloud}/${account}/${region}`;
    let provider = this.locals.get(scope);
    if (provider === undefined) {
      provider = CLOUDS[cloud].model.local.create(this.options.sim, this.options.streams, this.options.overrides?.[cloud] ?? {}, scope);
      this.locals.set(scope, provider);
    }
    return provider;
  }

  /** One pool of controller workers per cloud: one provider controller manager serves every cluster. */
  workers(cloud: CloudKind): WorkerPool {
    let pool = this.workerPools.get(cloud);
    if (pool === undefined) {
      const size = this.options.controllerWorkers === false ? Number.POSITIVE_INFINITY : this.catalog(cloud).controllerConcurrency;
      pool = new WorkerPool(size);
      this.workerPools.set(cloud, pool);
    }
    return pool;
  }

  private shared(key: string): Map<string, Limiter> {
    let map = this.sharedLimiters.get(key);
    if (map === undefined) {
      map = new Map();
      this.sharedLimiters.set(key, map);
    }
    return map;
  }

  /** The providers created so far, sorted by cloud, account and region. */
  providers(): CloudProvider[] {
    return [...this.providersByKey.keys()].sort().map((key) => must(this.providersByKey, key, 'provider'));
  }

  /** Providers matching a fault's selector (any field left out matches all). */
  select(selector: { cloud?: CloudKind; account?: string; region?: string }): CloudProvider[] {
    return this.providers().filter((provider) =>
      (selector.cloud === undefined || provider.kind === selector.cloud) &&
      (selector.account === undefined || provider.account === selector.account) &&
      (selector.region === undefined || provider.region === selector.region));
  }

  /** Stats per cloud, account and region, sorted; every call counted, sampled or not. */
  stats(): CloudRegionStats[] {
    return this.providers().map((provider) => provider.stats());
  }
}

/** What the world hands a provider factory (structurally; the cloud layer imports no scenario types). */
export interface ProviderFactoryContext {
  sim: Simulation;
  streams: RandomStreams;
  timeline: Timeline;
  overrides: { [K in ProviderKind]?: CloudOverrides | undefined };
  observe?: { cloudCallEvents: 'all' | 'sampled' | 'none'; cloudCallSampleRate: number };
}

const registries = new WeakMap<object, CloudRegistry>();

/** The registry of one world (one factory context), created on first use. */
export function cloudRegistryFor(ctx: ProviderFactoryContext, options: Pick<CloudRegistryOptions, 'controllerWorkers'> = {}): CloudRegistry {
  let registry = registries.get(ctx);
  if (registry === undefined) {
    const observe = ctx.observe;
    const callEvents: CallEventSampling | undefined = observe === undefined ? undefined
      : observe.cloudCallEvents === 'sampled' ? { sampled: observe.cloudCallSampleRate } : observe.cloudCallEvents;
    registry = new CloudRegistry({
      sim: ctx.sim,
      streams: ctx.streams,
      timeline: ctx.timeline,
      overrides: ctx.overrides,
      ...(callEvents !== undefined ? { callEvents } : {}),
      ...options,
    });
    registries.set(ctx, registry);
  }
  return registry;
}

/** A factory of one cloud's providers from a world's factory context (one registry per context). */
export function cloudProviderFactory(cloud: CloudKind, options: Pick<CloudRegistryOptions, 'controllerWorkers'> = {}) {
  return (ctx: ProviderFactoryContext, account: string, region: string): CloudProvider => cloudRegistryFor(ctx, options).cloudProvider(cloud, region, account);
}

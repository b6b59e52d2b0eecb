/**
 * One infrastructure provider per (cloud, account, region): that is the scope of cloud API limits
 * (EC2 per account and Region, ARM per subscription and region, GCE per project; cloud-facts.md §4).
 */

import type { RandomStreams } from '../engine/random.js';
import type { Simulation } from '../engine/simulation.js';
import { cloudRegistryFor } from '../cloud/cloud-registry.js';
import type { InfrastructureProvider, ProviderKind } from '../cloud/provider.js';
import type { Timeline } from '../timeline/index.js';
import type { CloudOverrides, ObserveSpec } from '../scenario/model.js';

export interface ProviderFactoryContext {
  sim: Simulation;
  streams: RandomStreams;
  timeline: Timeline;
  overrides: CloudOverrides;
  observe: ObserveSpec;
}


export class ProviderRegistry {
  /** Providers by `kind/account/region`, each with the parts of its key (no parsing back). */
  private readonly providers = new Map<string, { kind: ProviderKind; account: string; region: string; provider: InfrastructureProvider }>();

  constructor(private readonly ctx: ProviderFactoryContext) {}

  get(kind: ProviderKind, account: string, region: string): InfrastructureProvider {
    const key = `${kind}/${account}/${region}`;
    const built = this.providers.get(key);
    if (built !== undefined) return built.provider;
    // The cloud table's row builds it (src/cloud/clouds.ts): docker is the test provider; aws, azure and gcp are the cloud models.
    const provider = cloudRegistryFor(this.ctx).provider(kind, region, account);
    this.providers.set(key, { kind, account, region, provider });
    return provider;
  }

  /** Every provider built so far with its cloud, account and region, sorted by key. */
  described(): Array<{ kind: ProviderKind; account: string; region: string; provider: InfrastructureProvider }> {
    return [...this.providers.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([, entry]) => ({ ...entry }));
  }

  /** Every provider built so far, sorted by key. */
  entries(): Array<[string, InfrastructureProvider]> {
    return [...this.providers.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([key, entry]) => [key, entry.provider]);
  }
}

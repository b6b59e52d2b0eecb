/**
 * Which NodePoolProvider runs a cluster's MachinePools: one per cloud scope (provider, account,
 * region — the scope of its API limits), built by the factory registered for the cloud, or the
 * generic surge node group. Cloud models register EKS / AKS / GKE behaviour here.
 */

import type { ProviderKind } from '../../cloud/provider.js';
import type { CapiContext } from '../context.js';
import type { Cluster } from '../types.js';
import type { NodePoolProvider } from './node-pool-provider.js';
import { SurgeNodePool } from './surge-node-pool.js';

export type NodePoolProviderFactory = (ctx: CapiContext, cluster: Cluster) => NodePoolProvider;

/** Cloud flavours of node groups, by provider kind; unset kinds use the generic SurgeNodePool. */
export const nodePoolProviderFactories = new Map<ProviderKind, NodePoolProviderFactory>();

const providers = new WeakMap<CapiContext, Map<string, NodePoolProvider>>();

export function nodePoolProvider(ctx: CapiContext, cluster: Cluster): NodePoolProvider {
  let byScope = providers.get(ctx);
  if (byScope === undefined) providers.set(ctx, (byScope = new Map()));
  const scope = `${cluster.spec.provider}/${cluster.spec.account}/${cluster.spec.region}`;
  let provider = byScope.get(scope);
  if (provider === undefined) {
    const factory = nodePoolProviderFactories.get(cluster.spec.provider);
    provider = factory === undefined ? new SurgeNodePool() : factory(ctx, cluster);
    byScope.set(scope, provider);
  }
  return provider;
}

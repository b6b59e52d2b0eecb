/**
 * Which NodePoolProvider runs a cluster's MachinePools: one per cloud scope (provider, account,
 * region — the scope of its API limits), built by the factory for the cloud, or the generic surge
 * node group. Clouds whose row has managed node pools (EKS / AKS / GKE, src/cloud/clouds.ts) get
 * them for managed clusters; tests may set a factory for a provider.
 */

import { CLOUDS, PROVIDER_KINDS } from '../../cloud/clouds.js';
import type { ProviderKind } from '../../cloud/provider.js';
import { parseClusterKey } from '../../kube/keys.js';
import type { CapiContext } from '../context.js';
import { KIND, type Cluster } from '../types.js';
import { managedNodePoolFactory } from '../../cloud/node-pools/index.js';
import type { NodePoolProvider } from './node-pool-provider.js';
import { SurgeNodePool } from './surge-node-pool.js';

export type NodePoolProviderFactory = (ctx: CapiContext, cluster: Cluster) => NodePoolProvider;

/** A cluster whose control plane the cloud runs (EKS, AKS, GKE): its pools are the cloud's managed node groups. */
export function isManagedCluster(ctx: CapiContext, clusterKey: string): boolean {
  const { namespace, name } = parseClusterKey(clusterKey);
  const cluster = ctx.store.get<Cluster>(KIND.Cluster, namespace, name);
  return cluster?.spec.controlPlaneRef?.kind === KIND.ManagedControlPlane;
}

/** The cloud's managed node groups for managed clusters; self-managed clusters' pools (ASG, VMSS, MIG) use the generic surge group. */
const managedOrSurge = (): NodePoolProviderFactory => managedNodePoolFactory<Cluster, CapiContext>({ managed: isManagedCluster, fallback: () => new SurgeNodePool() });

/** Node-group flavours by provider kind; kinds without one (docker) use the generic SurgeNodePool. */
export const nodePoolProviderFactories = new Map<ProviderKind, NodePoolProviderFactory>(
  PROVIDER_KINDS.filter((kind) => CLOUDS[kind].model.api?.managedNodePools !== undefined).map((kind) => [kind, managedOrSurge()]),
);

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

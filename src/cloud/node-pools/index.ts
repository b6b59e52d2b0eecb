/**
 * The clouds' managed node pools for capi's `nodePoolProviderFactories`: each cloud's flavour from
 * its row of the cloud table (EKS managed node groups, AKS agent pools, GKE node pools, in
 * cloud/<kind>/) for clusters with a managed control plane;
 * other MachinePools of the same cloud (self-managed ASGs, scale sets, instance groups under a
 * KubeadmControlPlane) keep the generic node group passed as `fallback`. The cloud layer does not
 * import capi: the factory is typed structurally, and capi builds one per cloud with managed node
 * pools (capi/machinepool/node-pools.ts):
 *
 *   managedNodePoolFactory({ managed: isManagedCluster, fallback: () => new SurgeNodePool() })
 */

import { CloudProvider } from '../cloud-provider.js';
import { CLOUDS } from '../clouds.js';
import type { InfrastructureProvider } from '../provider.js';
import { WorkloadNodeAccess, type WorkloadAccess } from './node-access.js';
import type { NodePoolHost, NodePoolInstance, NodePoolObservation, NodePoolProvider, NodePoolSpec } from './node-pool.js';
import type { CloudFailure } from '../provider.js';

export * from './node-pool.js';
export { WorkloadNodeAccess, CLOUD_DRAIN_PASS_INTERVAL, type WorkloadAccess } from './node-access.js';
export { ManagedNodePools, GROUP_LAUNCH_RETRY, type DrainOutcome, type Group, type NodeAccessFactory, type PoolApi, type PoolNode, type Template } from './managed-node-pools.js';
export { EksNodeGroups, EKS_BOOTSTRAP_LIMIT } from '../aws/eks-node-groups.js';
export { AksAgentPools } from '../azure/aks-agent-pools.js';
export { GkeNodePools } from '../gcp/gke-node-pools.js';
export { poolSettings, scaledValue, type PoolSettings } from './settings.js';

export interface RouterOptions {
  /** Whether the cluster `namespace/name` runs a managed control plane (its MachinePools are the cloud's managed pools). */
  managed(clusterKey: string): boolean;
  /** The node groups of every other pool. */
  fallback: NodePoolProvider;
}

/**
 * The managed node-pool flavour of `provider`'s cloud (undefined when the cloud has none);
 * `workload` gives the cloud its hand on Nodes (node-access.ts).
 */
export function managedFlavour(provider: CloudProvider, workload: (clusterKey: string) => WorkloadAccess): NodePoolProvider | undefined {
  const access = (clusterKey: string): WorkloadNodeAccess => new WorkloadNodeAccess(workload(clusterKey));
  return CLOUDS[provider.kind].model.api.managedNodePools?.(provider, access);
}

/** Routes each group to the cloud's managed flavour or to the fallback, decided when the group is first seen. */
export class ManagedNodePoolRouter implements NodePoolProvider {
  readonly kind: string;
  private readonly routes = new Map<string, NodePoolProvider>();

  constructor(private readonly flavour: NodePoolProvider, private readonly options: RouterOptions) {
    this.kind = flavour.kind;
  }

  private route(spec: NodePoolSpec): NodePoolProvider {
    let provider = this.routes.get(spec.group);
    if (provider === undefined) {
      provider = this.options.managed(spec.cluster) ? this.flavour : this.options.fallback;
      this.routes.set(spec.group, provider);
    }
    return provider;
  }

  apply(spec: NodePoolSpec, host: NodePoolHost, done: (failure?: CloudFailure) => void): void {
    this.route(spec).apply(spec, host, done);
  }

  adopt(spec: NodePoolSpec, host: NodePoolHost): NodePoolInstance[] {
    return this.route(spec).adopt(spec, host);
  }

  sync(group: string): void {
    this.routes.get(group)?.sync(group);
  }

  observe(group: string): NodePoolObservation | undefined {
    return this.routes.get(group)?.observe(group);
  }

  deleteInstance(group: string, providerID: string, done: (failure?: CloudFailure) => void): void {
    const provider = this.routes.get(group);
    if (provider === undefined) done();
    else provider.deleteInstance(group, providerID, done);
  }
}

/** What the factory needs of capi's context (CapiContext has this shape). */
export interface NodePoolFactoryContext<C> {
  provider(cluster: C): InfrastructureProvider;
  workload(clusterKey: string): WorkloadAccess;
}

/**
 * A factory for capi's `nodePoolProviderFactories`: the managed flavour of the cluster's cloud,
 * for clusters `managed` says run a managed control plane; `fallback()` for the rest (and for
 * providers that are not cloud models).
 */
export function managedNodePoolFactory<C, X extends NodePoolFactoryContext<C>>(options: {
  managed(ctx: X, clusterKey: string): boolean;
  fallback(): NodePoolProvider;
}): (ctx: X, cluster: C) => NodePoolProvider {
  return (ctx, cluster) => {
    const provider = ctx.provider(cluster);
    const fallback = options.fallback();
    if (!(provider instanceof CloudProvider)) return fallback;
    const flavour = managedFlavour(provider, (key) => ctx.workload(key));
    if (flavour === undefined) return fallback;
    return new ManagedNodePoolRouter(flavour, { managed: (key) => options.managed(ctx, key), fallback });
  };
}

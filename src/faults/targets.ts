/**
 * Resolving what a fault names (cluster names, a pool, a cloud and region) to what the world holds:
 * cluster keys, Nodes, providers. Scenario order throughout, so every listing is deterministic.
 */

import type { ClusterKey } from '../kube/keys.js';
import { clusterKeyOf } from '../capi/context.js';
import { poolParts } from '../capi/machine/pool.js';
import { poolObjectNames } from '../capi/machinedeployment/zonal.js';
import { KIND } from '../capi/types.js';
import type { InfrastructureProvider } from '../cloud/provider.js';
import type { ProviderKind } from '../cloud/provider.js';
import type { Node } from '../workload/node.js';
import type { FaultHost } from './host.js';
import type { FaultCluster } from './spec.js';

export function keyOfSpec(spec: FaultCluster): ClusterKey {
  return clusterKeyOf(spec.namespace, spec.name);
}

/** The specs of the named clusters, in the order the fault lists them (the loader resolved and checked the names). */
export function targetSpecs(host: FaultHost, names: readonly string[]): FaultCluster[] {
  const byName = new Map(host.clusterSpecs.map((spec) => [spec.name, spec]));
  const specs: FaultCluster[] = [];
  for (const name of names) {
    const spec = byName.get(name);
    if (spec === undefined) throw new Error(`t=${host.sim.now}: a fault names cluster ${name}, which the world does not have`);
    specs.push(spec);
  }
  return specs;
}

/** Which of a cluster's Nodes a node fault may hit: workers (optionally one pool) or control plane nodes. */
export function nodeScope(spec: FaultCluster, selection: { pool?: string | undefined; controlPlane: boolean }): (node: Node) => boolean {
  // A pool split over zones is one MachineDeployment per zone (capi/machinedeployment/zonal.ts): the fault names the pool.
  const pool = selection.pool === undefined ? undefined : spec.workers.find((w) => w.name === selection.pool);
  const names = selection.pool === undefined ? undefined
    : new Set((pool === undefined ? [selection.pool] : poolObjectNames(pool)).map((name) => `${spec.name}-${name}`));
  return (node) => {
    const { kind, name } = poolParts(node.pool);
    if (selection.controlPlane) return kind === KIND.KubeadmControlPlane;
    if (kind === KIND.KubeadmControlPlane) return false;
    return names === undefined || names.has(name);
  };
}

/** The provider key `cloud/account/region` of a cluster. */
export function providerKeyOf(spec: FaultCluster): string {
  return `${spec.provider}/${spec.account}/${spec.region}`;
}

export interface ProviderSelector {
  cloud?: ProviderKind | undefined;
  region?: string | undefined;
  account?: string | undefined;
}

/** The providers built for the fleet that match the selector (any field left out matches all), sorted by key. */
export function matchingProviders(host: FaultHost, selector: ProviderSelector): Array<{ key: string; provider: InfrastructureProvider }> {
  return host.providers()
    .filter((p) => (selector.cloud === undefined || p.kind === selector.cloud)
      && (selector.region === undefined || p.region === selector.region)
      && (selector.account === undefined || p.account === selector.account))
    .map((p) => ({ key: `${p.kind}/${p.account}/${p.region}`, provider: p.provider }));
}

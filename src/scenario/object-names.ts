/**
 * The object names a cluster's pools and control plane get in the management cluster, and the
 * check that no two of them clash. world/build-fleet.ts names them `<cluster>-<pool>` and
 * `<cluster>-control-plane` (the base of their Machines' names too) and health checks
 * `<cluster>-<check>`, all in the cluster's namespace, so cluster `a` with pool `b-c` and cluster
 * `a-b` with pool `c` would both create `a-b-c`: an API server refuses the second (AlreadyExists),
 * so the scenario is refused here, at the names, instead of the run failing.
 */

import { poolObjectNames } from '../capi/machinedeployment/zonal.js';
import type { PathSegment } from './issues.js';
import type { ClusterSpec } from './model.js';
import type { Reporter } from './reporter.js';

interface NameOwner {
  cluster: string;
  what: string;
}

/** What each cluster names `<cluster>-…` in its namespace (pools, control plane), with what it is. */
function ownedNames(cluster: ClusterSpec): Array<{ name: string; what: string; group: 'pool' | 'healthCheck' }> {
  const out: Array<{ name: string; what: string; group: 'pool' | 'healthCheck' }> = [
    { name: `${cluster.name}-control-plane`, what: 'its control plane', group: 'pool' },
  ];
  for (const pool of cluster.workers) for (const name of poolObjectNames(pool)) out.push({ name: `${cluster.name}-${name}`, what: `its pool "${pool.name}"`, group: 'pool' });
  for (const check of cluster.healthChecks) {
    const name = check.name.startsWith(`${cluster.name}-`) ? check.name : `${cluster.name}-${check.name}`;
    out.push({ name, what: `its health check "${check.name}"`, group: 'healthCheck' });
  }
  return out;
}

/** Reports every derived name already taken in the same namespace, at the later cluster's name. */
export function checkObjectNames(clusters: ReadonlyArray<{ cluster: ClusterSpec; path: readonly PathSegment[] }>, reporter: Reporter): void {
  const taken = new Map<string, NameOwner>();
  for (const { cluster, path } of clusters) {
    for (const { name, what, group } of ownedNames(cluster)) {
      const key = `${group}\u0000${cluster.namespace}\u0000${name}`;
      const owner = taken.get(key);
      if (owner === undefined) {
        taken.set(key, { cluster: cluster.name, what });
        continue;
      }
      if (owner.cluster === cluster.name && owner.what === what) continue; // a duplicate pool or check name, reported as such
      const first = owner.cluster === cluster.name ? owner.what : `cluster "${owner.cluster}" (${owner.what})`;
      reporter.error(path, `cluster "${cluster.name}" (${what}) and ${first} would both create objects named "${name}" in namespace ${cluster.namespace}; rename one of them (pool and control-plane objects are named <cluster>-<pool>, <cluster>-control-plane)`);
    }
  }
}

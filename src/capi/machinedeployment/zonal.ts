/**
 * A worker pool pinned to several zones is one MachineDeployment per zone, the layout teams use
 * for zone-aware fleets: a CAPI MachineDeployment has one `template.spec.failureDomain` or none
 * (cluster-api@v1.13.5 api/core/v1beta2 MachineSpec.FailureDomain), so spreading one pool over
 * zones takes one MachineDeployment per zone. Each is named `<pool>-<zone>`; the replicas are split
 * as evenly as they go, the first zones taking one more. One pinned zone is the pool's failure
 * domain under the pool's own name; none leaves the placement to the provider (placement.ts).
 */

export interface ZonalDeployment {
  /** The pool-part of the MachineDeployment's name (`md-0` or `md-0-us-east-1a`). */
  pool: string;
  failureDomain?: string;
  replicas: number;
}

export function zonalDeployments(pool: string, failureDomains: readonly string[], replicas: number): ZonalDeployment[] {
  if (failureDomains.length === 0) return [{ pool, replicas }];
  if (failureDomains.length === 1) return [{ pool, failureDomain: failureDomains[0]!, replicas }];
  const n = failureDomains.length;
  return failureDomains.map((zone, i) => ({ pool: `${pool}-${zone}`, failureDomain: zone, replicas: Math.floor(replicas / n) + (i < replicas % n ? 1 : 0) }));
}

/** The pool-parts of the names of a scenario pool's objects (a MachinePool is one object). */
export function poolObjectNames(pool: { name: string; kind: string; failureDomains?: readonly string[] }): string[] {
  if (pool.kind !== 'MachineDeployment') return [pool.name];
  return zonalDeployments(pool.name, pool.failureDomains ?? [], 0).map((d) => d.pool);
}

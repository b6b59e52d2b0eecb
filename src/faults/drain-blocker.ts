/**
 * `drainBlocker`: a PodDisruptionBudget that allows no disruption (minAvailable equal to its
 * replicas, or maxUnavailable 0) guards pods in the target clusters, on every node or only on one
 * pool's nodes. Every eviction of a guarded pod is refused with HTTP 429 and CAPI retries the drain
 * every 20 s without end unless the Machine has a nodeDrainTimeout (capi-semantics.md §3.3;
 * src/workload/drain.ts DisruptionBudget.block). Unreachable Nodes are not spared: with the budget
 * at zero the eviction API refuses unhealthy pods too (`unhealthyPodEvictionPolicy:
 * IfHealthyBudget`). When `for` ends the budget is lifted and drains complete on their next pass.
 */

import { z } from 'zod';
import { objectKey, type ObjectKey } from '../kube/keys.js';
import { poolObjectNames } from '../capi/machinedeployment/zonal.js';
import { KIND } from '../capi/types.js';
import type { DisruptionBudget } from '../workload/drain.js';
import { ClusterSelectorSchema, Name } from '../schema/fields.js';
import { defineFault, withFor, type FaultPlacement, type FaultResolveContext } from './definition.js';
import type { FaultHost } from './host.js';
import { keyOfSpec, targetSpecs } from './targets.js';
import { For, type FaultCluster, type ResolvedFault, type Targeted } from './spec.js';
import { scheduleWindow } from './window.js';

export const DrainBlockerSchema = z.strictObject({ clusters: ClusterSelectorSchema, pool: Name.optional(), for: For });

export type DrainBlockerFault = ResolvedFault<'drainBlocker', typeof DrainBlockerSchema, Targeted>;

/** The pool keys (`Kind/namespace/name`) Nodes of a worker pool carry (one per zone for a pool split over zones). */
function poolKeys(spec: FaultCluster, pool: string): ObjectKey[] {
  const worker = spec.workers.find((w) => w.name === pool);
  const kind = worker?.kind === 'MachinePool' ? KIND.MachinePool : KIND.MachineDeployment;
  return (worker === undefined ? [pool] : poolObjectNames(worker)).map((name) => objectKey(kind, spec.namespace, `${spec.name}-${name}`));
}

export function scheduleDrainBlocker(host: FaultHost, fault: DrainBlockerFault): void {
  const specs = targetSpecs(host, fault.targets);
  scheduleWindow(host, fault, () => {
    const blocked = specs.flatMap((spec): Array<{ budget: DisruptionBudget; pool: ObjectKey | undefined }> => {
      const budget = host.workload(keyOfSpec(spec)).budget;
      return fault.pool === undefined ? [{ budget, pool: undefined }] : poolKeys(spec, fault.pool).map((pool) => ({ budget, pool }));
    });
    for (const { budget, pool } of blocked) budget.block(pool);
    const clusterKeys = specs.map(keyOfSpec);
    return {
      target: { clusters: clusterKeys, ...(fault.pool !== undefined ? { pool: fault.pool } : {}) },
      ...(clusterKeys.length === 1 ? { fields: { cluster: clusterKeys[0]! } } : {}),
      end: () => {
        for (const { budget, pool } of blocked) budget.unblock(pool);
      },
    };
  });
}

// ---------------------------------------------------------------------------------------------
// The fault table's row

function resolveDrainBlocker(f: z.output<typeof DrainBlockerSchema>, base: FaultPlacement, ctx: FaultResolveContext): DrainBlockerFault {
  const { selector, targets } = ctx.select(f.clusters, ['clusters']);
  if (f.pool !== undefined) ctx.checkPool(f.pool, targets, ['pool']);
  const fault: DrainBlockerFault = { ...base, kind: 'drainBlocker', clusters: selector, targets };
  if (f.pool !== undefined) fault.pool = f.pool;
  return withFor(fault, f.for);
}

export const drainBlocker = defineFault({
  kind: 'drainBlocker',
  schema: DrainBlockerSchema,
  resolve: resolveDrainBlocker,
  schedule: scheduleDrainBlocker,
  label: (fault) => fault.kind,
  fuzz: undefined,
});

/**
 * Infrastructure machine templates as a user (or GitOps) writes them: one per pool, renamed
 * whenever its spec changes (CAPI's template rotation, capi-semantics.md §1.3). The fleet's
 * starting objects and the image rollout both create them here.
 */

import type { CapiContext } from '../capi/context.js';
import { CLUSTER_NAME_LABEL } from '../capi/labels.js';
import { KIND, type Cluster, type InfraMachineTemplateSpec, type ObjectRef } from '../capi/types.js';

/** Creates an infrastructure machine template; its name changes whenever the image changes (template rotation). */
export function createInfraTemplate(ctx: CapiContext, cluster: Cluster, pool: string, spec: InfraMachineTemplateSpec, serial: number): ObjectRef {
  const name = `${cluster.metadata.name}-${pool}-${serial}`;
  ctx.store.create<InfraMachineTemplateSpec, Record<string, never>>(KIND.InfraMachineTemplate, {
    name, namespace: cluster.metadata.namespace, labels: { [CLUSTER_NAME_LABEL]: cluster.metadata.name },
  }, spec, {});
  return { kind: KIND.InfraMachineTemplate, name };
}

/**
 * A fleetsim label on every worker Machine naming its scenario pool, so a health check can select
 * pools of both kinds with one selector (MachineDeployment template labels propagate to Machines;
 * cluster-api@v1.13.5 internal/controllers/machineset/machineset_controller.go `computeDesiredMachine`).
 */
export const POOL_LABEL = 'fleetsim.io/pool';

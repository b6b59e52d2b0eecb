/** Creating a MachineHealthCheck object, with the webhook's defaults (cluster-api@v1.13.5 internal/webhooks/machinehealthcheck.go `Default`; capi-semantics.md §4.1). */

import { ownerReference } from '../../kube/object.js';
import type { CapiContext } from '../context.js';
import { CLUSTER_NAME_LABEL } from '../labels.js';
import { KIND, type Cluster, type MachineHealthCheck, type MachineHealthCheckSpec, type MachineHealthCheckStatus } from '../types.js';
import { getUnhealthyRange } from './short-circuit.js';

/** `DefaultNodeStartupTimeoutSeconds`: 600 s. */
export const DEFAULT_NODE_STARTUP_TIMEOUT = 600_000;

export function createMachineHealthCheck(ctx: CapiContext, cluster: Cluster, name: string, spec: MachineHealthCheckSpec): MachineHealthCheck {
  const range = spec.remediation.triggerIf.unhealthyInRange;
  if (range !== undefined) getUnhealthyRange(range); // the webhook refuses a malformed range
  if (spec.checks.nodeStartupTimeout !== 0 && spec.checks.nodeStartupTimeout < 30_000) {
    throw new Error(`MachineHealthCheck ${name}: nodeStartupTimeout must be 0 or at least 30s (CAPI webhook)`);
  }
  const status: MachineHealthCheckStatus = { expectedMachines: 0, currentHealthy: 0, remediationsAllowed: 0, targets: [], conditions: [], observedGeneration: 0, restricting: false };
  return ctx.store.create<MachineHealthCheckSpec, MachineHealthCheckStatus>(KIND.MachineHealthCheck, {
    name, namespace: cluster.metadata.namespace, labels: { [CLUSTER_NAME_LABEL]: cluster.metadata.name }, ownerReferences: [ownerReference(cluster, false)],
  }, spec, status);
}

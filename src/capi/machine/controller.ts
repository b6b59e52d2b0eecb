/**
 * The Machine controller: follows the InfraMachine to a provider ID, finds the workload Node by
 * provider ID, and keeps the conditions and phase other controllers decide on; deleting Machines go
 * through `reconcileDelete` (cluster-api@v1.13.5 internal/controllers/machine/machine_controller.go
 * `Reconcile`, machine_controller_phases.go `reconcileInfrastructure`, machine_controller_noderef.go
 * `reconcileNode`; capi-semantics.md §3).
 */

import { setCondition } from '../../kube/conditions.js';
import type { ReconcileResult } from '../../kube/controller.js';
import type { CapiContext } from '../context.js';
import { clusterKeyOf } from '../context.js';
import { isClusterPaused } from '../paused.js';
import { KIND, type Cluster, type InfraMachine, type Machine } from '../types.js';
import { reconcileDelete } from './deletion.js';
import { recordPhase } from './phase-events.js';
import { machinePhase, setAvailableCondition, setReadyCondition, summarizeNodeConditions } from './status.js';

/** After this long without reaching a workload cluster CAPI turns its Node conditions Unknown (`--remote-conditions-grace-period` 5 m). */
export const REMOTE_CONDITIONS_GRACE_PERIOD = 5 * 60_000;

export function reconcileMachine(ctx: CapiContext, key: string): ReconcileResult | undefined {
  const machine = ctx.store.getByKey<Machine>(key);
  if (machine === undefined) return undefined;
  const cluster = ctx.store.get<Cluster>(KIND.Cluster, machine.metadata.namespace, machine.spec.clusterName);
  if (cluster === undefined || isClusterPaused(cluster, machine)) return undefined;
  if (machine.metadata.deletionTimestamp !== undefined) return reconcileDelete(ctx, cluster, machine);

  const now = ctx.sim.now;
  const conditions = machine.status.conditions;
  let changed = setCondition(conditions, now, 'BootstrapConfigReady', 'True', 'DataSecretAvailable');

  const infra = ctx.store.get<InfraMachine>(KIND.InfraMachine, machine.metadata.namespace, machine.spec.infrastructureRef.name);
  if (infra !== undefined && infra.spec.providerID !== undefined && machine.spec.providerID === undefined) {
    machine.spec.providerID = infra.spec.providerID;
    changed = true;
  }
  if (infra !== undefined && infra.status.provisioned) {
    if (!machine.status.infrastructureProvisioned) {
      machine.status.infrastructureProvisioned = true;
      changed = true;
    }
    changed = setCondition(conditions, now, 'InfrastructureReady', 'True', 'Provisioned') || changed;
  } else {
    const reason = infra === undefined ? 'InfrastructureDoesNotExist' : infra.status.failureReason !== undefined ? 'InfrastructureFailed' : 'InfrastructureNotReady';
    changed = setCondition(conditions, now, 'InfrastructureReady', 'False', reason, infra?.status.failureReason) || changed;
  }

  changed = reconcileNode(ctx, machine) || changed;
  changed = setReadyCondition(machine, now) || changed;
  const available = setAvailableCondition(machine, now);
  changed = available.changed || changed;
  changed = recordPhase(ctx, cluster, machine, machinePhase(machine)) || changed;
  if (changed) ctx.store.update(machine);
  return available.recheckAfter === undefined ? undefined : { requeueAfter: available.recheckAfter };
}

/** nodeRef and NodeHealthy from the workload cluster (through the ClusterCache). */
function reconcileNode(ctx: CapiContext, machine: Machine): boolean {
  const now = ctx.sim.now;
  const conditions = machine.status.conditions;
  const workload = ctx.workload(clusterKeyOf(machine.metadata.namespace, machine.spec.clusterName)).cluster;
  if (workload.unreachableSince !== undefined) {
    // Stale cache: keep the last conditions for the grace period, then Unknown.
    if (now - workload.unreachableSince < REMOTE_CONDITIONS_GRACE_PERIOD) return false;
    return setCondition(conditions, now, 'NodeHealthy', 'Unknown', 'NodeConnectionDown', 'Remote connection not established yet');
  }
  const providerID = machine.spec.providerID;
  const node = providerID === undefined ? undefined : workload.nodeByProviderID(providerID);
  let changed = false;
  if (node !== undefined && machine.status.nodeRef === undefined) {
    machine.status.nodeRef = node.name;
    changed = true;
  }
  if (machine.status.nodeRef === undefined) return setCondition(conditions, now, 'NodeHealthy', 'Unknown', 'NodeDoesNotExist', 'Waiting for a Node with spec.providerID') || changed;
  if (node === undefined) return setCondition(conditions, now, 'NodeHealthy', 'False', 'NodeDeleted', `Node ${machine.status.nodeRef} has been deleted`) || changed;
  const summary = summarizeNodeConditions(node);
  return setCondition(conditions, now, 'NodeHealthy', summary.status, summary.reason) || changed;
}

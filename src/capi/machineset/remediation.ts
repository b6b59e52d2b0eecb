/**
 * Remediation by a MachineSet of the Machines a MachineHealthCheck marked OwnerRemediated=False
 * (cluster-api@v1.13.5 internal/controllers/machineset/machineset_controller.go
 * `reconcileUnhealthyMachines`, `sortMachinesToRemediate`; capi-semantics.md §2.4): old
 * MachineSets never remediate (the rollout removes their Machines), `remediation.maxInFlight`
 * bounds concurrent deletions, newest first, and preflight checks gate it like scale-up.
 */

import { getCondition, isFalse, removeCondition, setCondition } from '../../kube/conditions.js';
import { keyOf } from '../../kube/object.js';
import type { ReconcileResult } from '../../kube/controller.js';
import { mhcRemediation } from '../../timeline/index.js';
import type { CapiContext } from '../context.js';
import { clusterKeyOf } from '../context.js';
import { controlPlaneOf } from '../control-plane.js';
import { scaledValue } from '../../kube/intstr.js';
import { REMEDIATE_MACHINE_ANNOTATION, REVISION_ANNOTATION } from '../labels.js';
import { KIND, type Cluster, type Machine, type MachineDeployment, type MachineSet } from '../types.js';
import { runPreflightChecks } from './preflight.js';

const OWNER_REMEDIATED = 'OwnerRemediated';

/** A remediation pass's outcome; `nothingToRemediate` when no Machine asked for it (the pass then wrote at most stale-request removals). */
export function reconcileUnhealthyMachines(ctx: CapiContext, cluster: Cluster, ms: MachineSet, md: MachineDeployment | undefined, machines: Machine[]): ReconcileResult & { nothingToRemediate?: boolean } {
  const now = ctx.sim.now;
  const toRemediate: Machine[] = [];
  let inFlight = 0;
  for (const machine of machines) {
    const conditions = machine.status.conditions;
    const ownerRemediated = getCondition(conditions, OWNER_REMEDIATED);
    if (machine.metadata.deletionTimestamp !== undefined) {
      if (ownerRemediated?.reason === 'MachineDeleting') inFlight++;
      continue;
    }
    if (ownerRemediated !== undefined && ownerRemediated.status === 'False' && !isFalse(conditions, 'HealthCheckSucceeded')) {
      // Healthy again: drop the stale request.
      if (removeCondition(conditions, OWNER_REMEDIATED)) ctx.store.update(machine);
      continue;
    }
    if (ownerRemediated?.status === 'False' && isFalse(conditions, 'HealthCheckSucceeded')) toRemediate.push(machine);
  }
  if (toRemediate.length === 0) return { nothingToRemediate: true };

  const mark = (machine: Machine, reason: string, message: string): void => {
    if (setCondition(machine.status.conditions, now, OWNER_REMEDIATED, 'False', reason, message)) ctx.store.update(machine);
  };
  if (md !== undefined && ms.metadata.annotations[REVISION_ANNOTATION] !== md.metadata.annotations[REVISION_ANNOTATION]) {
    for (const machine of toRemediate) mark(machine, 'CannotBeRemediated', 'Machine won\'t be remediated because it is pending removal due to rollout');
    return {};
  }
  let allowed = Number.POSITIVE_INFINITY;
  const maxInFlight = md?.spec.remediation.maxInFlight;
  if (maxInFlight !== undefined) allowed = scaledValue(maxInFlight, md?.spec.replicas ?? 1, true) - inFlight;
  if (allowed <= 0) {
    for (const machine of toRemediate) mark(machine, 'RemediationDeferred', `Waiting because there are already too many remediations in progress (spec.strategy.remediation.maxInFlight is ${maxInFlight})`);
    return {};
  }
  toRemediate.sort((a, b) => {
    const annotated = Number(b.metadata.annotations[REMEDIATE_MACHINE_ANNOTATION] !== undefined) - Number(a.metadata.annotations[REMEDIATE_MACHINE_ANNOTATION] !== undefined);
    return annotated || b.metadata.creationTimestamp - a.metadata.creationTimestamp || (a.metadata.name < b.metadata.name ? -1 : 1);
  });
  const remediateNow = toRemediate.slice(0, Math.min(allowed, toRemediate.length));
  for (const machine of toRemediate.slice(remediateNow.length)) mark(machine, 'RemediationDeferred', 'Waiting because there are already too many remediations in progress');

  if (ctx.settings.machineSetPreflightChecks) {
    const controlPlane = controlPlaneOf(ctx, cluster);
    const preflight = runPreflightChecks(controlPlane, ms.spec.template.version, controlPlane?.kind === KIND.KubeadmControlPlane);
    if (!preflight.ok) {
      for (const machine of remediateNow) mark(machine, 'RemediationDeferred', `Machine remediation is blocked because: ${preflight.messages.join('; ')}`);
      return { requeueAfter: ctx.settings.preflightRequeue };
    }
  }
  for (const machine of remediateNow) {
    mark(machine, 'MachineDeleting', 'Machine is deleting');
    ctx.store.delete(machine);
    ctx.timeline.record(mhcRemediation(now, {
      cluster: clusterKeyOf(cluster.metadata.namespace, cluster.metadata.name), object: keyOf(machine), machine: keyOf(machine), by: 'MachineSet',
    }));
  }
  return {};
}

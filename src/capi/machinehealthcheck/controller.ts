/**
 * The MachineHealthCheck controller (cluster-api@v1.13.5
 * internal/controllers/machinehealthcheck/machinehealthcheck_controller.go `Reconcile`,
 * `reconcile`, `patchUnhealthyTargets`, `patchHealthyTargets`; capi-semantics.md §4):
 *
 * 1. skip while the Cluster or the MHC is paused; fail (error backoff) while the workload cluster
 *    cannot be reached once the control plane is initialized (ClusterCache `GetClient`);
 * 2. targets = the namespace's Machines matching the selector and the cluster-name label, minus
 *    those annotated paused or skip-remediation (deleting Machines stay targets);
 * 3. each target is judged (targets.ts); unhealthy ones get HealthCheckSucceeded=False, healthy ones
 *    True, pending ones are left as they are;
 * 4. short-circuit (short-circuit.ts): when not allowed, RemediationAllowed=False TooManyUnhealthy,
 *    Machines keep their HealthCheckSucceeded but nobody is asked to remediate, and there is no
 *    requeue; when allowed, every unhealthy target gets OwnerRemediated=False (the owner —
 *    MachineSet or KubeadmControlPlane — decides how many and when), or an external remediation
 *    request when `remediation.templateRef` is set;
 * 5. requeue at the earliest pending check, which the controller's 15 s per-object floor raises
 *    (`WithRateLimitInterval(15s)`; kube/rate-limiter.ts CAPI_MHC_RATE_LIMITER).
 *
 * Timeline: `mhc.unhealthy` when a Machine is first marked (or its reason changes),
 * `mhc.shortCircuit` when remediation becomes restricted while some target is unhealthy (CAPI's
 * `RemediationRestricted` event), `mhc.shortCircuitEnded` when it is allowed again,
 * `mhc.remediation` with `by: external:<Kind>` when an external request is created (owners record
 * their own remediations).
 */

import { getCondition, setCondition } from '../../kube/conditions.js';
import { keyOf, objectKey, ownerReference } from '../../kube/object.js';
import type { ReconcileResult } from '../../kube/controller.js';
import { mhcRemediation, mhcShortCircuit, mhcShortCircuitEnded, mhcUnhealthy } from '../../timeline/index.js';
import type { WorkloadCluster } from '../../workload/workload-cluster.js';
import type { CapiContext } from '../context.js';
import { clusterKeyOf } from '../context.js';
import { CLUSTER_NAME_LABEL, PAUSED_ANNOTATION, SKIP_REMEDIATION_ANNOTATION } from '../labels.js';
import { selectorMatches } from '../label-selector.js';
import { isClusterPaused } from '../paused.js';
import { KIND, type Cluster, type Machine, type MachineHealthCheck, type RemediationRequest } from '../types.js';
import { isAllowedRemediation } from './short-circuit.js';
import type { Target } from './targets.js';
import { targetView } from './target-cache.js';

export const HEALTH_CHECK_SUCCEEDED = 'HealthCheckSucceeded';
export const OWNER_REMEDIATED = 'OwnerRemediated';
export const EXTERNALLY_REMEDIATED = 'ExternallyRemediated';
export const REMEDIATION_ALLOWED = 'RemediationAllowed';

/** Handles the external remediation requests of one kind (Metal3Remediation, …); none by default: requests then wait. */
export type ExternalRemediator = (ctx: CapiContext, request: RemediationRequest, machine: Machine) => void;
export const externalRemediators = new Map<string, ExternalRemediator>();

/** The Machines a MachineHealthCheck selects, in name order (`getTargetsFromMHC`, `shouldSkipRemediation`). */
export function selectTargets(ctx: CapiContext, mhc: MachineHealthCheck): Machine[] {
  const clusterKey = clusterKeyOf(mhc.metadata.namespace, mhc.spec.clusterName);
  return [...ctx.store.listByIndex<Machine>(KIND.Machine, clusterKey)].filter((machine) => isTarget(mhc, machine))
    .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
}

function isTarget(mhc: MachineHealthCheck, machine: Machine): boolean {
  if (machine.metadata.labels[CLUSTER_NAME_LABEL] !== mhc.spec.clusterName) return false;
  if (!selectorMatches(mhc.spec.selector, machine.metadata.labels)) return false;
  const annotations = machine.metadata.annotations;
  return annotations[PAUSED_ANNOTATION] === undefined && annotations[SKIP_REMEDIATION_ANNOTATION] === undefined;
}

function buildTarget(machine: Machine, workload: WorkloadCluster | undefined): Target {
  const nodeRef = machine.status.nodeRef;
  if (workload === undefined || nodeRef === undefined) return { machine, node: undefined, nodeMissing: false };
  const node = workload.nodes.get(nodeRef);
  return { machine, node, nodeMissing: node === undefined };
}

/** The external remediation request kind for a template kind (`strings.TrimSuffix(kind, "Template")`). */
export function remediationRequestKind(templateKind: string): string {
  return templateKind.endsWith('Template') ? templateKind.slice(0, -'Template'.length) : templateKind;
}

export function reconcileMachineHealthCheck(ctx: CapiContext, key: string): ReconcileResult | undefined {
  const mhc = ctx.store.getByKey<MachineHealthCheck>(key);
  if (mhc === undefined) return undefined;
  const cluster = ctx.store.get<Cluster>(KIND.Cluster, mhc.metadata.namespace, mhc.spec.clusterName);
  if (cluster === undefined) return { error: `Cluster ${mhc.spec.clusterName} not found` };
  if (isClusterPaused(cluster, mhc)) return undefined;
  const now = ctx.sim.now;
  const clusterKey = clusterKeyOf(cluster.metadata.namespace, cluster.metadata.name);
  const controlPlaneInitialized = getCondition(cluster.status.conditions, 'ControlPlaneInitialized')?.status === 'True';
  let workload: WorkloadCluster | undefined;
  if (controlPlaneInitialized) {
    workload = ctx.workload(clusterKey).cluster;
    if (workload.unreachableSince !== undefined) return { error: `cluster ${clusterKey} is not connected` };
  }

  const rules = {
    nodeStartupTimeout: mhc.spec.checks.nodeStartupTimeout,
    unhealthyNodeConditions: mhc.spec.checks.unhealthyNodeConditions,
    unhealthyMachineConditions: mhc.spec.checks.unhealthyMachineConditions,
  };
  const view = targetView({
    store: ctx.store, mhc, cluster, clusterKey, workload, rules, now,
    candidates: () => ctx.store.listByIndex<Machine>(KIND.Machine, clusterKey),
    selects: (machine) => isTarget(mhc, machine),
    target: (machine) => buildTarget(machine, workload),
  }, ctx.settings.reference === true);
  const { machines, unhealthy, nextCheck } = view;

  const decision = isAllowedRemediation(mhc.spec.remediation.triggerIf, machines.length, view.healthyCount);
  if (ctx.settings.mutations?.remediatePastMaxUnhealthy) decision.allowed = true; // test-only wrong variant (CapiSettings.mutations)
  const dirty = new Set<Machine>();
  for (const { machine, health } of unhealthy) {
    const before = getCondition(machine.status.conditions, HEALTH_CHECK_SUCCEEDED);
    const wasMarked = before?.status === 'False' && before.reason === health.reason;
    if (setCondition(machine.status.conditions, now, HEALTH_CHECK_SUCCEEDED, 'False', health.reason, health.message)) dirty.add(machine);
    if (!wasMarked) {
      ctx.timeline.record(mhcUnhealthy(now, {
        cluster: clusterKey, object: keyOf(machine), machine: keyOf(machine), healthCheck: keyOf(mhc), reason: health.reason, message: health.message,
      }));
    }
  }
  for (const machine of view.healthyToMark) {
    if (setCondition(machine.status.conditions, now, HEALTH_CHECK_SUCCEEDED, 'True', 'HealthCheckSucceeded')) dirty.add(machine);
  }

  const status = mhc.status;
  let statusChanged = status.expectedMachines !== machines.length || status.currentHealthy !== view.healthyCount || status.observedGeneration !== mhc.metadata.generation;
  status.expectedMachines = machines.length;
  status.currentHealthy = view.healthyCount;
  status.observedGeneration = mhc.metadata.generation;
  if (!sameNames(machines, status.targets)) {
    status.targets = machines.map((m) => m.metadata.name);
    statusChanged = true;
  }
  const restrictedBefore = status.restricting;
  const counts = { cluster: clusterKey, object: keyOf(mhc), healthCheck: keyOf(mhc), unhealthy: decision.unhealthy, total: machines.length, limit: decision.limit, flagged: unhealthy.length };

  let result: ReconcileResult | undefined;
  if (!decision.allowed) {
    const what = mhc.spec.remediation.triggerIf.unhealthyInRange !== undefined
      ? `does not fall within the range (total: ${machines.length}, unhealthy: ${unhealthy.length}, unhealthyRange: ${decision.limit})`
      : `exceeds maxUnhealthy (total: ${machines.length}, unhealthy: ${unhealthy.length}, maxUnhealthy: ${String(mhc.spec.remediation.triggerIf.unhealthyLessThanOrEqualTo)})`;
    const message = `Remediation is not allowed, the number of not started or unhealthy machines ${what}`;
    statusChanged = setCondition(status.conditions, now, REMEDIATION_ALLOWED, 'False', 'TooManyUnhealthy', message) || statusChanged;
    if (status.remediationsAllowed !== 0) statusChanged = true;
    status.remediationsAllowed = 0;
    // CAPI does not requeue a short-circuited check: pending timeouts wait for an event or the resync.
    if (nextCheck > 0) result = { needsResync: true };
  } else {
    statusChanged = setCondition(status.conditions, now, REMEDIATION_ALLOWED, 'True', 'RemediationAllowed') || statusChanged;
    if (status.remediationsAllowed !== decision.remediationsAllowed) statusChanged = true;
    status.remediationsAllowed = decision.remediationsAllowed;
    requestRemediation(ctx, cluster, mhc, unhealthy.map((u) => u.machine), dirty);
    if (mhc.spec.remediation.templateRef !== undefined) for (const machine of view.healthy()) deleteRemediationRequest(ctx, mhc, machine);
    if (nextCheck > 0) result = { requeueAfter: nextCheck };
  }
  const restrictingNow = !decision.allowed && unhealthy.length > 0;
  if (restrictingNow !== restrictedBefore) {
    ctx.timeline.record(restrictingNow ? mhcShortCircuit(now, counts) : mhcShortCircuitEnded(now, counts));
    status.restricting = restrictingNow;
    statusChanged = true;
  }
  for (const machine of dirty) if (ctx.store.getByKey(keyOf(machine)) === machine) ctx.store.update(machine);
  if (statusChanged) ctx.store.update(mhc);
  return result;
}

/** Object names never contain a comma, so this is the comparison of the joined lists it replaces. */
function sameNames(machines: readonly Machine[], names: readonly string[]): boolean {
  if (machines.length !== names.length) return false;
  for (let i = 0; i < names.length; i++) if (machines[i]!.metadata.name !== names[i]) return false;
  return true;
}

/** `patchUnhealthyTargets`: hand each unhealthy target to its owner, or to the external remediation controller. */
function requestRemediation(ctx: CapiContext, cluster: Cluster, mhc: MachineHealthCheck, machines: Machine[], dirty: Set<Machine>): void {
  const now = ctx.sim.now;
  const templateRef = mhc.spec.remediation.templateRef;
  for (const machine of machines) {
    if (isClusterPaused(cluster, machine)) continue;
    if (templateRef !== undefined) {
      const kind = remediationRequestKind(templateRef.kind);
      if (ctx.store.get(kind, machine.metadata.namespace, machine.metadata.name) !== undefined) return; // CAPI returns early here, skipping later targets
      const request = ctx.store.create<RemediationRequest['spec'], RemediationRequest['status']>(kind, {
        name: machine.metadata.name, namespace: machine.metadata.namespace,
        labels: { [CLUSTER_NAME_LABEL]: cluster.metadata.name }, ownerReferences: [ownerReference(machine)],
      }, { machine: machine.metadata.name }, {});
      if (setCondition(machine.status.conditions, now, EXTERNALLY_REMEDIATED, 'False', 'WaitingForRemediation')) dirty.add(machine);
      ctx.timeline.record(mhcRemediation(now, {
        cluster: clusterKeyOf(cluster.metadata.namespace, cluster.metadata.name), object: keyOf(machine), machine: keyOf(machine), by: `external:${kind}`,
      }));
      externalRemediators.get(kind)?.(ctx, request, machine);
      continue;
    }
    if (machine.metadata.deletionTimestamp !== undefined) continue;
    const ownerRemediated = getCondition(machine.status.conditions, OWNER_REMEDIATED);
    if (ownerRemediated === undefined || ownerRemediated.status === 'True') {
      if (setCondition(machine.status.conditions, now, OWNER_REMEDIATED, 'False', 'WaitingForRemediation', 'Waiting for remediation')) dirty.add(machine);
    }
  }
}

function deleteRemediationRequest(ctx: CapiContext, mhc: MachineHealthCheck, machine: Machine): void {
  const templateRef = mhc.spec.remediation.templateRef;
  if (templateRef === undefined) return;
  const request = ctx.store.getByKey(objectKey(remediationRequestKind(templateRef.kind), machine.metadata.namespace, machine.metadata.name));
  if (request !== undefined && request.metadata.deletionTimestamp === undefined) ctx.store.delete(request);
}

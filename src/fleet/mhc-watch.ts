/**
 * What a wave gate knows of MachineHealthCheck: read from the objects in the store, as an
 * operator's pipeline reads them with a watch (`kubectl get mhc,machines -w`), not from the
 * timeline. The gate asks "since the wave started", so the watch keeps, per cluster, the times
 * the store showed:
 *
 * - a **short-circuit**: a MachineHealthCheck whose status says remediation is not allowed
 *   (`RemediationAllowed` False, reason `TooManyUnhealthy`, `remediationsAllowed` 0: the
 *   not-started or unhealthy count `expectedMachines − currentHealthy` is over `maxUnhealthy` or
 *   outside `unhealthyRange`) while at least one of its `status.targets` is marked unhealthy
 *   (`HealthCheckSucceeded` False). That is when CAPI emits its `RemediationRestricted` event
 *   (cluster-api@v1.13.5 internal/controllers/machinehealthcheck/machinehealthcheck_controller.go
 *   `reconcile`: "If there are no unhealthy target, skip publishing the `RemediationRestricted`
 *   event"); the watch counts each time that state begins.
 * - a **remediation**: the MHC status holds no count of them, so they are read off the Machines
 *   the MHC marked: an owner remediating deletes the Machine with `OwnerRemediated` False, reason
 *   `MachineDeleting` (internal/controllers/machineset/machineset_controller.go
 *   `reconcileUnhealthyMachines`; controlplane/kubeadm/internal/controllers/remediation.go
 *   `reconcileUnhealthyMachines`), and external remediation is the MHC creating a remediation
 *   request from `spec.remediation.templateRef` (machinehealthcheck_controller.go
 *   `patchUnhealthyTargets`).
 *
 * The handlers only read objects and note times: they schedule nothing, so a run is the same with
 * or without a gate reading them.
 */

import type { Millis } from '../engine/duration.js';
import { getCondition, isFalse } from '../kube/conditions.js';
import { clusterKeyOf, type ClusterKey } from '../kube/keys.js';
import { keyOf, type KubeObject } from '../kube/object.js';
import type { ObjectStore, WatchEventType } from '../kube/store.js';
import { CLUSTER_NAME_LABEL } from '../capi/labels.js';
import { remediationRequestKind } from '../capi/machinehealthcheck/controller.js';
import { KIND, type Machine, type MachineHealthCheck } from '../capi/types.js';

/** Counts since a time for a set of clusters. */
export interface MhcCounts {
  shortCircuits: number;
  remediations: number;
}

interface ClusterRecord {
  shortCircuitTimes: Millis[];
  remediationTimes: Millis[];
}

export class MhcWatch {
  private readonly clusters = new Map<ClusterKey, ClusterRecord>();
  /** MachineHealthChecks whose remediation is restricted now (while a target is unhealthy). */
  private readonly restricted = new Set<string>();
  /** Machines whose remediation by their owner has been counted. */
  private readonly remediated = new Set<string>();
  /** Remediation request kinds watched (one watch per kind, opened when an MHC names its template). */
  private readonly requestKinds = new Set<string>();

  constructor(private readonly store: ObjectStore, private readonly now: () => Millis) {
    store.watch(KIND.MachineHealthCheck, (type, object) => this.onHealthCheck(type, object as MachineHealthCheck));
    store.watch(KIND.Machine, (type, object) => this.onMachine(type, object as Machine));
  }

  /** Short-circuits and remediations of these clusters at or after `since`. */
  countsSince(clusterKeys: readonly ClusterKey[], since: Millis): MhcCounts {
    let shortCircuits = 0;
    let remediations = 0;
    for (const key of clusterKeys) {
      const record = this.clusters.get(key);
      if (record === undefined) continue;
      shortCircuits += record.shortCircuitTimes.filter((t) => t >= since).length;
      remediations += record.remediationTimes.filter((t) => t >= since).length;
    }
    return { shortCircuits, remediations };
  }

  private record(namespace: string, clusterName: string): ClusterRecord {
    const key = clusterKeyOf(namespace, clusterName);
    let record = this.clusters.get(key);
    if (record === undefined) this.clusters.set(key, (record = { shortCircuitTimes: [], remediationTimes: [] }));
    return record;
  }

  private onHealthCheck(type: WatchEventType, mhc: MachineHealthCheck): void {
    const key = keyOf(mhc);
    if (type === 'deleted') {
      this.restricted.delete(key);
      return;
    }
    const templateRef = mhc.spec.remediation.templateRef;
    if (templateRef !== undefined) this.watchRequests(remediationRequestKind(templateRef.kind));
    const restrictedNow = this.isRestricted(mhc);
    if (restrictedNow === this.restricted.has(key)) return;
    if (restrictedNow) {
      this.restricted.add(key);
      this.record(mhc.metadata.namespace, mhc.spec.clusterName).shortCircuitTimes.push(this.now());
    } else {
      this.restricted.delete(key);
    }
  }

  /** `RemediationAllowed` False in the status and some target marked `HealthCheckSucceeded` False. */
  private isRestricted(mhc: MachineHealthCheck): boolean {
    if (getCondition(mhc.status.conditions, 'RemediationAllowed')?.status !== 'False') return false;
    return mhc.status.targets.some((name) => {
      const machine = this.store.get<Machine>(KIND.Machine, mhc.metadata.namespace, name);
      return machine !== undefined && isFalse(machine.status.conditions, 'HealthCheckSucceeded');
    });
  }

  private onMachine(type: WatchEventType, machine: Machine): void {
    const key = keyOf(machine);
    const deleting = type === 'deleted' || machine.metadata.deletionTimestamp !== undefined;
    if (deleting && !this.remediated.has(key) && getCondition(machine.status.conditions, 'OwnerRemediated')?.reason === 'MachineDeleting') {
      this.remediated.add(key);
      this.recordRemediation(machine);
    }
    if (type === 'deleted') this.remediated.delete(key);
  }

  private watchRequests(kind: string): void {
    if (this.requestKinds.has(kind)) return;
    this.requestKinds.add(kind);
    this.store.watch(kind, (type, request) => {
      if (type === 'added') this.recordRemediation(request);
    });
  }

  private recordRemediation(object: KubeObject): void {
    const clusterName = object.metadata.labels[CLUSTER_NAME_LABEL];
    if (clusterName !== undefined) this.record(object.metadata.namespace, clusterName).remediationTimes.push(this.now());
  }
}

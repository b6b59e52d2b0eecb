/**
 * Machine conditions and phase, one function per concern (cluster-api@v1.13.5
 * internal/controllers/machine/machine_controller_status.go `setNodeHealthyAndReadyConditions`,
 * `summarizeNodeConditions`, `setReadyCondition`, `setAvailableCondition`,
 * `setMachinePhaseAndLastUpdated`; capi-semantics.md §3.1, §3.2).
 */

import type { Millis } from '../../engine/duration.js';
import { getCondition, isFalse, isTrue, setCondition } from '../../kube/conditions.js';
import type { ConditionStatus } from '../../kube/object.js';
import type { Node } from '../../workload/node.js';
import type { Machine, MachinePhase } from '../types.js';

/** NodeHealthy from the Node's conditions: False if not Ready or under pressure, Unknown if unknown, else True. */
export function summarizeNodeConditions(node: Node): { status: ConditionStatus; reason: string } {
  const c = node.conditions;
  if (c.Ready.status === 'False') return { status: 'False', reason: 'NodeNotReady' };
  if (c.MemoryPressure.status === 'True' || c.DiskPressure.status === 'True' || c.PIDPressure.status === 'True') return { status: 'False', reason: 'NodeConditionsFailed' };
  if (c.Ready.status === 'Unknown' || c.MemoryPressure.status === 'Unknown' || c.DiskPressure.status === 'Unknown' || c.PIDPressure.status === 'Unknown') {
    return { status: 'Unknown', reason: 'NodeConditionsUnknown' };
  }
  return { status: 'True', reason: 'NodeHealthy' };
}

/** Ready = not deleting ∧ bootstrap ∧ infrastructure ∧ NodeHealthy ∧ HealthCheckSucceeded (if present). */
export function setReadyCondition(machine: Machine, now: Millis): boolean {
  const c = machine.status.conditions;
  let reason: string | undefined;
  if (machine.metadata.deletionTimestamp !== undefined) reason = 'Deleting';
  else if (!isTrue(c, 'BootstrapConfigReady')) reason = 'BootstrapConfigNotReady';
  else if (!isTrue(c, 'InfrastructureReady')) reason = 'InfrastructureNotReady';
  else if (!isTrue(c, 'NodeHealthy')) reason = 'NodeNotHealthy';
  else if (isFalse(c, 'HealthCheckSucceeded')) reason = 'HealthCheckFailed';
  return reason === undefined ? setCondition(c, now, 'Ready', 'True', 'Ready') : setCondition(c, now, 'Ready', 'False', reason);
}

/** Available = Ready for at least minReadySeconds; returns the time left when Ready but not yet Available. */
export function setAvailableCondition(machine: Machine, now: Millis): { changed: boolean; recheckAfter?: Millis } {
  const c = machine.status.conditions;
  const ready = getCondition(c, 'Ready');
  if (ready === undefined || ready.status !== 'True') return { changed: setCondition(c, now, 'Available', 'False', 'NotReady') };
  const left = ready.lastTransitionTime + machine.spec.minReadySeconds * 1000 - now;
  if (left > 0) return { changed: setCondition(c, now, 'Available', 'False', 'WaitingForMinReadySeconds'), recheckAfter: left };
  return { changed: setCondition(c, now, 'Available', 'True', 'Available') };
}

/** Phase, last match wins: Pending → Provisioning → Provisioned → Running → Deleting. */
export function machinePhase(machine: Machine): MachinePhase {
  let phase: MachinePhase = 'Pending';
  if (isTrue(machine.status.conditions, 'BootstrapConfigReady') && !machine.status.infrastructureProvisioned) phase = 'Provisioning';
  if (machine.spec.providerID !== undefined) phase = 'Provisioned';
  if (machine.status.nodeRef !== undefined && machine.status.infrastructureProvisioned) phase = 'Running';
  if (machine.metadata.deletionTimestamp !== undefined) phase = 'Deleting';
  return phase;
}

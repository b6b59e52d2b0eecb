/**
 * Whether a MachineHealthCheck may remediate, as CAPI decides it (cluster-api@v1.13.5
 * internal/controllers/machinehealthcheck/machinehealthcheck_controller.go `isAllowedRemediation`,
 * `getMaxUnhealthy`, `getUnhealthyRange`, `unhealthyMachineCount`; capi-semantics.md §4.3).
 *
 * The count compared is `expectedMachines − currentHealthy`, not the number of Machines found
 * unhealthy: a target still starting, inside a timeout, or being deleted is not healthy, so it
 * counts. `unhealthyInRange` takes precedence over `unhealthyLessThanOrEqualTo`.
 */

import { scaledValue, type IntOrPercent } from '../../kube/intstr.js';

/** v1beta2 default of `remediation.triggerIf.unhealthyLessThanOrEqualTo` (`defaultMaxUnhealthy`). */
export const DEFAULT_MAX_UNHEALTHY = '100%';

export interface TriggerIf {
  unhealthyLessThanOrEqualTo?: IntOrPercent | undefined;
  unhealthyInRange?: string;
}

export interface RemediationDecision {
  allowed: boolean;
  /** `status.remediationsAllowed` (may be negative when not allowed; CAPI then stores 0). */
  remediationsAllowed: number;
  /** The number compared: expected − healthy. */
  unhealthy: number;
  /** The limit as resolved: the maxUnhealthy count, or the range text. */
  limit: number | string;
}

/** maxUnhealthy resolved against the expected targets, rounded down (`getMaxUnhealthy`). */
export function getMaxUnhealthy(value: IntOrPercent | undefined, expectedMachines: number): number {
  return scaledValue(value ?? DEFAULT_MAX_UNHEALTHY, expectedMachines, false);
}

/** Bounds of "[a-b]" (`getUnhealthyRange`): inclusive, a ≤ b, non-negative integers. */
export function getUnhealthyRange(range: string): { min: number; max: number } {
  const match = /^\[(\d+)-(\d+)\]$/.exec(range);
  if (!match) throw new Error(`invalid unhealthyRange "${range}": expected "[min-max]"`);
  const min = Number(match[1]);
  const max = Number(match[2]);
  if (max < min) throw new Error(`max value ${max} cannot be less than min value ${min} for unhealthyRange`);
  return { min, max };
}

export function isAllowedRemediation(triggerIf: TriggerIf, expectedMachines: number, currentHealthy: number): RemediationDecision {
  const unhealthy = expectedMachines - currentHealthy;
  if (triggerIf.unhealthyInRange !== undefined && triggerIf.unhealthyInRange !== '') {
    const { min, max } = getUnhealthyRange(triggerIf.unhealthyInRange);
    return { allowed: unhealthy >= min && unhealthy <= max, remediationsAllowed: max - unhealthy, unhealthy, limit: triggerIf.unhealthyInRange };
  }
  const maxUnhealthy = getMaxUnhealthy(triggerIf.unhealthyLessThanOrEqualTo, expectedMachines);
  return { allowed: unhealthy <= maxUnhealthy, remediationsAllowed: maxUnhealthy - unhealthy, unhealthy, limit: maxUnhealthy };
}

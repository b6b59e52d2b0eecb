/**
 * Condition helpers in the style of CAPI's `util/conditions`: setting a condition to the status it
 * already has keeps its lastTransitionTime, which is what timeouts (MHC) are measured from.
 */

import type { Millis } from '../engine/duration.js';
import type { Condition, ConditionStatus } from './object.js';

export function getCondition(conditions: readonly Condition[], type: string): Condition | undefined {
  for (const condition of conditions) if (condition.type === type) return condition;
  return undefined;
}

export function conditionStatus(conditions: readonly Condition[], type: string): ConditionStatus | undefined {
  return getCondition(conditions, type)?.status;
}

export function isTrue(conditions: readonly Condition[], type: string): boolean {
  return getCondition(conditions, type)?.status === 'True';
}

export function isFalse(conditions: readonly Condition[], type: string): boolean {
  return getCondition(conditions, type)?.status === 'False';
}

/**
 * Sets a condition; returns true when anything changed. The transition time moves only when the
 * status changes.
 */
export function setCondition(
  conditions: Condition[],
  now: Millis,
  type: string,
  status: ConditionStatus,
  reason?: string,
  message?: string,
): boolean {
  const existing = getCondition(conditions, type);
  if (existing === undefined) {
    const condition: Condition = { type, status, lastTransitionTime: now };
    if (reason !== undefined) condition.reason = reason;
    if (message !== undefined) condition.message = message;
    conditions.push(condition);
    return true;
  }
  let changed = false;
  if (existing.status !== status) {
    existing.status = status;
    existing.lastTransitionTime = now;
    changed = true;
  }
  if (existing.reason !== reason) {
    if (reason === undefined) delete existing.reason;
    else existing.reason = reason;
    changed = true;
  }
  if (existing.message !== message) {
    if (message === undefined) delete existing.message;
    else existing.message = message;
    changed = true;
  }
  return changed;
}

export function removeCondition(conditions: Condition[], type: string): boolean {
  const index = conditions.findIndex((c) => c.type === type);
  if (index < 0) return false;
  conditions.splice(index, 1);
  return true;
}

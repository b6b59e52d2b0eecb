/**
 * Int-or-percent values (maxSurge, maxUnavailable, maxUnhealthy, maxInFlight, the managed node
 * groups' surge settings), resolved as k8s.io/apimachinery pkg/util/intstr/intstr.go
 * `GetScaledValueFromIntOrPercent` and `getIntOrPercentValueSafely` do (capi-semantics.md §0.1):
 * an int is itself; "p%" is ceil or floor of p·total/100, where p is parsed with `strconv.Atoi`
 * (a whole number: "12.5%" is an error); a string without "%" is an error.
 */

import type { IntOrPercent } from '../schema/fields.js';

/** The one int-or-percent type: the scenario format's (schema/fields.ts), which CAPI's fields and the node groups share. */
export type { IntOrPercent };

export function scaledValue(value: IntOrPercent, total: number, roundUp: boolean): number {
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new Error(`int-or-percent: ${value} is not an integer`);
    return value;
  }
  if (!value.endsWith('%')) throw new Error(`invalid value for IntOrString: invalid type: string is not a percentage: "${value}"`);
  const match = /^([+-]?\d+)%$/.exec(value);
  if (!match) throw new Error(`invalid value for IntOrString: invalid value "${value}": not a whole number of percent`);
  const scaled = (Number(match[1]) * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

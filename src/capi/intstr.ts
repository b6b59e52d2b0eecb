/**
 * Int-or-percent values (maxSurge, maxUnavailable, maxUnhealthy, maxInFlight), resolved as
 * apimachinery's `intstr.GetScaledValueFromIntOrPercent` does (capi-semantics.md §0.1): an int is
 * itself; "p%" is ceil or floor of p·total/100; a string without "%" is an error.
 */

export type IntOrPercent = number | string;

export function scaledValue(value: IntOrPercent, total: number, roundUp: boolean): number {
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new Error(`int-or-percent: ${value} is not an integer`);
    return value;
  }
  const match = /^(-?\d+)%$/.exec(value);
  if (!match) throw new Error(`invalid value for IntOrString: invalid type: string is not a percentage: "${value}"`);
  const scaled = (Number(match[1]) * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

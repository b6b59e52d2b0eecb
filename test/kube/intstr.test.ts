import { describe, expect, it } from 'vitest';
import { scaledValue, type IntOrPercent } from '../../src/kube/intstr.js';

// k8s.io/apimachinery pkg/util/intstr GetScaledValueFromIntOrPercent: the percent is parsed with
// strconv.Atoi, so it is a whole number, and a string must end in "%".
describe('scaledValue', () => {
  it('takes an int as it is and a percent of the total, rounded up or down', () => {
    expect(scaledValue(3, 10, true)).toBe(3);
    expect(scaledValue('25%', 10, true)).toBe(3);
    expect(scaledValue('25%', 10, false)).toBe(2);
    expect(scaledValue('+10%', 15, true)).toBe(2);
    expect(scaledValue('0%', 7, true)).toBe(0);
  });

  it('refuses a fractional percent, a bare number string and a fractional int, as CAPI does', () => {
    expect(() => scaledValue('12.5%' as IntOrPercent, 8, true)).toThrow('invalid value for IntOrString: invalid value "12.5%": not a whole number of percent');
    expect(() => scaledValue('5' as IntOrPercent, 8, true)).toThrow(/string is not a percentage/);
    expect(() => scaledValue(1.5, 8, true)).toThrow(/not an integer/);
  });
});

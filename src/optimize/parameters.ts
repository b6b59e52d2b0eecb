/**
 * `--vary PATH=VALUES`: a scenario field and the values the optimizer may choose for it. PATH is a
 * sweep path (src/sweep/overrides.ts: `operations[0].upgrade.waves.size`, `[*]` for every element).
 * VALUES is either a list, as for `--set` (`0m,5m,15m`, `1,2,25%`), or an inclusive range of whole
 * numbers `FROM..TO` (`2..14`). A range is ordered: the search tries a few of its values and
 * refines around the best (src/optimize/space.ts) instead of running every one; a list is tried
 * value by value.
 */

import { formatSteps, parsePath, parseSetArgument, SetError, type PathStep, type SetParameter } from '../sweep/overrides.js';
import { OptimizeInputError } from './errors.js';
import { printable } from './format.js';

/** Values in one range: more is a typo rather than a plan. */
export const MAX_RANGE_VALUES = 10_000;

export type SearchParameter =
  | { kind: 'list'; path: string; steps: PathStep[]; values: unknown[] }
  | { kind: 'range'; path: string; steps: PathStep[]; from: number; to: number };

const RANGE = /^\s*(-?\d+)\s*\.\.\s*(-?\d+)\s*$/;

/** Sweep messages name `--set`; here the flag is `--vary`. */
export function asVaryMessage(message: string): string {
  return message.replace(/^--set\b/, '--vary').replace(/^with --set\b/, 'with');
}

export function parseVaryArgument(argument: string): SearchParameter {
  const eq = argument.indexOf('=');
  if (eq < 0) throw new OptimizeInputError(`--vary ${argument}: expected PATH=VALUES, such as operations[0].upgrade.waves.size=2..14 or operations[0].upgrade.waves.pauseBetween=0m,5m,15m`);
  const text = argument.slice(eq + 1);
  try {
    const range = RANGE.exec(text);
    if (range !== null) {
      const steps = parsePath(argument.slice(0, eq));
      const path = formatSteps(steps);
      const from = Number(range[1]);
      const to = Number(range[2]);
      if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to)) throw new OptimizeInputError(`--vary ${path}=${text.trim()}: the range's ends must be whole numbers`);
      if (to < from) throw new OptimizeInputError(`--vary ${path}=${text.trim()}: the range runs backwards (write ${to}..${from})`);
      if (to - from + 1 > MAX_RANGE_VALUES) throw new OptimizeInputError(`--vary ${path}=${text.trim()}: at most ${MAX_RANGE_VALUES.toLocaleString('en-US')} values in a range`);
      if (to === from) return { kind: 'list', path, steps, values: [from] };
      return { kind: 'range', path, steps, from, to };
    }
    if (/\.\./.test(text) && !/^\s*[[{'"]/.test(text)) {
      throw new OptimizeInputError(`--vary ${argument.slice(0, eq).trim()}=${text.trim()}: a range FROM..TO takes whole numbers, such as 2..14; list other values, such as 0m,5m,15m`);
    }
    const parameter = parseSetArgument(argument);
    const seen = new Set<string>();
    for (const value of parameter.values) {
      const key = JSON.stringify(value);
      if (seen.has(key)) throw new OptimizeInputError(`--vary ${parameter.path}: the value ${typeof value === 'string' ? value : key} is listed twice`);
      seen.add(key);
    }
    return { kind: 'list', path: parameter.path, steps: parameter.steps, values: parameter.values };
  } catch (error) {
    if (error instanceof SetError) throw new OptimizeInputError(asVaryMessage(error.message));
    throw error;
  }
}

/** Every `--vary`, each path once. */
export function parseVaryArguments(argumentsList: readonly string[]): SearchParameter[] {
  if (argumentsList.length === 0) throw new OptimizeInputError('give at least one --vary PATH=VALUES: the fields the optimizer may choose');
  const parameters = argumentsList.map(parseVaryArgument);
  const paths = new Set<string>();
  for (const parameter of parameters) {
    if (paths.has(parameter.path)) throw new OptimizeInputError(`--vary ${parameter.path} is given twice; list every value in one --vary`);
    paths.add(parameter.path);
  }
  return parameters;
}

/** How many values a parameter has. */
export function valueCount(parameter: SearchParameter): number {
  return parameter.kind === 'range' ? parameter.to - parameter.from + 1 : parameter.values.length;
}

/** Every value of a parameter, in order (a range's whole numbers from FROM to TO). */
export function allValues(parameter: SearchParameter): unknown[] {
  if (parameter.kind === 'list') return parameter.values;
  return Array.from({ length: valueCount(parameter) }, (_, i) => parameter.from + i);
}

/** The parameter as the sweep's override machinery takes it, with one value. */
export function settingOf(parameter: SearchParameter, value: unknown): SetParameter {
  return { path: parameter.path, steps: parameter.steps, values: [value] };
}

/** How the parameter was written: `2..14` or `0m,5m,15m`. */
export function describeValues(parameter: SearchParameter): string {
  if (parameter.kind === 'range') return `${parameter.from}..${parameter.to}`;
  return parameter.values.map(printable).join(',');
}

/**
 * Turning zod's issues into ScenarioIssues: readable "expected … found …" messages, one issue per
 * unknown key (located at the key, with "did you mean"), and the position of every path.
 */

import type { z } from 'zod';
import { describeValue } from '../schema/wording.js';
import type { PathSegment, ScenarioIssue } from './issues.js';
import { formatPath } from './issues.js';
import { didYouMean } from '../schema/names.js';
import type { SourceDocument } from './source.js';

type Issue = z.core.$ZodIssue;
type RawIssue = z.core.$ZodRawIssue;

const EXPECTED_NAMES: Record<string, string> = {
  int: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  object: 'a mapping',
  array: 'a list',
  record: 'a mapping',
  map: 'a mapping',
  nonoptional: 'a value',
  undefined: 'nothing',
  null: 'null',
};

/** The per-parse error map: zod's defaults rewritten as "expected … found …". */
export function errorMap(issue: RawIssue): string | undefined {
  const input = issue.input;
  switch (issue.code) {
    case 'invalid_type': {
      const expected = EXPECTED_NAMES[issue.expected] ?? String(issue.expected);
      if (input === undefined) return `required field is missing (expected ${expected})`;
      return `expected ${expected}, found ${describeValue(input)}`;
    }
    case 'invalid_value': {
      const values = issue.values.map((v) => (typeof v === 'string' ? v : String(v)));
      const hint = typeof input === 'string' ? didYouMean(input, values) : '';
      if (input === undefined) return `required field is missing (expected ${values.join(' | ')})`;
      return `expected ${values.length === 1 ? values[0] : `one of ${values.join(', ')}`}, found ${describeValue(input)}${hint}`;
    }
    case 'too_small': {
      if (issue.origin === 'array') return `expected at least ${issue.minimum} item${Number(issue.minimum) === 1 ? '' : 's'}, found ${Array.isArray(input) ? input.length : 0}`;
      if (issue.origin === 'string') return `expected a non-empty string, found ${describeValue(input)}`;
      return `expected a number ${issue.inclusive === false ? '>' : '≥'} ${issue.minimum}, found ${describeValue(input)}`;
    }
    case 'too_big': {
      if (issue.origin === 'array') return `expected at most ${issue.maximum} items, found ${Array.isArray(input) ? input.length : '?'}`;
      if (issue.origin === 'string') return `expected at most ${issue.maximum} characters`;
      return `expected a number ${issue.inclusive === false ? '<' : '≤'} ${issue.maximum}, found ${describeValue(input)}`;
    }
    case 'invalid_format':
      return `expected ${issue.format === 'regex' ? `text matching ${String(issue.pattern)}` : issue.format}, found ${describeValue(input)}`;
    case 'not_multiple_of':
      return `expected a multiple of ${issue.divisor}, found ${describeValue(input)}`;
    default:
      return undefined;
  }
}

/**
 * Where the value a schema was applied to lives in the document: a base path, or a mapping for values
 * that were assembled (a generator's template merged with its spread values, an imported manifest).
 */
export interface Placement {
  map(relative: readonly PathSegment[]): PathSegment[];
  /** Prefix for messages when the mapped path does not say which field it was (imported clusters). */
  prefix?(relative: readonly PathSegment[]): string;
}

export const placedAt = (base: readonly PathSegment[]): Placement => ({ map: (relative) => [...base, ...relative] });

/** Converts the issues of one safeParse of `schema` over `value`, placed in the document by `placement`. */
export function convertZodIssues(
  issues: readonly Issue[],
  schema: z.ZodType,
  value: unknown,
  placement: Placement,
  source: SourceDocument,
  out: ScenarioIssue[],
): void {
  const make = (relative: readonly PathSegment[], key: boolean, message: string): ScenarioIssue => {
    const path = placement.map(relative);
    const { line, column } = source.locate(path, key);
    return { file: source.file, line, column, path: formatPath(path), message: `${placement.prefix?.(relative) ?? ''}${message}` };
  };
  for (const issue of issues) {
    const relative = issue.path as PathSegment[];
    if (issue.code === 'unrecognized_keys') {
      const known = objectKeysAt(schema, relative, value);
      for (const key of issue.keys) {
        const hint = didYouMean(key, known);
        const listing = hint === '' && known.length > 0 && known.length <= 16 ? ` (expected one of: ${known.join(', ')})` : '';
        out.push(make([...relative, key], true, `unknown field "${key}"${hint}${listing}`));
      }
      continue;
    }
    if (issue.code === 'invalid_union') {
      const discriminator = (issue as { discriminator?: string }).discriminator;
      const options = (issue as { options?: unknown[] }).options;
      if (discriminator !== undefined && options !== undefined) {
        const names = options.filter((o): o is string | boolean => o !== undefined && o !== null).map(String);
        const found = valueAt(value, relative);
        const message = found === undefined
          ? `required field is missing (expected one of ${names.join(', ')})`
          : `expected one of ${names.join(', ')}, found ${describeValue(found)}${typeof found === 'string' ? didYouMean(found, names) : ''}`;
        out.push(make(relative, false, message));
        continue;
      }
      const branches = issue.errors;
      const allMissing = branches.length > 0 && branches.every((branch) => branch.length > 0 && branch.every((inner) => inner.code === 'invalid_type' && inner.path.length === 0)) && valueAt(value, relative) === undefined;
      if (allMissing) {
        out.push(make(relative, false, 'required field is missing'));
        continue;
      }
    }
    if (issue.code === 'invalid_key') {
      const key = relative[relative.length - 1];
      const inner = issue.issues[0]?.message ?? 'invalid key';
      out.push(make(relative, true, `invalid key ${describeValue(key)}: ${inner}`));
      continue;
    }
    out.push(make(relative, false, issue.message));
  }
}

function valueAt(value: unknown, path: readonly PathSegment[]): unknown {
  let current = value;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = Object.prototype.hasOwnProperty.call(current, segment) ? (current as Record<PropertyKey, unknown>)[segment] : undefined;
  }
  return current;
}

interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  element?: z.ZodType;
  valueType?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  options?: z.ZodType[];
  discriminator?: string;
  values?: unknown[];
  getter?: () => z.ZodType;
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Strips wrappers and picks the union option that fits `value`. */
function unwrap(schema: z.ZodType, value: unknown): z.ZodType {
  let current = schema;
  for (let guard = 0; guard < 50; guard++) {
    const def = defOf(current);
    if (def.innerType && ['optional', 'nullable', 'default', 'prefault', 'catch', 'readonly', 'nonoptional'].includes(def.type)) current = def.innerType;
    else if (def.type === 'pipe' && def.in) current = def.in;
    else if (def.type === 'lazy' && def.getter) current = def.getter();
    else if (def.type === 'union' && def.options) current = pickOption(def, value) ?? current;
    else break;
    if (def.type === 'union') break;
  }
  const def = defOf(current);
  return def.type === 'pipe' && def.in ? unwrap(def.in, value) : current;
}

function pickOption(def: Def, value: unknown): z.ZodType | undefined {
  const options = def.options ?? [];
  const record = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  if (def.discriminator !== undefined && record) {
    const wanted = record[def.discriminator];
    for (const option of options) {
      const shape = defOf(unwrap(option, value)).shape;
      const literal = shape?.[def.discriminator];
      if (literal && literalValues(literal).includes(wanted)) return unwrap(option, value);
    }
  }
  // Plain union: the object option sharing the most keys with the value.
  let best: z.ZodType | undefined;
  let bestScore = -1;
  for (const option of options) {
    const inner = unwrap(option, value);
    const shape = defOf(inner).shape;
    if (!shape) continue;
    const score = record ? Object.keys(record).filter((k) => k in shape).length : 0;
    if (score > bestScore) {
      best = inner;
      bestScore = score;
    }
  }
  return best;
}

function literalValues(schema: z.ZodType): unknown[] {
  let current = schema;
  const values: unknown[] = [];
  for (let guard = 0; guard < 10; guard++) {
    const def = defOf(current);
    if (def.type === 'optional') {
      values.push(undefined);
      current = def.innerType!;
    } else if (def.type === 'literal') {
      return [...values, ...(def.values ?? [])];
    } else if (def.innerType) {
      current = def.innerType;
    } else break;
  }
  return values;
}

/** The field names the schema allows for the object at `path` (for "did you mean"). */
export function objectKeysAt(schema: z.ZodType, path: readonly PathSegment[], value: unknown): string[] {
  let current = unwrap(schema, value);
  let currentValue = value;
  for (const segment of path) {
    const def = defOf(current);
    let next: z.ZodType | undefined;
    if (def.type === 'object' && def.shape && typeof segment === 'string') next = def.shape[segment];
    else if (def.type === 'array' && def.element) next = def.element;
    else if (def.type === 'record' && def.valueType) next = def.valueType;
    if (!next) return [];
    currentValue = currentValue !== null && typeof currentValue === 'object' ? (currentValue as Record<PropertyKey, unknown>)[segment] : undefined;
    current = unwrap(next, currentValue);
  }
  const shape = defOf(current).shape;
  return shape ? Object.keys(shape) : [];
}

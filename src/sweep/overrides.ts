/**
 * `--set PATH=V1,V2,…`: a scenario field and the values a sweep tries for it. PATH is written as in
 * error messages: `operations[0].upgrade.waves.size`, with `[*]` for every element of a list
 * (`clusters[*].workers[*].strategy.maxSurge`). Values are YAML scalars or flow collections (`4`,
 * `25%`, `15m`, `true`, `[a, b]`), separated by commas outside brackets and quotes.
 *
 * A value is applied to the raw parsed document before validation, so the loader checks it like
 * any field of the file and its errors name the field. Two conveniences:
 * - under `clusters[…]`, a `generate:` entry is addressed through its template
 *   (`clusters[*].workers[*].replicas` reaches `clusters[0].generate.template.workers[*].replicas`),
 *   unless the path names `generate` itself (`clusters[0].generate.count`);
 * - missing mappings on the way are created (`management.controllers.machine` in a file without
 *   `management:`), so a field left to its default can be set; a misspelt one then fails validation
 *   as an unknown field, with a "did you mean".
 * Entries imported from `manifests:` are not editable this way: `[*]` skips them, an index is an error.
 * A `[*]` over worker pools skips a pool whose kind has no such field: `workers[*].strategy.maxSurge`
 * sets the MachineDeployments' rollout strategy and leaves the MachinePools (which take `maxSurge`
 * directly) alone; an index (`workers[1].strategy`) names one pool and is checked as written.
 */

import { parse as parseYaml } from 'yaml';
import { MachineDeploymentSchema, MachinePoolSchema } from '../scenario/schema.js';

export type PathStep = string | number | '*';

export interface SetParameter {
  /** As written: `operations[0].upgrade.waves.size`. */
  path: string;
  steps: PathStep[];
  values: unknown[];
}

export class SetError extends Error {}

const KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*/;
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/** `clusters[*].workers[0]["a.b"]` → ['clusters', '*', 'workers', 0, 'a.b']. */
export function parsePath(path: string): PathStep[] {
  const steps: PathStep[] = [];
  let rest = path.trim();
  if (rest === '') throw new SetError('--set: expected PATH=VALUES, found an empty path');
  let first = true;
  while (rest.length > 0) {
    if (rest.startsWith('[')) {
      const close = rest.indexOf(']');
      if (close < 0) throw new SetError(`--set ${path}: a "[" without "]"`);
      const inside = rest.slice(1, close).trim();
      if (inside === '*') steps.push('*');
      else if (/^\d+$/.test(inside)) steps.push(Number(inside));
      else if (/^"(?:[^"\\]|\\.)*"$/.test(inside)) steps.push(JSON.parse(inside) as string);
      else throw new SetError(`--set ${path}: expected [N], [*] or ["key"], found [${inside}]`);
      rest = rest.slice(close + 1);
    } else {
      if (!first) {
        if (!rest.startsWith('.')) throw new SetError(`--set ${path}: expected "." or "[" before "${rest}"`);
        rest = rest.slice(1);
      }
      const key = KEY.exec(rest)?.[0];
      if (key === undefined) throw new SetError(`--set ${path}: expected a field name at "${rest}"`);
      steps.push(key);
      rest = rest.slice(key.length);
    }
    first = false;
  }
  for (const step of steps) if (typeof step === 'string' && FORBIDDEN.has(step)) throw new SetError(`--set ${path}: "${step}" is not a scenario field`);
  return steps;
}

/** Splits on commas that are not inside [], {} or quotes. */
export function splitValues(text: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quote !== undefined) {
      current += c;
      if (c === '\\' && quote === '"' && i + 1 < text.length) current += text[++i];
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth--;
    if (c === ',' && depth === 0) {
      items.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  items.push(current);
  return items.map((item) => item.trim());
}

/** A YAML scalar or flow collection: `4` → 4, `25%` → "25%", `true` → true, `[a, b]` → ['a', 'b']. */
export function parseValue(text: string, path: string): unknown {
  if (text === '') throw new SetError(`--set ${path}: an empty value (between commas or after "=")`);
  try {
    return parseYaml(text, { maxAliasCount: 0 }) as unknown;
  } catch (error) {
    throw new SetError(`--set ${path}: the value ${JSON.stringify(text)} is not a YAML value (${(error as Error).message.split('\n')[0]})`);
  }
}

/** `PATH=V1,V2` from the command line. */
export function parseSetArgument(argument: string): SetParameter {
  const eq = argument.indexOf('=');
  if (eq < 0) throw new SetError(`--set ${argument}: expected PATH=VALUE[,VALUE…], such as operations[0].upgrade.waves.size=4,7,14`);
  const path = argument.slice(0, eq).trim();
  const steps = parsePath(path);
  const values = splitValues(argument.slice(eq + 1)).map((text) => parseValue(text, path));
  return { path: formatSteps(steps), steps, values };
}

/** A `sweep: { set: { PATH: [values] } }` entry of a scenario file. */
export function setParameterFromFile(path: string, values: unknown[]): SetParameter {
  const steps = parsePath(path);
  if (values.length === 0) throw new SetError(`sweep.set["${path}"]: expected at least one value`);
  return { path: formatSteps(steps), steps, values };
}

export function formatSteps(steps: readonly PathStep[]): string {
  let out = '';
  for (const step of steps) {
    if (step === '*') out += '[*]';
    else if (typeof step === 'number') out += `[${step}]`;
    else if (KEY.exec(step)?.[0] === step) out += out === '' ? step : `.${step}`;
    else out += `[${JSON.stringify(step)}]`;
  }
  return out;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const MACHINE_POOL_FIELDS = new Set(Object.keys(MachinePoolSchema.shape));
const MACHINE_DEPLOYMENT_FIELDS = new Set(Object.keys(MachineDeploymentSchema.shape));

/**
 * Whether `key` is a field of the worker pool `element` (an entry of a `workers:` list): its `kind`
 * picks the schema, MachineDeployment when absent, as the loader does.
 */
function workerHasField(element: Record<string, unknown>, key: string): boolean {
  return (element.kind === 'MachinePool' ? MACHINE_POOL_FIELDS : MACHINE_DEPLOYMENT_FIELDS).has(key);
}

/**
 * Sets `value` at every place `steps` reaches in `document` (mutated). Returns how many places were
 * set; throws a SetError naming the path and the first step that could not be followed.
 */
export function applySetting(document: unknown, parameter: SetParameter, value: unknown): number {
  const { steps, path } = parameter;
  if (!isMapping(document)) throw new SetError(`--set ${path}: the scenario is not a mapping`);
  let places: Array<{ node: Record<string, unknown> | unknown[]; at: PathStep[] }> = [{ node: document, at: [] }];
  let set = 0;
  /** Worker pools a `[*]` passed over because the field does not apply to their kind. */
  const skipped: string[] = [];
  const last = steps.length - 1;
  steps.forEach((step, i) => {
    const next: typeof places = [];
    for (const place of places) {
      const where = formatSteps(place.at) || 'the top of the file';
      if (step === '*' || typeof step === 'number') {
        const list = place.node;
        if (!Array.isArray(list)) throw new SetError(`--set ${path}: ${where} is not a list, so ${formatSteps([step])} does not apply`);
        const indexes = step === '*' ? list.map((_, k) => k) : [step];
        if (typeof step === 'number' && step >= list.length) {
          throw new SetError(`--set ${path}: ${where} has ${list.length} entr${list.length === 1 ? 'y' : 'ies'}, so [${step}] does not exist`);
        }
        for (const k of indexes) {
          if (i === last) {
            list[k] = value;
            set++;
            continue;
          }
          let element = list[k];
          const at = [...place.at, k];
          const following = steps[i + 1];
          // clusters[…]: a generator is edited through its template; a manifests: entry not at all.
          if (place.at.length === 1 && place.at[0] === 'clusters' && isMapping(element)) {
            if ('manifests' in element) {
              if (step === '*') continue;
              throw new SetError(`--set ${path}: ${formatSteps(at)} is imported from manifests; edit the manifest or the variables instead`);
            }
            if ('generate' in element && following !== 'generate' && isMapping(element.generate)) {
              const generator = element.generate;
              if (!isMapping(generator.template)) generator.template = {};
              element = generator.template;
              at.push('generate', 'template');
            }
          }
          if (!isMapping(element) && !Array.isArray(element)) throw new SetError(`--set ${path}: ${formatSteps(at)} is ${describe(element)}, not a mapping or list`);
          if (step === '*' && place.at[place.at.length - 1] === 'workers' && isMapping(element) && typeof following === 'string' && !workerHasField(element, following)) {
            skipped.push(`${formatSteps(at)} is a ${element.kind === 'MachinePool' ? 'MachinePool' : 'MachineDeployment'} and has no "${following}"`);
            continue;
          }
          next.push({ node: element, at });
        }
        continue;
      }
      const mapping = place.node;
      if (!isMapping(mapping)) throw new SetError(`--set ${path}: ${where} is a list; expected [N] or [*] before "${step}"`);
      if (i === last) {
        mapping[step] = value;
        set++;
        continue;
      }
      const following = steps[i + 1];
      if (!(step in mapping) || mapping[step] === undefined || mapping[step] === null) {
        if (following === '*' || typeof following === 'number') throw new SetError(`--set ${path}: ${formatSteps([...place.at, step])} is not in the scenario, so there is no list to index`);
        mapping[step] = {};
      }
      const child = mapping[step];
      if (!isMapping(child) && !Array.isArray(child)) throw new SetError(`--set ${path}: ${formatSteps([...place.at, step])} is ${describe(child)}, not a mapping or list`);
      next.push({ node: child, at: [...place.at, step] });
    }
    places = next;
  });
  if (set === 0) throw new SetError(`--set ${path}: matched nothing in the scenario${skipped.length === 0 ? '' : ` (${skipped.join('; ')})`}`);
  return set;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  return `${JSON.stringify(value)}`;
}

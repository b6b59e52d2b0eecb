/**
 * Cluster generators: `- generate: { count, name, spread, template }` makes `count` clusters from one
 * template. Cluster k (k = 1…count) takes the ((k−1) mod n)-th value of each `spread` list (round
 * robin), and its name from the pattern with `{provider}`, `{region}`, `{version}` and `{account}`
 * replaced by its values and `{index}` by its number, counted from 1 among the clusters that share the
 * pattern's other placeholders: `capi-{provider}-{index}` over [aws, azure, gcp] gives capi-aws-1,
 * capi-azure-1, capi-gcp-1, capi-aws-2, … (as in the format's example, where capi-gcp-2 exists); a
 * pattern without other placeholders (`edge-{index}`) numbers all clusters 1…count.
 *
 * The template is validated and resolved once per distinct combination of spread values (not once per
 * cluster), so a problem in it is reported once, at the template, and a large fleet stays cheap.
 */

import { must } from '../engine/must.js';
import type { ClusterSpec } from './model.js';
import type { PathSegment } from './issues.js';
import { ClusterSchema, type GeneratorInput } from './schema.js';
import { didYouMean, rfc1123Error } from '../schema/names.js';
import { machineCount, resolveCluster } from './cluster.js';
import type { Reporter } from './reporter.js';
import { convertZodIssues, errorMap, type Placement } from './zod-issues.js';

/** A scenario may describe at most this many clusters (explicit, generated and imported together). */
export const MAX_CLUSTERS = 100_000;
/** … and at most this many machines at the start. */
export const MAX_MACHINES = 5_000_000;

export const NAME_PLACEHOLDERS = ['index', 'provider', 'region', 'version', 'account'] as const;
const SPREAD_KEYS = ['provider', 'region', 'version', 'account'] as const;
type SpreadKey = (typeof SPREAD_KEYS)[number];

/** Running totals across the whole scenario, checked against MAX_CLUSTERS and MAX_MACHINES. */
export interface FleetBudget {
  clusters: number;
  machines: number;
  exceeded: boolean;
}

export interface GeneratedCluster {
  spec: ClusterSpec;
  /** Where to point at for this cluster's name (the generator's name pattern). */
  namePath: PathSegment[];
}

export function expandGenerator(
  generator: GeneratorInput['generate'],
  rawGenerator: Record<string, unknown>,
  base: PathSegment[],
  reporter: Reporter,
  budget: FleetBudget,
): GeneratedCluster[] {
  const at = (...rest: PathSegment[]) => [...base, 'generate', ...rest];
  const errorsBefore = reporter.errors.length;
  checkNamePattern(generator.name, generator.count, base, reporter);

  const rawTemplate = isRecord(rawGenerator.template) ? rawGenerator.template : {};
  const spread = generator.spread;
  for (const key of SPREAD_KEYS) {
    if (spread[key] !== undefined && key in rawTemplate) {
      reporter.error(at('template', key), `"${key}" is set both in spread and in template; keep one`, true);
    }
  }
  if (!('provider' in rawTemplate) && spread.provider === undefined) reporter.error(at('spread'), 'required field is missing: a provider, in spread.provider or template.provider');
  if (!('version' in rawTemplate) && spread.version === undefined) reporter.error(at('spread'), 'required field is missing: a version, in spread.version or template.version');
  if ('name' in rawTemplate) reporter.error(at('template', 'name'), 'a template has no name: the generator names clusters from its name pattern', true);
  if (reporter.errors.length > errorsBefore) return [];

  if (budget.clusters + generator.count > MAX_CLUSTERS) {
    budget.exceeded = true;
    reporter.error(at('count'), `expected at most ${MAX_CLUSTERS.toLocaleString('en-US')} clusters in a scenario, found ${(budget.clusters + generator.count).toLocaleString('en-US')} with this generator`);
    return [];
  }
  budget.clusters += generator.count;

  const spreadValue = (key: SpreadKey, k: number): string | undefined => {
    const list = spread[key];
    return list === undefined ? undefined : list[k % list.length];
  };

  // One validated, resolved cluster per distinct combination of spread values.
  const placement: Placement = {
    map: (relative) => {
      const head = relative[0];
      if (head === 'name') return at('name');
      if (typeof head === 'string' && (SPREAD_KEYS as readonly string[]).includes(head) && spread[head as SpreadKey] !== undefined) return at('spread', head);
      return at('template', ...relative);
    },
  };
  const combos = new Map<string, { spec: ClusterSpec | undefined; namedChecks: boolean[] }>();
  const comboKey = (k: number) => SPREAD_KEYS.map((key) => spreadValue(key, k) ?? '').join('\u0000');
  let machines = 0;
  for (let k = 0; k < generator.count; k++) {
    const key = comboKey(k);
    let combo = combos.get(key);
    if (combo === undefined) {
      // The real names are made below from the resolved spec; the template is checked under a stand-in.
      const merged: Record<string, unknown> = { ...rawTemplate, name: 'generated' };
      for (const spreadKey of SPREAD_KEYS) {
        const value = spreadValue(spreadKey, k);
        if (value !== undefined) merged[spreadKey] = value;
      }
      const parsed = ClusterSchema.safeParse(merged, { error: errorMap });
      if (!parsed.success) {
        convertZodIssues(parsed.error.issues, ClusterSchema, merged, placement, reporter.source, reporter.errors);
        combo = { spec: undefined, namedChecks: [] };
      } else {
        const namedChecks = (parsed.data.healthChecks ?? (parsed.data.healthCheck ? [parsed.data.healthCheck] : [])).map((c) => c.name !== undefined);
        combo = { spec: resolveCluster(parsed.data, reporter.at(placement)), namedChecks };
      }
      combos.set(key, combo);
    }
    if (combo.spec !== undefined) machines += machineCount(combo.spec);
  }
  if (reporter.errors.length > errorsBefore) return [];

  if (budget.machines + machines > MAX_MACHINES) {
    budget.exceeded = true;
    reporter.error(at('count'), `expected at most ${MAX_MACHINES.toLocaleString('en-US')} machines in a scenario, found ${(budget.machines + machines).toLocaleString('en-US')} with this generator`);
    return [];
  }
  budget.machines += machines;

  const out: GeneratedCluster[] = [];
  let badNames = 0;
  const counters = new Map<string, number>();
  for (let k = 0; k < generator.count; k++) {
    const combo = must(combos, comboKey(k), 'combination');
    const group = nameFor(generator.name, -1, combo.spec!);
    const index = (counters.get(group) ?? 0) + 1;
    counters.set(group, index);
    const name = nameFor(generator.name, index, combo.spec!);
    const nameError = rfc1123Error(name);
    if (nameError !== undefined) {
      if (badNames++ === 0) reporter.error(at('name'), `generated name for cluster ${k + 1}: ${nameError}`);
      continue;
    }
    const spec = copyPlain(combo.spec!);
    spec.name = name;
    // Default health check names follow the cluster's name (cluster.ts resolveHealthChecks).
    spec.healthChecks.forEach((check, i) => {
      if (!combo.namedChecks[i]) check.name = i === 0 ? `${name}-mhc` : `${name}-mhc-${i + 1}`;
    });
    out.push({ spec, namePath: at('name') });
  }
  if (badNames > 1) reporter.error(at('name'), `${badNames - 1} more generated name${badNames > 2 ? 's are' : ' is'} not an RFC 1123 name`);
  return out;
}

/**
 * The name pattern: known placeholders only, and {index} whenever more than one cluster is made.
 * Also run on generators whose other fields failed, so all of a file's problems show at once.
 */
export function checkNamePattern(pattern: string, count: number | undefined, base: PathSegment[], reporter: Reporter): void {
  const path = [...base, 'generate', 'name'];
  const placeholders = [...pattern.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]!);
  for (const placeholder of placeholders) {
    if (!(NAME_PLACEHOLDERS as readonly string[]).includes(placeholder)) {
      reporter.error(path, `unknown placeholder "{${placeholder}}" in the name pattern${didYouMean(placeholder, NAME_PLACEHOLDERS)} (expected {index}, {provider}, {region}, {version} or {account})`);
    }
  }
  if (count !== undefined && count > 1 && !placeholders.includes('index')) {
    reporter.error(path, `the name pattern "${pattern}" has no {index}: ${count} clusters would share names`);
  }
}

/** The name for `index` from the pattern (-1 leaves {index} in place); versions lose their dots (v1.34.3 → v1-34-3). */
function nameFor(pattern: string, index: number, spec: ClusterSpec): string {
  return pattern.replace(/\{(index|provider|region|version|account)\}/g, (_, key: string) => {
    switch (key) {
      case 'index': return index < 0 ? '{index}' : String(index);
      case 'provider': return spec.provider;
      case 'region': return spec.region.toLowerCase();
      case 'version': return spec.version.replace(/[.+]/g, '-');
      default: return spec.account.toLowerCase();
    }
  });
}

/** A deep copy of plain data (objects, arrays, primitives), several times faster than structuredClone here. */
function copyPlain<T>(value: T): T {
  if (Array.isArray(value)) return value.map(copyPlain) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) out[key] = copyPlain((value as Record<string, unknown>)[key]);
    return out as T;
  }
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}


/**
 * Loading a scenario: text → YAML with positions → schema checks element by element (so every error
 * of a file is reported, not just the first) → generators, manifest imports and defaults → references
 * across the fleet → the resolved Scenario. Bad input never throws; it comes back as issues.
 */

import { dirname, resolve as resolvePath } from 'node:path';
import type { z } from 'zod';
import type { CloudOverrides, ClusterSpec, OperationSpec, Scenario } from './model.js';
import { validateClouds } from '../cloud/cloud-registry.js';
import type { LoadResult, PathSegment, ScenarioIssue } from './issues.js';
import { dedupeIssues, formatPath, sortIssues } from './issues.js';
import { decodeText, FORBIDDEN_KEYS, MAX_DEPTH, MAX_EXPANDED_NODES, MAX_FILE_BYTES, parseSource, type SourceDocument } from './source.js';
import {
  ClusterSchema,
  ExpectationSchema,
  FaultSchema,
  GeneratorSchema,
  ManifestEntrySchema,
  OperationSchema,
  TopLevelSchema,
  scenarioFields,
  type ClusterInput,
  type ExpectationInput,
  type FaultInput,
  type OperationInput,
  type TopLevelInput,
} from './schema.js';
import { convertZodIssues, errorMap, placedAt, type Placement } from './zod-issues.js';
import { capiManifestsHint } from './capi-manifests-hint.js';
import { Reporter } from './reporter.js';
import { machineCount, resolveCluster } from './cluster.js';
import { checkNamePattern, expandGenerator, MAX_CLUSTERS, MAX_MACHINES, type FleetBudget } from './generators.js';
import { manifestImporter, manifestVariableSets } from './importer.js';
import { readRegularFile } from './read-file.js';
import { checkStringLength, MAX_KEY_LENGTH, SCENARIO_TREE_CHECKS } from './limits.js';
import { checkObjectNames } from './object-names.js';
import { resolveExpectations, resolveFaults, resolveOperations, type FleetIndex } from './actions.js';

export interface LoadOptions {
  /** Environment for `${VAR}` substitution in imported manifests (defaults to process.env). */
  env?: Record<string, string | undefined>;
}

export function loadScenarioFile(path: string, options: LoadOptions = {}): LoadResult {
  const file = path;
  const read = readRegularFile(path, MAX_FILE_BYTES);
  // No position for a file that could not be read: `file: message`, never `file:0:0`.
  if (!read.ok) return failure([{ file, line: 0, column: 0, path: '', message: read.message.includes('limit') ? `${read.message} (use a generator for large fleets)` : read.message }]);
  const decoded = decodeText(read.bytes, file);
  if (!decoded.ok) return failure([decoded.error]);
  return loadScenarioText(decoded.text, file, options);
}

export function loadScenarioText(text: string, file: string, options: LoadOptions = {}): LoadResult {
  try {
    const parsed = parseSource(text, file, 'a scenario', SCENARIO_TREE_CHECKS);
    if (!parsed.ok) return failure(parsed.errors, parsed.warnings);
    return loadFromSource(parsed.source, options, parsed.warnings);
  } catch (error) {
    return internalError(file, error);
  }
}

/** For programmatic use (tests, sweeps): a plain value; positions are 0:0. */
export function loadScenarioObject(raw: unknown, file: string, options: LoadOptions = {}): LoadResult {
  try {
    const source: SourceDocument = { file, value: raw, locate: () => ({ line: 0, column: 0 }) };
    const problem = checkPlainValue(raw);
    if (problem !== undefined) return failure([{ file, line: 0, column: 0, path: formatPath(problem.path), message: problem.message }]);
    return loadFromSource(source, options, []);
  } catch (error) {
    return internalError(file, error);
  }
}

function salvageVariables(value: unknown): Record<string, string> {
  const parsed = scenarioFields.variables.safeParse(value);
  return parsed.success ? parsed.data : {};
}

/**
 * The guards YAML input gets in source.ts, for values handed over in code: no prototype keys, no
 * cycles, bounded depth and size, strings within their length limits (limits.ts).
 */
export function checkPlainValue(root: unknown, base: readonly PathSegment[] = []): { path: PathSegment[]; message: string } | undefined {
  let count = 0;
  const ancestors = new Set<object>();
  const visit = (value: unknown, path: PathSegment[]): { path: PathSegment[]; message: string } | undefined => {
    if (++count > MAX_EXPANDED_NODES) return { path, message: `the value holds more than ${MAX_EXPANDED_NODES.toLocaleString('en-US')} values; refusing it` };
    if (typeof value === 'string') {
      const message = value.length <= MAX_KEY_LENGTH ? undefined : checkStringLength([...base, ...path], value, false);
      return message === undefined ? undefined : { path, message };
    }
    if (value === null || typeof value !== 'object') return undefined;
    if (path.length > MAX_DEPTH) return { path, message: `nested more than ${MAX_DEPTH} levels deep; a scenario needs far fewer` };
    if (ancestors.has(value)) return { path, message: 'the value contains itself (a cycle); expected plain data' };
    ancestors.add(value);
    const entries: Array<[PathSegment, unknown]> = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.keys(value).map((k) => [k, (value as Record<string, unknown>)[k]]);
    for (const [key, child] of entries) {
      if (typeof key === 'string' && FORBIDDEN_KEYS.has(key)) return { path: [...path, key], message: `the key "${key}" is not allowed (it could change object prototypes); rename it` };
      const keyProblem = typeof key === 'string' && key.length > MAX_KEY_LENGTH ? checkStringLength([...base, ...path, key], key, true) : undefined;
      if (keyProblem !== undefined) return { path: [...path, key], message: keyProblem };
      const problem = visit(child, [...path, key]);
      if (problem) return problem;
    }
    ancestors.delete(value);
    return undefined;
  };
  return visit(root, []);
}

function failure(errors: ScenarioIssue[], warnings: ScenarioIssue[] = []): LoadResult {
  return { ok: false, errors: sortIssues(dedupeIssues(errors)), warnings: sortIssues(dedupeIssues(warnings)) };
}

/** A bug in the loader, not in the file: still reported as an issue, never thrown. */
function internalError(file: string, error: unknown): LoadResult {
  const message = error instanceof Error ? error.message : String(error);
  return failure([{ file, line: 0, column: 0, path: '', message: `internal error while loading (please report it): ${message}` }]);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function check<S extends z.ZodType>(schema: S, value: unknown, placement: Placement, reporter: Reporter): z.output<S> | undefined {
  const result = schema.safeParse(value, { error: errorMap });
  if (result.success) return result.data;
  convertZodIssues(result.error.issues, schema, value, placement, reporter.source, reporter.errors);
  return undefined;
}

function loadFromSource(source: SourceDocument, options: LoadOptions, initialWarnings: ScenarioIssue[]): LoadResult {
  const reporter = new Reporter(source);
  reporter.warnings.push(...initialWarnings);
  const raw = source.value;
  if (!isRecord(raw)) {
    reporter.error([], `expected a mapping (apiVersion, kind, name, clusters, …) at the top of the file, found ${Array.isArray(raw) ? 'a list' : typeof raw === 'string' ? 'a string' : String(raw)}`);
    return failure(reporter.errors, reporter.warnings);
  }
  const manifests = capiManifestsHint([raw], source.file);
  if (manifests !== undefined) {
    reporter.error([], manifests);
    return failure(reporter.errors, reporter.warnings);
  }

  const top = check(TopLevelSchema, raw, placedAt([]), reporter) as TopLevelInput | undefined;
  if (top !== undefined) checkCloudOverrides(top.clouds as CloudOverrides, reporter);
  const list = (key: string): unknown[] => (Array.isArray(raw[key]) ? (raw[key] as unknown[]) : []);
  const horizon = top?.horizon ?? Number.POSITIVE_INFINITY;
  // Variables feed manifest imports: keep them even when another top-level field is wrong.
  const variables: Record<string, string> = top?.variables ?? salvageVariables(raw.variables);

  // Clusters: explicit, generated, imported; each entry checked on its own.
  const clusters: ClusterSpec[] = [];
  const namePaths: PathSegment[][] = [];
  const brokenNames = new Set<string>();
  const brokenEntries: Array<{ name: string; path: PathSegment[] }> = [];
  let incomplete = top === undefined && !Array.isArray(raw.clusters);
  const budget: FleetBudget = { clusters: 0, machines: 0, exceeded: false };
  const errorsBefore = () => reporter.errors.length;

  // Refuse absurd fleets before expanding or importing anything: the declared counts alone are enough (a manifests: instance makes at least one cluster).
  const declared = list('clusters').reduce<number>((sum, entry) => {
    const count = isRecord(entry) ? (isRecord(entry.generate) ? entry.generate.count : 'manifests' in entry ? entry.count : undefined) : undefined;
    return sum + (typeof count === 'number' && Number.isFinite(count) && count > 0 ? count : 1);
  }, 0);
  if (declared > MAX_CLUSTERS) {
    reporter.error(['clusters'], `expected at most ${MAX_CLUSTERS.toLocaleString('en-US')} clusters in a scenario, found ${declared.toLocaleString('en-US')} (generators and manifests: counts included)`);
    return failure(reporter.errors, reporter.warnings);
  }

  list('clusters').forEach((entry, index) => {
    const base: PathSegment[] = ['clusters', index];
    const before = errorsBefore();
    if (!isRecord(entry)) {
      reporter.error(base, `expected a cluster (a mapping with name, provider, version, …), a generate: entry or a manifests: entry, found ${Array.isArray(entry) ? 'a list' : JSON.stringify(entry) ?? String(entry)}`);
      incomplete = true;
      return;
    }
    if ('generate' in entry) {
      const generator = check(GeneratorSchema, entry, placedAt(base), reporter);
      if (!generator && isRecord(entry.generate) && typeof entry.generate.name === 'string') {
        checkNamePattern(entry.generate.name, typeof entry.generate.count === 'number' ? entry.generate.count : undefined, base, reporter);
      }
      if (generator && isRecord(entry.generate)) {
        for (const generated of expandGenerator(generator.generate, entry.generate, base, reporter, budget)) {
          clusters.push(generated.spec);
          namePaths.push(generated.namePath);
        }
      }
    } else if ('manifests' in entry) {
      const manifestEntry = check(ManifestEntrySchema, entry, placedAt(base), reporter);
      if (manifestEntry) {
        const file = resolvePath(dirname(resolvePath(source.file)), manifestEntry.manifests);
        for (const imported of manifestVariableSets(manifestEntry, variables).flatMap((set) => importManifestEntry(file, manifestEntry.manifests, base, set, options, reporter))) {
          const input = manifestEntry.labels === undefined ? imported.input : { ...imported.input, labels: { ...imported.input.labels, ...manifestEntry.labels } };
          addCluster(input, imported.placement, imported.file, [...base, 'manifests']);
        }
      }
    } else {
      const input = check(ClusterSchema, entry, placedAt(base), reporter);
      if (input) addCluster(input, placedAt(base), undefined, [...base, 'name']);
      else if (typeof entry.name === 'string') {
        brokenNames.add(entry.name);
        brokenEntries.push({ name: entry.name, path: [...base, 'name'] });
      }
    }
    if (reporter.errors.length > before) incomplete = true;
  });

  function addCluster(input: ClusterInput, placement: Placement, manifestsFrom: string | undefined, namePath: PathSegment[]): void {
    budget.clusters += 1;
    budget.machines += machineCount(input);
    if (budget.exceeded) return;
    if (budget.clusters > MAX_CLUSTERS || budget.machines > MAX_MACHINES) {
      budget.exceeded = true;
      reporter.error(namePath, budget.clusters > MAX_CLUSTERS
        ? `expected at most ${MAX_CLUSTERS.toLocaleString('en-US')} clusters in a scenario`
        : `expected at most ${MAX_MACHINES.toLocaleString('en-US')} machines in a scenario, found ${budget.machines.toLocaleString('en-US')} so far`);
      return;
    }
    clusters.push(resolveCluster(input, reporter.at(placement), manifestsFrom));
    namePaths.push(namePath);
  }

  // Cluster names are unique across the fleet (after generation and import).
  const byName = new Map<string, ClusterSpec>();
  clusters.forEach((cluster, i) => {
    if (byName.has(cluster.name)) reporter.error(namePaths[i]!, `duplicate cluster name "${cluster.name}" (cluster names must be unique across the scenario, generated ones included)`);
    else byName.set(cluster.name, cluster);
  });
  const distinct = clusters.map((cluster, i) => ({ cluster, path: namePaths[i]! })).filter(({ cluster }) => byName.get(cluster.name) === cluster);
  checkObjectNames(distinct, reporter);
  const brokenSeen = new Set<string>();
  for (const broken of brokenEntries) {
    if (byName.has(broken.name) || brokenSeen.has(broken.name)) reporter.error(broken.path, `duplicate cluster name "${broken.name}" (cluster names must be unique across the scenario, generated ones included)`);
    brokenSeen.add(broken.name);
  }

  const fleet: FleetIndex = { clusters, byName, brokenNames, incomplete: incomplete || reporter.errors.length > 0, horizon };

  const entries = <T>(key: string, schema: z.ZodType<T>): Array<{ input: T; index: number }> => {
    const out: Array<{ input: T; index: number }> = [];
    list(key).forEach((item, index) => {
      const input = check(schema, item, placedAt([key, index]), reporter);
      if (input !== undefined) out.push({ input, index });
    });
    return out;
  };
  const operations = resolveOperations(entries<OperationInput>('operations', OperationSchema as z.ZodType<OperationInput>), fleet, reporter);
  checkScaledMachines(clusters, operations, reporter);
  const faults = resolveFaults(entries<FaultInput>('faults', FaultSchema as z.ZodType<FaultInput>), fleet, reporter);
  const expect = resolveExpectations(entries<ExpectationInput>('expect', ExpectationSchema as z.ZodType<ExpectationInput>), reporter);

  if (reporter.errors.length > 0 || top === undefined) {
    if (reporter.errors.length === 0) reporter.error([], 'the scenario is not valid');
    return failure(reporter.errors, reporter.warnings);
  }

  const scenario: Scenario = {
    apiVersion: top.apiVersion,
    kind: top.kind,
    name: top.name,
    seed: top.seed,
    horizon: top.horizon,
    maxEvents: top.maxEvents,
    startsAt: top.startsAt,
    startsAtEpochMs: Date.parse(top.startsAt),
    management: {
      ...top.management,
      controllers: { ...top.management.controllers },
      reconcileCost: Object.fromEntries(
        Object.keys(top.management.controllers).map((name) => [
          name,
          top.management.reconcileCost[name as keyof typeof top.management.reconcileCost] ?? { distribution: 'constant', value: 10 },
        ]),
      ) as Scenario['management']['reconcileCost'],
    },
    clouds: top.clouds,
    clusters,
    operations,
    faults,
    expect,
    variables,
    observe: top.observe,
    source: { file: source.file },
  };
  if (top.description !== undefined) scenario.description = top.description;
  if (top.sweep !== undefined) {
    scenario.sweep = {};
    if (top.sweep.seeds !== undefined) scenario.sweep.seeds = top.sweep.seeds;
    if (top.sweep.set !== undefined) scenario.sweep.set = top.sweep.set;
  }
  return { ok: true, scenario, warnings: sortIssues(dedupeIssues(reporter.warnings)) };
}

/**
 * The machine cap holds for the fleet at its largest, not only as it starts: each pool counts at
 * the most replicas any `scale` operation gives it (MachineDeployments and node pools alike).
 */
function checkScaledMachines(clusters: readonly ClusterSpec[], operations: readonly OperationSpec[], reporter: Reporter): void {
  const peak = new Map<string, Map<string, number>>();
  let machines = 0;
  for (const cluster of clusters) {
    const pools = new Map<string, number>();
    for (const pool of cluster.workers) pools.set(pool.name, pool.replicas);
    peak.set(cluster.name, pools);
    machines += (cluster.controlPlane.managed ? 0 : cluster.controlPlane.replicas) + cluster.workers.reduce((sum, pool) => sum + pool.replicas, 0);
  }
  for (const op of [...operations].sort((a, b) => a.index - b.index)) {
    if (op.kind !== 'scale') continue;
    for (const name of op.targets) {
      const pools = peak.get(name);
      const current = pools?.get(op.pool);
      if (pools === undefined || current === undefined || op.replicas <= current) continue;
      machines += op.replicas - current;
      pools.set(op.pool, op.replicas);
    }
    if (machines > MAX_MACHINES) {
      reporter.error(['operations', op.index, 'scale', 'replicas'], `expected at most ${MAX_MACHINES.toLocaleString('en-US')} machines in a scenario, found ${machines.toLocaleString('en-US')} once this scale operation has run`);
      return;
    }
  }
}

/** The cloud models check their own overrides (known actions, limit forms, distributions); errors point into `clouds:`. */
function checkCloudOverrides(clouds: CloudOverrides, reporter: Reporter): void {
  for (const issue of validateClouds(clouds)) reporter.error(['clouds', ...cloudIssuePath(clouds, issue.path)], issue.message);
}

/**
 * Splits a cloud issue path such as `gcp.api.instances.insert.bucket` into keys. Limit and action
 * names contain dots, so each step takes the longest run of parts that is a key of the value there.
 */
function cloudIssuePath(clouds: unknown, dotted: string): PathSegment[] {
  const parts = dotted.split('.');
  const path: PathSegment[] = [];
  let node: unknown = clouds;
  let i = 0;
  while (i < parts.length) {
    let taken = 1;
    if (isRecord(node)) {
      for (let j = parts.length; j > i; j--) {
        if (Object.prototype.hasOwnProperty.call(node, parts.slice(i, j).join('.').replace(/\[\d+\]$/, ''))) {
          taken = j - i;
          break;
        }
      }
    }
    const key = parts.slice(i, i + taken).join('.');
    const indexed = /^(.*)\[(\d+)\]$/.exec(key);
    if (indexed) {
      path.push(indexed[1] as string, Number(indexed[2]));
      node = isRecord(node) ? (node[indexed[1] as string] as unknown[] | undefined)?.[Number(indexed[2])] : undefined;
    } else {
      path.push(key);
      node = isRecord(node) ? node[key] : undefined;
    }
    i += taken;
  }
  return path;
}

/** Runs the registered manifest importer for one `manifests:` entry and checks what it returns. */
function importManifestEntry(
  file: string,
  written: string,
  base: PathSegment[],
  variables: Record<string, string>,
  options: LoadOptions,
  reporter: Reporter,
): Array<{ input: ClusterInput; placement: Placement; file: string }> {
  const importer = manifestImporter();
  const at = [...base, 'manifests'];
  if (importer === undefined) {
    reporter.error(at, 'manifest import is not available in this build (no importer registered); write the cluster in the scenario format instead');
    return [];
  }
  const result = importer([file], { variables, env: options.env ?? process.env });
  // An issue without a position in a manifest (file not found, unreadable, ignored kinds) points at
  // the `manifests:` entry; one with a position keeps it, and the entry says how many there are.
  for (const warning of result.warnings) {
    if (warning.line > 0) reporter.warnings.push(warning);
    else reporter.warn(at, `${written}: ${warning.message}`);
  }
  if (!result.ok) {
    let located = 0;
    for (const error of result.errors) {
      if (error.line > 0) {
        reporter.errors.push(error);
        located++;
      } else reporter.error(at, `${written}: ${error.message}`);
    }
    if (located > 0) reporter.error(at, `${written}: ${located} error${located === 1 ? '' : 's'} in this manifest file (each reported at its line there)`);
    return [];
  }
  if (result.clusters.length === 0) reporter.warn(at, `no Cluster object found in ${file}`);
  const out: Array<{ input: ClusterInput; placement: Placement; file: string }> = [];
  for (const imported of result.clusters) {
    const name = typeof imported.cluster.name === 'string' ? imported.cluster.name : '?';
    const placement: Placement = {
      map: () => at,
      prefix: (relative) => `imported cluster "${name}" (${imported.file})${relative.length > 0 ? ` field ${formatPath(relative)}` : ''}: `,
    };
    const tooLong = checkPlainValue(imported.cluster, ['clusters', 0]);
    if (tooLong !== undefined) {
      reporter.error(at, `${placement.prefix?.(tooLong.path) ?? ''}${tooLong.message}`);
      continue;
    }
    const input = check(ClusterSchema, imported.cluster, placement, reporter);
    if (input) out.push({ input, placement, file: imported.file });
  }
  return out;
}

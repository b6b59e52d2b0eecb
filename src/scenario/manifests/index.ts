/**
 * CAPI manifest import: `manifests:` entries of a scenario and `fleetsim import`. Reads the objects
 * users keep in Git (objects.ts), substitutes clusterctl variables (substitute.ts) and turns each
 * Cluster with its control plane, workers and health checks into a scenario cluster (convert.ts).
 *
 * Variables come from the scenario's `variables:` first, then the environment: the file wins so a
 * scenario gives the same fleet on every machine.
 */

import { resolve as resolvePath } from 'node:path';
import { stringify } from 'yaml';
import type { ClusterSpec } from '../model.js';
import type { ScenarioIssue } from '../issues.js';
import { dedupeIssues, sortIssues } from '../issues.js';
import { registerManifestImporter, type ImportedCluster, type ManifestImportOptions, type ManifestImportResult } from '../importer.js';
import { ClusterSchema } from '../schema.js';
import { Reporter } from '../reporter.js';
import { resolveCluster } from '../cluster.js';
import { convertZodIssues, errorMap, type Placement } from '../zod-issues.js';
import type { SourceDocument } from '../source.js';
import { MODELLED_KINDS, ObjectIndex, readManifestFiles } from './objects.js';
import { convertClusters, ManifestIssues } from './convert.js';

export { substituteVariables } from './substitute.js';
export { MODELLED_KINDS } from './objects.js';

export interface ImportOptions {
  variables?: Readonly<Record<string, string>>;
  env?: Readonly<Record<string, string | undefined>>;
  defaultNamespace?: string;
  kubernetesVersion?: string;
}

/** The importer's options from the public ones (clusterctl's flags become variables it has not been given). */
function importerOptions(options: ImportOptions): ManifestImportOptions {
  return {
    variables: options.variables ?? {}, env: options.env ?? process.env,
    ...(options.defaultNamespace === undefined ? {} : { defaultNamespace: options.defaultNamespace }),
    ...(options.kubernetesVersion === undefined ? {} : { kubernetesVersion: options.kubernetesVersion }),
  };
}

const finish = (issues: ScenarioIssue[]) => sortIssues(dedupeIssues(issues));

/**
 * Reads manifest files and returns their clusters in the scenario format (plain data, not yet
 * validated or defaulted). This is the importer registered for `manifests:` entries.
 */
export function importManifestClusters(paths: readonly string[], options: ManifestImportOptions): ManifestImportResult {
  try {
    return importClusters(paths, options);
  } catch (error) {
    return internalError(paths, error);
  }
}

/** A bug in the importer, not in the files: reported as an issue, never thrown. */
function internalError(paths: readonly string[], error: unknown): { ok: false; errors: ScenarioIssue[]; warnings: ScenarioIssue[] } {
  const message = error instanceof Error ? error.message : String(error);
  return { ok: false, errors: [{ file: paths[0] ?? '', line: 0, column: 0, path: '', message: `internal error while importing manifests (please report it): ${message}` }], warnings: [] };
}

function importClusters(paths: readonly string[], options: ManifestImportOptions): ManifestImportResult {
  const files = paths.map((p) => resolvePath(p));
  const lookup = (name: string) => options.variables[name] ?? options.env[name];
  const read = readManifestFiles(files, { lookup, ...(options.defaultNamespace === undefined ? {} : { defaultNamespace: options.defaultNamespace }) });
  const issues = new ManifestIssues();
  issues.errors.push(...read.errors);
  issues.warnings.push(...read.warnings);

  const index = new ObjectIndex(read.objects);
  const { clusters, used } = convertClusters(index, issues, options.kubernetesVersion);
  if (index.ofKind('Cluster').length === 0 && issues.errors.length === 0) issues.errors.push(noCluster(index, files));

  // Kinds fleetsim does not model are listed, once per file, never an error.
  const ignored = new Map<string, Map<string, number>>();
  for (const object of read.objects) {
    if (MODELLED_KINDS.has(object.kind)) continue;
    const counts = ignored.get(object.file) ?? new Map<string, number>();
    counts.set(object.kind, (counts.get(object.kind) ?? 0) + 1);
    ignored.set(object.file, counts);
  }
  for (const [file, counts] of ignored) {
    const kinds = [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([kind, n]) => (n > 1 ? `${kind} (${n})` : kind));
    issues.warnings.push({ file, line: 0, column: 0, path: '', message: `ignored kinds fleetsim does not model: ${kinds.join(', ')}` });
  }
  for (const object of read.objects) {
    if (MODELLED_KINDS.has(object.kind) && !used.has(object) && !['MachineDeployment', 'MachineSet', 'MachinePool', 'MachineHealthCheck'].includes(object.kind)) {
      issues.warn(object, [], `${object.kind} ${object.namespace}/${object.name} is not used by any Cluster in these manifests; ignored`);
    }
  }

  if (issues.errors.length > 0) return { ok: false, errors: finish(issues.errors), warnings: finish(issues.warnings) };
  const imported: ImportedCluster[] = clusters.map(({ cluster, object }) => {
    const { line, column } = object.locate(['metadata', 'name']);
    return { cluster, file: object.file, position: { line, column } };
  });
  return { ok: true, clusters: imported, warnings: finish(issues.warnings) };
}

/** No Cluster to import: a ClusterClass alone (or templates only) says what to add. */
function noCluster(index: ObjectIndex, files: readonly string[]): ScenarioIssue {
  const classes = index.ofKind('ClusterClass');
  const at = classes[0]?.locate(['metadata', 'name']) ?? { line: 0, column: 0 };
  const message = classes.length > 0
    ? `only ClusterClass ${classes.map((c) => `${c.namespace}/${c.name}`).join(', ')} and no Cluster: fleetsim imports Clusters. Import this file together with a Cluster that uses the class (spec.topology.classRef.name: ${classes[0]!.name}), e.g. clusterctl's -topology template of the same flavour`
    : 'no Cluster object in these manifests: fleetsim imports Clusters with their control plane and workers';
  return { file: classes[0]?.file ?? files[0] ?? '', ...at, path: '', message };
}

/** Reads manifest files into resolved clusters (validated and defaulted like scenario clusters). */
export function importManifests(
  paths: readonly string[],
  options: ImportOptions = {},
): { ok: true; clusters: ClusterSpec[]; warnings: ScenarioIssue[] } | { ok: false; errors: ScenarioIssue[]; warnings: ScenarioIssue[] } {
  try {
    return resolveImported(paths, options);
  } catch (error) {
    return internalError(paths, error);
  }
}

function resolveImported(
  paths: readonly string[],
  options: ImportOptions,
): { ok: true; clusters: ClusterSpec[]; warnings: ScenarioIssue[] } | { ok: false; errors: ScenarioIssue[]; warnings: ScenarioIssue[] } {
  const imported = importManifestClusters(paths, importerOptions(options));
  if (!imported.ok) return imported;
  const errors: ScenarioIssue[] = [];
  const warnings = [...imported.warnings];
  const clusters: ClusterSpec[] = [];
  for (const entry of imported.clusters) {
    const at = entry.position ?? { line: 0, column: 0 };
    const source: SourceDocument = { file: entry.file, value: entry.cluster, locate: () => at };
    const reporter = new Reporter(source);
    const placement: Placement = { map: (relative) => [...relative], prefix: () => `imported cluster "${String(entry.cluster.name)}": ` };
    const parsed = ClusterSchema.safeParse(entry.cluster, { error: errorMap });
    if (!parsed.success) {
      convertZodIssues(parsed.error.issues, ClusterSchema, entry.cluster, placement, source, errors);
      continue;
    }
    clusters.push(resolveCluster(parsed.data, reporter.at(placement), entry.file));
    errors.push(...reporter.errors);
    warnings.push(...reporter.warnings);
  }
  if (errors.length > 0) return { ok: false, errors: finish(errors), warnings: finish(warnings) };
  return { ok: true, clusters, warnings: finish(warnings) };
}

/**
 * A scenario a user can edit (for `fleetsim import`): the imported clusters written out in the
 * scenario format, fields the manifests did not give left to their defaults.
 */
export function manifestsToScenarioYaml(
  paths: readonly string[],
  options: ImportOptions & { name?: string } = {},
): { ok: true; yaml: string; warnings: ScenarioIssue[] } | { ok: false; errors: ScenarioIssue[]; warnings: ScenarioIssue[] } {
  const checked = importManifests(paths, options);
  if (!checked.ok) return checked;
  const imported = importManifestClusters(paths, importerOptions(options));
  if (!imported.ok) return imported;
  const document = {
    apiVersion: 'fleetsim/v1alpha1',
    kind: 'Scenario',
    name: options.name ?? 'imported',
    description: `Imported from ${paths.join(', ')}`,
    clusters: imported.clusters.map((c) => c.cluster),
    operations: [],
    expect: [],
  };
  const header = '# Generated by fleetsim import from CAPI manifests; edit freely.\n# Editor checks: `npx fleetsim schema > scenario.schema.json`, then\n# yaml-language-server: $schema=scenario.schema.json\n';
  return { ok: true, yaml: header + stringify(document, { lineWidth: 0 }), warnings: checked.warnings };
}

registerManifestImporter(importManifestClusters);

/**
 * The hook through which `manifests:` cluster entries are turned into clusters. The CAPI manifest
 * importer (manifests/) registers itself here; the loader only knows this interface, so the scenario
 * format does not depend on the importer.
 *
 * An importer returns clusters written in the scenario's own cluster format (plain objects, as a user
 * would write them under `clusters:`); the loader validates and defaults them like any other cluster.
 */

import type { ScenarioIssue } from './issues.js';

export { manifestVariableSets } from './manifest-entries.js';

export interface ManifestImportOptions {
  /** Values for `${VAR}` substitution (the scenario's `variables:`), before the environment. */
  variables: Readonly<Record<string, string>>;
  env: Readonly<Record<string, string | undefined>>;
  /** clusterctl's `--target-namespace`: the namespace of objects that name none (default `default`). */
  defaultNamespace?: string;
  /** clusterctl's `--kubernetes-version`, also the version of a cluster whose manifests set none (CAPG's GKE templates). */
  kubernetesVersion?: string;
}

export interface ImportedCluster {
  /** A cluster in the scenario format (`name`, `provider`, `version`, `workers`, …). */
  cluster: Record<string, unknown>;
  /** The manifest file it came from (absolute path). */
  file: string;
  /** Where the Cluster object is written in that file. */
  position?: { line: number; column: number };
}

export type ManifestImportResult =
  | { ok: true; clusters: ImportedCluster[]; warnings: ScenarioIssue[] }
  | { ok: false; errors: ScenarioIssue[]; warnings: ScenarioIssue[] };

export type ManifestImporter = (paths: readonly string[], options: ManifestImportOptions) => ManifestImportResult;

let registered: ManifestImporter | undefined;

/** Installs the importer used for `manifests:` entries (the last registration wins). */
export function registerManifestImporter(importer: ManifestImporter | undefined): void {
  registered = importer;
}

export function manifestImporter(): ManifestImporter | undefined {
  return registered;
}

/** The scenario format: loading, validation, the resolved model, the JSON Schema and defaults. */

export type * from './model.js';
export type { LoadResult, ScenarioIssue } from './issues.js';
export { formatIssue, formatPath } from './issues.js';
export { loadScenarioFile, loadScenarioObject, loadScenarioText, type LoadOptions } from './load.js';
export { scenarioJsonSchema, defaultsTable, type DefaultRow } from './json-schema.js';
export { resolveClusterSelector, matchesClusterSelector } from './selectors.js';
export { METRICS, METRIC_ALIASES, KNOWN_METRICS, DURATION_METRICS, isKnownMetric, isDurationMetric, metricNamed, type MetricName, type MetricAlias, type MetricDefinition, type MetricUnit } from './metrics.js';
export { registerManifestImporter, type ManifestImporter, type ManifestImportOptions, type ManifestImportResult, type ImportedCluster } from './importer.js';
export { DEFAULTS, DEFAULT_REGION, DEFAULT_INSTANCE_TYPE, defaultImage, defaultZones } from './defaults.js';
export { DEFER_UPGRADE_ANNOTATION, HOLD_UPGRADE_SEQUENCE_ANNOTATION } from './cluster.js';
export { MAX_CLUSTERS, MAX_MACHINES } from './generators.js';
export { compareVersions } from '../capi/version.js';
export { importManifests, importManifestClusters, manifestsToScenarioYaml, substituteVariables, type ImportOptions } from './manifests/index.js';

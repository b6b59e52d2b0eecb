/**
 * Scenarios as users write them: the plain YAML shape of scenario-format.md, before the loader
 * validates, defaults and expands it. Arbitraries generate these, so a counterexample can be
 * printed and saved as a scenario file as it is. Only the fields the generators touch are typed;
 * everything else passes through untouched (and the loader checks it).
 */

import { stringify } from 'yaml';
import { loadScenarioObject, formatIssue, type LoadOptions } from '../scenario/index.js';
import type { Scenario } from '../scenario/model.js';

/** A duration as a user writes it: `90s`, `5m`, `1h30m`, or integer milliseconds. */
export type RawDuration = string | number;

/** An integer or a percent string, as CAPI accepts for maxSurge, maxUnavailable, maxUnhealthy. */
export type RawIntOrPercent = number | `${number}%`;

export interface RawSelector {
  names?: string[];
  matchLabels?: Record<string, string>;
}

export interface RawStrategy {
  type?: 'RollingUpdate' | 'OnDelete';
  maxSurge?: RawIntOrPercent;
  maxUnavailable?: RawIntOrPercent;
}

export interface RawPool {
  name: string;
  kind?: 'MachineDeployment' | 'MachinePool';
  replicas?: number;
  strategy?: RawStrategy;
  zones?: string[];
  [field: string]: unknown;
}

export interface RawConditionCheck {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  timeout: RawDuration;
}

export interface RawHealthCheck {
  name?: string;
  targets?: 'workers' | 'controlPlane' | 'all';
  pools?: string[];
  maxUnhealthy?: RawIntOrPercent;
  unhealthyRange?: string;
  nodeStartupTimeout?: RawDuration;
  unhealthyConditions?: RawConditionCheck[];
  [field: string]: unknown;
}

export type RawControlPlane = { managed: true; [field: string]: unknown } | { managed?: false; replicas?: number; maxSurge?: 0 | 1; [field: string]: unknown };

export interface RawCluster {
  name: string;
  provider: 'docker' | 'aws' | 'azure' | 'gcp';
  version: string;
  namespace?: string;
  labels?: Record<string, string>;
  region?: string;
  zones?: string[];
  controlPlane?: RawControlPlane;
  workers?: RawPool[];
  healthCheck?: RawHealthCheck;
  healthChecks?: RawHealthCheck[];
  [field: string]: unknown;
}

/** A `generate:` entry: many similar clusters from a template. */
export interface RawGenerator {
  generate: { count: number; name: string; spread?: Record<string, unknown>; template?: Partial<RawCluster> };
}

/** A `manifests:` entry: clusters imported from CAPI YAML. */
export interface RawManifests {
  manifests: string;
  labels?: Record<string, string>;
}

export type RawClusterEntry = RawCluster | RawGenerator | RawManifests;

export interface RawWaves {
  size?: number | `${number}%`;
  pauseBetween?: RawDuration;
  gate?: 'none' | 'healthy' | { allReady?: boolean; noShortCircuit?: boolean; maxRemediations?: number };
  [field: string]: unknown;
}

export interface RawOperation {
  at: RawDuration;
  upgrade?: { clusters: RawSelector; version: string; waves?: RawWaves };
  rolloutImage?: { clusters: RawSelector; image: string; pools?: string[] };
  scale?: { clusters: RawSelector; pool: string; replicas: number };
  pause?: { clusters: RawSelector };
  resume?: { clusters: RawSelector };
  move?: { pauseFor: RawDuration };
}

/** One fault item (exactly one kind key besides `at`). */
export interface RawFault {
  at?: RawDuration;
  nodeFailures?: { clusters?: RawSelector; pool?: string; controlPlane?: boolean; count?: number; ratePerNodeHour?: number; mode: string; for?: RawDuration };
  zoneOutage?: { zone: string; cloud?: string; region?: string; for?: RawDuration };
  apiBrownout?: { cloud: string; region?: string; errorRate: number; for?: RawDuration; actions?: string[] };
  apiOutage?: { cloud: string; region?: string; for?: RawDuration };
  capacityShortage?: { cloud: string; zone: string; instanceType?: string; for?: RawDuration };
  badImage?: { clusters: RawSelector; image?: string; for?: RawDuration };
  managementOutage?: { for: RawDuration };
  partition?: { clusters: RawSelector; for?: RawDuration };
  drainBlocker?: { clusters: RawSelector; pool?: string; for?: RawDuration };
}

export interface RawExpectation {
  metric: string;
  min?: number | string;
  max?: number | string;
}

export interface RawScenario {
  apiVersion: 'fleetsim/v1alpha1';
  kind: 'Scenario';
  name: string;
  description?: string;
  seed?: number;
  horizon?: RawDuration;
  clusters: RawClusterEntry[];
  operations?: RawOperation[];
  faults?: RawFault[];
  expect?: RawExpectation[];
  [field: string]: unknown;
}

export function isPlainCluster(entry: RawClusterEntry): entry is RawCluster {
  return !('generate' in entry) && !('manifests' in entry);
}

export function isGenerator(entry: RawClusterEntry): entry is RawGenerator {
  return 'generate' in entry;
}

export function isManifests(entry: RawClusterEntry): entry is RawManifests {
  return 'manifests' in entry && typeof entry.manifests === 'string';
}

/** A deep copy of plain data (scenarios hold only JSON values). */
export function cloneRaw<T>(value: T): T {
  return structuredClone(value);
}

/** Thrown when a raw scenario does not validate: every loader error, with its field path. */
export class ScenarioLoadError extends Error {
  constructor(readonly file: string, readonly issues: readonly string[]) {
    super(`${file}: the scenario does not validate:\n${issues.map((line) => `  ${line}`).join('\n')}`);
    this.name = 'ScenarioLoadError';
  }
}

/**
 * Validates a raw scenario with the loader; throws ScenarioLoadError listing every error. `file`
 * is where relative `manifests:` paths are read from.
 */
export function loadRaw(raw: RawScenario, file = `${raw.name ?? 'scenario'}.yaml`, options: LoadOptions = {}): Scenario {
  const loaded = loadScenarioObject(raw, file, options);
  if (!loaded.ok) throw new ScenarioLoadError(file, loaded.errors.map(formatIssue));
  return loaded.scenario;
}

/** The top-level keys in scenario-format.md's order (unknown keys after them, as they came). */
const TOP_LEVEL_ORDER = ['apiVersion', 'kind', 'name', 'description', 'seed', 'horizon', 'maxEvents', 'startsAt', 'management', 'clouds', 'clusters', 'variables', 'operations', 'faults', 'expect', 'observe', 'sweep'];

function inFileOrder(raw: RawScenario): RawScenario {
  const ordered: Record<string, unknown> = {};
  for (const key of TOP_LEVEL_ORDER) if (raw[key] !== undefined) ordered[key] = raw[key];
  for (const key of Object.keys(raw)) if (!(key in ordered) && raw[key] !== undefined) ordered[key] = raw[key];
  return ordered as RawScenario;
}

/**
 * The scenario as a YAML file: `header` lines become comments at the top. Key order follows the
 * object, so a scenario built from a user's file keeps its layout.
 */
export function scenarioToYaml(raw: RawScenario, header: readonly string[] = []): string {
  const comments = header.flatMap((line) => line.split('\n')).map((line) => (line === '' ? '#' : `# ${line}`));
  const body = stringify(inFileOrder(raw), { lineWidth: 0, aliasDuplicateObjects: false });
  return comments.length === 0 ? body : `${comments.join('\n')}\n${body}`;
}

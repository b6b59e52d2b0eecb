/**
 * Scenarios as users write them: the plain YAML shape of scenario-format.md, before the loader
 * validates, defaults and expands it. Arbitraries generate these, so a counterexample can be
 * printed and saved as a scenario file as it is.
 */

import { stringify } from 'yaml';
import type { z } from 'zod';
import type { ClusterSelectorSchema, Duration, IntOrPercent } from '../schema/fields.js';
import type {
  ClusterSchema, ControlPlaneSchema, ExpectationSchema, FaultSchema, GeneratorSchema, HealthCheckSchema, MachineDeploymentSchema, ManifestEntrySchema,
  OperationSchema, ScenarioSchema, WavesSchema, WorkerPoolSchema,
} from '../scenario/schema.js';
import { loadScenarioObject, formatIssue, type LoadOptions } from '../scenario/index.js';
import type { Scenario } from '../scenario/model.js';

// Each type is what its schema accepts as input (`z.input`): the same definition the loader checks.

/** A duration as a user writes it: `90s`, `5m`, `1h30m`, or integer milliseconds. */
export type RawDuration = z.input<typeof Duration>;

/** An integer or a percent string, as CAPI accepts for maxSurge, maxUnavailable, maxUnhealthy. */
export type RawIntOrPercent = z.input<typeof IntOrPercent>;

export type RawSelector = z.input<typeof ClusterSelectorSchema>;

export type RawStrategy = NonNullable<z.input<typeof MachineDeploymentSchema>['strategy']>;

/** A worker pool: a MachineDeployment (`kind` may be left out) or a MachinePool. */
export type RawPool = z.input<typeof WorkerPoolSchema>;

export type RawHealthCheck = z.input<typeof HealthCheckSchema>;

export type RawConditionCheck = NonNullable<RawHealthCheck['unhealthyConditions']>[number];

export type RawControlPlane = z.input<typeof ControlPlaneSchema>;

export type RawCluster = z.input<typeof ClusterSchema>;

/** A `generate:` entry: many similar clusters from a template. */
export type RawGenerator = z.input<typeof GeneratorSchema>;

/** A `manifests:` entry: clusters imported from CAPI YAML. */
export type RawManifests = z.input<typeof ManifestEntrySchema>;

export type RawClusterEntry = RawCluster | RawGenerator | RawManifests;

export type RawWaves = z.input<typeof WavesSchema>;

export type RawOperation = z.input<typeof OperationSchema>;

/** One fault item (exactly one kind key besides `at`). */
export type RawFault = z.input<typeof FaultSchema>;

export type RawExpectation = z.input<typeof ExpectationSchema>;

export type RawScenario = z.input<typeof ScenarioSchema>;

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
  const fields = raw as Record<string, unknown>;
  const ordered: Record<string, unknown> = {};
  for (const key of TOP_LEVEL_ORDER) if (fields[key] !== undefined) ordered[key] = fields[key];
  for (const key of Object.keys(fields)) if (!(key in ordered) && fields[key] !== undefined) ordered[key] = fields[key];
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

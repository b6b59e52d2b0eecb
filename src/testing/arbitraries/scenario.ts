/**
 * Whole scenarios built on a base the user gives: the base file (its operations, expectations,
 * management settings) with generated parts put in — the fleet, the pools' strategy, the health
 * checks, the upgrade waves, a fault schedule and the seed. The result is a plain scenario object
 * (scenario-format.md), so a counterexample prints and saves as a scenario file.
 *
 * The horizon is raised when needed so the liveness phase fits: the last operation or the end of
 * the fault window, plus the liveness bound, plus an hour.
 */

import fc from 'fast-check';
import { parse } from 'yaml';
import { duration, formatDuration, HOUR } from '../../engine/duration.js';
import { loadScenarioObject } from '../../scenario/index.js';
import type { Scenario } from '../../scenario/model.js';
import { cloneRaw, isPlainCluster, type RawCluster, type RawHealthCheck, type RawScenario, type RawStrategy, type RawWaves } from '../raw.js';
import { resolve, type FaultPlan } from './faults.js';

export interface ScenarioParts {
  /** Replaces the base's clusters. */
  clusters?: fc.Arbitrary<RawCluster[]>;
  /** The strategy of every MachineDeployment pool of plain clusters. */
  strategy?: fc.Arbitrary<RawStrategy>;
  /** The health check of every plain cluster (undefined: none). */
  healthCheck?: fc.Arbitrary<RawHealthCheck | undefined>;
  /** The waves of every upgrade operation. */
  waves?: fc.Arbitrary<RawWaves>;
  /** Faults added to the base's own. */
  faults?: fc.Arbitrary<FaultPlan>;
  /** The scenario seed (default: drawn from 0 … 2³¹ − 1). */
  seed?: fc.Arbitrary<number>;
  /** The liveness bound the horizon must leave room for (default 2h). */
  liveness?: string | number;
}

/** A base given as YAML text or a plain object; checked when the arbitrary is built. */
export function baseScenario(base: RawScenario | string): RawScenario {
  const raw = typeof base === 'string' ? parse(base) as RawScenario : cloneRaw(base);
  if (raw === null || typeof raw !== 'object' || !Array.isArray(raw.clusters)) throw new Error('fleet.scenario: the base must be a scenario with a clusters list');
  return raw;
}

/** Resolved facts of a fleet, memoised by its clusters (arbitraries draw the same fleet often while shrinking). */
const resolvedFleets = new Map<string, Scenario | undefined>();
const MEMO_LIMIT = 256;

function resolvedFleet(raw: RawScenario): Scenario | undefined {
  const key = JSON.stringify(raw.clusters);
  if (resolvedFleets.has(key)) return resolvedFleets.get(key);
  const loaded = loadScenarioObject({ ...raw, faults: [], expect: [] }, `${raw.name}.yaml`);
  const scenario = loaded.ok ? loaded.scenario : undefined;
  if (resolvedFleets.size >= MEMO_LIMIT) resolvedFleets.clear();
  resolvedFleets.set(key, scenario);
  return scenario;
}

interface Drawn {
  clusters: RawCluster[] | undefined;
  strategy: RawStrategy | undefined;
  healthCheck: RawHealthCheck | undefined | null;
  waves: RawWaves | undefined;
  faults: FaultPlan | undefined;
  seed: number;
}

const NONE = fc.constant(undefined);

/** Puts the drawn parts into a copy of the base. */
export function assemble(base: RawScenario, drawn: Drawn, liveness: number): RawScenario {
  const raw = cloneRaw(base);
  raw.seed = drawn.seed;
  if (drawn.clusters !== undefined) raw.clusters = cloneRaw(drawn.clusters);
  for (const entry of raw.clusters) {
    if (!isPlainCluster(entry)) continue;
    if (drawn.strategy !== undefined) for (const pool of entry.workers ?? []) if (pool.kind !== 'MachinePool') pool.strategy = { ...drawn.strategy };
    if (drawn.healthCheck !== null) {
      delete entry.healthChecks;
      if (drawn.healthCheck === undefined) delete entry.healthCheck;
      else entry.healthCheck = cloneRaw(drawn.healthCheck);
    }
  }
  if (drawn.waves !== undefined) for (const op of raw.operations ?? []) if (op.upgrade !== undefined) op.upgrade.waves = { ...drawn.waves };
  let faultsEnd = 0;
  if (drawn.faults !== undefined) {
    const fleet = resolvedFleet(raw);
    if (fleet !== undefined) raw.faults = [...(raw.faults ?? []), ...resolve(drawn.faults, fleet)];
    faultsEnd = drawn.faults.window.start + drawn.faults.window.length;
  }
  const lastOperation = Math.max(0, ...(raw.operations ?? []).map((op) => duration(op.at)));
  const needed = Math.max(lastOperation, faultsEnd) + liveness + HOUR;
  const horizon = raw.horizon === undefined ? undefined : duration(raw.horizon);
  if (horizon === undefined || horizon < needed) raw.horizon = formatDuration(needed);
  return raw;
}

/** Scenarios on `base` with the given parts drawn. */
export function scenario(base: RawScenario | string, parts: ScenarioParts = {}): fc.Arbitrary<RawScenario> {
  const raw = baseScenario(base);
  const liveness = duration(parts.liveness ?? '2h');
  return fc.record({
    clusters: parts.clusters ?? NONE,
    strategy: parts.strategy ?? NONE,
    healthCheck: parts.healthCheck === undefined ? fc.constant(null) : parts.healthCheck,
    waves: parts.waves ?? NONE,
    faults: parts.faults ?? NONE,
    seed: parts.seed ?? fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  }).map((drawn) => assemble(raw, drawn as Drawn, liveness));
}

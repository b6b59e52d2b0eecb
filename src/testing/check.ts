/**
 * `checkScenario`: a fast-check property over generated scenarios. Every drawn scenario is
 * validated by the loader, simulated, and checked against the invariants; on failure fast-check
 * shrinks it, and the error thrown prints the shrunk scenario as YAML, the violations, and the seed
 * and path that replay exactly that counterexample.
 */

import fc from 'fast-check';
import type { Invariant, Violation } from './invariant.js';
import { checkRun, formatViolation } from './invariant.js';
import { runScenario } from './run.js';
import type { ControllerMutations, RunRecord } from './record.js';
import { ScenarioLoadError, scenarioToYaml, type RawScenario } from './raw.js';

export interface CheckOptions {
  /** Scenarios to try (default 100). */
  numRuns?: number;
  /** fast-check seed (default 42: a suite is reproducible unless you pass another). */
  seed?: number;
  /** Replay: the path fast-check printed with the seed (runs only that counterexample). */
  path?: string;
  /** Stop shrinking after this many ms of wall-clock time (fast-check `interruptAfterTimeLimit` for the whole check). */
  timeLimitMs?: number;
  /** Deliberately wrong controller variants (test-only). */
  mutations?: ControllerMutations;
}

export interface CheckReport {
  numRuns: number;
  seed: number;
}

/** The property failed: the shrunk scenario, its violations and how to replay it. */
export class ScenarioCheckError extends Error {
  constructor(
    readonly scenario: RawScenario,
    readonly violations: readonly Violation[],
    readonly seed: number,
    readonly path: string,
    readonly numRuns: number,
    readonly numShrinks: number,
  ) {
    super(describeFailure(scenario, violations, seed, path, numRuns, numShrinks));
    this.name = 'ScenarioCheckError';
  }

  /** The shrunk scenario as a YAML file (with the violations as comments). */
  get yaml(): string {
    return scenarioToYaml(this.scenario, violationHeader(this.violations, this.seed, this.path));
  }
}

/** Thrown inside the property when a run breaks an invariant; carries what fast-check reports. */
export class InvariantViolations extends Error {
  constructor(readonly violations: readonly Violation[], readonly record: RunRecord | undefined) {
    super(violations.map(formatViolation).join('\n'));
    this.name = 'InvariantViolations';
  }
}

function violationHeader(violations: readonly Violation[], seed: number, path: string): string[] {
  return [
    'Counterexample found by fleetsim/testing checkScenario.',
    ...violations.map(formatViolation),
    `Replay: checkScenario(arbitrary, invariants, { seed: ${seed}, path: ${JSON.stringify(path)} })`,
  ];
}

function describeFailure(scenario: RawScenario, violations: readonly Violation[], seed: number, path: string, numRuns: number, numShrinks: number): string {
  const yaml = scenarioToYaml(scenario).trimEnd().split('\n').map((line) => `    ${line}`).join('\n');
  return [
    `fleetsim property failed after ${numRuns} run${numRuns === 1 ? '' : 's'} (shrunk ${numShrinks} time${numShrinks === 1 ? '' : 's'}).`,
    '',
    'Violations:',
    ...violations.map((v) => `  ${formatViolation(v)}`),
    '',
    'Shrunk scenario (save it as a .yaml file and run it with `fleetsim run`):',
    yaml,
    '',
    `Seed: ${seed}`,
    `Path: ${path}`,
    `Replay: checkScenario(arbitrary, invariants, { seed: ${seed}, path: ${JSON.stringify(path)} })`,
  ].join('\n');
}

/** Runs one drawn scenario and throws InvariantViolations when an invariant breaks. */
export function checkOne(raw: RawScenario, invariants: readonly Invariant[], mutations?: ControllerMutations): RunRecord {
  let record: RunRecord;
  try {
    record = runScenario(raw, { replay: invariants.some((i) => i.needsReplay === true), ...(mutations === undefined ? {} : { mutations }) });
  } catch (error) {
    if (error instanceof ScenarioLoadError) {
      throw new InvariantViolations([{ invariant: 'valid-scenario', t: null, objects: [], message: error.message }], undefined);
    }
    throw error;
  }
  const violations = checkRun(record, invariants);
  if (violations.length > 0) throw new InvariantViolations(violations, record);
  return record;
}

/**
 * Checks `invariants` on scenarios drawn from `arbitrary`; throws ScenarioCheckError with the shrunk
 * scenario on failure, returns what was run otherwise.
 */
export function checkScenario(arbitrary: fc.Arbitrary<RawScenario>, invariants: readonly Invariant[], options: CheckOptions = {}): CheckReport {
  const seed = options.seed ?? 42;
  const parameters: fc.Parameters<[RawScenario]> = { numRuns: options.numRuns ?? 100, seed };
  if (options.path !== undefined) parameters.path = options.path;
  if (options.timeLimitMs !== undefined) parameters.interruptAfterTimeLimit = options.timeLimitMs;
  const details = fc.check(fc.property(arbitrary, (raw) => {
    checkOne(raw, invariants, options.mutations);
  }), parameters);
  if (!details.failed) return { numRuns: details.numRuns, seed };
  const counterexample = details.counterexample?.[0];
  const error = details.errorInstance;
  if (counterexample === undefined || !(error instanceof InvariantViolations)) {
    throw error instanceof Error ? error : new Error(`fleetsim property failed: ${String(error)}`);
  }
  throw new ScenarioCheckError(counterexample, error.violations, details.seed, details.counterexamplePath ?? '', details.numRuns, details.numShrinks);
}

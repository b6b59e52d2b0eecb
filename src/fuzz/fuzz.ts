/**
 * The fuzz engine behind `fleetsim fuzz`: checks a scenario as written, then runs it many times
 * with perturbations (faults, timings, seeds, optionally strategies), checking every invariant and
 * the file's expectations. The first failing run is shrunk by fast-check: the perturbation towards
 * "as the file says" and the fleet towards one cluster and one pool (reduction.ts). The result is
 * the smallest scenario that still breaks the same invariant, replayable from the seed and path.
 *
 * Two rules keep the counterexample honest while it shrinks:
 * - the same invariant: a shrink step counts only if it breaks the invariant the first failure
 *   broke, so shrinking cannot wander off to a different bug;
 * - caused by the perturbation: when the fleet has been reduced, the reduced fleet without any
 *   perturbation (the control run) must pass, so a reduction cannot "find" a failure of its own
 *   (dropping clusters fails `fleet.clustersUpgraded ≥ 28` by itself).
 */

import fc from 'fast-check';
import { MINUTE, HOUR } from '../engine/duration.js';
import type { LoadOptions } from '../scenario/index.js';
import type { Invariant, Violation } from '../testing/invariant.js';
import { checkRun } from '../testing/invariant.js';
import { faultsHealedAt, invariants as library } from '../testing/invariants/index.js';
import type { ControllerMutations, RunRecord } from '../testing/record.js';
import { runScenario } from '../testing/run.js';
import type { FaultKind } from '../faults/index.js';
import { FUZZED_FAULT_KINDS, fuzzedFaultKind, type FaultKindName, type FaultPlan, type NodeMode } from '../testing/arbitraries/faults.js';
import { ScenarioLoadError, loadRaw, type RawScenario } from '../testing/raw.js';
import { applyPerturbation, identity, perturbationArbitrary, type ApplyContext, type Perturbation } from './perturbation.js';
import { fullReduction, reductionArbitrary, sameReduction, type Reduction } from './reduction.js';

export interface FuzzOptions {
  /** Perturbed runs (0: check the file as written only). */
  runs: number;
  /** fast-check seed; the CLI defaults it to the scenario's seed. */
  seed: number;
  /** Fault kinds to inject (default all five). */
  faults?: readonly FaultKindName[];
  /** Also draw which fault kinds are enabled per run. */
  swarm?: boolean;
  /** Also vary the rollout strategy of every MachineDeployment pool. */
  strategy?: boolean;
  /** Most faults per run (default 4; 6 with swarm). */
  maxFaults?: number;
  /** Node failure modes (default crash, kernelPanic, notReady). */
  nodeModes?: readonly NodeMode[];
  /** Liveness bound after faults heal, ms (default: twice the file's own rollout time, at least 1h). */
  liveness?: number;
  /** Replay one counterexample: the path printed with the seed. */
  path?: string;
  /** Stop searching after this much wall-clock time (ms). */
  timeLimitMs?: number;
  /** The invariants (default: the whole library with the given liveness bound). */
  invariants?: readonly Invariant[];
  /** With the default invariants, also check the file's `expect:` (default true). */
  expectations?: boolean;
  /** Deliberately wrong controller variants (test-only). */
  mutations?: ControllerMutations;
  /** The scenario file (relative `manifests:` paths) and loader options. */
  file?: string;
  load?: LoadOptions;
  onProgress?: (progress: FuzzProgress) => void;
}

export interface FuzzProgress {
  phase: 'base' | 'search' | 'shrink';
  /** Perturbed runs done (search phase). */
  runs: number;
  total: number;
  failures: number;
  /** Successful shrink steps so far. */
  shrinkSteps: number;
  /** Runs tried while shrinking (successful or not). */
  shrinkRuns: number;
}

export interface FuzzFailure {
  /** The shrunk scenario (or the file itself when it fails as written). */
  scenario: RawScenario;
  violations: Violation[];
  /** The invariant being shrunk for. */
  invariant: string;
  /** Replay path; undefined when the file fails as written. */
  path: string | undefined;
  shrinkSteps: number;
  /** The run of the shrunk scenario, undefined when it did not load. */
  record: RunRecord | undefined;
}

export interface FuzzResult {
  seed: number;
  /** Perturbed runs made before the first failure (or all of them). */
  runs: number;
  window: FaultPlan['window'];
  liveness: number;
  kinds: FaultKind[];
  /** The file as written failed (no perturbation needed). */
  failsAsWritten: boolean;
  failure: FuzzFailure | undefined;
  interrupted: boolean;
}

/** Thrown inside the property for a failing run (fast-check reports the last one: the shrunk case). */
class FuzzViolation extends Error {
  constructor(readonly violations: Violation[], readonly record: RunRecord | undefined) {
    super(violations.map((v) => `[${v.invariant}] ${v.message}`).join('\n'));
  }
}

interface Checked { violations: Violation[]; record: RunRecord | undefined }

function check(raw: RawScenario, invariants: readonly Invariant[], options: FuzzOptions, replay = invariants.some((i) => i.needsReplay === true)): Checked {
  try {
    const record = runScenario(raw, {
      replay,
      ...(options.mutations === undefined ? {} : { mutations: options.mutations }),
      ...(options.file === undefined ? {} : { file: options.file }),
      ...(options.load === undefined ? {} : { load: options.load }),
    });
    return { violations: checkRun(record, invariants), record };
  } catch (error) {
    if (!(error instanceof ScenarioLoadError)) throw error;
    return { violations: [{ invariant: 'valid-scenario', t: null, objects: [], message: error.message }], record: undefined };
  }
}

/** When the file's own rollouts end (the last rollout.completed), or undefined without rollouts. */
function rolloutsEnd(record: RunRecord | undefined): number | undefined {
  let end: number | undefined;
  for (const event of record?.events ?? []) if (event.type === 'rollout.completed') end = event.t;
  return end;
}

interface Prepared {
  context: ApplyContext;
  full: Reduction;
  invariants: readonly Invariant[];
  result: FuzzResult;
  asWritten: RawScenario;
  asWrittenChecked: Checked;
}

/** Runs the file as written: its rollouts set the fault window and the liveness bound. */
function prepare(base: RawScenario, options: FuzzOptions, report: () => void): Prepared {
  const file = options.file ?? `${base.name}.yaml`;
  const load = options.load ?? {};
  const resolved = loadRaw(base, file, load);
  const start = resolved.operations.length === 0 ? 0 : Math.min(...resolved.operations.map((op) => op.at));
  const context: ApplyContext = { base, file, load, liveness: 0 };
  const full = fullReduction(base, resolved);
  const asWritten = applyPerturbation(context, full, identity({ start, length: 0 }));
  const defaults = (bound: number) => library.all({ liveness: bound, expectations: options.expectations !== false });
  const replay = (options.invariants ?? defaults(HOUR)).some((i) => i.needsReplay === true);
  const first = check(asWritten, [], options, replay);
  report();
  // The safety window spans the file's own activity (its rollouts and its own faults); the liveness
  // bound is twice what the file's rollouts take undisturbed.
  const rolloutTime = Math.max(0, (rolloutsEnd(first.record) ?? start) - start);
  const window = { start, length: Math.max(30 * MINUTE, rolloutTime, (faultsHealedAt(resolved.faults) ?? 0) - start) };
  const liveness = options.liveness ?? Math.max(HOUR, 2 * rolloutTime);
  context.liveness = liveness;
  const invariants = options.invariants ?? defaults(liveness);
  const violations = first.record === undefined ? first.violations : checkRun(first.record, invariants);
  const result: FuzzResult = {
    seed: options.seed, runs: 0, window, liveness, kinds: (options.faults ?? FUZZED_FAULT_KINDS).map(fuzzedFaultKind), failsAsWritten: violations.length > 0, failure: undefined, interrupted: false,
  };
  return { context, full, invariants, result, asWritten, asWrittenChecked: { violations, record: first.record } };
}

export function fuzz(base: RawScenario, options: FuzzOptions): FuzzResult {
  const progress: FuzzProgress = { phase: 'base', runs: 0, total: options.runs, failures: 0, shrinkSteps: 0, shrinkRuns: 0 };
  const report = () => options.onProgress?.({ ...progress });
  const { context, full, invariants, result, asWritten, asWrittenChecked } = prepare(base, options, report);
  const { window, kinds } = result;
  if (!result.failsAsWritten && options.runs <= 0) return result;
  const asWrittenPinned = asWrittenChecked.violations[0]?.invariant;
  // A file that fails as written is shrunk too, but only its fleet (there is no perturbation to
  // blame), and not for its expectations: a smaller fleet fails fleet-wide ones by itself.
  if (result.failsAsWritten && (asWrittenChecked.record === undefined || asWrittenPinned === 'expectations')) {
    result.failure = { scenario: asWritten, violations: asWrittenChecked.violations, invariant: asWrittenPinned!, path: undefined, shrinkSteps: 0, record: asWrittenChecked.record };
    return result;
  }

  let pinned: string | undefined = asWrittenPinned;
  const controls: Array<{ reduction: Reduction; violations: Violation[] }> = [];
  const controlOf = (reduction: Reduction): Violation[] => {
    const known = controls.find((c) => sameReduction(c.reduction, reduction));
    if (known !== undefined) return known.violations;
    const { violations } = check(applyPerturbation(context, reduction, identity(window)), invariants, options);
    controls.push({ reduction, violations });
    return violations;
  };
  const controlFails = (reduction: Reduction): boolean => {
    if (result.failsAsWritten || sameReduction(reduction, full)) return false;
    return controlOf(reduction).some((v) => v.invariant === pinned);
  };

  progress.phase = 'search';
  const perturbations = result.failsAsWritten ? fc.constant(identity(window)) : perturbationArbitrary(base, {
    kinds, swarm: options.swarm === true, maxFaults: options.maxFaults ?? (options.swarm === true ? 6 : 4), window, strategy: options.strategy === true,
    ...(options.nodeModes === undefined ? {} : { nodeModes: options.nodeModes }),
  });
  const property = fc.property(reductionArbitrary(full), perturbations, (reduction: Reduction, perturbation: Perturbation) => {
    if (progress.phase === 'shrink') progress.shrinkRuns++;
    else progress.runs++;
    const raw = applyPerturbation(context, reduction, perturbation);
    const checked = check(raw, invariants, options);
    let failing: Violation[] = [];
    if (checked.violations.length > 0) {
      pinned ??= checked.violations[0]!.invariant;
      failing = checked.violations.filter((v) => v.invariant === pinned);
      if (failing.length > 0 && controlFails(reduction)) failing = [];
    }
    if (failing.length === 0) {
      report();
      return;
    }
    if (progress.phase === 'search') {
      progress.phase = 'shrink';
      progress.failures = 1;
    } else progress.shrinkSteps++;
    report();
    throw new FuzzViolation(failing, checked.record);
  });
  const parameters: fc.Parameters<[Reduction, Perturbation]> = { numRuns: result.failsAsWritten ? 1 : options.runs, seed: options.seed };
  if (options.path !== undefined) parameters.path = options.path;
  if (options.timeLimitMs !== undefined) parameters.interruptAfterTimeLimit = options.timeLimitMs;
  const details = fc.check(property, parameters);
  result.runs = result.failsAsWritten ? 0 : progress.runs;
  result.interrupted = details.interrupted;
  if (!details.failed) {
    if (result.failsAsWritten) throw new Error('fuzz: the scenario failed as written but not when run again (is the simulation deterministic?)');
    return result;
  }
  const error = details.errorInstance;
  const counterexample = details.counterexample;
  if (!(error instanceof FuzzViolation) || counterexample === null) throw error instanceof Error ? error : new Error(String(error));
  const [reduction, perturbation] = counterexample;
  const scenario = applyPerturbation(context, reduction, perturbation);
  // Expectations about the whole fleet (28 clusters upgraded) fail once the fleet is reduced, with or
  // without the perturbation: they are not part of this failure, so they are left out.
  if (pinned !== 'expectations' && !result.failsAsWritten && !sameReduction(reduction, full) && scenario.expect !== undefined) {
    const failing = new Set(controlOf(reduction).filter((v) => v.invariant === 'expectations').map((v) => v.objects[0]));
    scenario.expect = scenario.expect.filter((e) => !failing.has(e.metric));
  }
  result.failure = {
    scenario,
    violations: error.violations,
    invariant: pinned ?? error.violations[0]!.invariant,
    path: details.counterexamplePath ?? undefined,
    shrinkSteps: details.numShrinks,
    record: error.record,
  };
  return result;
}

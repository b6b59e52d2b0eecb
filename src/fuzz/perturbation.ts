/**
 * What `fleetsim fuzz` varies in a scenario: a fault schedule inside the safety window (with swarm
 * testing, the enabled fault kinds too), when each operation happens, the seed, and optionally the
 * pools' rollout strategies. Every part shrinks to "as the file says": no faults, no shift, the
 * file's seed, the file's strategy. Applying a perturbation after a reduction gives the scenario of
 * one fuzz run.
 */

import fc from 'fast-check';
import { duration, formatDuration, HOUR } from '../engine/duration.js';
import type { LoadOptions } from '../scenario/index.js';
import { loadScenarioObject } from '../scenario/index.js';
import { resolve, schedule, swarm, type FaultKindName, type FaultPlan, type NodeMode } from '../testing/arbitraries/faults.js';
import { rollingUpdate } from '../testing/arbitraries/strategies.js';
import { cloneRaw, isGenerator, isPlainCluster, type RawDuration, type RawFault, type RawPool, type RawScenario, type RawStrategy } from '../testing/raw.js';
import { fixReferences, namesOf, reduceActions, reduceClusters, type Reduction } from './reduction.js';

export interface Perturbation {
  faults: FaultPlan;
  /** Seconds added to each operation's `at`, by the base's operation index. */
  shifts: number[];
  /** The scenario seed; undefined keeps the file's. */
  seed: number | undefined;
  /** Strategy per pool, keyed `entry.pool` (base indexes); undefined keeps the file's. */
  strategies: Record<string, RawStrategy | undefined>;
}

export interface PerturbOptions {
  kinds: readonly FaultKindName[];
  swarm: boolean;
  /** Most faults per run. */
  maxFaults: number;
  window: FaultPlan['window'];
  /** Also vary the rollout strategy of every MachineDeployment pool. */
  strategy: boolean;
  /** Largest shift of an operation's time (default 30m). */
  maxShift?: number;
  /** Node failure modes (default crash, kernelPanic, notReady). */
  nodeModes?: readonly NodeMode[];
}

/** `entry.pool` keys of the base's MachineDeployment pools. */
function poolKeys(base: RawScenario): string[] {
  const keys: string[] = [];
  base.clusters.forEach((entry, i) => {
    const workers: RawPool[] = isPlainCluster(entry) ? entry.workers ?? [] : isGenerator(entry) ? entry.generate.template?.workers ?? [] : [];
    workers.forEach((pool, p) => {
      if ((pool.kind ?? 'MachineDeployment') === 'MachineDeployment') keys.push(`${i}.${p}`);
    });
  });
  return keys;
}

export function perturbationArbitrary(base: RawScenario, options: PerturbOptions): fc.Arbitrary<Perturbation> {
  const scheduleOptions = {
    kinds: options.kinds, max: options.maxFaults, window: { start: options.window.start, length: options.window.length },
    ...(options.nodeModes === undefined ? {} : { nodes: { modes: options.nodeModes } }),
  };
  const faults = options.kinds.length === 0 ? fc.constant<FaultPlan>({ kinds: [], drafts: [], window: options.window })
    : options.swarm ? swarm(scheduleOptions) : schedule(scheduleOptions);
  const maxShift = Math.floor((options.maxShift ?? 30 * 60_000) / 1000);
  const operations = base.operations ?? [];
  const keys = options.strategy ? poolKeys(base) : [];
  return fc.record({
    faults,
    shifts: fc.tuple(...operations.map(() => fc.integer({ min: 0, max: maxShift }))),
    seed: fc.option(fc.integer({ min: 0, max: 2 ** 31 - 1 }), { nil: undefined }),
    strategies: fc.tuple(...keys.map(() => fc.option(rollingUpdate(), { nil: undefined }))).map((list) => Object.fromEntries(keys.map((k, i) => [k, list[i]]))),
  });
}

/** The perturbation that changes nothing (the control run of a reduction). */
export function identity(window: FaultPlan['window']): Perturbation {
  return { faults: { kinds: [], drafts: [], window }, shifts: [], seed: undefined, strategies: {} };
}

/** When a file's fault has healed (ms); undefined when it lasts to the end (scenario-format.md: a fault without `for` lasts). */
function healedAt(fault: RawFault): number | undefined {
  const at = duration(fault.at ?? 0);
  for (const body of Object.values(fault)) {
    if (typeof body !== 'object' || body === null) continue;
    const item = body as { for?: RawDuration; count?: number };
    if (item.for !== undefined) return at + duration(item.for);
    return fault.nodeFailures?.count !== undefined ? at : undefined;
  }
  return at;
}

/**
 * Runs stop where the liveness check is decided (a stuck run would otherwise cost the file's whole
 * horizon): an hour after the liveness bound has passed since the last operation and the last
 * fault, the file's own included. A file fault that never heals leaves the file's horizon as is.
 */
function horizonFor(raw: RawScenario, window: FaultPlan['window'], liveness: number): RawDuration | undefined {
  let settledBy = Math.max(window.start + window.length, ...(raw.operations ?? []).map((op) => duration(op.at)));
  for (const fault of raw.faults ?? []) {
    const healed = healedAt(fault);
    if (healed === undefined) return raw.horizon;
    settledBy = Math.max(settledBy, healed);
  }
  return formatDuration(settledBy + liveness + HOUR);
}

export interface ApplyContext {
  base: RawScenario;
  /** The base file (for relative manifest paths) and loader options. */
  file: string;
  load: LoadOptions;
  /**
   * The liveness bound: a run's horizon leaves room for the fault window, the bound and an hour.
   * 0 (the file as written): the file's own horizon is kept.
   */
  liveness: number;
}

/** The scenario of one fuzz run; undefined when the reduced fleet does not load (reported by the caller). */
export function applyPerturbation(context: ApplyContext, reduction: Reduction, perturbation: Perturbation): RawScenario {
  const base = cloneRaw(context.base);
  base.clusters.forEach((entry, i) => {
    const workers: RawPool[] = isPlainCluster(entry) ? entry.workers ?? [] : isGenerator(entry) ? entry.generate.template?.workers ?? [] : [];
    workers.forEach((pool, p) => {
      const strategy = perturbation.strategies[`${i}.${p}`];
      // Keys name MachineDeployment pools only (poolKeys).
      if (strategy !== undefined && pool.kind !== 'MachinePool') pool.strategy = { ...strategy };
    });
  });
  (base.operations ?? []).forEach((op, i) => {
    const shift = perturbation.shifts[i] ?? 0;
    if (shift > 0) op.at = formatDuration(duration(op.at) + shift * 1000);
  });
  const raw: RawScenario = { ...base, clusters: reduceClusters(base, reduction) };
  reduceActions(raw, reduction);
  const fleet = loadScenarioObject({ ...raw, operations: [], faults: [], expect: [] }, context.file, context.load);
  if (fleet.ok) {
    fixReferences(raw, namesOf(fleet.scenario));
    const added = resolve(perturbation.faults, fleet.scenario);
    if (added.length > 0) raw.faults = [...(raw.faults ?? []), ...added];
  }
  if (perturbation.seed !== undefined) raw.seed = perturbation.seed;
  if (context.liveness > 0) {
    const horizon = horizonFor(raw, perturbation.faults.window, context.liveness);
    if (horizon === undefined) delete raw.horizon;
    else raw.horizon = horizon;
  }
  return raw;
}

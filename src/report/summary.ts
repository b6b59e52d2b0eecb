/**
 * summary.json: the run's figures per cluster, per cloud, for the management cluster and the fleet,
 * plus each expectation with pass/fail (outputs.md). Built from the timeline-fed trackers and the
 * components' own counters; every list is sorted by name, every time is integer ms.
 */

import type { Millis } from '../engine/duration.js';
import type { RunResult } from '../world/result.js';
import type { ExpectationSpec } from '../scenario/model.js';
import { FLEETSIM_VERSION } from '../version.js';
import { compareVersions } from '../capi/version.js';
import { clusterKeyOf } from '../kube/keys.js';
import { round3, roundMs } from './statistics.js';
import { quantileOfSorted } from '../kube/metrics.js';
import { evaluateExpectations, type ExpectationResult } from './expectations.js';
import { cloudSummaries, type CloudSummary } from './cloud-summary.js';
import { machinesReplacedBy } from '../observe/fleet-metrics.js';
import { criticalPath, type CriticalPath } from '../observe/critical-path.js';
import { rolloutId, type TimeAccounting } from '../observe/time-accounting.js';
import type { TimePart } from '../observe/time-parts.js';

export interface RolloutSummary {
  kind: string;
  from: string;
  to: string;
  startedAt: number;
  completedAt: number | null;
  duration: number | null;
  /** Machines that took an outdated one's place: min(outdated deleted, created on the target) while it was open. */
  machinesReplaced: number;
  /** Every Machine created while it was open (scale-ups and surges included). */
  machinesCreated: number;
  /** Present when a newer rollout of the same kind superseded it (it never completes): when, and that rollout's target. */
  supersededAt?: number;
  supersededBy?: string;
  /** The fleet upgrade's wave the rollout ran in (from 0, as wave.started numbers it); absent outside a fleet upgrade's waves. */
  wave?: number;
  /** Present when the rollout had not finished: what held it. */
  stuckReason?: string;
  /** Where its time went: named parts, biggest first, that add up to its duration (to the end of the run when unfinished). */
  timeSpent?: TimePart[];
}

export interface ClusterSummary {
  name: string;
  cloud: string;
  region: string;
  version: string;
  rollouts: RolloutSummary[];
  remediations: number;
  shortCircuits: number;
  kcpRemediationsRefused: number;
  machinesCreated: number;
  /** Machines replaced by its rollouts and remediations (observe/fleet-metrics.ts). */
  machinesReplaced: number;
  drains: number;
  drainTimeouts: number;
  minAvailableRatio: number;
  minAvailableAt: number;
}

export interface ControllerSummary {
  name: string;
  concurrency: number;
  reconciles: number;
  /** Mean over the run and the busiest 30 s interval. */
  reconcilesPerSecond: number;
  peakReconcilesPerSecond: number;
  /** Fraction of worker time spent reconciling over the run (busy / (concurrency × run time)). */
  utilization: number;
  errors: number;
  requeues: number;
  maxQueueDepth: number;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  latencyMaxMs: number | null;
  busyMs: number;
}

export interface FleetSummary {
  clusters: number;
  machines: number;
  upgradeStartedAt: number | null;
  upgradeCompletedAt: number | null;
  upgradeMakespan: number | null;
  clustersUpgraded: number;
  clustersUpgrading: number;
  remediations: number;
  shortCircuits: number;
  kcpRemediationsRefused: number;
  /** Machines that took an outdated or remediated one's place (a pure scale-up replaces nothing). */
  machinesReplaced: number;
  /** Machines created after the start, for any reason (the figure `machinesReplaced` held before). */
  machinesCreated: number;
  /** Image rollouts (`rolloutImage`): first operation, last cluster done (null while one is open), clusters done, rollouts superseded. */
  imageRolloutStartedAt: number | null;
  imageRolloutCompletedAt: number | null;
  imageRolloutMakespan: number | null;
  clustersImageRolled: number;
  rolloutsSuperseded: number;
  minAvailableRatio: number;
  minAvailableAt: number;
  /** Which waves and clusters set the makespan, and the time split into named parts (null without a rollout). */
  criticalPath?: CriticalPath | null;
}

export interface Summary {
  scenario: string;
  seed: number;
  fleetsimVersion: string;
  endedAt: number;
  settled: boolean;
  stopReason: string;
  events: number;
  fleet: FleetSummary;
  clusters: ClusterSummary[];
  clouds: CloudSummary[];
  management: {
    controllers: ControllerSummary[];
    apiWrites: number;
    /** Mutating requests to the management API server per second: mean over the run, and the busiest 30 s interval. */
    apiWritesPerSecond: number;
    peakApiWritesPerSecond: number;
    clientThrottledMs: number;
    /** Objects in the store at the end, per kind, and the most held at once. */
    objects: Record<string, number>;
    peakObjects: number;
  };
  /** `clusterctl move` operations that never happened: clusterctl refused them (mover.go checkProvisioningCompleted). */
  moveRefusals: Array<{ operation: number; at: number; attempts: number; machinesWithoutNode: number; reason: string }>;
  expectations: ExpectationResult[];
}

function byName<T extends { name: string }>(a: T, b: T): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/**
 * An image rollout's own fleet figures (issue 12 case 11): they are not in the upgrade makespan,
 * so a `rolloutImage` has its own. Done once every image rollout has ended, completed or
 * superseded; a superseded rollout never counts as done itself.
 */
function imageFigures(operations: RunResult['scenario']['operations'], clusters: readonly ClusterSummary[]): Pick<FleetSummary, 'imageRolloutStartedAt' | 'imageRolloutCompletedAt' | 'imageRolloutMakespan' | 'clustersImageRolled' | 'rolloutsSuperseded'> {
  const ops = operations.filter((op) => op.kind === 'rolloutImage');
  const rollouts = clusters.flatMap((c) => c.rollouts.filter((r) => r.kind === 'image'));
  const startedAt = ops.length === 0 ? null : Math.min(...ops.map((op) => op.at));
  const completed = rollouts.filter((r) => r.completedAt !== null);
  const allEnded = completed.length > 0 && rollouts.every((r) => r.completedAt !== null || r.supersededAt !== undefined);
  const completedAt = allEnded ? Math.max(...completed.map((r) => r.completedAt as number)) : null;
  return {
    imageRolloutStartedAt: startedAt,
    imageRolloutCompletedAt: completedAt,
    imageRolloutMakespan: startedAt !== null && completedAt !== null ? completedAt - startedAt : null,
    clustersImageRolled: clusters.filter((c) => c.rollouts.some((r) => r.kind === 'image' && r.completedAt !== null)).length,
    rolloutsSuperseded: clusters.reduce((sum, c) => sum + c.rollouts.filter((r) => r.supersededAt !== undefined).length, 0),
  };
}

function rolloutSummaries(
  rollouts: ReturnType<RunResult['metrics']['cluster']>['rollouts'], key: string, name: string, accounting: TimeAccounting, timeSpent: ReadonlyMap<string, TimePart[]>,
): RolloutSummary[] {
  const wave = accounting.waveOf.get(name)?.wave;
  return rollouts.map((r) => ({
    kind: r.kind, from: r.from, to: r.to, startedAt: r.startedAt, completedAt: r.completedAt ?? null,
    duration: r.completedAt === undefined ? null : r.completedAt - r.startedAt, machinesReplaced: machinesReplacedBy(r), machinesCreated: r.machinesCreated,
    ...(r.supersededAt === undefined ? {} : { supersededAt: r.supersededAt, supersededBy: r.supersededBy as string }),
    ...(r.kind === 'upgrade' && wave !== undefined ? { wave } : {}),
    ...(r.stuckReason === undefined ? {} : { stuckReason: r.stuckReason }),
    timeSpent: timeSpent.get(rolloutId({ cluster: key, startedAt: r.startedAt, kind: r.kind })) ?? [],
  }));
}

/** When the fleet upgrade started and, if every targeted cluster finished it, when it completed. */
function upgradeWindow(scenario: RunResult['scenario'], clusters: readonly ClusterSummary[]): { upgradeStartedAt: Millis | null; upgradeCompletedAt: Millis | null } {
  const upgradeOps = scenario.operations.filter((op) => op.kind === 'upgrade');
  const upgradeRollouts = clusters.flatMap((c) => c.rollouts.filter((r) => r.kind === 'upgrade'));
  const upgradeStartedAt = upgradeOps.length === 0 ? null : Math.min(...upgradeOps.map((op) => op.at));
  // Finished only when every targeted cluster that was below the target version completed its upgrade
  // (a halted or held wave leaves clusters that never started: that is no makespan).
  const specByName = new Map(scenario.clusters.map((c) => [c.name, c]));
  const summaryOf = new Map(clusters.map((c) => [c.name, c]));
  const everyTargetUpgraded = upgradeOps.every((op) => op.targets.every((name) => {
    const spec = specByName.get(name);
    if (spec === undefined || compareVersions(spec.version, op.version) >= 0) return true;
    return summaryOf.get(clusterKeyOf(spec.namespace, spec.name))?.rollouts.some((r) => r.kind === 'upgrade' && r.completedAt !== null) ?? false;
  }));
  const allDone = everyTargetUpgraded && upgradeRollouts.length > 0 && upgradeRollouts.every((r) => r.completedAt !== null);
  const upgradeCompletedAt = allDone ? Math.max(...upgradeRollouts.map((r) => r.completedAt as number)) : null;
  return { upgradeStartedAt, upgradeCompletedAt };
}

function controllerSummaries(run: RunResult): ControllerSummary[] {
  return run.controllers.map((c) => {
    const sorted = c.metrics.latency.sorted();
    const seconds = Math.max(run.endedAt, 1) / 1000;
    return {
      name: c.name,
      concurrency: c.concurrency,
      reconciles: c.metrics.reconciles,
      reconcilesPerSecond: round3(c.metrics.reconciles / seconds),
      peakReconcilesPerSecond: round3(run.peakReconcilesPerSecond.get(c.name) ?? 0),
      utilization: round3(c.metrics.busyMs / (c.concurrency * seconds * 1000)),
      errors: c.metrics.errors,
      requeues: c.metrics.requeues,
      maxQueueDepth: c.metrics.maxDepth,
      latencyP50Ms: roundMs(quantileOfSorted(sorted, 0.5)),
      latencyP95Ms: roundMs(quantileOfSorted(sorted, 0.95)),
      latencyMaxMs: roundMs(sorted.length === 0 ? undefined : sorted[sorted.length - 1]),
      busyMs: c.metrics.busyMs,
    };
  }).sort(byName);
}

function clusterSummaries(run: RunResult): ClusterSummary[] {
  const clusters: ClusterSummary[] = [];
  const timeSpent = run.timeAccounting.rollouts(run.endedAt);
  for (const spec of run.scenario.clusters) {
    const key = clusterKeyOf(spec.namespace, spec.name);
    const metrics = run.metrics.cluster(key);
    const availability = run.availability.clusters.get(key);
    clusters.push({
      name: key,
      cloud: spec.provider,
      region: spec.region,
      version: run.clusterVersions.get(key) ?? spec.version,
      rollouts: rolloutSummaries(metrics.rollouts, key, spec.name, run.timeAccounting, timeSpent),
      remediations: metrics.remediations,
      shortCircuits: metrics.shortCircuits,
      kcpRemediationsRefused: metrics.kcpRemediationsRefused,
      machinesCreated: metrics.machinesCreated,
      machinesReplaced: run.metrics.machinesReplaced(key),
      drains: metrics.drains,
      drainTimeouts: metrics.drainTimeouts,
      minAvailableRatio: round3(availability?.minRatio ?? 1),
      minAvailableAt: availability?.minRatioAt ?? 0,
    });
  }
  clusters.sort(byName);
  return clusters;
}

export function buildSummary(run: RunResult): Summary {
  const scenario = run.scenario;
  const outcome = run;
  const clusters = clusterSummaries(run);

  const { upgradeStartedAt, upgradeCompletedAt } = upgradeWindow(scenario, clusters);
  const machines = run.machines;

  const summary: Summary = {
    scenario: scenario.name,
    seed: run.seed,
    fleetsimVersion: FLEETSIM_VERSION,
    endedAt: outcome.endedAt,
    settled: outcome.settled,
    stopReason: outcome.reason,
    events: outcome.events,
    fleet: {
      clusters: clusters.length,
      machines,
      upgradeStartedAt,
      upgradeCompletedAt,
      upgradeMakespan: upgradeStartedAt !== null && upgradeCompletedAt !== null ? upgradeCompletedAt - upgradeStartedAt : null,
      clustersUpgraded: clusters.filter((c) => c.rollouts.some((r) => r.kind === 'upgrade' && r.completedAt !== null)).length,
      clustersUpgrading: clusters.filter((c) => c.rollouts.some((r) => r.kind === 'upgrade' && r.completedAt === null)).length,
      remediations: run.metrics.counts.remediations,
      shortCircuits: run.metrics.counts.shortCircuits,
      kcpRemediationsRefused: run.metrics.counts.kcpRemediationsRefused,
      machinesReplaced: clusters.reduce((sum, c) => sum + c.machinesReplaced, 0),
      machinesCreated: run.metrics.counts.machinesCreatedAfterStart,
      ...imageFigures(scenario.operations, clusters),
      minAvailableRatio: round3(run.availability.fleetMinRatio),
      minAvailableAt: run.availability.fleetMinRatioAt,
      criticalPath: criticalPath(run.timeAccounting, outcome.endedAt, { startedAt: upgradeStartedAt, completedAt: upgradeCompletedAt }),
    },
    clusters,
    clouds: cloudSummaries(run.providers),
    management: {
      controllers: controllerSummaries(run),
      apiWrites: run.apiWrites,
      apiWritesPerSecond: round3(run.apiWrites / (Math.max(outcome.endedAt, 1) / 1000)),
      peakApiWritesPerSecond: round3(run.peakWritesPerSecond),
      clientThrottledMs: Math.round(run.clientThrottledMs),
      objects: Object.fromEntries(run.objects),
      peakObjects: run.peakObjects,
    },
    moveRefusals: run.metrics.moveRefusals.map((r) => ({ ...r })),
    expectations: [],
  };
  summary.expectations = evaluateExpectations(scenario.expect, { summary, scenario, eventCounts: run.timeline.counts });
  return summary;
}

export type { ExpectationSpec };

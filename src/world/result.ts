/**
 * What one run leaves behind, read-only: the figures and views the reports, sweeps and tests
 * read. `World.run()` returns it; nothing in it changes after the run, and nothing reads World's
 * fields to report on a run.
 */

import type { Millis } from '../engine/duration.js';
import type { RunStopReason } from './run-limits.js';
import type { Controller } from '../kube/controller.js';
import type { InfrastructureProvider } from '../cloud/provider.js';
import type { TimelineEvent, TimelineEventType } from '../timeline/index.js';
import type { AvailabilityTracker } from '../observe/availability.js';
import type { FleetMetrics } from '../observe/fleet-metrics.js';
import type { TimeAccounting } from '../observe/time-accounting.js';
import type { Scenario } from '../scenario/model.js';

/** How a run ended. */
export interface RunOutcome {
  readonly reason: RunStopReason;
  readonly settled: boolean;
  readonly endedAt: Millis;
  /** Engine events run. */
  readonly events: number;
  /** Why a guard stopped the run (reason memoryLimit). */
  readonly detail?: string | undefined;
}

/** One management controller's figures at the end of the run. */
export type ControllerRun = Readonly<Pick<Controller, 'name' | 'concurrency' | 'metrics'>>;

export interface RunResult extends RunOutcome {
  readonly scenario: Scenario;
  readonly seed: number;
  /** The timeline's events (empty when the run did not keep them) and its counts per type. */
  readonly timeline: { readonly events: readonly TimelineEvent[]; readonly counts: ReadonlyMap<TimelineEventType, number> };
  /** Per-cluster and fleet figures gathered from the timeline. */
  readonly metrics: Pick<FleetMetrics, 'cluster' | 'counts' | 'machinesReplaced' | 'moveRefusals'>;
  readonly availability: Pick<AvailabilityTracker, 'clusters' | 'fleetMinRatio' | 'fleetMinRatioAt'>;
  /** Where the time went (observe/time-accounting.ts). */
  readonly timeAccounting: TimeAccounting;
  /** Each workload cluster's `spec.topology.version` at the end. */
  readonly clusterVersions: ReadonlyMap<string, string>;
  /** Nodes across the fleet at the end. */
  readonly machines: number;
  readonly controllers: readonly ControllerRun[];
  readonly peakReconcilesPerSecond: ReadonlyMap<string, number>;
  readonly peakWritesPerSecond: number;
  /** Writes to the management cluster's API (creates, updates, deletes). */
  readonly apiWrites: number;
  readonly clientThrottledMs: number;
  /** Objects per kind at the end, and the most objects at once. */
  readonly objects: readonly (readonly [string, number])[];
  readonly peakObjects: number;
  /** The infrastructure providers by scope key (`kind/account/region`), sorted. */
  readonly providers: readonly (readonly [string, InfrastructureProvider])[];
}

/**
 * Rollout invariants, in the two phases of a checked run (TigerBeetle's VOPR: a safety phase with
 * faults on, then a liveness phase once they heal; peers.md A2, B2):
 * - `rollouts-complete-or-stuck`: every rollout that starts either completes or the run records a
 *   `rollout.stuck` event for its cluster saying why;
 * - `rollouts-finish` (liveness): once every fault has healed, every rollout completes within a
 *   stated bound. A fault without `for` never heals (a `count` node failure is instantaneous: it
 *   heals when it strikes), and then there is no liveness phase to judge.
 */

import { duration, formatDuration } from '../../engine/duration.js';
import type { FaultSpec } from '../../scenario/model.js';
import type { TimelineEvent } from '../../timeline/index.js';
import { at, type Invariant, type Violation } from '../invariant.js';
import type { RunRecord } from '../record.js';
import { diagnoseCluster } from './stuck.js';

interface Rollout {
  cluster: string;
  kind: string;
  from: string;
  to: string;
  startedAt: number;
  completedAt: number | undefined;
  stuck: string | undefined;
  /** A newer rollout of the same kind replaced it: it ends there and is judged no further. */
  superseded: boolean;
}

function rolloutsOf(events: readonly TimelineEvent[]): Rollout[] {
  const rollouts: Rollout[] = [];
  const open = new Map<string, Rollout>();
  for (const event of events) {
    if (event.type === 'rollout.started') {
      const rollout: Rollout = { cluster: event.cluster, kind: event.kind, from: event.from, to: event.to, startedAt: event.t, completedAt: undefined, stuck: undefined, superseded: false };
      rollouts.push(rollout);
      open.set(event.cluster, rollout);
    } else if (event.type === 'rollout.completed') {
      const rollout = open.get(event.cluster);
      if (rollout !== undefined) rollout.completedAt = event.t;
      open.delete(event.cluster);
    } else if (event.type === 'rollout.superseded') {
      const rollout = open.get(event.cluster);
      if (rollout !== undefined) rollout.superseded = true;
      open.delete(event.cluster);
    } else if (event.type === 'rollout.stuck') {
      const rollout = open.get(event.cluster);
      if (rollout !== undefined) rollout.stuck = event.reason;
    }
  }
  return rollouts.filter((r) => !r.superseded);
}

/** When the last fault healed (ms), or undefined when one never does. */
export function faultsHealedAt(faults: readonly FaultSpec[]): number | undefined {
  let healed = 0;
  for (const fault of faults) {
    if (fault.for !== undefined) healed = Math.max(healed, fault.at + fault.for);
    else if (fault.kind === 'nodeFailures' && fault.count !== undefined) healed = Math.max(healed, fault.at);
    else return undefined;
  }
  return healed;
}

function describe(rollout: Rollout): string {
  return `the ${rollout.kind} rollout of ${rollout.cluster} (${rollout.from} → ${rollout.to}) started at ${at(rollout.startedAt)}`;
}

function endOf(run: RunRecord): string {
  return `the end of the run (${at(run.summary.endedAt)}, ${run.summary.settled ? 'settled' : `stopped: ${run.summary.stopReason}`})`;
}

export function rolloutsCompleteOrStuck(): Invariant {
  return {
    name: 'rollouts-complete-or-stuck',
    description: 'every rollout either completes or the run reports why it is stuck (a rollout.stuck event)',
    check(run) {
      const violations: Violation[] = [];
      for (const rollout of rolloutsOf(run.events)) {
        if (rollout.completedAt !== undefined || rollout.stuck !== undefined) continue;
        violations.push({
          invariant: 'rollouts-complete-or-stuck',
          t: run.summary.endedAt,
          objects: [rollout.cluster],
          message: `${describe(rollout)} did not complete by ${endOf(run)} and no rollout.stuck event said why; the timeline shows: ${diagnoseCluster(run, rollout.cluster)}`,
        });
      }
      return violations;
    },
  };
}

export interface LivenessOptions {
  /** How long after the faults heal (or the rollout starts, if later) a rollout may take; default 2h. */
  within?: string | number;
}

export function rolloutsFinish(options: LivenessOptions = {}): Invariant {
  const within = duration(options.within ?? '2h');
  return {
    name: 'rollouts-finish',
    description: `once faults have healed, every rollout completes within ${formatDuration(within)}`,
    check(run) {
      const healedAt = faultsHealedAt(run.scenario.faults);
      if (healedAt === undefined) return [];
      const violations: Violation[] = [];
      for (const rollout of rolloutsOf(run.events)) {
        const from = Math.max(rollout.startedAt, healedAt);
        const deadline = from + within;
        const healed = healedAt > rollout.startedAt ? `the faults healed at ${at(healedAt)}` : 'it started after the faults had healed';
        if (rollout.completedAt !== undefined) {
          if (rollout.completedAt <= deadline) continue;
          violations.push({
            invariant: 'rollouts-finish',
            t: rollout.completedAt,
            objects: [rollout.cluster],
            message: `${describe(rollout)} completed at ${at(rollout.completedAt)}, ${formatDuration(rollout.completedAt - from)} after ${healedAt > rollout.startedAt ? 'the faults healed' : 'it started'} (${healed}); the bound is ${formatDuration(within)}`,
          });
        } else {
          violations.push({
            invariant: 'rollouts-finish',
            t: Math.min(deadline, run.summary.endedAt),
            objects: [rollout.cluster],
            message: `${describe(rollout)} had not completed ${formatDuration(within)} after ${healedAt > rollout.startedAt ? 'the faults healed' : 'it started'} (${healed}${rollout.stuck === undefined ? '' : `; stuck: ${rollout.stuck}`}); at ${endOf(run)} the timeline shows: ${diagnoseCluster(run, rollout.cluster)}`,
          });
        }
      }
      return violations;
    },
  };
}

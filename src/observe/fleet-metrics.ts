/**
 * Per-cluster figures gathered from the timeline as it is written: rollouts with their start,
 * end and machines replaced, MHC remediations and short-circuits, KCP refusals, drains. Together
 * with availability they are everything summary.json reports about the fleet.
 *
 * Machines created and machines replaced are counted apart (issue 12 case 11):
 * - created: every Machine created after t=0 (scale-ups, surges, replacements alike);
 * - replaced, per rollout: min(outdated Machines deleted, Machines on the target created and not
 *   deleted again) while it is open. An outdated Machine is one not on the rollout's target (version for an upgrade,
 *   image for an image rollout). A pure scale-up deletes nothing, so it replaces nothing; a
 *   surge Machine that is scaled away again is on the target, so its deletion is not a
 *   replacement either; a scale-down of outdated Machines creates nothing in their place;
 * - replaced, by remediation: every Machine deleted after an `mhc.remediation` named it (its
 *   owner creates one in its place) and not already counted for a rollout.
 */

import type { Millis } from '../engine/duration.js';
import type { TimelineEvent } from '../timeline/index.js';

export interface RolloutRecord {
  kind: string;
  from: string;
  to: string;
  startedAt: Millis;
  completedAt?: Millis;
  /** When a newer rollout of the same kind superseded it (it then never completes), and its target. */
  supersededAt?: Millis;
  supersededBy?: string;
  machinesCreated: number;
  /** Outdated Machines deleted and Machines on the target created while it was open. */
  outdatedDeleted: number;
  targetCreated: number;
  /** Why it had not finished when the run ended (`rollout.stuck`). */
  stuckReason?: string;
}

/** min(outdated deleted, target created): Machines of the rollout that took an old one's place. */
export function machinesReplacedBy(rollout: RolloutRecord): number {
  return Math.min(rollout.outdatedDeleted, rollout.targetCreated);
}

interface MachineRecord {
  version: string;
  /** The rollouts whose targetCreated counted it. */
  countedFor: RolloutRecord[];
  image: string;
  remediated: boolean;
  deleted: boolean;
  /** Counted as outdated-deleted for some rollout. */
  outdated: boolean;
}

export interface ClusterMetrics {
  rollouts: RolloutRecord[];
  machinesCreated: number;
  /** Machines deleted after a remediation named them, not counted by a rollout. */
  remediationReplacements: number;
  remediations: number;
  shortCircuits: number;
  /** When each remediation and short-circuit happened (for wave gates). */
  remediationTimes: Millis[];
  shortCircuitTimes: Millis[];
  unhealthy: number;
  kcpRemediationsRefused: number;
  drains: number;
  drainTimeouts: number;
}

export class FleetMetrics {
  readonly clusters = new Map<string, ClusterMetrics>();
  readonly counts = { remediations: 0, shortCircuits: 0, kcpRemediationsRefused: 0, machinesCreatedAfterStart: 0 };
  private readonly machines = new Map<string, MachineRecord>();
  /** `clusterctl move` operations that gave up (the final `move.refused`), in time order. */
  readonly moveRefusals: Array<{ operation: number; at: Millis; attempts: number; machinesWithoutNode: number; reason: string }> = [];

  cluster(key: string): ClusterMetrics {
    let metrics = this.clusters.get(key);
    if (metrics === undefined) {
      metrics = { rollouts: [], machinesCreated: 0, remediationReplacements: 0, remediations: 0, shortCircuits: 0, remediationTimes: [], shortCircuitTimes: [], unhealthy: 0, kcpRemediationsRefused: 0, drains: 0, drainTimeouts: 0 };
      this.clusters.set(key, metrics);
    }
    return metrics;
  }

  /** Rollouts of the cluster still open (not completed, not superseded), oldest first. */
  private open(cluster: string): RolloutRecord[] {
    return this.cluster(cluster).rollouts.filter((r) => r.completedAt === undefined && r.supersededAt === undefined);
  }

  /** The first deletion event of a Machine: outdated for the open rollouts, or a remediation's replacement. */
  private machineDeleted(cluster: string, object: string): void {
    const record = this.machines.get(object);
    if (record === undefined || record.deleted) return;
    record.deleted = true;
    for (const rollout of this.open(cluster)) {
      if (onTarget(rollout, record)) {
        // Created on the target during this rollout and gone again (a surge scaled away, a failed
        // new Machine): it took no old Machine's place.
        if (record.countedFor.includes(rollout)) rollout.targetCreated--;
        continue;
      }
      rollout.outdatedDeleted++;
      record.outdated = true;
    }
    if (record.remediated && !record.outdated) this.cluster(cluster).remediationReplacements++;
  }

  /** Machines replaced in the cluster: by its rollouts, and by remediations outside them. */
  machinesReplaced(cluster: string): number {
    const metrics = this.cluster(cluster);
    return metrics.rollouts.reduce((sum, r) => sum + machinesReplacedBy(r), 0) + metrics.remediationReplacements;
  }

  /** rollout.started / completed / superseded / stuck: the cluster's rollout records. */
  private observeRollout(event: Extract<TimelineEvent, { type: 'rollout.started' | 'rollout.completed' | 'rollout.superseded' | 'rollout.stuck' }>): void {
    switch (event.type) {
        case 'rollout.started':
          this.cluster(event.cluster).rollouts.push({ kind: event.kind, from: event.from, to: event.to, startedAt: event.t, machinesCreated: 0, outdatedDeleted: 0, targetCreated: 0 });
          break;
        case 'rollout.completed': {
          const open = this.open(event.cluster).find((r) => r.kind === event.kind);
          if (open !== undefined) open.completedAt = event.t;
          break;
        }
        case 'rollout.superseded': {
          const open = this.open(event.cluster).find((r) => r.kind === event.kind);
          if (open !== undefined) {
            open.supersededAt = event.t;
            open.supersededBy = event.by;
          }
          break;
        }
        case 'rollout.stuck': {
          const open = this.open(event.cluster).find((r) => r.kind === event.kind);
          if (open !== undefined) open.stuckReason = event.reason;
          break;
        }
    }
  }

  observe(event: TimelineEvent): void {
    switch (event.type) {
      case 'rollout.started':
      case 'rollout.completed':
      case 'rollout.superseded':
      case 'rollout.stuck':
        this.observeRollout(event);
        break;
      case 'machine.created': {
        const record: MachineRecord = { countedFor: [], version: event.version, image: event.image, remediated: false, deleted: false, outdated: false };
        this.machines.set(event.object, record);
        if (event.t === 0) break;
        const metrics = this.cluster(event.cluster);
        metrics.machinesCreated++;
        this.counts.machinesCreatedAfterStart++;
        const open = this.open(event.cluster);
        if (open[0] !== undefined) open[0].machinesCreated++;
        for (const rollout of open) {
          if (!onTarget(rollout, record)) continue;
          rollout.targetCreated++;
          record.countedFor.push(rollout);
        }
        break;
      }
      case 'machine.phase':
        if (event.phase === 'Deleting' || event.phase === 'Deleted') this.machineDeleted(event.cluster, event.object);
        if (event.phase === 'Deleted') this.machines.delete(event.object);
        break;
      case 'move.refused':
        if (event.final) this.moveRefusals.push({ operation: event.operation, at: event.t, attempts: event.attempt, machinesWithoutNode: event.machinesWithoutNode, reason: event.reason });
        break;
      case 'mhc.remediation': {
        const record = this.machines.get(event.machine);
        if (record !== undefined) record.remediated = true;
        this.cluster(event.cluster).remediations++;
        this.cluster(event.cluster).remediationTimes.push(event.t);
        this.counts.remediations++;
        break;
      }
      case 'mhc.shortCircuit':
        this.cluster(event.cluster).shortCircuits++;
        this.cluster(event.cluster).shortCircuitTimes.push(event.t);
        this.counts.shortCircuits++;
        break;
      case 'mhc.unhealthy':
        this.cluster(event.cluster).unhealthy++;
        break;
      case 'kcp.remediationRefused':
        this.cluster(event.cluster).kcpRemediationsRefused++;
        this.counts.kcpRemediationsRefused++;
        break;
      case 'machine.drain':
        if (event.stage === 'started') this.cluster(event.cluster).drains++;
        else if (event.stage === 'timedOut') this.cluster(event.cluster).drainTimeouts++;
        break;
    }
  }
}

function onTarget(rollout: RolloutRecord, machine: MachineRecord): boolean {
  return rollout.kind === 'upgrade' ? machine.version === rollout.to : machine.image === rollout.to;
}

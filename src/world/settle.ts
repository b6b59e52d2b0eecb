/**
 * Decides when a run is over: every scheduled operation and fault has happened, no rollout is in
 * progress, every Machine is Running, and nothing has changed for a quiet period long enough for
 * MachineHealthCheck timeouts to fire. Counts come from the timeline, so the check is O(1).
 */

import type { Millis } from '../engine/duration.js';
import type { Simulation } from '../engine/simulation.js';
import type { Timeline, TimelineEvent, TimelineEventType } from '../timeline/index.js';

const CHECK_INTERVAL = 10_000;

/**
 * Whether each event type is the fleet changing (false: bookkeeping, a sample of calls or queues).
 * A run settles after a quiet period without one; a new event type must say which it is.
 */
const FLEET_ACTIVITY: Readonly<Record<TimelineEventType, boolean>> = {
  'machine.created': true,
  'machine.phase': true,
  'machine.drain': true,
  'machine.volumeDetach': true,
  'node.condition': true,
  'node.kubelet': true,
  'etcd.member': true,
  'node.joinBlocked': true,
  'node.deleted': true,
  'pool.replicas': true,
  'nodepool.update': true,
  'nodepool.terminate': true,
  'mhc.unhealthy': true,
  'mhc.remediation': true,
  'mhc.shortCircuit': true,
  'mhc.shortCircuitEnded': true,
  'kcp.remediationRefused': true,
  'rollout.started': true,
  'rollout.completed': true,
  'rollout.stuck': true,
  'rollout.superseded': true,
  'upgrade.refused': true,
  'move.refused': true,
  'operation.applied': true,
  'wave.started': true,
  'wave.completed': true,
  'wave.held': true,
  'wave.halted': true,
  'wave.waiting': true,
  'cloud.call': false,
  'cloud.throttled': false,
  'cloud.workerWait': false,
  'cloud.controlPlaneUpgrade': false,
  'fault.started': true,
  'fault.ended': true,
  'fault.nodeFailed': true,
  'controller.paused': true,
  'controller.resumed': true,
  'controller.queue': false,
};

export function isFleetActivity(type: TimelineEventType): boolean {
  return FLEET_ACTIVITY[type];
}

/** How far a run is towards settling: scheduled operations and fault edges passed, rollouts finished. */
export interface SettleProgress {
  operationsApplied: number;
  operations: number;
  rolloutsCompleted: number;
  /** Rollouts started so far, or the ones the operations will start when that is more. */
  rollouts: number;
  /** Both together, as a share of the work: 1 when everything scheduled happened and every rollout finished. */
  fraction: number;
}

export class SettleTracker {
  private machinesNotRunning = 0;
  private readonly phase = new Map<string, string>();
  private activeRollouts = 0;
  private rolloutsStarted = 0;
  private rolloutsCompleted = 0;
  private operationsApplied = 0;
  /** Operations and faults whose start or end is still ahead. */
  pendingScheduled = 0;
  /** The most pendingScheduled has been: the scheduled items of the whole run. */
  private scheduled = 0;
  /** Rollouts the operations are expected to start: one per targeted cluster of an upgrade or image rollout. */
  expectedRollouts = 0;
  /** Operations in the scenario. */
  operations = 0;
  private lastActivity: Millis = 0;
  settledAt: Millis | undefined;

  constructor(private readonly sim: Simulation, timeline: Timeline, private readonly quietPeriod: Millis) {
    timeline.listen((event) => this.observe(event));
  }

  start(): void {
    this.sim.after(CHECK_INTERVAL, this.check, undefined);
  }

  get settled(): boolean {
    return this.pendingScheduled === 0 && this.activeRollouts === 0 && this.machinesNotRunning === 0;
  }

  private observe(event: TimelineEvent): void {
    if (!FLEET_ACTIVITY[event.type]) return;
    this.lastActivity = event.t;
    switch (event.type) {
      case 'machine.created':
        this.setPhase(event.object, 'Pending');
        break;
      case 'machine.phase':
        this.setPhase(event.object, event.phase);
        break;
      case 'rollout.started':
        this.activeRollouts++;
        this.rolloutsStarted++;
        break;
      case 'rollout.completed':
      case 'rollout.superseded':
        // A superseded rollout ends there (the newer one is counted on its own).
        this.activeRollouts--;
        this.rolloutsCompleted++;
        break;
      case 'operation.applied':
        this.operationsApplied++;
        break;
    }
  }

  progress(): SettleProgress {
    this.scheduled = Math.max(this.scheduled, this.pendingScheduled);
    const rollouts = Math.max(this.rolloutsStarted, this.expectedRollouts);
    const total = this.scheduled + rollouts;
    const done = this.scheduled - this.pendingScheduled + this.rolloutsCompleted;
    return {
      operationsApplied: this.operationsApplied, operations: this.operations, rolloutsCompleted: this.rolloutsCompleted, rollouts,
      fraction: total === 0 ? 1 : Math.min(1, done / total),
    };
  }

  private setPhase(machine: string, phase: string): void {
    const before = this.phase.get(machine);
    if (before !== undefined && before !== 'Running') this.machinesNotRunning--;
    if (phase === 'Deleted') {
      this.phase.delete(machine);
      return;
    }
    this.phase.set(machine, phase);
    if (phase !== 'Running') this.machinesNotRunning++;
  }

  private readonly check = (): void => {
    if (this.settled && this.sim.now - this.lastActivity >= this.quietPeriod) {
      this.settledAt = this.sim.now;
      this.sim.stop();
      return;
    }
    this.sim.after(CHECK_INTERVAL, this.check, undefined);
  };
}

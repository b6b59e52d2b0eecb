/**
 * Per-cluster figures gathered from the timeline as it is written: rollouts with their start,
 * end and machines replaced, MHC remediations and short-circuits, KCP refusals, drains. Together
 * with availability they are everything summary.json reports about the fleet.
 */

import type { Millis } from '../engine/duration.js';
import type { TimelineEvent } from '../timeline/index.js';

export interface RolloutRecord {
  kind: string;
  from: string;
  to: string;
  startedAt: Millis;
  completedAt?: Millis;
  machinesCreated: number;
  /** Why it had not finished when the run ended (`rollout.stuck`). */
  stuckReason?: string;
}

export interface ClusterMetrics {
  rollouts: RolloutRecord[];
  machinesCreated: number;
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

  cluster(key: string): ClusterMetrics {
    let metrics = this.clusters.get(key);
    if (metrics === undefined) {
      metrics = { rollouts: [], machinesCreated: 0, remediations: 0, shortCircuits: 0, remediationTimes: [], shortCircuitTimes: [], unhealthy: 0, kcpRemediationsRefused: 0, drains: 0, drainTimeouts: 0 };
      this.clusters.set(key, metrics);
    }
    return metrics;
  }

  observe(event: TimelineEvent): void {
    switch (event.type) {
      case 'rollout.started':
        this.cluster(event.cluster).rollouts.push({ kind: event.kind, from: event.from, to: event.to, startedAt: event.t, machinesCreated: 0 });
        break;
      case 'rollout.completed': {
        const open = this.cluster(event.cluster).rollouts.find((r) => r.completedAt === undefined && r.kind === event.kind);
        if (open !== undefined) open.completedAt = event.t;
        break;
      }
      case 'rollout.stuck': {
        const open = this.cluster(event.cluster).rollouts.find((r) => r.completedAt === undefined && r.kind === event.kind);
        if (open !== undefined) open.stuckReason = event.reason;
        break;
      }
      case 'machine.created': {
        if (event.t === 0) break;
        const metrics = this.cluster(event.cluster);
        metrics.machinesCreated++;
        this.counts.machinesCreatedAfterStart++;
        const open = metrics.rollouts.find((r) => r.completedAt === undefined);
        if (open !== undefined) open.machinesCreated++;
        break;
      }
      case 'mhc.remediation':
        this.cluster(event.cluster).remediations++;
        this.cluster(event.cluster).remediationTimes.push(event.t);
        this.counts.remediations++;
        break;
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

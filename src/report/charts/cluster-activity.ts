/**
 * Per-cluster series read from the timeline: Machines by phase, available vs desired nodes, and
 * MachineHealthCheck / KCP decisions and short-circuit spells, for the clusters the report draws; plus fleet-wide
 * available vs desired nodes. "Available" follows observe/availability.ts: a Machine whose Node
 * is Ready and that is not being deleted; desired is the pools' replicas (`pool.replicas`);
 * worker pools count, control-plane Machines only in a cluster without worker pools.
 */

import type { TimelineEvent } from '../../timeline/index.js';
import type { Millis } from '../../engine/duration.js';
import { must } from '../../engine/must.js';
import { PHASES, type DECISIONS } from './style.js';

export type Decision = (typeof DECISIONS)[number];

export interface PhasePoint {
  t: Millis;
  /** Machines in each of PHASES, in that order. */
  counts: number[];
}

export interface AvailabilityPoint {
  t: Millis;
  available: number;
  desired: number;
}

/**
 * A spell of MHC short-circuit: from `mhc.shortCircuit` (remediation restricted while targets are
 * unhealthy) to `mhc.shortCircuitEnded`, with the counts the MachineHealthCheck saw when it began.
 */
export interface ShortCircuit {
  start: Millis;
  /** null while it lasted to the end of the run. */
  end: Millis | null;
  healthCheck: string;
  unhealthy: number;
  total: number;
  limit: string;
}

export interface ClusterSeries {
  key: string;
  phases: PhasePoint[];
  availability: AvailabilityPoint[];
  decisions: Array<{ t: Millis; decision: Decision }>;
  shortCircuits: ShortCircuit[];
}

interface MachineState {
  cluster: string;
  controlPlane: boolean;
  /** Index in PHASES, or -1 once deleted. */
  phase: number;
  ready: boolean;
  deleting: boolean;
}

interface Counts {
  desiredWorkers: number;
  desiredControlPlane: number;
  availableWorkers: number;
  availableControlPlane: number;
}

const PHASE_INDEX = new Map<string, number>(PHASES.map((phase, i) => [phase, i]));
const DELETING = must(PHASE_INDEX, 'Deleting', 'phase');

function isControlPlanePool(pool: string): boolean {
  return pool.startsWith('KubeadmControlPlane/');
}

/** Appends a point, replacing the last one when it has the same time (one point per instant). */
function pushPoint<P extends { t: Millis }>(points: P[], point: P): void {
  const last = points[points.length - 1];
  if (last !== undefined && last.t === point.t) points[points.length - 1] = point;
  else points.push(point);
}

function availabilityOf(counts: Counts, t: Millis): AvailabilityPoint {
  const workers = counts.desiredWorkers > 0;
  return { t, available: workers ? counts.availableWorkers : counts.availableControlPlane, desired: workers ? counts.desiredWorkers : counts.desiredControlPlane };
}

export class ClusterActivity {
  private readonly machines = new Map<string, MachineState>();
  private readonly pools = new Map<string, number>();
  private readonly counts = new Map<string, Counts>();
  private readonly phaseCounts = new Map<string, number[]>();
  private readonly drawn = new Map<string, ClusterSeries>();
  readonly fleet: AvailabilityPoint[] = [];
  private fleetAvailable = 0;
  private fleetDesired = 0;

  /** `drawn`: the clusters whose series are kept in full. */
  constructor(drawn: readonly string[]) {
    for (const key of drawn) this.drawn.set(key, { key, phases: [], availability: [], decisions: [], shortCircuits: [] });
  }

  series(key: string): ClusterSeries | undefined {
    return this.drawn.get(key);
  }

  observe(event: TimelineEvent): void {
    switch (event.type) {
      case 'machine.created': {
        const cluster = event.cluster;
        const controlPlane = isControlPlanePool(event.pool);
        this.machines.set(event.object, { cluster, controlPlane, phase: 0, ready: false, deleting: false });
        this.changePhase(cluster, -1, 0, event.t);
        return;
      }
      case 'machine.phase': {
        const machine = this.machines.get(event.object);
        if (machine === undefined || machine.phase < 0) return;
        if (event.phase === 'Deleted') {
          this.changeAvailability(machine, event.t, () => { machine.deleting = true; });
          this.changePhase(machine.cluster, machine.phase, -1, event.t);
          machine.phase = -1;
          this.machines.delete(event.object);
          return;
        }
        const phase = PHASE_INDEX.get(event.phase);
        if (phase === undefined) return;
        this.changePhase(machine.cluster, machine.phase, phase, event.t);
        machine.phase = phase;
        if (phase === DELETING) this.changeAvailability(machine, event.t, () => { machine.deleting = true; });
        return;
      }
      case 'node.condition': {
        if (event.condition !== 'Ready' || event.machine === undefined) return;
        const machine = this.machines.get(event.machine);
        if (machine !== undefined) this.changeAvailability(machine, event.t, () => { machine.ready = event.status === 'True'; });
        return;
      }
      case 'pool.replicas': {
        const delta = event.replicas - (this.pools.get(event.object) ?? 0);
        this.pools.set(event.object, event.replicas);
        const counts = this.countsOf(event.cluster);
        if (isControlPlanePool(event.object)) counts.desiredControlPlane += delta;
        else {
          counts.desiredWorkers += delta;
          this.fleetDesired += delta;
        }
        this.recordAvailability(event.cluster, counts, event.t);
        return;
      }
      case 'mhc.unhealthy':
        this.decide(event.cluster, event.t, 'unhealthy');
        return;
      case 'mhc.remediation':
        this.decide(event.cluster, event.t, 'remediated');
        return;
      case 'kcp.remediationRefused':
        this.decide(event.cluster, event.t, 'KCP refused');
        return;
      case 'mhc.shortCircuit': {
        const series = this.decide(event.cluster, event.t, 'short-circuited');
        series?.shortCircuits.push({ start: event.t, end: null, healthCheck: event.healthCheck, unhealthy: event.unhealthy, total: event.total, limit: String(event.limit) });
        return;
      }
      case 'mhc.shortCircuitEnded': {
        const open = this.drawn.get(event.cluster)?.shortCircuits.find((sc) => sc.healthCheck === event.healthCheck && sc.end === null);
        if (open !== undefined) open.end = event.t;
        return;
      }
    }
  }

  /** Adds a decision to a drawn cluster's series; returns the series, or undefined for a cluster not drawn. */
  private decide(cluster: string, t: Millis, decision: Decision): ClusterSeries | undefined {
    const series = this.drawn.get(cluster);
    series?.decisions.push({ t, decision });
    return series;
  }

  private countsOf(cluster: string): Counts {
    let counts = this.counts.get(cluster);
    if (counts === undefined) {
      counts = { desiredWorkers: 0, desiredControlPlane: 0, availableWorkers: 0, availableControlPlane: 0 };
      this.counts.set(cluster, counts);
    }
    return counts;
  }

  private changePhase(cluster: string, from: number, to: number, t: Millis): void {
    const series = this.drawn.get(cluster);
    if (series === undefined) return;
    let counts = this.phaseCounts.get(cluster);
    if (counts === undefined) {
      counts = PHASES.map(() => 0);
      this.phaseCounts.set(cluster, counts);
    }
    if (from >= 0) counts[from] = (counts[from] as number) - 1;
    if (to >= 0) counts[to] = (counts[to] as number) + 1;
    pushPoint(series.phases, { t, counts: [...counts] });
  }

  private changeAvailability(machine: MachineState, t: Millis, change: () => void): void {
    const before = machine.ready && !machine.deleting;
    change();
    const after = machine.ready && !machine.deleting;
    if (before === after) return;
    const delta = after ? 1 : -1;
    const counts = this.countsOf(machine.cluster);
    if (machine.controlPlane) counts.availableControlPlane += delta;
    else {
      counts.availableWorkers += delta;
      this.fleetAvailable += delta;
    }
    this.recordAvailability(machine.cluster, counts, t);
  }

  private recordAvailability(cluster: string, counts: Counts, t: Millis): void {
    const series = this.drawn.get(cluster);
    if (series !== undefined) pushPoint(series.availability, availabilityOf(counts, t));
    pushPoint(this.fleet, { t, available: this.fleetAvailable, desired: this.fleetDesired });
  }
}

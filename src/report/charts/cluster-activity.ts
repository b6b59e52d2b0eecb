/**
 * Per-cluster series read from the timeline: Machines by phase, available vs desired nodes, and
 * MachineHealthCheck / KCP decisions and short-circuit spells, for the clusters the report draws; plus fleet-wide
 * available vs desired nodes. "Available" follows observe/availability.ts: a Machine whose Node
 * is Ready and that is not being deleted; desired is the pools' replicas (`pool.replicas`);
 * worker pools count, control-plane Machines only in a cluster without worker pools.
 */

import type { TimelineEvent } from '../../observe/timeline.js';
import type { Millis } from '../../engine/duration.js';
import { PHASES, DECISIONS } from './style.js';

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
const DELETING = PHASE_INDEX.get('Deleting') as number;

const DECISION_OF: Readonly<Record<string, Decision>> = {
  'mhc.unhealthy': 'unhealthy',
  'mhc.remediation': 'remediated',
  'mhc.shortCircuit': 'short-circuited',
  'kcp.remediationRefused': 'KCP refused',
};

function isControlPlanePool(pool: unknown): boolean {
  return typeof pool === 'string' && pool.startsWith('KubeadmControlPlane/');
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
        if (cluster === undefined || event.object === undefined) return;
        const controlPlane = isControlPlanePool(event.pool ?? event.owner);
        this.machines.set(event.object, { cluster, controlPlane, phase: 0, ready: false, deleting: false });
        this.changePhase(cluster, -1, 0, event.t);
        return;
      }
      case 'machine.phase': {
        const machine = event.object === undefined ? undefined : this.machines.get(event.object);
        if (machine === undefined || machine.phase < 0) return;
        if (event.phase === 'Deleted') {
          this.changeAvailability(machine, event.t, () => { machine.deleting = true; });
          this.changePhase(machine.cluster, machine.phase, -1, event.t);
          machine.phase = -1;
          this.machines.delete(event.object as string);
          return;
        }
        const phase = PHASE_INDEX.get(String(event.phase));
        if (phase === undefined) return;
        this.changePhase(machine.cluster, machine.phase, phase, event.t);
        machine.phase = phase;
        if (phase === DELETING) this.changeAvailability(machine, event.t, () => { machine.deleting = true; });
        return;
      }
      case 'node.condition': {
        if (event.condition !== 'Ready' || typeof event.machine !== 'string') return;
        const machine = this.machines.get(event.machine);
        if (machine !== undefined) this.changeAvailability(machine, event.t, () => { machine.ready = event.status === 'True'; });
        return;
      }
      case 'pool.replicas': {
        if (event.cluster === undefined || event.object === undefined || typeof event.replicas !== 'number') return;
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
    }
    const series = event.cluster === undefined ? undefined : this.drawn.get(event.cluster);
    if (series === undefined) return;
    const healthCheck = String(event.healthCheck ?? event.object ?? '');
    if (event.type === 'mhc.shortCircuitEnded') {
      const open = series.shortCircuits.find((sc) => sc.healthCheck === healthCheck && sc.end === null);
      if (open !== undefined) open.end = event.t;
      return;
    }
    const decision = DECISION_OF[event.type];
    if (decision === undefined) return;
    series.decisions.push({ t: event.t, decision });
    if (decision === 'short-circuited') {
      series.shortCircuits.push({
        start: event.t, end: null, healthCheck,
        unhealthy: Number(event.unhealthy ?? 0), total: Number(event.total ?? 0), limit: String(event.limit ?? ''),
      });
    }
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

/**
 * Availability read from the timeline alone: a worker Machine is available while its Node is
 * Ready and the Machine is not being deleted. For each cluster it keeps the lowest ratio of
 * available worker Machines to desired worker replicas (control-plane Machines count only in a
 * cluster without worker pools).
 */

import type { Millis } from '../engine/duration.js';
import type { TimelineEvent } from './timeline.js';

interface MachineState {
  cluster: string;
  pool: string;
  ready: boolean;
  deleting: boolean;
}

interface ClusterAvailability {
  desiredWorkers: number;
  desiredControlPlane: number;
  availableWorkers: number;
  availableControlPlane: number;
  minRatio: number;
  minRatioAt: Millis;
}

const CONTROL_PLANE_KINDS = new Set(['KubeadmControlPlane']);

function isControlPlanePool(pool: string): boolean {
  return CONTROL_PLANE_KINDS.has(pool.slice(0, pool.indexOf('/')));
}

export class AvailabilityTracker {
  private readonly machines = new Map<string, MachineState>();
  private readonly poolDesired = new Map<string, number>();
  readonly clusters = new Map<string, ClusterAvailability>();
  /** Fleet-wide lowest ratio of available to desired worker machines. */
  fleetMinRatio = 1;
  fleetMinRatioAt: Millis = 0;
  private fleetDesired = 0;
  private fleetAvailable = 0;

  observe(event: TimelineEvent): void {
    switch (event.type) {
      case 'pool.replicas':
        this.setDesired(event.cluster as string, event.object as string, event.replicas as number, event.t);
        break;
      case 'machine.created':
        this.machines.set(event.object as string, { cluster: event.cluster as string, pool: event.pool as string, ready: false, deleting: false });
        break;
      case 'node.condition':
        if (event.condition === 'Ready' && event.machine !== undefined) this.update(event.machine as string, event.t, (m) => { m.ready = event.status === 'True'; });
        break;
      case 'machine.phase':
        if (event.phase === 'Deleting') this.update(event.object as string, event.t, (m) => { m.deleting = true; });
        else if (event.phase === 'Deleted') {
          this.update(event.object as string, event.t, (m) => { m.deleting = true; });
          this.machines.delete(event.object as string);
        }
        break;
    }
  }

  private cluster(key: string): ClusterAvailability {
    let state = this.clusters.get(key);
    if (state === undefined) {
      state = { desiredWorkers: 0, desiredControlPlane: 0, availableWorkers: 0, availableControlPlane: 0, minRatio: 1, minRatioAt: 0 };
      this.clusters.set(key, state);
    }
    return state;
  }

  private setDesired(clusterKey: string, pool: string, replicas: number, t: Millis): void {
    const before = this.poolDesired.get(pool) ?? 0;
    this.poolDesired.set(pool, replicas);
    const state = this.cluster(clusterKey);
    if (isControlPlanePool(pool)) state.desiredControlPlane += replicas - before;
    else {
      state.desiredWorkers += replicas - before;
      this.fleetDesired += replicas - before;
    }
    this.evaluate(clusterKey, state, t);
  }

  private update(machineKey: string, t: Millis, change: (m: MachineState) => void): void {
    const machine = this.machines.get(machineKey);
    if (machine === undefined) return;
    const wasAvailable = machine.ready && !machine.deleting;
    change(machine);
    const isAvailable = machine.ready && !machine.deleting;
    if (wasAvailable === isAvailable) return;
    const delta = isAvailable ? 1 : -1;
    const state = this.cluster(machine.cluster);
    if (isControlPlanePool(machine.pool)) state.availableControlPlane += delta;
    else {
      state.availableWorkers += delta;
      this.fleetAvailable += delta;
    }
    this.evaluate(machine.cluster, state, t);
  }

  private evaluate(clusterKey: string, state: ClusterAvailability, t: Millis): void {
    void clusterKey;
    const useWorkers = state.desiredWorkers > 0;
    const desired = useWorkers ? state.desiredWorkers : state.desiredControlPlane;
    const available = useWorkers ? state.availableWorkers : state.availableControlPlane;
    if (desired > 0) {
      const ratio = Math.min(1, available / desired);
      if (ratio < state.minRatio) {
        state.minRatio = ratio;
        state.minRatioAt = t;
      }
    }
    if (this.fleetDesired > 0) {
      const fleetRatio = Math.min(1, this.fleetAvailable / this.fleetDesired);
      if (fleetRatio < this.fleetMinRatio) {
        this.fleetMinRatio = fleetRatio;
        this.fleetMinRatioAt = t;
      }
    }
  }
}

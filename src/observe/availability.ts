/**
 * Availability read from the timeline alone: a Machine is available while its Node is Ready and
 * the Machine is neither being deleted nor drained (a cloud's node-group upgrade drains Nodes
 * before CAPI's Machine is deleted). For each cluster it keeps the lowest ratio of available worker
 * Machines to the pools' committed replicas (control-plane Machines count only in a cluster
 * without worker pools).
 *
 * Committed replicas follow a scale-down at once but a scale-up only as the new Machines become
 * available: growing a pool is not an availability dip, losing Machines is.
 */

import type { Millis } from '../engine/duration.js';
import { poolParts, type PoolKey } from '../capi/machine/pool.js';
import type { TimelineEvent } from '../timeline/index.js';

interface MachineState {
  pool: PoolKey;
  ready: boolean;
  deleting: boolean;
}

interface PoolState {
  cluster: string;
  controlPlane: boolean;
  desired: number;
  committed: number;
  available: number;
}

interface ClusterAvailability {
  committedWorkers: number;
  committedControlPlane: number;
  availableWorkers: number;
  availableControlPlane: number;
  minRatio: number;
  minRatioAt: Millis;
}

const CONTROL_PLANE_KINDS = new Set(['KubeadmControlPlane']);

function isControlPlanePool(pool: PoolKey): boolean {
  return CONTROL_PLANE_KINDS.has(poolParts(pool).kind);
}

export class AvailabilityTracker {
  private readonly machines = new Map<string, MachineState>();
  private readonly pools = new Map<PoolKey, PoolState>();
  readonly clusters = new Map<string, ClusterAvailability>();
  /** Fleet-wide lowest ratio of available to committed worker Machines. */
  fleetMinRatio = 1;
  fleetMinRatioAt: Millis = 0;
  private fleetCommitted = 0;
  private fleetAvailable = 0;

  observe(event: TimelineEvent): void {
    switch (event.type) {
      case 'pool.replicas':
        this.setDesired(event.cluster, event.object, event.replicas, event.t);
        break;
      case 'machine.created':
        this.machines.set(event.object, { pool: event.pool, ready: false, deleting: false });
        this.pool(event.pool, event.cluster);
        break;
      case 'node.condition':
        if (event.condition === 'Ready' && event.machine !== undefined) this.update(event.machine, event.t, (m) => { m.ready = event.status === 'True'; });
        break;
      case 'machine.drain':
        if (event.stage === 'started') this.update(event.object, event.t, (m) => { m.deleting = true; });
        break;
      case 'machine.phase':
        if (event.phase === 'Deleting') this.update(event.object, event.t, (m) => { m.deleting = true; });
        else if (event.phase === 'Deleted') {
          this.update(event.object, event.t, (m) => { m.deleting = true; });
          this.machines.delete(event.object);
        }
        break;
    }
  }

  /** A cluster's available share now (workers, or the control plane without workers); undefined before it has any. */
  ratio(key: string): number | undefined {
    const state = this.clusters.get(key);
    if (state === undefined) return undefined;
    const useWorkers = state.committedWorkers > 0;
    const committed = useWorkers ? state.committedWorkers : state.committedControlPlane;
    return committed > 0 ? Math.min(1, (useWorkers ? state.availableWorkers : state.availableControlPlane) / committed) : undefined;
  }

  private cluster(key: string): ClusterAvailability {
    let state = this.clusters.get(key);
    if (state === undefined) {
      state = { committedWorkers: 0, committedControlPlane: 0, availableWorkers: 0, availableControlPlane: 0, minRatio: 1, minRatioAt: 0 };
      this.clusters.set(key, state);
    }
    return state;
  }

  private pool(key: PoolKey, cluster: string): PoolState {
    let pool = this.pools.get(key);
    if (pool === undefined) {
      pool = { cluster, controlPlane: isControlPlanePool(key), desired: 0, committed: 0, available: 0 };
      this.pools.set(key, pool);
    }
    return pool;
  }

  private setDesired(clusterKey: string, poolKey: PoolKey, replicas: number, t: Millis): void {
    const pool = this.pool(poolKey, clusterKey);
    pool.desired = replicas;
    this.setCommitted(pool, Math.min(replicas, Math.max(pool.committed, pool.available)));
    this.evaluate(pool.cluster, t);
  }

  private setCommitted(pool: PoolState, committed: number): void {
    const delta = committed - pool.committed;
    if (delta === 0) return;
    pool.committed = committed;
    const state = this.cluster(pool.cluster);
    if (pool.controlPlane) state.committedControlPlane += delta;
    else {
      state.committedWorkers += delta;
      this.fleetCommitted += delta;
    }
  }

  private update(machineKey: string, t: Millis, change: (m: MachineState) => void): void {
    const machine = this.machines.get(machineKey);
    if (machine === undefined) return;
    const wasAvailable = machine.ready && !machine.deleting;
    change(machine);
    const isAvailable = machine.ready && !machine.deleting;
    if (wasAvailable === isAvailable) return;
    const pool = this.pools.get(machine.pool);
    if (pool === undefined) return;
    const delta = isAvailable ? 1 : -1;
    pool.available += delta;
    const state = this.cluster(pool.cluster);
    if (pool.controlPlane) state.availableControlPlane += delta;
    else {
      state.availableWorkers += delta;
      this.fleetAvailable += delta;
    }
    if (pool.available > pool.committed) this.setCommitted(pool, Math.min(pool.desired, pool.available));
    this.evaluate(pool.cluster, t);
  }

  private evaluate(clusterKey: string, t: Millis): void {
    const state = this.cluster(clusterKey);
    const useWorkers = state.committedWorkers > 0;
    const committed = useWorkers ? state.committedWorkers : state.committedControlPlane;
    const available = useWorkers ? state.availableWorkers : state.availableControlPlane;
    if (committed > 0) {
      const ratio = Math.min(1, available / committed);
      if (ratio < state.minRatio) {
        state.minRatio = ratio;
        state.minRatioAt = t;
      }
    }
    if (this.fleetCommitted > 0) {
      const fleetRatio = Math.min(1, this.fleetAvailable / this.fleetCommitted);
      if (fleetRatio < this.fleetMinRatio) {
        this.fleetMinRatio = fleetRatio;
        this.fleetMinRatioAt = t;
      }
    }
  }
}

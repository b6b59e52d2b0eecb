/**
 * `pool-min-available`: a MachineDeployment (or KubeadmControlPlane) never takes a Machine out of
 * service on purpose when that leaves fewer than replicas − maxUnavailable available, counting
 * Machines that are down through a fault as if they were available (cluster-api@v1.13.5
 * internal/controllers/machinedeployment/machinedeployment_rollout_rollingupdate.go
 * `reconcileOldMachineSetsRollingUpdate`: old Machines are scaled down only while
 * totalAvailable − minAvailable allows; capi-semantics.md §1.4, §11 a). Faults are the exception
 * the issue names: a node failure or a remediation can take a pool below the bound, and CAPI's
 * `reconcileDeadlockBreaker` may then remove one more old Machine; counting fault-downed Machines
 * keeps both out of the check.
 *
 * Checked at the end of every instant in which a pool lost an available Machine to a deletion
 * that was not a remediation; one violation per breach (until the pool is back above the bound).
 * After the user raises replicas the new bound cannot hold until the new Machines are up, and a
 * deletion the controller decided under the old replicas may land after the change: CAPI's rollout
 * tests tolerate this ("scale up to 12", `maxUnavailableBreachToleration`); here the bound before
 * the scale-up keeps applying until the pool first reaches the new one.
 */

import { FleetLedger, isAvailable, isDownThroughFault, replayInstants, type PoolView } from '../ledger.js';
import { at, type Invariant, type Violation } from '../invariant.js';

const BOUNDED_KINDS = new Set(['MachineDeployment', 'KubeadmControlPlane']);

export function poolMinAvailable(): Invariant {
  return {
    name: 'pool-min-available',
    description: 'no controller deletes an available Machine when that leaves a pool below replicas − maxUnavailable available, unless faults took the others down',
    check(run) {
      const ledger = new FleetLedger();
      const violations: Violation[] = [];
      /** Pools that lost an available Machine on purpose this instant, with the first such Machine. */
      const dropped = new Map<string, string>();
      const breached = new Set<string>();
      /** Per pool, the bound before a scale-up, while the pool has not yet reached the new one. */
      const graceFloor = new Map<string, number>();
      replayInstants(run.events, (event) => {
        if (event.type === 'pool.replicas') {
          const before = ledger.pools.get(event.object);
          const previous = before?.replicas === undefined || before.maxUnavailable === undefined ? undefined : floorOf(before.replicas, before.maxUnavailable);
          ledger.apply(event);
          const next = event.maxUnavailable === undefined ? undefined : floorOf(event.replicas, event.maxUnavailable);
          if (previous !== undefined && next !== undefined && next > previous) graceFloor.set(event.object, Math.min(previous, graceFloor.get(event.object) ?? previous));
          else graceFloor.delete(event.object);
          return;
        }
        const machine = ledger.apply(event);
        if (machine === undefined || !ledger.wasAvailable) return;
        if (!isAvailable(machine) && machine.deleting && !isDownThroughFault(machine)) {
          if (!dropped.has(machine.pool)) dropped.set(machine.pool, machine.key);
        }
      }, (t) => {
        for (const pool of ledger.pools.values()) {
          if (!BOUNDED_KINDS.has(pool.kind) || pool.replicas === undefined || pool.maxUnavailable === undefined) continue;
          const counts = count(ledger, pool);
          const bound = floorOf(pool.replicas, pool.maxUnavailable);
          if (counts.available + counts.down >= bound) graceFloor.delete(pool.key);
          const grace = graceFloor.get(pool.key);
          const floor = Math.min(bound, grace ?? bound);
          if (counts.available + counts.down >= floor) {
            breached.delete(pool.key);
            continue;
          }
          const machine = dropped.get(pool.key);
          if (machine === undefined || breached.has(pool.key)) continue;
          breached.add(pool.key);
          violations.push({
            invariant: 'pool-min-available',
            t,
            objects: [pool.key, machine],
            message: `${at(t)}: ${pool.key} took ${machine} out of service while it was available, leaving ${counts.available} available Machines (+${counts.down} down through faults), below replicas ${pool.replicas} − maxUnavailable ${pool.maxUnavailable} = ${bound}${grace === undefined ? '' : ` (and below ${grace}, the bound before replicas were raised)`}`,
          });
        }
        dropped.clear();
      });
      return violations;
    },
  };
}

function floorOf(replicas: number, maxUnavailable: number): number {
  return Math.max(replicas - maxUnavailable, 0);
}

function count(ledger: FleetLedger, pool: PoolView): { available: number; down: number } {
  let available = 0;
  let down = 0;
  for (const machine of ledger.poolMachines(pool)) {
    if (isAvailable(machine)) available++;
    else if (isDownThroughFault(machine)) down++;
  }
  return { available, down };
}

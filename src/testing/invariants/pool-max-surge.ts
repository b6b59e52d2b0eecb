/**
 * `pool-max-surge`: a MachineDeployment never has more than replicas + maxSurge Machines, Machines
 * being deleted included (cluster-api@v1.13.5 internal/controllers/machinedeployment/mdutil/util.go
 * `MaxSurge`, `NewMSNewReplicas`: the new MachineSet grows only while Σ max(spec, status) is below
 * replicas + maxSurge; capi-semantics.md §1.2, §1.4, §12.1), and neither has a KubeadmControlPlane
 * (controlplane/kubeadm/internal/controllers/update.go `rollingUpdate`: scale up only while
 * len(machines) < replicas + maxSurge; capi-semantics.md §5.5).
 *
 * Checked when a Machine is created. After the user lowers replicas, the pool may stay above the
 * new bound for a while: Machines are being deleted, and a MachineSet still creates the Machines its
 * replicas asked for before the change. CAPI's own rollout tests tolerate that ("scale down to 6",
 * `maxSurgeBreachToleration`); here the bound before the scale-down keeps applying until the pool
 * first fits the new one.
 */

import { must } from '../../engine/must.js';
import { FleetLedger } from '../ledger.js';
import { at, type Invariant, type Violation } from '../invariant.js';

const BOUNDED_KINDS = new Set(['MachineDeployment', 'KubeadmControlPlane']);
/** Per pool, the violations reported in full; more are counted in the last message. */
const REPORTED_PER_POOL = 3;

export function poolMaxSurge(): Invariant {
  return {
    name: 'pool-max-surge',
    description: 'a MachineDeployment or KubeadmControlPlane never creates a Machine beyond replicas + maxSurge (Machines being deleted count)',
    check(run) {
      const ledger = new FleetLedger();
      const violations: Violation[] = [];
      const perPool = new Map<string, number>();
      /** Per pool, the bound before a scale-down, while the pool has not yet fit the new one. */
      const graceBound = new Map<string, number>();
      for (const event of run.events) {
        const before = event.type === 'pool.replicas' ? ledger.pools.get(event.object) : undefined;
        const previous = before?.replicas === undefined || before.maxSurge === undefined ? undefined : before.replicas + before.maxSurge;
        const machine = ledger.apply(event);
        if (event.type === 'pool.replicas' && previous !== undefined) {
          const pool = must(ledger.pools, event.object, 'pool');
          const next = (pool.replicas ?? 0) + (pool.maxSurge ?? 0);
          if (next < previous) graceBound.set(pool.key, Math.max(previous, graceBound.get(pool.key) ?? 0));
          else graceBound.delete(pool.key);
        }
        if (machine !== undefined) {
          const pool = ledger.pools.get(machine.pool);
          if (pool?.replicas !== undefined && pool.maxSurge !== undefined && ledger.poolMachines(pool).length <= pool.replicas + pool.maxSurge) graceBound.delete(pool.key);
        }
        if (event.type !== 'machine.created' || machine === undefined) continue;
        const pool = ledger.pools.get(machine.pool);
        if (pool === undefined || !BOUNDED_KINDS.has(pool.kind) || pool.replicas === undefined || pool.maxSurge === undefined) continue;
        const grace = graceBound.get(pool.key);
        const bound = Math.max(pool.replicas + pool.maxSurge, grace ?? 0);
        const machines = ledger.poolMachines(pool);
        if (machines.length <= bound) continue;
        const seen = (perPool.get(pool.key) ?? 0) + 1;
        perPool.set(pool.key, seen);
        if (seen > REPORTED_PER_POOL) continue;
        const deleting = machines.filter((m) => m.deleting).length;
        violations.push({
          invariant: 'pool-max-surge',
          t: event.t,
          objects: [pool.key, machine.key],
          message: `${at(event.t)}: ${pool.key} created ${machine.key}, making ${machines.length} Machines (${deleting} being deleted), more than replicas ${pool.replicas} + maxSurge ${pool.maxSurge} = ${pool.replicas + pool.maxSurge}${grace === undefined ? '' : ` (or ${grace}, the bound before replicas were lowered)`}`,
        });
      }
      for (const [pool, seen] of perPool) {
        if (seen <= REPORTED_PER_POOL) continue;
        const last = [...violations].reverse().find((v) => v.objects[0] === pool);
        if (last !== undefined) last.message += ` (and ${seen - REPORTED_PER_POOL} more Machines created above the bound)`;
      }
      return violations;
    },
  };
}

/**
 * `pool-max-surge`: a MachineDeployment never has more than replicas + maxSurge Machines, Machines
 * being deleted included (cluster-api@v1.13.5 internal/controllers/machinedeployment/mdutil/util.go
 * `MaxSurge`, `NewMSNewReplicas`: the new MachineSet grows only while Σ max(spec, status) is below
 * replicas + maxSurge; capi-semantics.md §1.2, §1.4, §12.1), and neither has a KubeadmControlPlane
 * (controlplane/kubeadm/internal/controllers/update.go `rollingUpdate`: scale up only while
 * len(machines) < replicas + maxSurge; capi-semantics.md §5.5).
 *
 * Checked when a Machine is created: a controller may be above the bound after the user lowers
 * replicas (the Machines are still being deleted), but it must never create one there. CAPI's own
 * rollout tests tolerate the same case ("scale down to 6", `maxSurgeBreachToleration`).
 */

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
      for (const event of run.events) {
        const machine = ledger.apply(event);
        if (event.type !== 'machine.created' || machine === undefined) continue;
        const pool = ledger.pools.get(machine.pool);
        if (pool === undefined || !BOUNDED_KINDS.has(pool.kind) || pool.replicas === undefined || pool.maxSurge === undefined) continue;
        const bound = pool.replicas + pool.maxSurge;
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
          message: `${at(event.t)}: ${pool.key} created ${machine.key}, making ${machines.length} Machines (${deleting} being deleted), more than replicas ${pool.replicas} + maxSurge ${pool.maxSurge} = ${bound}`,
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

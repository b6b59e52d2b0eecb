/**
 * MachinePools in managed topology upgrades: a pool counts as upgrading while any of its Nodes
 * runs another kubelet version than the pool's (cluster-api@v1.13.5
 * internal/topology/check/upgrade.go `IsMachinePoolUpgrading`), and has converged once its node
 * group reports no update in progress with every instance on the pool's template.
 */

import type { CapiContext } from '../context.js';
import { clusterKeyOf } from '../context.js';
import { workerAdapters } from '../topology/workers.js';
import { KIND, type MachinePool } from '../types.js';
import { machinePoolInfra, machinePoolMachines } from './controller.js';

export function machinePoolUpgrading(ctx: CapiContext, mp: MachinePool): boolean {
  const workload = ctx.workload(clusterKeyOf(mp.metadata.namespace, mp.spec.clusterName)).cluster;
  for (const providerID of mp.spec.providerIDList) {
    const node = workload.nodeByProviderID(providerID);
    if (node !== undefined && node.kubeletVersion !== mp.spec.template.version) return true;
  }
  return machinePoolMachines(ctx, mp).some((m) => m.spec.version !== mp.spec.template.version);
}

export function machinePoolConverged(ctx: CapiContext, mp: MachinePool): boolean {
  const infraPool = machinePoolInfra(ctx, mp);
  if (infraPool === undefined || infraPool.status.updating || infraPool.status.replicas !== mp.spec.replicas) return false;
  const machines = machinePoolMachines(ctx, mp);
  return machines.length === mp.spec.replicas && machines.every((m) => m.metadata.deletionTimestamp === undefined && m.spec.version === mp.spec.template.version);
}

export function registerMachinePoolTopology(): void {
  if (workerAdapters.has(KIND.MachinePool)) return;
  workerAdapters.set(KIND.MachinePool, (ctx, object) => {
    const mp = object as MachinePool;
    return {
      object,
      version: () => mp.spec.template.version,
      setVersion: (version) => {
        mp.spec.template.version = version;
        ctx.store.update(mp, true);
      },
      upgrading: () => machinePoolUpgrading(ctx, mp),
      converged: () => machinePoolConverged(ctx, mp),
    };
  });
}

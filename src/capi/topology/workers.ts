/**
 * What the topology controller needs to know of a worker pool: its version, whether it is still
 * rolling (CAPI: any of its Machines, deleting ones included, on another version;
 * cluster-api@v1.13.5 internal/topology/check/upgrade.go `IsMachineDeploymentUpgrading`,
 * `IsMachinePoolUpgrading`) and whether it has converged on its template.
 */

import { isTrue } from '../../kube/conditions.js';
import type { KubeObject } from '../../kube/object.js';
import type { CapiContext } from '../context.js';
import { deploymentComplete } from '../machinedeployment/fenceposts.js';
import { machineTemplateUpToDate } from '../machinedeployment/template.js';
import { KIND, type Machine, type MachineDeployment, type MachineSet, type ObjectRef } from '../types.js';

export interface TopologyWorker {
  object: KubeObject;
  version(): string;
  setVersion(version: string): void;
  /** Some Machine or Node of the pool is not on the pool's version yet. */
  upgrading(): boolean;
  /** Every replica is on the pool's current template and no outdated Machine is left. */
  converged(): boolean;
}

/** Pool kinds other than MachineDeployment register an adapter here (MachinePool does). */
export const workerAdapters = new Map<string, (ctx: CapiContext, object: KubeObject) => TopologyWorker>();

function deploymentMachines(ctx: CapiContext, md: MachineDeployment): Machine[] {
  const machines: Machine[] = [];
  for (const ms of ctx.store.listByOwner<MachineSet>(md.metadata.uid, KIND.MachineSet)) {
    for (const machine of ctx.store.listByOwner<Machine>(ms.metadata.uid, KIND.Machine)) machines.push(machine);
  }
  return machines;
}

workerAdapters.set(KIND.MachineDeployment, (ctx, object) => {
  const md = object as MachineDeployment;
  return {
    object,
    version: () => md.spec.template.version,
    setVersion: (version) => {
      md.spec.template.version = version;
      ctx.store.update(md, true);
    },
    upgrading: () => {
      const version = md.spec.template.version;
      // No list of the pool is built: the first Machine on another version answers (issue 14).
      return ctx.store.someOwned<MachineSet>(md.metadata.uid, KIND.MachineSet, (ms) =>
        ctx.store.someOwned<Machine>(ms.metadata.uid, KIND.Machine, (m) => m.spec.version !== version));
    },
    converged: () => {
      // Every MachineSet that still has Machines must be on the MachineDeployment's current
      // template: a template change that no controller has acted on yet is not converged.
      for (const ms of ctx.store.listByOwner<MachineSet>(md.metadata.uid, KIND.MachineSet)) {
        if ((ms.spec.replicas > 0 || ms.status.replicas > 0) && !machineTemplateUpToDate(ms.spec.template, md.spec.template)) return false;
      }
      const machines = deploymentMachines(ctx, md);
      // Complete only when the last new Machine is available, not when it is created:
      // cluster-api@v1.13.5 internal/controllers/machinedeployment/mdutil/util.go `DeploymentComplete`
      // (upToDate = replicas = available = spec.replicas, status observed the current generation).
      return machines.length === md.spec.replicas &&
        deploymentComplete(md.spec.replicas, md.status) && md.status.observedGeneration >= md.metadata.generation &&
        machines.every((m) => m.metadata.deletionTimestamp === undefined && isTrue(m.status.conditions, 'UpToDate') &&
          isTrue(m.status.conditions, 'Available') && m.spec.version === md.spec.template.version);
    },
  };
});

export function topologyWorker(ctx: CapiContext, namespace: string, ref: ObjectRef): TopologyWorker | undefined {
  const object = ctx.store.get(ref.kind, namespace, ref.name);
  const adapter = workerAdapters.get(ref.kind);
  return object === undefined || adapter === undefined ? undefined : adapter(ctx, object);
}

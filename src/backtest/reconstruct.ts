/**
 * The rollout that happened between two dumps: for each MachineDeployment, the MachineSets the
 * "after" dump has and the "before" dump had not (CAPI makes a new MachineSet for every template
 * change: cluster-api@v1.13.5 internal/controllers/machinedeployment/machinedeployment_sync.go
 * `getAllMachineSetsAndSyncRevision`), their Machines, and when the last of them had a Ready Node;
 * for each KubeadmControlPlane, the Machines it owns that are new. A pool's rollout starts when its
 * first new MachineSet (control plane: its first new Machine) was created and ends when its last new
 * Machine's Node was Ready.
 */

import { list, rec, str } from '../cloud/manifest-kinds.js';
import { machineTimings } from '../calibrate/samples.js';
import type { ManifestObject, ObjectIndex } from '../scenario/manifests/objects.js';

export interface PoolRollout {
  /** `namespace/name` of the Cluster. */
  cluster: string;
  /** The pool's name as the user knows it (the MachineDeployment's or control plane's). */
  pool: string;
  kind: 'MachineDeployment' | 'KubeadmControlPlane';
  from?: string;
  to?: string;
  /** Epoch ms. */
  start: number;
  /** Epoch ms; undefined while a new Machine has no Ready Node. */
  end?: number;
  replaced: number;
  notReady: number;
}

export const controllerOf = (object: ManifestObject) => list(rec(object.body.metadata).ownerReferences).map(rec).find((r) => r.controller === true);
export const created = (object: ManifestObject) => Date.parse(str(rec(object.body.metadata).creationTimestamp) ?? '');

export interface PoolFacts {
  cluster: string;
  pool: string;
  kind: PoolRollout['kind'];
  /** The new Machines. */
  machines: readonly ManifestObject[];
  ready: ReadonlyMap<string, number>;
  from?: string | undefined;
  to?: string | undefined;
  /** Epoch ms; the first new Machine's creation when not given. */
  start?: number;
  /** Machines of the old revision still in the dump: the rollout has not finished. */
  oldLeft: number;
  /** Machines the pool wants (a MachineDeployment's spec.replicas): fewer new ones, not finished. */
  wanted?: number | undefined;
}

/** A pool's rollout ends when its last new Machine's Node was Ready, none of the old ones is left and it has all it wants. */
export function poolFrom(f: PoolFacts): PoolRollout {
  const readyAt = f.machines.map((m) => f.ready.get(`${m.namespace}/${m.name}`));
  const done = readyAt.filter((t): t is number => t !== undefined);
  const rollout: PoolRollout = {
    cluster: f.cluster, pool: f.pool, kind: f.kind,
    start: f.start ?? Math.min(...f.machines.map(created)),
    replaced: f.machines.length,
    notReady: f.machines.length - done.length,
  };
  if (f.from !== undefined) rollout.from = f.from;
  if (f.to !== undefined) rollout.to = f.to;
  const complete = done.length === f.machines.length && f.machines.length > 0 && f.oldLeft === 0 && f.machines.length >= (f.wanted ?? 0);
  if (complete) rollout.end = Math.max(...done);
  return rollout;
}

/** A MachineDeployment's spec.replicas. */
export const replicasOf = (md: ManifestObject): number | undefined => {
  const value = rec(md.body.spec).replicas;
  return typeof value === 'number' ? value : undefined;
};

export interface ReconstructOptions {
  /** The pool name to report for a MachineDeployment (fleetsim prefixes imported pools with the cluster's name). */
  poolName?: (clusterName: string, name: string) => string;
}

/** When each Machine's Node was Ready, by `namespace/name`. */
export const readyTimes = (index: ObjectIndex): Map<string, number> =>
  new Map(machineTimings(index).filter((t) => t.nodeReady !== undefined).map((t) => [t.machine, t.nodeReady!]));

/** Pools: control planes first, then MachineDeployments, each by name, per cluster. */
export const byPool = (a: PoolRollout, b: PoolRollout): number =>
  a.cluster.localeCompare(b.cluster) || (a.kind === b.kind ? a.pool.localeCompare(b.pool) : a.kind === 'KubeadmControlPlane' ? -1 : 1);

export function reconstructRollouts(before: ObjectIndex, after: ObjectIndex, options: ReconstructOptions = {}): PoolRollout[] {
  const ready = readyTimes(after);
  const beforeNames = (kind: string) => new Set(before.ofKind(kind).map((o) => `${o.namespace}/${o.name}`));
  const oldSets = beforeNames('MachineSet');
  const oldMachines = beforeNames('Machine');
  const machines = after.ofKind('Machine');
  const out: PoolRollout[] = [];
  for (const md of after.ofKind('MachineDeployment')) {
    const clusterName = str(rec(md.body.spec).clusterName) ?? '';
    const sets = after.ofKind('MachineSet').filter((ms) => ms.namespace === md.namespace && controllerOf(ms)?.name === md.name && !oldSets.has(`${ms.namespace}/${ms.name}`));
    if (sets.length === 0) continue;
    const names = new Set(sets.map((s) => s.name));
    const owned = machines.filter((m) => m.namespace === md.namespace && names.has(str(controllerOf(m)?.name) ?? ''));
    const olderSets = new Set(after.ofKind('MachineSet').filter((ms) => ms.namespace === md.namespace && controllerOf(ms)?.name === md.name && !names.has(ms.name)).map((ms) => ms.name));
    const oldLeft = machines.filter((m) => m.namespace === md.namespace && olderSets.has(str(controllerOf(m)?.name) ?? '')).length;
    const was = before.get('MachineDeployment', md.namespace, md.name);
    const version = (o: ManifestObject | undefined) => str(rec(rec(rec(o?.body.spec).template).spec).version);
    out.push(poolFrom({
      cluster: `${md.namespace}/${clusterName}`, pool: options.poolName?.(clusterName, md.name) ?? md.name, kind: 'MachineDeployment',
      machines: owned, ready, from: version(was), to: version(md), start: Math.min(...sets.map(created)), oldLeft, wanted: replicasOf(md),
    }));
  }
  for (const kcp of after.ofKind('KubeadmControlPlane')) {
    const mine = machines.filter((m) => m.namespace === kcp.namespace && controllerOf(m)?.kind === 'KubeadmControlPlane' && controllerOf(m)?.name === kcp.name);
    const owned = mine.filter((m) => !oldMachines.has(`${m.namespace}/${m.name}`));
    if (owned.length === 0) continue;
    const cluster = after.ofKind('Cluster').find((c) => c.namespace === kcp.namespace && str(rec(rec(c.body.spec).controlPlaneRef).name) === kcp.name);
    const was = before.get('KubeadmControlPlane', kcp.namespace, kcp.name);
    out.push(poolFrom({
      cluster: `${kcp.namespace}/${cluster?.name ?? kcp.name}`, pool: 'control plane', kind: 'KubeadmControlPlane',
      machines: owned, ready, from: str(rec(was?.body.spec).version), to: str(rec(kcp.body.spec).version), oldLeft: mine.length - owned.length,
    }));
  }
  return out.sort(byPool);
}

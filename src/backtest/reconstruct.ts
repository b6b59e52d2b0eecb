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

const controllerOf = (object: ManifestObject) => list(rec(object.body.metadata).ownerReferences).map(rec).find((r) => r.controller === true);
const created = (object: ManifestObject) => Date.parse(str(rec(object.body.metadata).creationTimestamp) ?? '');

function poolFrom(cluster: string, pool: string, kind: PoolRollout['kind'], machines: ManifestObject[], ready: Map<string, number>, versions: { from?: string | undefined; to?: string | undefined }, start?: number): PoolRollout {
  const readyTimes = machines.map((m) => ready.get(`${m.namespace}/${m.name}`));
  const done = readyTimes.filter((t): t is number => t !== undefined);
  const rollout: PoolRollout = {
    cluster, pool, kind,
    start: start ?? Math.min(...machines.map(created)),
    replaced: machines.length,
    notReady: machines.length - done.length,
  };
  if (versions.from !== undefined) rollout.from = versions.from;
  if (versions.to !== undefined) rollout.to = versions.to;
  if (done.length === machines.length && machines.length > 0) rollout.end = Math.max(...done);
  return rollout;
}

export interface ReconstructOptions {
  /** The pool name to report for a MachineDeployment (fleetsim prefixes imported pools with the cluster's name). */
  poolName?: (clusterName: string, name: string) => string;
}

export function reconstructRollouts(before: ObjectIndex, after: ObjectIndex, options: ReconstructOptions = {}): PoolRollout[] {
  const ready = new Map(machineTimings(after).filter((t) => t.nodeReady !== undefined).map((t) => [t.machine, t.nodeReady!]));
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
    const was = before.get('MachineDeployment', md.namespace, md.name);
    const version = (o: ManifestObject | undefined) => str(rec(rec(rec(o?.body.spec).template).spec).version);
    out.push(poolFrom(`${md.namespace}/${clusterName}`, options.poolName?.(clusterName, md.name) ?? md.name, 'MachineDeployment', owned, ready, { from: version(was), to: version(md) }, Math.min(...sets.map(created))));
  }
  for (const kcp of after.ofKind('KubeadmControlPlane')) {
    const owned = machines.filter((m) => m.namespace === kcp.namespace && controllerOf(m)?.kind === 'KubeadmControlPlane' && controllerOf(m)?.name === kcp.name && !oldMachines.has(`${m.namespace}/${m.name}`));
    if (owned.length === 0) continue;
    const cluster = after.ofKind('Cluster').find((c) => c.namespace === kcp.namespace && str(rec(rec(c.body.spec).controlPlaneRef).name) === kcp.name);
    const was = before.get('KubeadmControlPlane', kcp.namespace, kcp.name);
    out.push(poolFrom(`${kcp.namespace}/${cluster?.name ?? kcp.name}`, 'control plane', 'KubeadmControlPlane', owned, ready, { from: str(rec(was?.body.spec).version), to: str(rec(kcp.body.spec).version) }));
  }
  return out.sort((a, b) => a.cluster.localeCompare(b.cluster) || (a.kind === b.kind ? a.pool.localeCompare(b.pool) : a.kind === 'KubeadmControlPlane' ? -1 : 1));
}

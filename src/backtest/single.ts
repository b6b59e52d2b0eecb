/**
 * The rollout that happened, from one dump taken after it. A MachineDeployment rolled out when its
 * newest MachineSet has a revision above 1 or older MachineSets beside it: CAPI gives every new
 * MachineSet the revision max(old) + 1 in the annotation `machinedeployment.clusters.x-k8s.io/revision`
 * (cluster-api@v1.13.5 internal/controllers/machinedeployment/machinedeployment_sync.go
 * `getAllMachineSetsAndSyncRevision`). That MachineSet's creation is the pool's start, its Machines
 * the new ones. A control plane's new Machines are those created since the window's start.
 *
 * The version before the rollout: an older MachineSet's template (v1beta1 keeps
 * `revisionHistoryLimit` of them; a rollout still scaling down keeps them all), else a Machine of an
 * older version still in the dump (being deleted), else — v1beta2 deletes old MachineSets once a
 * rollout completes (`cleanupDeployment`, same file) and old Machines are gone — the minor before,
 * said in a note: the forecast's timings do not depend on the version.
 */

import { rec, str } from '../cloud/manifest-kinds.js';
import type { ManifestObject, ObjectIndex } from '../scenario/manifests/objects.js';
import { byPool, controllerOf, created, poolFrom, readyTimes, replicasOf, type PoolRollout, type ReconstructOptions } from './reconstruct.js';

/** Rollouts that started this long before the newest one belong to the same rollout. ASSUMPTION: a fleet's rollout takes at most a day. */
export const WINDOW_MS = 24 * 3_600_000;
/** A control plane's Machines are counted from this long before its cluster's first worker rollout. ASSUMPTION: a control plane rolls out within an hour. */
export const CONTROL_PLANE_LEAD_MS = 3_600_000;

export interface OneDumpRollouts {
  rollouts: PoolRollout[];
  /** Epoch ms: rollouts starting earlier are not counted. */
  since: number;
  notes: string[];
}

const REVISION = 'machinedeployment.clusters.x-k8s.io/revision';
const revision = (o: ManifestObject): number => Number.parseInt(str(rec(rec(o.body.metadata).annotations)[REVISION]) ?? '0', 10) || 0;
const templateVersion = (o: ManifestObject | undefined) => str(rec(rec(rec(o?.body.spec).template).spec).version);
const machineVersion = (o: ManifestObject) => str(rec(o.body.spec).version);

/** The minor before `version` (v1.35.2 → v1.34.0), or undefined when it is not semver-like. */
export function previousMinor(version: string): string | undefined {
  const match = /^v?(\d+)\.(\d+)\./.exec(version);
  if (match === null || Number(match[2]) === 0) return undefined;
  return `v${match[1]}.${Number(match[2]) - 1}.0`;
}

interface Candidate { md: ManifestObject; set: ManifestObject; older: ManifestObject[]; start: number }

function workerCandidates(after: ObjectIndex): Candidate[] {
  const out: Candidate[] = [];
  for (const md of after.ofKind('MachineDeployment')) {
    const sets = after.ofKind('MachineSet')
      .filter((ms) => ms.namespace === md.namespace && controllerOf(ms)?.name === md.name)
      .sort((a, b) => revision(a) - revision(b) || created(a) - created(b));
    const set = sets[sets.length - 1];
    if (set === undefined || (revision(set) <= 1 && sets.length === 1)) continue;
    out.push({ md, set, older: sets.slice(0, -1), start: created(set) });
  }
  return out;
}

/** Pools whose earlier version was assumed, by the version assumed. */
type Assumed = Map<string, string[]>;

function versionBefore(to: string | undefined, older: readonly ManifestObject[], oldMachines: readonly ManifestObject[], assumed: Assumed, label: string): string | undefined {
  const known = [...older].reverse().map(templateVersion).find((v) => v !== undefined && v !== to)
    ?? oldMachines.map(machineVersion).find((v) => v !== undefined && v !== to);
  if (known !== undefined || to === undefined) return known ?? to;
  const guess = previousMinor(to) ?? to;
  assumed.set(guess, [...(assumed.get(guess) ?? []), label]);
  return guess;
}

function assumedNotes(assumed: Assumed): string[] {
  return [...assumed].map(([version, pools]) => `the version before the rollout is not in the dump (no older MachineSet or Machine) for ${pools.length} pool(s) (${pools.slice(0, 3).join(', ')}${pools.length > 3 ? ', …' : ''}): assumed ${version}; the forecast's timings do not depend on it`);
}

/** Rollouts rebuilt from `after` alone; `since` (epoch ms) overrides the window. */
export function rolloutsOfOneDump(after: ObjectIndex, options: ReconstructOptions & { since?: number } = {}): OneDumpRollouts {
  const ready = readyTimes(after);
  const machines = after.ofKind('Machine');
  const candidates = workerCandidates(after);
  const newest = Math.max(...candidates.map((c) => c.start));
  const since = options.since ?? (candidates.length === 0 ? Number.POSITIVE_INFINITY : newest - WINDOW_MS);
  const notes: string[] = [];
  const ignored = candidates.filter((c) => c.start < since);
  if (ignored.length > 0) notes.push(`${ignored.length} MachineDeployment rollout(s) started before ${new Date(since).toISOString()}: not counted (--since includes them)`);
  const out: PoolRollout[] = [];
  const assumed: Assumed = new Map();
  const fromOf = new Map<string, string | undefined>();
  for (const c of candidates.filter((x) => x.start >= since)) {
    const clusterName = str(rec(c.md.body.spec).clusterName) ?? '';
    const names = new Set(c.older.map((s) => s.name));
    const owned = machines.filter((m) => m.namespace === c.md.namespace && str(controllerOf(m)?.name) === c.set.name);
    const old = machines.filter((m) => m.namespace === c.md.namespace && names.has(str(controllerOf(m)?.name) ?? ''));
    const to = templateVersion(c.set);
    const cluster = `${c.md.namespace}/${clusterName}`;
    const from = versionBefore(to, c.older, old, assumed, `${cluster} ${c.md.name}`);
    if (!fromOf.has(cluster) || from !== to) fromOf.set(cluster, from);
    out.push(poolFrom({
      cluster, pool: options.poolName?.(clusterName, c.md.name) ?? c.md.name, kind: 'MachineDeployment',
      machines: owned, ready, from, to, start: c.start, oldLeft: old.length, wanted: replicasOf(c.md),
    }));
  }
  out.push(...controlPlanes(after, machines, ready, out, since, fromOf, assumed));
  return { rollouts: out.sort(byPool), since, notes: [...notes, ...assumedNotes(assumed)] };
}

function controlPlanes(after: ObjectIndex, machines: readonly ManifestObject[], ready: Map<string, number>, workers: readonly PoolRollout[], since: number, fromOf: Map<string, string | undefined>, assumed: Assumed): PoolRollout[] {
  const out: PoolRollout[] = [];
  for (const kcp of after.ofKind('KubeadmControlPlane')) {
    const cluster = after.ofKind('Cluster').find((c) => c.namespace === kcp.namespace && str(rec(rec(c.body.spec).controlPlaneRef).name) === kcp.name);
    const key = `${kcp.namespace}/${cluster?.name ?? kcp.name}`;
    const firstWorker = Math.min(...workers.filter((w) => w.cluster === key).map((w) => w.start));
    const from = Math.max(since, Number.isFinite(firstWorker) ? firstWorker - CONTROL_PLANE_LEAD_MS : since);
    const mine = machines.filter((m) => m.namespace === kcp.namespace && controllerOf(m)?.kind === 'KubeadmControlPlane' && controllerOf(m)?.name === kcp.name);
    const to = str(rec(kcp.body.spec).version);
    const owned = mine.filter((m) => created(m) >= from && created(m) > created(kcp) && machineVersion(m) === to);
    if (owned.length === 0 || !Number.isFinite(from)) continue;
    const old = mine.filter((m) => !owned.includes(m));
    const version = fromOf.get(key) !== to && fromOf.get(key) !== undefined ? fromOf.get(key) : versionBefore(to, [], old, assumed, `${key} control plane`);
    out.push(poolFrom({ cluster: key, pool: 'control plane', kind: 'KubeadmControlPlane', machines: owned, ready, from: version, to, oldLeft: old.length }));
  }
  return out;
}

/**
 * Draining a Node, as CAPI's Machine controller does it (cluster-api@v1.13.5
 * internal/controllers/machine/machine_controller.go `drainNode`; internal/controllers/machine/
 * drain/drain.go `EvictPods`, `GetPodsForEviction`; capi-semantics.md §3.3). A drain is a series
 * of passes, one per Machine reconcile, 20 s apart (`drainRetryInterval`):
 * - a pass cordons the Node, lists the pods still on it, triggers an eviction for every pod that
 *   has no deletionTimestamp yet, and returns "not completed" while any pod is left;
 * - the drain completes at the first pass that finds no pod: completion is seen on the 20 s grid,
 *   never earlier;
 * - an eviction refused by a PodDisruptionBudget (HTTP 429) is retried on the next pass, with no
 *   growing backoff;
 * - on an unreachable Node (Ready=Unknown) CAPI uses a 1 s grace period and ignores pods whose
 *   deletionTimestamp is older than 1 s, so the drain completes on the pass after every pod got
 *   its eviction (`SkipWaitForDeleteTimeoutSeconds = 1`).
 *
 * Pods: `podsPerNode` evictable pods (DaemonSet and static pods are not counted: drains skip them).
 * Each terminates an `eviction` sample after its eviction. One of them belongs to an application
 * guarded by a PodDisruptionBudget allowing `pdbMaxUnavailable` disruptions across the cluster: its
 * eviction needs a free disruption slot, and the slot stays taken until its replacement runs
 * elsewhere (a restart sample: the ReplicaSet replaces a pod as soon as it is terminating). A drain blocker (a PDB that allows no
 * disruption: minAvailable equal to the replicas, or maxUnavailable 0) refuses every eviction of
 * the guarded pod. On an unreachable Node the guarded pod is not Ready; the eviction API's default
 * `unhealthyPodEvictionPolicy: IfHealthyBudget` lets it go only while the budget is healthy, which
 * the same slot rule models.
 */

import type { Millis } from '../engine/duration.js';
import type { Distribution } from '../engine/distribution.js';
import type { Random } from '../engine/random.js';
import type { Node } from './node.js';

export interface WorkloadProfile {
  podsPerNode: number;
  pdbMaxUnavailable: number;
  eviction: Distribution;
  random: Random;
  /** Persistent volumes attached per node (scenario `workloads.volumesPerNode`; unset = 0). */
  volumesPerNode?: number;
  /** Time a volume takes to detach once its pod is gone (scenario `workloads.volumeDetach`). */
  volumeDetach?: Distribution;
}

/** The PodDisruptionBudget's disruption slots for one cluster. */
export class DisruptionBudget {
  /** Times at which currently taken slots free up. */
  private readonly busyUntil: Millis[] = [];
  /** Number of active drain blockers for every pool (PDBs that allow no disruption). */
  blockers = 0;
  /** Active drain blockers per pool (`Kind/namespace/name`). */
  private readonly poolBlockers = new Map<string, number>();

  constructor(private readonly maxUnavailable: number) {}

  /** A PDB that allows no disruption starts guarding pods on `pool`'s nodes (every pool when unset). */
  block(pool?: string): void {
    if (pool === undefined) this.blockers++;
    else this.poolBlockers.set(pool, (this.poolBlockers.get(pool) ?? 0) + 1);
  }

  unblock(pool?: string): void {
    if (pool === undefined) this.blockers = Math.max(0, this.blockers - 1);
    else {
      const left = (this.poolBlockers.get(pool) ?? 0) - 1;
      if (left > 0) this.poolBlockers.set(pool, left);
      else this.poolBlockers.delete(pool);
    }
  }

  isBlocked(pool?: string): boolean {
    return this.blockers > 0 || (pool !== undefined && (this.poolBlockers.get(pool) ?? 0) > 0);
  }

  /** Asks for one disruption of the guarded application; true when the eviction is admitted. */
  tryTake(now: Millis, holdUntil: Millis, pool?: string): boolean {
    if (this.isBlocked(pool)) return false;
    for (let i = this.busyUntil.length - 1; i >= 0; i--) if ((this.busyUntil[i] as number) <= now) this.busyUntil.splice(i, 1);
    if (this.busyUntil.length >= this.maxUnavailable) return false;
    this.busyUntil.push(holdUntil);
    return true;
  }
}

export interface DrainState {
  startedAt: Millis;
  /** Passes run so far. */
  passes: number;
  /** When the last pass ran. */
  lastPassAt: Millis;
  /** When the ordinary pods are all gone (they were all evicted on the first pass). */
  podsGoneAt: Millis;
  /** When the PDB-guarded pod is gone; undefined until its eviction was admitted. */
  guardedGoneAt: Millis | undefined;
  /** When the guarded pod got its eviction (its deletionTimestamp); undefined before. */
  guardedEvictedAt: Millis | undefined;
  /** The node had no guarded pod. */
  noGuardedPod: boolean;
  /** Evictions refused by the PodDisruptionBudget so far. */
  refusedEvictions: number;
}

/** The first pass of a drain: every ordinary pod gets its eviction now. */
export function startDrain(node: Node, profile: WorkloadProfile, now: Millis): DrainState {
  let podsGoneAt = now;
  const guarded = node.pods > 0 && profile.podsPerNode > 0 ? 1 : 0;
  const ordinary = Math.max(node.pods - guarded, 0);
  for (let i = 0; i < ordinary; i++) podsGoneAt = Math.max(podsGoneAt, now + Math.round(profile.eviction.sample(profile.random)));
  return { startedAt: now, passes: 0, lastPassAt: now, podsGoneAt, guardedGoneAt: guarded ? undefined : now, guardedEvictedAt: guarded ? undefined : now, noGuardedPod: guarded === 0, refusedEvictions: 0 };
}

/** How long a pod with a deletionTimestamp is waited for on an unreachable Node (`SkipWaitForDeleteTimeoutSeconds`). */
const UNREACHABLE_SKIP_WAIT = 1000;

/**
 * One drain pass at `now`; returns true when the Node is drained. `node` undefined means the Node
 * is gone (CAPI skips the drain); `unreachable` is CAPI's `IsNodeUnreachable`.
 */
export function drainPass(drain: DrainState, node: Node | undefined, budget: DisruptionBudget, profile: WorkloadProfile, now: Millis, unreachable = false): boolean {
  if (node === undefined) return true;
  drain.passes++;
  drain.lastPassAt = now;
  if (drain.guardedEvictedAt === undefined) {
    const terminate = Math.round(profile.eviction.sample(profile.random));
    const restart = Math.round(profile.eviction.sample(profile.random));
    // The PDB counts a pod with a deletionTimestamp as disrupted; its ReplicaSet starts a
    // replacement at once, and the budget recovers when that one is Ready.
    if (budget.tryTake(now, now + restart, node.pool)) {
      drain.guardedEvictedAt = now;
      drain.guardedGoneAt = now + terminate;
    } else {
      drain.refusedEvictions++;
    }
  }
  if (drain.guardedEvictedAt === undefined) return false;
  const guardedGoneAt = drain.guardedGoneAt as Millis;
  if (unreachable) {
    // Pods whose eviction is older than 1 s are ignored: the kubelet will never confirm them gone.
    const ordinaryDone = drain.podsGoneAt <= now || drain.startedAt + UNREACHABLE_SKIP_WAIT <= now;
    const guardedDone = guardedGoneAt <= now || drain.guardedEvictedAt + UNREACHABLE_SKIP_WAIT <= now;
    return ordinaryDone && guardedDone;
  }
  return drain.podsGoneAt <= now && guardedGoneAt <= now;
}

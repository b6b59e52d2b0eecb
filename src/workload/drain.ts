/**
 * Draining a Node, as CAPI's Machine controller does it: each reconcile is one pass that cordons
 * the Node, evicts what it can and checks whether pods are gone; passes repeat every 20 s
 * (`drainRetryInterval`, cluster-api@v1.13.5 internal/controllers/machine/machine_controller.go
 * `drainNode`; drain/drain.go `EvictPods`; capi-semantics.md §3.3).
 *
 * Pods: `podsPerNode` ordinary pods terminate an eviction-time sample after their eviction. One of
 * them belongs to an application guarded by a PodDisruptionBudget that allows `pdbMaxUnavailable`
 * disruptions across the cluster: its eviction needs a free disruption slot (HTTP 429 otherwise,
 * retried on the next pass), and the slot stays taken until the pod runs again elsewhere (its
 * termination plus a restart sample). A drain blocker sets the budget to zero.
 * An unreachable Node (Ready=Unknown) drains at once: CAPI ignores its pods (grace period 1 s).
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
}

/** The PodDisruptionBudget's disruption slots for one cluster. */
export class DisruptionBudget {
  /** Times at which currently taken slots free up. */
  private readonly busyUntil: Millis[] = [];
  /** Number of active drain blockers (PDBs that allow no disruption). */
  blockers = 0;

  constructor(private readonly maxUnavailable: number) {}

  tryTake(now: Millis, holdUntil: Millis): boolean {
    if (this.blockers > 0) return false;
    for (let i = this.busyUntil.length - 1; i >= 0; i--) if ((this.busyUntil[i] as number) <= now) this.busyUntil.splice(i, 1);
    if (this.busyUntil.length >= this.maxUnavailable) return false;
    this.busyUntil.push(holdUntil);
    return true;
  }
}

export interface DrainState {
  startedAt: Millis;
  /** When the ordinary pods are all gone; set on the first pass. */
  podsGoneAt: Millis;
  /** When the PDB-guarded pod is gone; undefined until its eviction was admitted. */
  guardedGoneAt: Millis | undefined;
  /** Evictions refused by the PodDisruptionBudget so far. */
  refusedEvictions: number;
}

export function startDrain(node: Node, profile: WorkloadProfile, now: Millis): DrainState {
  let podsGoneAt = now;
  const ordinary = Math.max(node.pods - (profile.podsPerNode > 0 ? 1 : 0), 0);
  for (let i = 0; i < ordinary; i++) podsGoneAt = Math.max(podsGoneAt, now + Math.round(profile.eviction.sample(profile.random)));
  return { startedAt: now, podsGoneAt, guardedGoneAt: node.pods > 0 ? undefined : now, refusedEvictions: 0 };
}

/** One drain pass at `now`; returns true when the Node is drained. */
export function drainPass(drain: DrainState, node: Node | undefined, budget: DisruptionBudget, profile: WorkloadProfile, now: Millis): boolean {
  if (node === undefined || node.conditions.Ready.status === 'Unknown') return true;
  if (drain.guardedGoneAt === undefined) {
    const terminate = Math.round(profile.eviction.sample(profile.random));
    const restart = Math.round(profile.eviction.sample(profile.random));
    if (budget.tryTake(now, now + terminate + restart)) drain.guardedGoneAt = now + terminate;
    else drain.refusedEvictions++;
  }
  return drain.guardedGoneAt !== undefined && drain.guardedGoneAt <= now && drain.podsGoneAt <= now;
}

/**
 * Waiting for a Node's volumes to detach before its instance is deleted (cluster-api@v1.13.5
 * internal/controllers/machine/machine_controller.go `shouldWaitForNodeVolumes`; checked again
 * every 20 s, `waitForVolumeDetachRetryInterval`; capi-semantics.md §3.3). CAPI skips the wait when
 * the Node is gone or unreachable.
 *
 * Model: `volumesPerNode` persistent volumes per node. When the node holds a PDB-guarded pod, one
 * of the volumes is that pod's (a StatefulSet behind a PodDisruptionBudget); the others belong to
 * ordinary pods. A volume detaches a `volumeDetach` sample after its pod is gone. A guarded pod
 * that was never evicted (the drain timed out) keeps its volume attached: the wait then lasts
 * until nodeVolumeDetachTimeout, or forever when that is 0, as in CAPI.
 */

import type { Millis } from '../engine/duration.js';
import type { DrainState, WorkloadProfile } from './drain.js';

export interface VolumeDetachState {
  startedAt: Millis;
  /** When every volume is detached; undefined while one is held by a pod still running. */
  detachedAt: Millis | undefined;
  volumes: number;
  /** When the last check ran. */
  lastCheckAt: Millis;
}

/** Starts the wait: samples each volume's detach time from its pod's end (`drain` undefined: the node was not drained). */
export function startVolumeDetach(drain: DrainState | undefined, profile: WorkloadProfile, now: Millis): VolumeDetachState {
  const volumes = profile.volumesPerNode ?? 0;
  if (volumes === 0 || profile.volumeDetach === undefined) return { startedAt: now, detachedAt: now, volumes: 0, lastCheckAt: now };
  const ordinaryGone = drain?.podsGoneAt ?? now;
  const guardedHoldsVolume = drain !== undefined && !drain.noGuardedPod;
  let detachedAt: Millis | undefined = now;
  for (let i = 0; i < volumes; i++) {
    const sample = Math.round(profile.volumeDetach.sample(profile.random));
    if (i === 0 && guardedHoldsVolume) {
      const podGone = drain.guardedGoneAt;
      detachedAt = podGone === undefined || detachedAt === undefined ? undefined : Math.max(detachedAt, podGone + sample);
    } else if (detachedAt !== undefined) {
      detachedAt = Math.max(detachedAt, ordinaryGone + sample);
    }
  }
  return { startedAt: now, detachedAt, volumes, lastCheckAt: now };
}

/** One check at `now`: true when no volume is attached any more. */
export function volumesDetached(state: VolumeDetachState, now: Millis): boolean {
  state.lastCheckAt = now;
  return state.detachedAt !== undefined && state.detachedAt <= now;
}

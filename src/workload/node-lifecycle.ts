/**
 * The node-lifecycle controller's grace period: a Node whose kubelet stopped posting status turns
 * Ready=Unknown `node-monitor-grace-period` after its last heartbeat. Kubernetes raised the default
 * from 40 s to 50 s in v1.32 (kubernetes/kubernetes#124440 "node-monitor-grace-period 40s → 50s";
 * research README "node grace"). Heartbeats are not simulated: the transition is scheduled.
 */

import { SECOND, type Millis } from '../engine/duration.js';

export function nodeMonitorGracePeriod(kubernetesVersion: string): Millis {
  const match = /^v?(\d+)\.(\d+)/.exec(kubernetesVersion);
  if (!match) throw new Error(`not a Kubernetes version: ${kubernetesVersion}`);
  const major = Number(match[1]);
  const minor = Number(match[2]);
  return major > 1 || minor >= 32 ? 50 * SECOND : 40 * SECOND;
}

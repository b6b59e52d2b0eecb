/**
 * The node-lifecycle controller's grace period: a Node whose kubelet stopped posting status turns
 * Ready=Unknown `node-monitor-grace-period` after its last heartbeat. Kubernetes raised the default
 * from 40 s to 50 s in v1.32 (kubernetes/kubernetes#124440 "node-monitor-grace-period 40s → 50s";
 * research README "node grace"). Heartbeats are not simulated one by one: the transition is
 * scheduled where they put it (`unknownMarkDelay`).
 */

import { SECOND, type Millis } from '../engine/duration.js';
import type { Random } from '../engine/random.js';

/**
 * The kubelet renews its Lease every quarter of the lease duration (40 s): every 10 s (kubernetes
 * pkg/kubelet/kubelet.go `nodeLeaseRenewIntervalFraction = 0.25`, `NodeLeaseDurationSeconds` 40).
 */
export const LEASE_RENEW_INTERVAL: Millis = 10 * SECOND;
/** The node-lifecycle controller looks at every Node's health this often (kube-controller-manager `--node-monitor-period`, 5 s). */
export const NODE_MONITOR_PERIOD: Millis = 5 * SECOND;

/**
 * How long after a kubelet stops its Node turns Unknown (issue 12 case 9): its last heartbeat was
 * up to one renew interval before the stop, and the mark lands on the first node-monitor pass
 * after that heartbeat plus the grace period (pkg/controller/nodelifecycle/node_lifecycle_controller.go
 * `monitorNodeHealth` every `nodeMonitorPeriod`, `tryUpdateNodeHealth`: Unknown once
 * `probeTimestamp + gracePeriod` is before now). So the delay is grace − U[0, 10 s) + U[0, 5 s),
 * not the grace period exactly. Drawn from the cluster's heartbeat stream.
 */
export function unknownMarkDelay(grace: Millis, random: Random): Millis {
  const sinceLastHeartbeat = Math.floor(random.next() * LEASE_RENEW_INTERVAL);
  const untilMonitorPass = Math.floor(random.next() * NODE_MONITOR_PERIOD);
  return Math.max(0, grace - sinceLastHeartbeat + untilMonitorPass);
}

export function nodeMonitorGracePeriod(kubernetesVersion: string): Millis {
  const match = /^v?(\d+)\.(\d+)/.exec(kubernetesVersion);
  if (!match) throw new Error(`not a Kubernetes version: ${kubernetesVersion}`);
  const major = Number(match[1]);
  const minor = Number(match[2]);
  return major > 1 || minor >= 32 ? 50 * SECOND : 40 * SECOND;
}

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
 * pkg/kubelet/kubelet.go `nodeLeaseRenewIntervalFraction = 0.25`, `NodeLeaseDurationSeconds` 40),
 * each wait stretched by up to 4 % (staging/src/k8s.io/component-helpers/apimachinery/lease/controller.go
 * `Run`: `wait.JitterUntil(c.sync, c.renewInterval, 0.04, true, ...)`).
 */
export const LEASE_RENEW_INTERVAL: Millis = 10 * SECOND;
export const LEASE_RENEW_JITTER = 0.04;
/** The node-lifecycle controller looks at every Node's health this often (kube-controller-manager `--node-monitor-period`, 5 s). */
export const NODE_MONITOR_PERIOD: Millis = 5 * SECOND;

/**
 * How long after a kubelet stops its Node turns Unknown (issue 12 case 9). The kubelet's last Lease
 * renewal came up to one renew interval (10 s × [1, 1.04)) before the stop. The node-lifecycle
 * controller notices a renewal on its next pass (every `nodeMonitorPeriod`, 5 s) and stamps
 * `probeTimestamp = now`; a later pass turns the Node Unknown once `now` is after
 * `probeTimestamp + gracePeriod` (kubernetes pkg/controller/nodelifecycle/node_lifecycle_controller.go
 * `monitorNodeHealth`, `tryUpdateNodeHealth`). Passes repeat every 5 s, so the mark lands on the
 * pass grace after the probe. So the delay is grace − U[0, renew interval) + U[0, 5 s): inside
 * `unknownMarkWindow`, not on the grace period exactly. Drawn from the cluster's heartbeat stream.
 */
export function unknownMarkDelay(grace: Millis, random: Random): Millis {
  const renewInterval = LEASE_RENEW_INTERVAL * (1 + LEASE_RENEW_JITTER * random.next());
  const sinceLastHeartbeat = Math.floor(random.next() * renewInterval);
  const untilMonitorPass = Math.floor(random.next() * NODE_MONITOR_PERIOD);
  return Math.max(0, grace - sinceLastHeartbeat + untilMonitorPass);
}

/**
 * Where the Unknown mark can land after a kubelet stop: after `earliest` (exclusive: the last
 * renewal was less than the longest renew interval, 10.4 s, before the stop) and before `latest`
 * (exclusive: the controller's pass comes less than 5 s after the renewal). `unknownMarkDelay`
 * draws inside it.
 */
export function unknownMarkWindow(grace: Millis): { earliest: Millis; latest: Millis } {
  return { earliest: Math.max(0, grace - LEASE_RENEW_INTERVAL * (1 + LEASE_RENEW_JITTER)), latest: grace + NODE_MONITOR_PERIOD };
}

export function nodeMonitorGracePeriod(kubernetesVersion: string): Millis {
  const match = /^v?(\d+)\.(\d+)/.exec(kubernetesVersion);
  if (!match) throw new Error(`not a Kubernetes version: ${kubernetesVersion}`);
  const major = Number(match[1]);
  const minor = Number(match[2]);
  return major > 1 || minor >= 32 ? 50 * SECOND : 40 * SECOND;
}

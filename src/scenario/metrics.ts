/**
 * The metric names an expectation (`expect:`) may test. The report computes them; the loader only
 * checks the names. Durations are in ms, ratios in 0..1, counts are whole numbers.
 */

export const KNOWN_METRICS = {
  'fleet.upgradeMakespan': 'time from the first upgrade operation to the last cluster finishing its upgrade (ms)',
  'fleet.clustersUpgraded': 'number of clusters whose control plane and every pool reached the target version',
  'fleet.remediations': 'machines remediated by MachineHealthChecks across the fleet',
  'fleet.shortCircuits': 'MachineHealthCheck short-circuits (too many unhealthy) across the fleet',
  'fleet.minAvailableRatio': 'lowest fraction of all worker machines available at any instant',
  'fleet.machinesReplaced': 'machines created to replace others (rollouts and remediation)',
  'fleet.settled': '1 when every operation settled before the horizon, else 0',
  'cluster.minAvailableRatio': 'the worst cluster\'s lowest fraction of available worker machines',
  'cluster.upgradeDuration': 'the longest single-cluster upgrade, from its start to its last machine (ms)',
  'cluster.remediations': 'the largest number of remediations in one cluster',
  'mhc.remediations': 'remediations triggered by MachineHealthChecks',
  'mhc.shortCircuits': 'MachineHealthCheck reconciles that refused remediation (too many unhealthy)',
  'kcp.remediationsRefused': 'KubeadmControlPlane remediations refused (etcd quorum, retry period, in progress)',
  'cloud.calls': 'cloud API calls made, all clouds',
  'cloud.throttled': 'cloud API calls answered with a throttling error',
  'cloud.errors': 'cloud API calls that failed for another reason',
  'cloud.retries': 'cloud API calls that were SDK retries',
  'management.maxQueueDepth': 'largest work-queue depth of any controller on the management cluster',
} as const satisfies Record<string, string>;

export type MetricName = keyof typeof KNOWN_METRICS;

export function isKnownMetric(name: string): name is MetricName {
  return Object.prototype.hasOwnProperty.call(KNOWN_METRICS, name);
}

/** Metrics measured in ms, whose bounds the file may write as durations (`8h`). */
export const DURATION_METRICS: ReadonlySet<MetricName> = new Set<MetricName>(['fleet.upgradeMakespan', 'cluster.upgradeDuration']);

/**
 * From a validated cluster entry (schema.ts ClusterSchema output) to the resolved ClusterSpec: the
 * defaults that depend on other fields, and the rules that span fields of one cluster.
 */

import { SECOND } from '../engine/duration.js';
import { CLOUDS } from '../cloud/clouds.js';
import type { DistributionSpec } from '../engine/distribution.js';
import type { ClusterSpec, ControlPlaneSpec, HealthCheckSpec, MachineDeploymentPoolSpec, MachinePoolPoolSpec, WorkerPoolSpec } from './model.js';
import { KubeadmControlPlaneSchema, type ClusterInput, type HealthCheckInput } from './schema.js';
import { DEFAULT_INSTANCE_TYPE, DEFAULT_REGION, DEFAULTS, defaultImage, defaultZones } from './defaults.js';
import { didYouMean } from '../schema/names.js';
import type { PlacedReporter } from './reporter.js';

/** Annotations that control the topology upgrade order (cluster-api@v1.13.5 exp/topology, capi-semantics §7 item 4). */
export const DEFER_UPGRADE_ANNOTATION = 'topology.cluster.x-k8s.io/defer-upgrade';
export const HOLD_UPGRADE_SEQUENCE_ANNOTATION = 'topology.cluster.x-k8s.io/hold-upgrade-sequence';
const TOPOLOGY_ANNOTATIONS = [DEFER_UPGRADE_ANNOTATION, HOLD_UPGRADE_SEQUENCE_ANNOTATION];

/** Seconds → ms for every parameter of a distribution (`workloads.evictionSeconds` → `eviction`). */
export function secondsToMs(spec: DistributionSpec): DistributionSpec {
  const ms = (seconds: number) => Math.round(seconds * SECOND);
  switch (spec.distribution) {
    case 'constant': return { distribution: 'constant', value: ms(spec.value) };
    case 'uniform': return { distribution: 'uniform', min: ms(spec.min), max: ms(spec.max) };
    case 'exponential': return { distribution: 'exponential', mean: ms(spec.mean) };
    case 'normal': return { distribution: 'normal', mean: ms(spec.mean), stddev: ms(spec.stddev) };
    case 'lognormal': return { distribution: 'lognormal', median: ms(spec.median), p95: ms(spec.p95) };
    case 'empirical': return { distribution: 'empirical', percentiles: Object.fromEntries(Object.entries(spec.percentiles).map(([k, v]) => [k, ms(v)])) };
  }
}

/** Machines the cluster starts with (control plane machines plus worker replicas). */
export function machineCount(cluster: Pick<ClusterInput, 'controlPlane' | 'workers'>): number {
  const controlPlane = cluster.controlPlane === undefined ? DEFAULTS.kcpReplicas.value : cluster.controlPlane.managed === true ? 0 : cluster.controlPlane.replicas;
  return controlPlane + (cluster.workers ?? []).reduce((sum, pool) => sum + pool.replicas, 0);
}

export function resolveCluster(input: ClusterInput, report: PlacedReporter, manifestsFrom?: string): ClusterSpec {
  const provider = input.provider;
  const region = input.region ?? DEFAULT_REGION[provider];
  const zones = input.zones ?? defaultZones(provider, region);
  checkUnique(zones, ['zones'], 'zone', report);

  let controlPlane: ControlPlaneSpec;
  const cp = input.controlPlane;
  if (cp?.managed === true) {
    const cloud = CLOUDS[provider];
    if (!cloud.managedControlPlane) report.error(['controlPlane', 'managed'], `expected managed: false for provider ${provider} (${cloud.title} has no managed control plane; use replicas: N for a KubeadmControlPlane)`);
    controlPlane = cp.upgradeDuration === undefined ? { managed: true } : { managed: true, upgradeDuration: cp.upgradeDuration };
  } else {
    // No controlPlane written: a KubeadmControlPlane with every default (capi-semantics §5.1).
    const kcp = cp ?? KubeadmControlPlaneSchema.parse({});
    const remediation = kcp.remediation.maxRetry === undefined
      ? { retryPeriod: kcp.remediation.retryPeriod, minHealthyPeriod: kcp.remediation.minHealthyPeriod }
      : { maxRetry: kcp.remediation.maxRetry, retryPeriod: kcp.remediation.retryPeriod, minHealthyPeriod: kcp.remediation.minHealthyPeriod };
    controlPlane = {
      managed: false,
      replicas: kcp.replicas,
      maxSurge: kcp.maxSurge,
      instanceType: kcp.instanceType ?? DEFAULT_INSTANCE_TYPE[provider],
      remediation,
      nodeDrainTimeout: kcp.nodeDrainTimeout,
      nodeVolumeDetachTimeout: kcp.nodeVolumeDetachTimeout,
      nodeDeletionTimeout: kcp.nodeDeletionTimeout,
    };
  }

  const workers: WorkerPoolSpec[] = input.workers.map((pool, index) => {
    const path = ['workers', index];
    const poolZones = pool.zones ?? [...zones];
    pool.zones?.forEach((zone, z) => {
      if (!zones.includes(zone)) report.error([...path, 'zones', z], `zone "${zone}" is not one of the cluster's zones (${zones.join(', ')})${didYouMean(zone, zones)}`);
    });
    for (const key of Object.keys(pool.annotations)) {
      if (key.startsWith('topology.cluster.x-k8s.io/') && !TOPOLOGY_ANNOTATIONS.includes(key)) {
        report.warn([...path, 'annotations', key], `annotation "${key}" has no effect in fleetsim${didYouMean(key, TOPOLOGY_ANNOTATIONS)}`, true);
      }
    }
    const base = {
      name: pool.name,
      replicas: pool.replicas,
      instanceType: pool.instanceType ?? DEFAULT_INSTANCE_TYPE[provider],
      zones: poolZones,
      ...(pool.image === undefined ? {} : { image: pool.image }),
      labels: { ...pool.labels },
      annotations: { ...pool.annotations },
      // The topology controller checks that the annotation is present (capi-semantics §7 item 4).
      deferUpgrade: DEFER_UPGRADE_ANNOTATION in pool.annotations,
      holdUpgradeSequence: HOLD_UPGRADE_SEQUENCE_ANNOTATION in pool.annotations,
    };
    if (pool.kind === 'MachinePool') {
      const spec: MachinePoolPoolSpec = { ...base, kind: 'MachinePool' };
      if (pool.maxSurge !== undefined) spec.maxSurge = pool.maxSurge;
      if (pool.maxUnavailable !== undefined) spec.maxUnavailable = pool.maxUnavailable;
      if (pool.drainTimeout !== undefined) spec.drainTimeout = pool.drainTimeout;
      if (pool.soak !== undefined) spec.soak = pool.soak;
      if (pool.minSize !== undefined) spec.minSize = pool.minSize;
      if (pool.maxSize !== undefined) spec.maxSize = pool.maxSize;
      checkPoolSize(pool, report, path);
      if (CLOUDS[provider].model.api === undefined) report.warn([...path, 'kind'], `MachinePool on ${provider} is modelled as a plain group of machines without cloud node-pool behaviour`);
      return spec;
    }
    checkFailureDomain(pool, zones, report, path);
    const spec: MachineDeploymentPoolSpec = {
      ...base,
      kind: 'MachineDeployment',
      failureDomains: pool.failureDomain !== undefined ? [pool.failureDomain] : [...(pool.zones ?? [])],
      strategy: { ...pool.strategy },
      deletePolicy: pool.deletePolicy,
      minReadySeconds: pool.minReadySeconds,
      nodeDrainTimeout: pool.nodeDrainTimeout,
      nodeVolumeDetachTimeout: pool.nodeVolumeDetachTimeout,
      nodeDeletionTimeout: pool.nodeDeletionTimeout,
      remediation: pool.remediation.maxInFlight === undefined ? {} : { maxInFlight: pool.remediation.maxInFlight },
    };
    return spec;
  });
  checkUnique(workers.map((w) => w.name), ['workers'], 'pool name', report, (i) => ['workers', i, 'name']);

  const healthChecks = resolveHealthChecks(input, workers, controlPlane, report);

  const w = input.workloads;
  const cluster: ClusterSpec = {
    name: input.name,
    namespace: input.namespace,
    labels: { ...input.labels },
    provider,
    account: input.account,
    region,
    zones: [...zones],
    version: input.version,
    paused: input.paused,
    image: input.image ?? defaultImage(provider, input.version, controlPlane.managed), imagePinned: input.image !== undefined,
    controlPlane,
    workers,
    healthChecks,
    workloads: {
      podsPerNode: w.podsPerNode,
      pdbMaxUnavailable: w.pdbMaxUnavailable,
      // The file gives eviction times in seconds (`evictionSeconds`); the model keeps ms like every other time.
      eviction: secondsToMs(w.evictionSeconds),
      volumesPerNode: w.volumesPerNode,
      volumeDetach: w.volumeDetach,
    },
    topology: { upgradeConcurrency: input.topology.upgradeConcurrency },
  };
  if (manifestsFrom !== undefined) cluster.manifestsFrom = manifestsFrom;
  return cluster;
}

function resolveHealthChecks(input: ClusterInput, workers: WorkerPoolSpec[], controlPlane: ControlPlaneSpec, report: PlacedReporter): HealthCheckSpec[] {
  if (input.healthCheck !== undefined && input.healthChecks !== undefined) {
    report.error(['healthChecks'], 'expected either healthCheck (one) or healthChecks (a list), not both', true);
  }
  const entries: Array<{ check: HealthCheckInput; path: (string | number)[] }> = input.healthChecks !== undefined
    ? input.healthChecks.map((check, i) => ({ check, path: ['healthChecks', i] }))
    : input.healthCheck !== undefined ? [{ check: input.healthCheck, path: ['healthCheck'] }] : [];
  const poolNames = workers.map((w) => w.name);
  const resolved = entries.map(({ check, path }, i): HealthCheckSpec => {
    const name = check.name ?? (i === 0 ? `${input.name}-mhc` : `${input.name}-mhc-${i + 1}`);
    check.pools?.forEach((pool, p) => {
      if (!poolNames.includes(pool)) report.error([...path, 'pools', p], `pool "${pool}" does not exist in cluster ${input.name} (pools: ${poolNames.join(', ') || 'none'})${didYouMean(pool, poolNames)}`);
    });
    if (check.pools !== undefined && check.targets === 'controlPlane') report.error([...path, 'pools'], 'expected no pools when targets is controlPlane');
    if (check.targets === 'controlPlane' && controlPlane.managed) {
      report.error([...path, 'targets'], 'expected workers or all: a managed control plane has no machines to health-check');
    }
    const spec: HealthCheckSpec = {
      name,
      targets: check.targets,
      maxUnhealthy: check.maxUnhealthy,
      nodeStartupTimeout: check.nodeStartupTimeout,
      unhealthyConditions: check.unhealthyConditions.map((c) => ({ ...c })),
      unhealthyMachineConditions: check.unhealthyMachineConditions.map((c) => ({ ...c })),
    };
    if (check.pools !== undefined) spec.pools = [...check.pools];
    if (check.unhealthyRange !== undefined) {
      const match = /^\[(\d+)-(\d+)\]$/.exec(check.unhealthyRange)!;
      spec.unhealthyRange = { min: Number(match[1]), max: Number(match[2]), text: check.unhealthyRange };
    }
    if (check.remediationTemplate !== undefined) spec.remediationTemplate = { ...check.remediationTemplate };
    return spec;
  });
  checkUnique(resolved.map((c) => c.name), ['healthChecks'], 'health check name', report, (i) => entries[i]!.path.concat('name'));
  return resolved;
}

function checkUnique(values: readonly string[], path: (string | number)[], what: string, report: PlacedReporter, itemPath?: (index: number) => (string | number)[]): void {
  const seen = new Set<string>();
  values.forEach((value, index) => {
    if (seen.has(value)) report.error(itemPath ? itemPath(index) : [...path, index], `duplicate ${what} "${value}"`);
    seen.add(value);
  });
}

/** A MachineDeployment names one failure domain or a list of zones, each one of the cluster's. */
function checkFailureDomain(pool: { failureDomain?: string | undefined; zones?: readonly string[] | undefined }, zones: readonly string[], report: PlacedReporter, path: (string | number)[]): void {
  if (pool.failureDomain !== undefined && pool.zones !== undefined) report.error([...path, 'failureDomain'], 'expected either failureDomain (one zone) or zones (one MachineDeployment per zone), not both');
  if (pool.failureDomain !== undefined && !zones.includes(pool.failureDomain)) {
    report.error([...path, 'failureDomain'], `zone "${pool.failureDomain}" is not one of the cluster's zones (${zones.join(', ')})${didYouMean(pool.failureDomain, zones)}`);
  }
}

function checkPoolSize(pool: { minSize?: number | undefined; maxSize?: number | undefined }, report: PlacedReporter, path: (string | number)[]): void {
  if (pool.minSize !== undefined && pool.maxSize !== undefined && pool.minSize > pool.maxSize) {
    report.error([...path, 'minSize'], `expected minSize ≤ maxSize, found ${pool.minSize} > ${pool.maxSize}`);
  }
}

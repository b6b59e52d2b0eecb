/**
 * Arbitraries for the settings platform teams change in pull requests: rollout strategies
 * (maxSurge / maxUnavailable), fleet upgrade waves, MachineHealthCheck thresholds and
 * KubeadmControlPlane shapes. Each shrinks towards the simplest setting (CAPI's defaults where
 * there is one), so a shrunk counterexample changes as little as it can.
 */

import fc from 'fast-check';
import type { RawControlPlane, RawHealthCheck, RawIntOrPercent, RawStrategy, RawWaves } from '../raw.js';

export interface IntOrPercentOptions {
  /** Largest integer drawn (default 3). */
  maxInt?: number;
  /** Percents drawn (default 0, 10, 25, 33, 50, 100). */
  percents?: readonly number[];
}

/** An int-or-percent as CAPI accepts it; shrinks towards small integers. */
export function intOrPercent(options: IntOrPercentOptions = {}): fc.Arbitrary<RawIntOrPercent> {
  const percents = options.percents ?? [0, 10, 25, 33, 50, 100];
  return fc.oneof(
    fc.integer({ min: 0, max: options.maxInt ?? 3 }),
    fc.constantFrom(...percents).map((p) => `${p}%` as const),
  );
}

/**
 * A RollingUpdate strategy. Both integers 0 is what CAPI's webhook rejects
 * (`validateRolloutStrategy`, capi-semantics.md §1.1), so that draw becomes maxSurge 1, the default.
 */
export function rollingUpdate(options: IntOrPercentOptions = {}): fc.Arbitrary<RawStrategy> {
  return fc.record({ maxSurge: intOrPercent(options), maxUnavailable: intOrPercent(options) }).map(({ maxSurge, maxUnavailable }) => ({
    type: 'RollingUpdate' as const,
    maxSurge: maxSurge === 0 && maxUnavailable === 0 ? 1 : maxSurge,
    maxUnavailable,
  }));
}

export interface WavesOptions {
  /** Largest wave size (default 3 clusters). */
  maxSize?: number;
}

/** A fleet upgrade's wave plan: size, pause between waves and gate. */
export function waves(options: WavesOptions = {}): fc.Arbitrary<RawWaves> {
  return fc.record({
    size: fc.integer({ min: 1, max: options.maxSize ?? 3 }),
    pauseBetween: fc.constantFrom('0s', '5m', '15m'),
    gate: fc.constantFrom('none' as const, 'healthy' as const),
  });
}

export interface HealthCheckOptions {
  /** Also draw `unhealthyRange` instead of maxUnhealthy (default true). */
  ranges?: boolean;
  /** Targets drawn (default workers and all). */
  targets?: ReadonlyArray<'workers' | 'controlPlane' | 'all'>;
}

/**
 * MachineHealthCheck settings: maxUnhealthy (or unhealthyRange), the node startup timeout and
 * Ready=Unknown / Ready=False timeouts. Shrinks towards maxUnhealthy 100 % (CAPI's default) and
 * short timeouts.
 */
export function healthCheck(options: HealthCheckOptions = {}): fc.Arbitrary<RawHealthCheck> {
  const limit = options.ranges === false
    ? intOrPercent({ maxInt: 3, percents: [100, 50, 40, 33, 20] }).map((maxUnhealthy) => ({ maxUnhealthy }))
    : fc.oneof(
      intOrPercent({ maxInt: 3, percents: [100, 50, 40, 33, 20] }).map((maxUnhealthy) => ({ maxUnhealthy })),
      fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 3 })).map(([min, extra]) => ({ unhealthyRange: `[${min}-${min + extra}]` })),
    );
  return fc.record({
    targets: fc.constantFrom(...(options.targets ?? ['workers', 'all'] as const)),
    limit,
    nodeStartupTimeout: fc.constantFrom('10m', '5m', '20m'),
    unknownTimeout: fc.constantFrom('5m', '1m', '2m', '10m'),
    falseTimeout: fc.constantFrom('5m', '1m', '2m', '10m'),
  }).map(({ targets, limit, nodeStartupTimeout, unknownTimeout, falseTimeout }) => ({
    targets,
    ...limit,
    nodeStartupTimeout,
    unhealthyConditions: [
      { type: 'Ready', status: 'Unknown' as const, timeout: unknownTimeout },
      { type: 'Ready', status: 'False' as const, timeout: falseTimeout },
    ],
  }));
}

/**
 * A KubeadmControlPlane: 1, 3 or 5 replicas (odd, stacked etcd) and maxSurge 1 or 0 (0 only with
 * at least 3 replicas; controlplane/kubeadm/internal/webhooks/kubeadmcontrolplane.go,
 * capi-semantics.md §5.1).
 */
export function kubeadmControlPlane(): fc.Arbitrary<RawControlPlane> {
  return fc.record({ replicas: fc.constantFrom(1, 3, 5), maxSurge: fc.constantFrom(1 as const, 0 as const) })
    .map(({ replicas, maxSurge }) => ({ replicas, maxSurge: replicas >= 3 ? maxSurge : 1 as const }));
}

export const strategies = { intOrPercent, rollingUpdate, waves, healthCheck, kubeadmControlPlane };

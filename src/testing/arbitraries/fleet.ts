/**
 * Arbitraries for fleets: 1–3 small clusters by default (docker, at most 20 machines each), with
 * a control plane (kubeadm, or managed on a cloud), one or two MachineDeployment pools, zones and
 * an optional MachineHealthCheck. Clusters are named c1, c2, … by position, so a shrunk fleet keeps
 * its names. Generated clusters carry no labels: select them in operations with
 * `clusters: { matchLabels: {} }` (every cluster).
 */

import fc from 'fast-check';
import { CLOUDS } from '../../cloud/clouds.js';
import { DEFAULT_REGION, defaultZones } from '../../scenario/index.js';
import type { RawCluster, RawControlPlane, RawHealthCheck, RawPool, RawStrategy } from '../raw.js';
import { healthCheck, kubeadmControlPlane, rollingUpdate } from './strategies.js';

type Provider = RawCluster['provider'];

export interface FleetOptions {
  /** Clusters in the fleet (default 1 to 3). */
  clusters?: { min?: number; max?: number };
  /** Clouds drawn from (default docker only: no API limits, the fastest runs). */
  providers?: readonly Provider[];
  /** Machines per cluster, control plane included (default 20). */
  maxMachinesPerCluster?: number;
  /** Worker pools per cluster (default 1 to 2). */
  pools?: { min?: number; max?: number };
  /** Replicas per pool (default 1 to 8). */
  replicas?: { min?: number; max?: number };
  /** kubeadm (KubeadmControlPlane), managed (cloud control plane; not on docker) or any (default). */
  controlPlane?: 'kubeadm' | 'managed' | 'any';
  /** Zones per cluster (default 1 to 3). */
  zones?: { min?: number; max?: number };
  /** Kubernetes version the clusters start on (default v1.34.3). */
  version?: string;
  /** Strategy of every pool (default strategies.rollingUpdate()). */
  strategy?: fc.Arbitrary<RawStrategy>;
  /** Health check of every cluster (default strategies.healthCheck(), or none one time in four); false for none. */
  healthCheck?: fc.Arbitrary<RawHealthCheck | undefined> | false;
}

function pool(index: number, options: FleetOptions): fc.Arbitrary<RawPool> {
  return fc.record({
    replicas: fc.integer({ min: options.replicas?.min ?? 1, max: options.replicas?.max ?? 8 }),
    strategy: options.strategy ?? rollingUpdate(),
  }).map(({ replicas, strategy }) => ({ name: `p${index + 1}`, kind: 'MachineDeployment' as const, replicas, strategy }));
}

/** Lowers pool replicas (last pool first) until the cluster fits in its machine budget. */
function fitBudget(controlPlane: RawControlPlane, pools: RawPool[], budget: number): RawPool[] {
  const cpMachines = controlPlane.managed === true ? 0 : (controlPlane.replicas ?? 1);
  let total = cpMachines + pools.reduce((sum, p) => sum + (p.replicas ?? 0), 0);
  const fitted = pools.map((p) => ({ ...p }));
  for (let i = fitted.length - 1; i >= 0 && total > budget; i--) {
    const p = fitted[i]!;
    const cut = Math.min(total - budget, (p.replicas ?? 0) - 1);
    p.replicas = (p.replicas ?? 0) - cut;
    total -= cut;
  }
  return fitted;
}

/** One cluster named `c<index + 1>`. */
export function cluster(index: number, options: FleetOptions = {}): fc.Arbitrary<RawCluster> {
  const providers = options.providers ?? ['docker'];
  const maxPools = options.pools?.max ?? 2;
  const checks = options.healthCheck === false ? fc.constant(undefined)
    : options.healthCheck ?? fc.option(healthCheck(), { freq: 4, nil: undefined });
  const managed = options.controlPlane === 'managed' ? fc.constant(true) : options.controlPlane === 'kubeadm' ? fc.constant(false) : fc.boolean();
  // Every part is drawn independently (no chain), so each shrinks on its own.
  return fc.record({
    provider: fc.constantFrom(...providers),
    zones: fc.integer({ min: options.zones?.min ?? 1, max: options.zones?.max ?? 3 }),
    kubeadm: kubeadmControlPlane(),
    managed,
    poolCount: fc.integer({ min: options.pools?.min ?? 1, max: maxPools }),
    pools: fc.tuple(...Array.from({ length: maxPools }, (_, i) => pool(i, options))),
    healthCheck: checks,
  }).map(({ provider, zones, kubeadm, managed: isManaged, poolCount, pools, healthCheck: check }): RawCluster => {
    // Only clouds that run control planes have managed ones (their row in src/cloud/clouds.ts).
    const controlPlane: RawControlPlane = isManaged && CLOUDS[provider].managedControlPlane ? { managed: true } : kubeadm;
    const built: RawCluster = {
      name: `c${index + 1}`,
      provider,
      version: options.version ?? 'v1.34.3',
      zones: defaultZones(provider, DEFAULT_REGION[provider]).slice(0, zones),
      controlPlane,
      workers: fitBudget(controlPlane, pools.slice(0, poolCount), options.maxMachinesPerCluster ?? 20),
    };
    if (check !== undefined) built.healthCheck = controlPlane.managed === true && check.targets === 'controlPlane' ? { ...check, targets: 'all' } : check;
    return built;
  });
}

/** A list of clusters c1 … cN. */
export function clusters(options: FleetOptions = {}): fc.Arbitrary<RawCluster[]> {
  const min = options.clusters?.min ?? 1;
  const max = options.clusters?.max ?? 3;
  return fc.tuple(fc.integer({ min, max }), fc.tuple(...Array.from({ length: max }, (_, i) => cluster(i, options))))
    .map(([count, all]) => all.slice(0, count));
}

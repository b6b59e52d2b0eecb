/**
 * The fleet operator: applies the scenario's operations at their times (each edits
 * management-cluster objects as a user or GitOps would: operations.ts) and drives fleet upgrades
 * wave by wave (fleet-upgrade.ts), bumping one cluster's topology version at a time and reading
 * a wave's health for its gate.
 */

import type { Millis } from '../engine/duration.js';
import { must } from '../engine/must.js';
import type { CapiContext, WorkloadHandle } from '../capi/context.js';
import { clusterKeyOf } from '../capi/context.js';
import type { Cluster } from '../capi/types.js';
import { compareVersions } from '../capi/version.js';
import type { ClusterSpec, Scenario, UpgradeOperation } from '../scenario/model.js';
import { operationApplied } from '../timeline/index.js';
import { FleetUpgrade, type UpgradeVerdict, type WaveHealth } from './fleet-upgrade.js';
import { applyOperation, startRollout } from './operations.js';
import type { MhcWatch } from './mhc-watch.js';
import type { Rollouts } from './rollouts.js';

export interface OperatorHost {
  ctx: CapiContext;
  rollouts: Rollouts;
  scenario: Scenario;
  clusterByName(name: string): Cluster;
  workload(clusterKey: string): WorkloadHandle;
  /** What a wave gate reads of MachineHealthCheck: short-circuits and remediations since a time, from the store. */
  healthChecks: MhcWatch;
  /** Operations and their pieces not yet applied: +1 when one is scheduled, −1 when it has fully happened (settling waits for 0). */
  pending(delta: number): void;
}

/** Schedules every operation of the scenario at its time. */
export function scheduleOperations(host: OperatorHost): void {
  const { ctx } = host;
  for (const operation of host.scenario.operations) {
    host.pending(1);
    ctx.sim.at(operation.at, () => {
      ctx.timeline.record(operationApplied(ctx.sim.now, { operation: operation.index, kind: operation.kind, ...('targets' in operation ? { clusters: operation.targets } : {}) }));
      applyOperation({
        ctx,
        rollouts: host.rollouts,
        clusterByName: (name) => host.clusterByName(name),
        startFleetUpgrade: (op) => startFleetUpgrade(host, op),
        done: () => host.pending(-1),
      }, operation);
    }, undefined);
  }
}

function startFleetUpgrade(host: OperatorHost, operation: UpgradeOperation): FleetUpgrade {
  const { ctx, scenario } = host;
  const upgrade = new FleetUpgrade({
    sim: ctx.sim,
    timeline: ctx.timeline,
    clusters: scenario.clusters,
    startsAtEpochMs: scenario.startsAtEpochMs,
    upgradeCluster: (name, version) => upgradeCluster(host, name, version),
    health: (names, since) => waveHealth(host, names, since),
    done: () => host.pending(-1),
  }, operation);
  upgrade.start();
  return upgrade;
}

/**
 * The user bumps the cluster's topology version; the topology controller takes it from there.
 * CAPI's Cluster webhook refuses any version change while the control plane or a pool is not yet
 * on the current version (cluster-api@v1.13.5 internal/webhooks/cluster.go
 * `validateTopologyVersionUpdate`, `validateTopologyControlPlaneVersion`,
 * `validateTopologyMachineDeploymentVersions`): fleetsim reads that as "the cluster's upgrade
 * rollout is still open" and the fleet upgrade applies the bump again when it completes.
 */
function upgradeCluster(host: OperatorHost, name: string, version: string): UpgradeVerdict {
  const cluster = host.clusterByName(name);
  const current = cluster.spec.topology.version;
  if (compareVersions(version, current) <= 0) return { verdict: 'current' };
  if (host.rollouts.open(clusterKeyOf(cluster.metadata.namespace, cluster.metadata.name)).some((r) => r.kind === 'upgrade')) {
    return { verdict: 'refused', current, reason: `Cluster.spec.topology.version ${current} is not yet rolled out to the control plane and every pool` };
  }
  cluster.spec.topology.version = version;
  host.ctx.store.update(cluster, true);
  startRollout(host.ctx, host.rollouts, cluster, 'upgrade', current, version);
  return { verdict: 'started' };
}

/**
 * A wave's clusters now: every Node Ready (read from the workload clusters), and their
 * MachineHealthChecks' short-circuits and remediations since `since` (read from the store: mhc-watch.ts).
 */
function waveHealth(host: OperatorHost, names: readonly string[], since: Millis): WaveHealth {
  const specs = new Map<string, ClusterSpec>(host.scenario.clusters.map((spec) => [spec.name, spec]));
  let allReady = true;
  const keys = names.map((name) => {
    const spec = must(specs, name, 'cluster');
    return clusterKeyOf(spec.namespace, spec.name);
  });
  for (const key of keys) {
    const workload = host.workload(key).cluster;
    if (workload.countReady() !== workload.nodes.size) allReady = false;
  }
  return { allReady, ...host.healthChecks.countsSince(keys, since) };
}

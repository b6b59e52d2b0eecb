/**
 * Managed control-plane upgrades (EKS, AKS, GKE) as the provider controllers drive them:
 * 1. the controller calls the cloud once (EKS `UpdateClusterVersion`, AKS `PUT ManagedCluster`
 *    through ASO, GKE `UpdateCluster`), through the catalog's limits and the SDK's retries;
 * 2. the cloud refuses a second update while one runs (`conflict`) and a step it does not allow
 *    (`invalid`): more than one minor up, or down (EKS: one minor at a time, cloud-facts.md §1.5;
 *    AKS: non-LTS clusters cannot skip minors, §2.5; GKE: UNCONFIRMED, assumed the same, §3.3);
 * 3. the upgrade takes a sample of `controlPlaneUpgrade` (the catalog's, or the request's own);
 * 4. the controller learns it is done at its first poll at or after that (CAPA's EKS waiter,
 *    ASO's operation polls, CAPG's 60 s requeue); every poll is charged to the limits.
 * EKS takes minor versions only ("1.35"): a patch step is no upgrade there (CAPA
 * `reconcileClusterVersion` compares major.minor), so it is done at once with no call.
 * A refused or failed call comes back as a CloudFailure with the controller's requeue.
 */

import type { Millis } from '../engine/duration.js';
import { makeDistribution, type Distribution } from '../engine/distribution.js';
import type { Random, RandomStreams } from '../engine/random.js';
import type { Simulation } from '../engine/simulation.js';
import { objectKey, parseClusterKey, type ClusterKey, type ObjectKey } from '../kube/keys.js';
import type { ApiResult } from './api-endpoint.js';
import type { CloudCatalog } from './catalog.js';
import { makeError, type CallError } from './errors.js';
import type { PollSchedule } from './poll-schedule.js';
import type { CloudFailure, ControlPlaneUpgradeRequest } from './provider.js';
import { cloudControlPlaneUpgrade, type Timeline } from '../timeline/index.js';

export interface ControlPlaneFlow {
  /** The call that starts an upgrade. */
  updateAction: string;
  /** What the controller (or ASO) calls to follow it. */
  pollAction: string;
  /** When it calls `pollAction` after the update was accepted at `accepted`. */
  polls(accepted: Millis, random: Random): PollSchedule;
  /** `minor`: the cloud's versions are major.minor (EKS); `patch`: full versions (AKS, GKE). */
  granularity: 'minor' | 'patch';
}

/** What the upgrades need from their provider. */
export interface ControlPlaneHost {
  readonly sim: Simulation;
  readonly streams: RandomStreams;
  /** `aws/<account>/<region>`: the prefix of the random streams. */
  readonly path: string;
  readonly catalog: CloudCatalog;
  call(action: string, options: { cluster: ClusterKey; object: ObjectKey; resource: string; serve: () => CallError | undefined }, done: (result: ApiResult) => void): void;
  /** Charges the controller's polls up to the first at or after `t`; returns that poll's time. */
  chargePolls(action: string, schedule: PollSchedule, t: Millis, cluster: string, resource: string): Millis;
  /** The failure the controller sees, with its requeue. */
  failure(owner: string, error: CallError): CloudFailure;
  /** The controller's reconcile of `owner` succeeded (its failure backoff resets). */
  succeeded(owner: string): void;
  /** The run's timeline, for `cloud.controlPlaneUpgrade` (undefined in bare tests). */
  readonly timeline?: Timeline | undefined;
}

interface Version {
  major: number;
  minor: number;
  patch: number;
}

function parseVersion(version: string): Version | undefined {
  const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(version);
  if (!match) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3] ?? 0) };
}

/** Why the cloud refuses the step from → to, or undefined when it takes it. */
export function versionStepProblem(from: string, to: string): string | undefined {
  const a = parseVersion(from);
  const b = parseVersion(to);
  if (a === undefined || b === undefined) return `not a Kubernetes version: ${a === undefined ? from : to}`;
  if (b.major !== a.major) return `cannot change the major version (${from} → ${to})`;
  if (b.minor > a.minor + 1) return `one minor version at a time (${from} → ${to})`;
  if (b.minor < a.minor || (b.minor === a.minor && b.patch < a.patch)) return `cannot downgrade (${from} → ${to})`;
  return undefined;
}

function sameMinor(from: string, to: string): boolean {
  const a = parseVersion(from);
  const b = parseVersion(to);
  return a !== undefined && b !== undefined && a.major === b.major && a.minor === b.minor;
}

export class ControlPlaneUpgrades {
  /** Clusters whose control plane is upgrading, with the time the cloud finishes. */
  private readonly running = new Map<string, Millis>();
  private readonly duration: Distribution;

  constructor(private readonly host: ControlPlaneHost, private readonly flow: ControlPlaneFlow) {
    this.duration = makeDistribution(host.catalog.timings.controlPlaneUpgrade);
  }

  /** Whether the cloud is upgrading `cluster`'s control plane now. */
  upgrading(cluster: string): boolean {
    return this.running.has(cluster);
  }

  upgrade(request: ControlPlaneUpgradeRequest, done: (failure?: CloudFailure) => void): void {
    const { host, flow } = this;
    const { cluster } = request;
    const { namespace, name } = parseClusterKey(cluster);
    const owner = objectKey('ManagedControlPlane', namespace, name);
    if (flow.granularity === 'minor' && sameMinor(request.fromVersion, request.toVersion)) {
      done();
      return;
    }
    const random = host.streams.stream(`${host.path}/control-plane/${cluster}`);
    let finishesAt = 0;
    host.call(flow.updateAction, {
      cluster,
      object: owner,
      resource: cluster,
      serve: () => {
        if (this.running.has(cluster)) return makeError(host.catalog.errors, 'conflict');
        if (versionStepProblem(request.fromVersion, request.toVersion) !== undefined) return makeError(host.catalog.errors, 'invalid');
        const distribution = request.duration === undefined ? this.duration : makeDistribution(request.duration);
        finishesAt = host.sim.now + Math.max(1, Math.round(distribution.sample(random)));
        this.running.set(cluster, finishesAt);
        return undefined;
      },
    }, (result) => {
      if (result.error !== undefined) {
        done(host.failure(owner, result.error));
        return;
      }
      const seen = host.chargePolls(flow.pollAction, flow.polls(host.sim.now, random), finishesAt, cluster, cluster);
      const step = { cluster, object: owner, cloud: host.catalog.cloud, from: request.fromVersion, to: request.toVersion };
      host.timeline?.record(cloudControlPlaneUpgrade(host.sim.now, { ...step, stage: 'started' }));
      host.sim.at(finishesAt, () => this.running.delete(cluster), undefined);
      host.sim.at(seen, () => {
        host.timeline?.record(cloudControlPlaneUpgrade(host.sim.now, { ...step, stage: 'completed' }));
        host.succeeded(owner);
        done();
      }, undefined);
    });
  }
}

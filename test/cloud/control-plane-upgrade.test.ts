/**
 * Managed control-plane upgrades on the cloud models: the cloud's call through the catalog,
 * the duration distribution (the cloud's `controlPlaneUpgrade` or the request's own), the
 * controller learning it at its poll schedule, and the refusals (one minor at a time, one update
 * at a time) as CloudFailures.
 */

import { describe, expect, it } from 'vitest';
import { MINUTE, SECOND } from '../../src/engine/duration.js';
import { Random } from '../../src/engine/random.js';
import { versionStepProblem } from '../../src/cloud/control-plane-upgrade.js';
import { CAPA_EKS_WAITER } from '../../src/cloud/aws/defaults.js';
import { ASO_OPERATION_POLL } from '../../src/cloud/azure/defaults.js';
import { CAPG_GKE_REQUEUE } from '../../src/cloud/gcp/defaults.js';
import { waiterPolls } from '../../src/cloud/poll-schedule.js';
import type { CloudKind } from '../../src/cloud/catalog.js';
import type { CloudFailure, ControlPlaneUpgradeRequest } from '../../src/cloud/provider.js';
import { clusterKeyOf, type ClusterKey } from '../../src/kube/keys.js';
import { cloudCalls, world } from './helpers.js';

const request = (cluster: ClusterKey, fromVersion: string, toVersion: string): ControlPlaneUpgradeRequest => ({ cluster, region: 'r1', fromVersion, toVersion });

interface Outcome {
  at?: number;
  failure?: CloudFailure;
}

function upgrade(cloud: CloudKind, req: ControlPlaneUpgradeRequest, overrides = {}) {
  const w = world(`cp-${cloud}`, { overrides: { [cloud]: { controlPlaneUpgrade: { distribution: 'uniform', min: 8 * MINUTE, max: 9 * MINUTE }, ...overrides } } });
  const provider = w.registry.cloudProvider(cloud, 'r1');
  const outcome: Outcome = {};
  provider.upgradeControlPlane(req, (failure) => {
    outcome.at = w.sim.now;
    if (failure !== undefined) outcome.failure = failure;
  });
  return { ...w, provider, outcome };
}

describe('versionStepProblem', () => {
  it('allows one minor up or a patch; refuses skips, downgrades and other majors', () => {
    expect(versionStepProblem('v1.34.3', 'v1.35.0')).toBeUndefined();
    expect(versionStepProblem('v1.34.3', 'v1.34.5')).toBeUndefined();
    expect(versionStepProblem('v1.34.3', 'v1.36.0')).toMatch(/one minor/);
    expect(versionStepProblem('v1.35.0', 'v1.34.3')).toMatch(/downgrade/);
    expect(versionStepProblem('v1.34.3', 'v2.0.0')).toMatch(/major/);
  });
});

describe('the CAPA EKS waiter', () => {
  it('describes at once, after 30 s, then jittered between 30 s and 60 s, then between 30 s and 120 s', () => {
    const schedule = waiterPolls(0, CAPA_EKS_WAITER, new Random('w'));
    const gaps = Array.from({ length: 12 }, (_, k) => schedule.time(k + 1) - schedule.time(k));
    expect(schedule.time(0)).toBe(0);
    expect(gaps[0]).toBe(30 * SECOND);
    expect(gaps[1]).toBeGreaterThanOrEqual(30 * SECOND);
    expect(gaps[1]).toBeLessThan(60 * SECOND);
    for (const gap of gaps.slice(2)) {
      expect(gap).toBeGreaterThanOrEqual(30 * SECOND);
      expect(gap).toBeLessThan(120 * SECOND);
    }
  });

  it('gives up after 30 min: the next reconcile starts a new waiter (30 s again)', () => {
    const schedule = waiterPolls(0, CAPA_EKS_WAITER, new Random('w2'));
    let k = 0;
    while (schedule.time(k) < 30 * MINUTE - 30 * SECOND) k++;
    // the last attempt of the first waiter lands 30 s before its deadline
    expect(schedule.time(k)).toBe(30 * MINUTE - 30 * SECOND);
    expect(schedule.time(k + 1) - schedule.time(k)).toBe(30 * SECOND);
  });
});

describe('upgradeControlPlane', () => {
  it('EKS: one UpdateClusterVersion, done at the first DescribeCluster of CAPA\'s waiter after the cloud finished', () => {
    const { sim, timeline, provider, outcome } = upgrade('aws', request('fleet/a', 'v1.34.3', 'v1.35.0'));
    sim.run({ horizon: 2 * 60 * MINUTE });
    const [call] = cloudCalls(timeline, 'eks.UpdateClusterVersion');
    expect(call).toMatchObject({ outcome: 'ok', cluster: 'fleet/a', object: 'ManagedControlPlane/fleet/a' });
    expect(outcome.failure).toBeUndefined();
    const took = outcome.at! - call!.t;
    expect(took).toBeGreaterThanOrEqual(8 * MINUTE);
    expect(took).toBeLessThan(9 * MINUTE + CAPA_EKS_WAITER.maxDelay);
    const describe = provider.stats().actions.find((a) => a.action === 'eks.DescribeCluster')!;
    expect(describe.calls).toBe(describe.idlePolls);
    expect(describe.calls).toBeGreaterThanOrEqual(5); // at once, +30 s, then ≤ 120 s apart over 8+ min
  });

  it('AKS: PUT ManagedCluster, then ASO\'s operation polls every 30 s', () => {
    const { sim, timeline, provider, outcome } = upgrade('azure', request('fleet/b', 'v1.34.3', 'v1.35.0'));
    sim.run({ horizon: 2 * 60 * MINUTE });
    const [call] = cloudCalls(timeline, 'ManagedClusters.CreateOrUpdate');
    const took = outcome.at! - call!.t;
    expect(took).toBeGreaterThanOrEqual(8 * MINUTE);
    expect(took).toBeLessThanOrEqual(9 * MINUTE + ASO_OPERATION_POLL);
    expect(took % ASO_OPERATION_POLL).toBe(0);
    const polls = provider.stats().actions.find((a) => a.action === 'AksOperations.Get')!;
    expect(polls.calls).toBe(took / ASO_OPERATION_POLL);
  });

  it('GKE: UpdateCluster, then CAPG reads the cluster every 60 s', () => {
    const { sim, timeline, provider, outcome } = upgrade('gcp', request('fleet/c', 'v1.34.3', 'v1.35.0'));
    sim.run({ horizon: 2 * 60 * MINUTE });
    const [call] = cloudCalls(timeline, 'gke.clusters.update');
    const took = outcome.at! - call!.t;
    expect(took % CAPG_GKE_REQUEUE).toBe(0);
    expect(took).toBeGreaterThanOrEqual(8 * MINUTE);
    expect(took).toBeLessThanOrEqual(9 * MINUTE + CAPG_GKE_REQUEUE);
    expect(provider.stats().actions.find((a) => a.action === 'gke.clusters.get')!.calls).toBe(took / CAPG_GKE_REQUEUE);
  });

  it('the request\'s own duration wins over the cloud\'s', () => {
    const { sim, timeline, outcome } = upgrade('gcp', { ...request('fleet/c', 'v1.34.3', 'v1.35.0'), duration: { distribution: 'constant', value: 30 * MINUTE } });
    sim.run({ horizon: 2 * 60 * MINUTE });
    const [call] = cloudCalls(timeline, 'gke.clusters.update');
    expect(outcome.at! - call!.t).toBe(30 * MINUTE);
  });

  it('durations follow the cloud\'s distribution over many clusters (EKS default: 7 to 20 min)', () => {
    const w = world('many');
    const provider = w.registry.cloudProvider('aws', 'r1');
    const started = new Map<string, number>();
    const took: number[] = [];
    for (let i = 0; i < 40; i++) {
      const cluster = clusterKeyOf('fleet', `c${i}`);
      w.sim.at(i * SECOND, () => {
        started.set(cluster, w.sim.now);
        provider.upgradeControlPlane(request(cluster, 'v1.34.3', 'v1.35.0'), () => took.push(w.sim.now - started.get(cluster)!));
      }, undefined);
    }
    w.sim.run({ horizon: 3 * 60 * MINUTE });
    expect(took).toHaveLength(40);
    expect(Math.min(...took)).toBeGreaterThanOrEqual(7 * MINUTE);
    expect(Math.max(...took)).toBeLessThan(20 * MINUTE + CAPA_EKS_WAITER.maxDelay + 5 * SECOND);
    const sorted = [...took].sort((a, b) => a - b);
    expect(sorted[20]).toBeGreaterThan(9 * MINUTE);
    expect(sorted[20]).toBeLessThan(13 * MINUTE);
  });

  it('EKS versions are major.minor: a patch step is done at once without a call', () => {
    const { sim, timeline, outcome } = upgrade('aws', request('fleet/a', 'v1.34.3', 'v1.34.5'));
    sim.run({ horizon: MINUTE });
    expect(outcome).toEqual({ at: 0 });
    expect(cloudCalls(timeline)).toEqual([]);
  });

  it('refuses a minor skip (invalid) and a second update while one runs (conflict), with the controller\'s requeue', () => {
    const skip = upgrade('aws', request('fleet/a', 'v1.34.3', 'v1.36.0'));
    skip.sim.run({ horizon: MINUTE });
    expect(skip.outcome.failure).toMatchObject({ reason: 'InvalidParameterException' });
    expect(skip.outcome.failure!.retryAfterMs).toBeGreaterThan(0);

    const busy = upgrade('azure', request('fleet/b', 'v1.34.3', 'v1.35.0'));
    const second: Outcome = {};
    busy.sim.at(MINUTE, () => busy.provider.upgradeControlPlane(request('fleet/b', 'v1.34.3', 'v1.35.0'), (failure) => {
      second.at = busy.sim.now;
      if (failure !== undefined) second.failure = failure;
    }), undefined);
    busy.sim.run({ horizon: 60 * MINUTE });
    expect(busy.outcome.failure).toBeUndefined();
    expect(second.failure).toMatchObject({ reason: 'OperationNotAllowed' });
    expect(second.at!).toBeLessThan(MINUTE + 10 * SECOND);
  });

  it('an API outage fails the call after the SDK\'s retries; the failure carries the controller\'s requeue', () => {
    const w = world('outage');
    const provider = w.registry.cloudProvider('aws', 'r1');
    provider.setOutage(true);
    const outcome: Outcome = {};
    provider.upgradeControlPlane(request('fleet/a', 'v1.34.3', 'v1.35.0'), (failure) => {
      outcome.at = w.sim.now;
      if (failure !== undefined) outcome.failure = failure;
    });
    w.sim.run({ horizon: 10 * MINUTE });
    expect(outcome.failure).toMatchObject({ reason: 'RequestTimeout' });
    expect(cloudCalls(w.timeline, 'eks.UpdateClusterVersion')).toHaveLength(3); // the SDK's 3 attempts
    expect(provider.controlPlaneUpgrading('fleet/a')).toBe(false);
  });
});

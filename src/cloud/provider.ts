/**
 * The one interface between the management cluster's infrastructure controllers and a cloud.
 * A provider knows instances, zones, API limits and boot times; it knows nothing of CAPI objects.
 * Every operation is asynchronous in virtual time and answers through a callback.
 */

import type { Millis } from '../engine/duration.js';
import type { DistributionSpec } from '../engine/distribution.js';
import type { ClusterKey, ObjectKey } from '../kube/keys.js';

import type { ProviderKind } from './clouds.js';

/** The infrastructure providers a cluster may run on: the cloud table's rows (clouds.ts). */
export type { ProviderKind };

export interface InstanceSpec {
  /** `namespace/name` of the workload cluster, for events and per-cluster limits. */
  cluster: ClusterKey;
  /** `Kind/namespace/name` of the object asking (an InfraMachine or a pool), for events. */
  owner: ObjectKey;
  region: string;
  zone: string;
  instanceType: string;
  image: string;
  /** Kubernetes version the instance's kubelet will run. */
  version: string;
}

export type InstanceState = 'pending' | 'running' | 'shuttingDown' | 'terminated';

/** Why a create or delete did not go through, and when the caller may try again. */
export interface CloudFailure {
  reason: string;
  /** The caller's own requeue delay after this failure (Retry-After, provider requeue). */
  retryAfterMs: Millis;
  /** The zone could not place the instance (a stock-out or a zone that is down): another zone might. */
  zonal?: boolean;
}

export interface CreateInstanceCallbacks {
  /** The cloud accepted the create and assigned the instance its provider ID. */
  accepted(providerID: string): void;
  /** The instance reached running: the kubelet starts joining now. */
  running(providerID: string): void;
  /** The create failed before an instance existed (throttled past retries, capacity, quota, API error). */
  failed(failure: CloudFailure): void;
}

export interface InfrastructureProvider {
  readonly kind: ProviderKind;
  createInstance(spec: InstanceSpec, callbacks: CreateInstanceCallbacks): void;
  /** Terminates an instance; `done` fires when the cloud reports it gone (or the call failed). */
  deleteInstance(providerID: string, done: (failure?: CloudFailure) => void): void;
  /**
   * Registers an instance that is already running when the scenario starts (no API call, no
   * boot time); returns its provider ID.
   */
  adoptRunningInstance(spec: InstanceSpec): string;
  /**
   * Every instance the cloud knows now, terminated ones included until forgotten (no API cost):
   * what a leak check compares with CAPI's objects.
   */
  listInstances(): ListedInstance[];
  /** What the cloud would answer to a describe call now (no API cost is charged). */
  instanceState(providerID: string): InstanceState | undefined;
  /** Sampled time from running to the kubelet's Node registering Ready. */
  kubeletJoinDelay(spec: InstanceSpec): Millis;
  /**
   * Managed control planes (EKS, AKS, GKE): upgrades the control plane of `cluster` to `version`
   * (one step; the caller plans minor steps); `done` fires when the cloud reports it finished.
   * Providers without managed control planes leave it undefined.
   */
  upgradeControlPlane?(request: ControlPlaneUpgradeRequest, done: (failure?: CloudFailure) => void): void;
}

export interface ListedInstance {
  providerID: string;
  state: InstanceState;
  spec: InstanceSpec;
}

export interface ControlPlaneUpgradeRequest {
  /** `namespace/name` of the workload cluster. */
  cluster: ClusterKey;
  region: string;
  fromVersion: string;
  toVersion: string;
  /** This cluster's upgrade duration (the scenario's `controlPlane.upgradeDuration`); the cloud's `controlPlaneUpgrade` when absent. */
  duration?: DistributionSpec;
}

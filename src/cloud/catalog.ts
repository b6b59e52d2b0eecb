/**
 * What fleetsim knows about one cloud, as data: its API limits, its actions (which limits each
 * draws from and how long it takes), instance timings, its SDK's retry settings, its error codes
 * and its managed node pools' upgrade settings. Each cloud's defaults live in
 * `<cloud>/defaults.ts` with the source of every number; scenario overrides are merged in by
 * `applyOverrides` (overrides.ts).
 */

import type { Millis } from '../engine/duration.js';
import type { DistributionSpec } from '../engine/distribution.js';
import type { IntOrPercent } from '../kube/intstr.js';
import type { ActionSpec } from './api-endpoint.js';
import type { CloudErrorCatalog } from './errors.js';
import type { LimitSpec } from './limits/limiter.js';
import type { RetrySettings } from './retry/retry-policy.js';

import type { CloudKind } from './clouds.js';

/** The providers with an API model: the cloud table's rows that have one (clouds.ts). */
export type { CloudKind };

export interface CloudTimings {
  /** From the create call's acceptance to the instance running (its kubelet starts). */
  instanceBoot: DistributionSpec;
  /** From running to the Node registering Ready. */
  kubeletJoin: DistributionSpec;
  /** From the delete call's acceptance to the instance gone. */
  instanceDelete: DistributionSpec;
  /** From the create call's acceptance to its operation failing for capacity (LRO clouds). */
  allocationFailure: DistributionSpec;
  /** A managed control plane's version upgrade (EKS, AKS, GKE; control-plane-upgrade.ts). */
  controlPlaneUpgrade: DistributionSpec;
}

export type { IntOrPercent };

/** A managed node pool's upgrade settings (EKS node group, AKS agent pool, GKE node pool). */
export interface NodePoolSettings {
  maxSurge: IntOrPercent;
  maxUnavailable: IntOrPercent;
  /** How long a node's drain may take before the upgrade gives up or forces. */
  drainTimeout: Millis;
  /** Wait after draining a node before replacing it. */
  soak: Millis;
  /**
   * What the cloud does when a node's drain outlasts `drainTimeout`: `fail` the update (EKS
   * PodEvictionFailure without --force; AKS undrainableNodeBehavior Schedule) or `force` the pods
   * out and go on (GKE after 1 h).
   */
  onDrainTimeout: 'fail' | 'force';
}

export interface CloudCatalog {
  cloud: CloudKind;
  limits: Record<string, LimitSpec>;
  actions: Record<string, ActionSpec>;
  timings: CloudTimings;
  retry: RetrySettings;
  errors: CloudErrorCatalog;
  /** Whether throttled answers carry Retry-After. */
  throttleRetryAfter: boolean;
  nodePool: NodePoolSettings;
  /** Instances per account and region before creates fail with the quota error; unlimited when absent. */
  instanceQuota?: number;
  /** Machines the provider controller reconciles at once (controller-workers.ts). */
  controllerConcurrency: number;
}

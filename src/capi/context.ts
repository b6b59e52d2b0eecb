/**
 * What CAPI's controllers share: the management store, the clock, the timeline, the workload
 * clusters they reach through the ClusterCache, and the clouds their infrastructure providers call.
 */

import type { Millis } from '../engine/duration.js';
import type { RandomStreams } from '../engine/random.js';
import type { Simulation } from '../engine/simulation.js';
import type { Controller } from '../kube/controller.js';
import type { Manager } from '../kube/manager.js';
import type { ObjectStore } from '../kube/store.js';
import { clusterKeyOf, objectKeyInCluster, type ClusterKey, type ObjectKey } from '../kube/keys.js';
import type { Timeline } from '../timeline/index.js';
import type { InfrastructureProvider } from '../cloud/provider.js';
import type { DisruptionBudget, WorkloadProfile } from '../workload/drain.js';
import type { WorkloadCluster } from '../workload/workload-cluster.js';
import { KIND, type Cluster, type ClusterRollout } from './types.js';
import type { ControllerName } from './controllers.js';

/** The workload side of one cluster: its Nodes, drain behaviour and disruption budget. */
export interface WorkloadHandle {
  cluster: WorkloadCluster;
  profile: WorkloadProfile;
  budget: DisruptionBudget;
}

/** Starts a kubelet on a running instance: the Node registers after the join delay unless the image is bad. */
export interface KubeletStarter {
  instanceRunning(request: {
    clusterKey: ClusterKey;
    providerID: string;
    nodeName: string;
    version: string;
    image: string;
    pool: ObjectKey | '';
    zone: string;
    joinDelay: Millis;
  }): void;
}

export interface CapiSettings {
  /** MachineSet preflight checks (feature gate MachineSetPreflightChecks, on by default; capi-semantics.md §2.3). */
  machineSetPreflightChecks: boolean;
  /** Requeue after a failed preflight check (`preflightFailedRequeueAfter`, 15 s). */
  preflightRequeue: Millis;
  /** Drain and volume-detach retry interval (`drainRetryInterval`, 20 s). */
  drainRetryInterval: Millis;
  /**
   * Test-only: deliberately wrong controller variants, so property tests can show that the
   * invariants catch them (fleetsim issue 9's mutation check). Never set in a real run.
   */
  mutations?: ControllerMutations;
  /**
   * Test-only: the straightforward controllers, with every incremental shortcut of issue 14 off
   * (MachineHealthCheck verdict memory, …). The equivalence test compares a run with and without.
   */
  reference?: boolean;
}

export interface ControllerMutations {
  /** The MachineDeployment planner scales the new MachineSet straight to replicas, ignoring maxSurge. */
  ignoreMaxSurge?: boolean;
  /** MachineHealthCheck remediates even when its short-circuit holds. */
  remediatePastMaxUnhealthy?: boolean;
}

export const CAPI_SETTINGS: CapiSettings = {
  machineSetPreflightChecks: true,
  preflightRequeue: 15_000,
  drainRetryInterval: 20_000,
};

/** The manager's controller of each row of the controller table (controllers.ts). */
export type CapiControllers = Readonly<Record<ControllerName, Controller>>;

export interface CapiContext {
  sim: Simulation;
  store: ObjectStore;
  timeline: Timeline;
  streams: RandomStreams;
  manager: Manager;
  settings: CapiSettings;
  workload(clusterKey: string): WorkloadHandle;
  provider(cluster: Cluster): InfrastructureProvider;
  kubelet: KubeletStarter;
  /** The rollouts in progress; the topology controller closes one when its cluster has converged. */
  rollouts: RolloutLedger;
  controllers: CapiControllers;
}

/**
 * fleetsim's record of each cluster's rollouts in progress (at most one per kind), for the
 * rollout.started/completed events. Not CAPI state, so not on the Cluster: the fleet operator
 * (src/fleet/rollouts.ts) keeps it, and writing it is no API write.
 */
export interface RolloutLedger {
  open(clusterKey: ClusterKey): readonly ClusterRollout[];
  /** Removes rollouts that have completed. */
  close(clusterKey: ClusterKey, done: readonly ClusterRollout[]): void;
}

export { clusterKeyOf };

/** The key of a Node's Machine: a Node is named after its Machine, in the cluster's namespace. */
export function machineKeyOfNode(cluster: ClusterKey, nodeName: string): ObjectKey {
  return objectKeyInCluster(KIND.Machine, cluster, nodeName);
}

/**
 * Enqueues from outside a watch (a cloud callback, a timer): dropped while the manager is stopped,
 * like a watch event, since the re-list on resume covers it.
 */
export function enqueueUnlessStopped(ctx: CapiContext, controller: Controller, key: string, delay = 0): void {
  if (ctx.manager.paused) return;
  if (delay > 0) controller.enqueueAfter(key, delay);
  else controller.enqueue(key);
}

/**
 * What a fault can reach in the world: the clock and seeded streams, the timeline, the management
 * cluster's manager, each cluster's objects and workload, the clouds, and the kubelets' join gate.
 * The world implements it; faults never import the world.
 */

import type { Simulation } from '../engine/simulation.js';
import type { RandomStreams } from '../engine/random.js';
import type { Timeline } from '../timeline/index.js';
import type { Manager } from '../kube/manager.js';
import type { ObjectStore } from '../kube/store.js';
import type { CapiContext, WorkloadHandle } from '../capi/context.js';
import type { Cluster } from '../capi/types.js';
import type { InfrastructureProvider, ProviderKind } from '../cloud/provider.js';
import type { JoinBlocker } from './join-gate.js';
import type { FaultCluster } from './spec.js';

export interface FaultHost {
  sim: Simulation;
  streams: RandomStreams;
  timeline: Timeline;
  manager: Manager;
  store: ObjectStore;
  capi: CapiContext;
  /** Cluster specs by name, in scenario order. */
  clusterSpecs: readonly FaultCluster[];
  cluster(name: string): Cluster;
  workload(clusterKey: string): WorkloadHandle;
  /** The provider serving a cluster (its cloud, account and region). */
  providerOf(clusterKey: string): InfrastructureProvider;
  /** Every provider built so far with its (cloud, account, region). */
  providers(): Array<{ kind: ProviderKind; account: string; region: string; provider: InfrastructureProvider }>;
  /** Gates that can stop a kubelet from joining (bad images, dead zones). */
  joinBlockers: JoinBlocker[];
  /** Counts a scheduled start or end that has not happened yet; the run does not settle before it. */
  pending(delta: 1 | -1): void;
}

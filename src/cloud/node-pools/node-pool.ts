/**
 * The node-group contract between CAPI's MachinePool side and a cloud's node groups, as the cloud
 * layer sees it. These types mirror `NodePoolProvider` and friends of
 * src/capi/machinepool/node-pool-provider.ts field for field (the cloud layer may not import
 * from capi; test/cloud/node-pool-contract.test.ts checks that both stay assignable), plus what a
 * cloud that drains its own nodes needs besides (`NodeAccess`).
 */

import type { Millis } from '../../engine/duration.js';
import type { Random } from '../../engine/random.js';
import type { Simulation } from '../../engine/simulation.js';
import type { DrainOptions, DrainOutcome } from '../../workload/node-drainer.js';
import type { CloudFailure, InfrastructureProvider, InstanceState } from '../provider.js';

/** An int or a percent string such as "25%" (apimachinery IntOrString). */
export type PoolIntOrPercent = number | string;

export interface NodePoolSpec {
  group: string;
  /** `namespace/name` of the workload cluster. */
  cluster: string;
  /** `MachinePool/namespace/name`. */
  pool: string;
  namePrefix: string;
  region: string;
  zones: string[];
  instanceType: string;
  image: string;
  version: string;
  replicas: number;
  maxSurge: PoolIntOrPercent;
  maxUnavailable: PoolIntOrPercent;
  drainTimeout?: Millis;
  soak?: Millis;
}

export interface NodePoolInstance {
  providerID: string;
  nodeName: string;
  zone: string;
  image: string;
  version: string;
  instanceType: string;
  state: InstanceState;
  createdAt: Millis;
  leaving: boolean;
}

export interface NodePoolObservation {
  spec: NodePoolSpec;
  instances: NodePoolInstance[];
  updating: boolean;
}

export interface NodePoolHost {
  readonly sim: Simulation;
  readonly random: Random;
  readonly infrastructure: InfrastructureProvider;
  startKubelet(instance: NodePoolInstance, joinDelay: Millis): void;
  nodeReady(instance: NodePoolInstance): boolean;
  retire(instance: NodePoolInstance): void;
  drainNode(instance: NodePoolInstance, options: DrainOptions, done: (outcome: DrainOutcome) => void): void;
  changed(): void;
}

export interface NodePoolProvider {
  readonly kind: string;
  apply(spec: NodePoolSpec, host: NodePoolHost, done: (failure?: CloudFailure) => void): void;
  sync(group: string): void;
  adopt(spec: NodePoolSpec, host: NodePoolHost): NodePoolInstance[];
  observe(group: string): NodePoolObservation | undefined;
  deleteInstance(group: string, providerID: string, done: (failure?: CloudFailure) => void): void;
}

/**
 * What a cloud that drains its own nodes needs besides `NodePoolHost.drainNode`: EKS cordons the
 * old nodes before draining them, AKS makes blocked nodes schedulable again when an upgrade
 * fails, and the cloud node lifecycle controller deletes the Node of a terminated instance.
 * Proposed as members of capi's `NodePoolHost`; until then the cloud does it on the workload
 * cluster itself (node-access.ts).
 */
export interface NodeAccess {
  cordonNode(instance: NodePoolInstance): void;
  uncordonNode(instance: NodePoolInstance): void;
  /** The instance is gone: its Node object goes too. */
  nodeGone(instance: NodePoolInstance): void;
}

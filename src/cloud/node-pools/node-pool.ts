/**
 * The node-group side of a MachinePool: what a cloud (EKS managed node group, AKS agent pool, GKE
 * node pool, an Auto Scaling group, a VM scale set, a managed instance group) does behind CAPI's
 * InfraMachinePool. CAPI itself never creates a pool's instances; it copies the desired replicas
 * and version to the provider and reads back instances and their Nodes (cluster-api@v1.13.5
 * internal/controllers/machinepool/machinepool_controller_phases.go `reconcileInfrastructure`,
 * `reconcileMachines`; capi-semantics.md §6). Version and image changes are rolled out entirely by
 * the provider, with the cloud's own surge and unavailability settings.
 *
 * The contract lives in the cloud layer, below CAPI: the cloud's flavours (src/cloud/node-pools)
 * implement it, and CAPI's MachinePool side (src/capi/machinepool) drives it; the generic surge
 * node group is src/capi/machinepool/surge-node-pool.ts.
 */

import type { Millis } from '../../engine/duration.js';
import type { Random } from '../../engine/random.js';
import type { Simulation } from '../../engine/simulation.js';
import type { IntOrPercent } from '../../kube/intstr.js';
import type { ClusterKey, ObjectKey } from '../../kube/keys.js';
import type { DrainOptions, DrainOutcome } from '../../workload/node-drainer.js';
import type { CloudFailure, InfrastructureProvider, InstanceState } from '../provider.js';


/** What a node group should look like: applied with `apply`, converged on by the provider. */
export interface NodePoolSpec {
  /** The group's identity within its provider (fleetsim uses the InfraMachinePool key). */
  group: string;
  /** `namespace/name` of the workload cluster. */
  cluster: ClusterKey;
  /** `MachinePool/namespace/name`: the pool the Nodes belong to (timeline, node labels). */
  pool: ObjectKey;
  /** Prefix of instance and Node names. */
  namePrefix: string;
  region: string;
  zones: string[];
  instanceType: string;
  image: string;
  version: string;
  replicas: number;
  /**
   * The pool's rolling-update settings, CAPI's int-or-percent rounding (surge up, unavailable
   * down); unset when the MachinePool does not say, so the cloud flavour's own defaults apply.
   */
  maxSurge?: IntOrPercent;
  maxUnavailable?: IntOrPercent;
  /** How long the cloud's own drain may take before it forces (providers that drain themselves). */
  drainTimeout?: Millis;
  /** Wait after each upgraded node (AKS node soak). */
  soak?: Millis;
}

/** One instance of a node group, as the cloud describes it. */
export interface NodePoolInstance {
  providerID: string;
  /** The Node name its kubelet registers (also the MachinePool Machine's name). */
  nodeName: string;
  zone: string;
  image: string;
  version: string;
  instanceType: string;
  state: InstanceState;
  createdAt: Millis;
  /** The provider is taking it out of service (retired, draining, terminating). */
  leaving: boolean;
}

export interface NodePoolObservation {
  /** The spec the group converges on (the last one applied). */
  spec: NodePoolSpec;
  /** Instances that exist (not yet terminated), by Node name. */
  instances: NodePoolInstance[];
  /** A scale or rolling update is still in progress. */
  updating: boolean;
}

/** What a node group needs from the rest of the world; supplied by CAPI's side per group. */
export interface NodePoolHost {
  readonly sim: Simulation;
  /** The group's own stream (names, zone ties), named by its path. */
  readonly random: Random;
  /** The cloud's instance API (create, terminate, describe, boot and join times). */
  readonly infrastructure: InfrastructureProvider;
  /** An instance is running: its kubelet starts and registers a Node after `joinDelay` (unless a fault blocks it). */
  startKubelet(instance: NodePoolInstance, joinDelay: Millis): void;
  /** The instance's Node is registered and Ready. */
  nodeReady(instance: NodePoolInstance): boolean;
  /**
   * Takes an instance out of service the CAPI way (MachinePool Machines proposal): its Machine is
   * deleted (cordon, drain, volume wait), then `deleteInstance` is called for it. Providers that
   * drain and terminate by themselves do not call this.
   */
  retire(instance: NodePoolInstance): void;
  /**
   * Drains the instance's Node the cloud's way, without CAPI (EKS, AKS and GKE upgrades evict pods
   * themselves): cordon, passes every `retryInterval` against the cluster's PodDisruptionBudget,
   * forced after `timeout`. Afterwards the provider terminates the instance; CAPI removes the
   * dangling MachinePool Machine once the instance has left the group.
   */
  drainNode(instance: NodePoolInstance, options: DrainOptions, done: (outcome: DrainOutcome) => void): void;
  /**
   * Where the provider's own drain of an instance's Node is (started, then completed or timed
   * out): CAPI's side records it against the instance's Machine, which the cloud does not know.
   */
  drainProgress(instance: NodePoolInstance, stage: 'started' | 'completed' | 'timedOut', refusedEvictions?: number): void;
  /** Something CAPI reads changed (an instance appeared, started, left): the InfraMachinePool is reconciled. */
  changed(): void;
}

export interface NodePoolProvider {
  /** Which behaviour this is ("surge" for the generic one, "eks-managed-node-group", …). */
  readonly kind: string;
  /**
   * Creates the group or changes it: a new replica count scales it, a new version, image or
   * instance type starts a rolling update. `done` reports whether the cloud accepted the change.
   */
  apply(spec: NodePoolSpec, host: NodePoolHost, done: (failure?: CloudFailure) => void): void;
  /** The group's controller looks at its instances and takes its next step (called on every InfraMachinePool reconcile). */
  sync(group: string): void;
  /** A group that already runs when the scenario starts: `spec.replicas` running instances, no API calls. */
  adopt(spec: NodePoolSpec, host: NodePoolHost): NodePoolInstance[];
  /** What the cloud reports now (no API cost). */
  observe(group: string): NodePoolObservation | undefined;
  /**
   * Terminates one instance (its MachinePool Machine finished deleting). An instance the provider
   * retired leaves for good; any other is replaced, keeping the desired count (an ASG or node group
   * replaces an instance deleted under it). `done` fires when the cloud reports it gone.
   */
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

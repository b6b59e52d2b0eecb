/**
 * One workload cluster's API as the management cluster sees it through its ClusterCache: Nodes by
 * name and by providerID, with listeners for Node changes (the watches CAPI's Machine and
 * MachineHealthCheck controllers hold on workload clusters), and its etcd membership.
 */

import type { Millis } from '../engine/duration.js';
import type { Simulation } from '../engine/simulation.js';
import type { Random } from '../engine/random.js';
import type { ConditionStatus } from '../kube/object.js';
import type { ClusterKey, ObjectKey } from '../kube/keys.js';
import { EtcdMembership } from './etcd.js';
import { NODE_CONDITION_TYPES, type Node, type NodeConditionType } from './node.js';
import { nodeMonitorGracePeriod, unknownMarkDelay } from './node-lifecycle.js';

export type NodeEventType = 'added' | 'condition' | 'cordoned' | 'deleted' | 'kubelet';

/** A condition change carries the condition and its new status; the other events only the Node. */
export type NodeEvent =
  | { type: 'condition'; node: Node; condition: NodeConditionType; status: ConditionStatus }
  | { type: Exclude<NodeEventType, 'condition'>; node: Node };

export type NodeListener = (cluster: WorkloadCluster, event: NodeEvent) => void;

export interface NewNode {
  name: string;
  providerID: string;
  kubeletVersion: string;
  pool: ObjectKey | '';
  zone: string;
  pods: number;
}

export class WorkloadCluster {
  readonly nodes = new Map<string, Node>();
  private readonly byProviderID = new Map<string, Node>();
  private readonly listeners: NodeListener[] = [];
  /** The stacked etcd cluster of a kubeadm control plane (empty for managed control planes). */
  readonly etcd = new EtcdMembership();
  /** The management cluster cannot reach this cluster (partition) since this time; undefined when reachable. */
  unreachableSince: number | undefined = undefined;

  constructor(
    /** `namespace/name` of the Cluster object. */
    readonly key: ClusterKey,
    private readonly sim: Simulation,
    /**
     * Where in its lease-renew and the node-monitor cycles each kubelet stops (node-lifecycle.ts
     * `unknownMarkDelay`); without it the Unknown mark lands exactly on the grace period.
     */
    private readonly heartbeats: Random | undefined = undefined,
  ) {}

  listen(listener: NodeListener): void {
    this.listeners.push(listener);
  }

  nodeByProviderID(providerID: string): Node | undefined {
    return this.byProviderID.get(providerID);
  }

  /** A kubelet registered its Node, Ready=True (the join delay has already passed). */
  addNode(spec: NewNode): Node {
    const now = this.sim.now;
    if (this.nodes.has(spec.name)) throw new Error(`t=${now}: node ${spec.name} already exists in ${this.key}`);
    const node: Node = {
      ...spec,
      conditions: {
        Ready: { status: 'True', lastTransitionTime: now },
        MemoryPressure: { status: 'False', lastTransitionTime: now },
        DiskPressure: { status: 'False', lastTransitionTime: now },
        PIDPressure: { status: 'False', lastTransitionTime: now },
      },
      kubeletView: { Ready: 'True', MemoryPressure: 'False', DiskPressure: 'False', PIDPressure: 'False' },
      unschedulable: false,
      kubeletStopped: false,
      kubeletStoppedAt: 0,
      createdAt: now,
    };
    this.nodes.set(node.name, node);
    this.byProviderID.set(node.providerID, node);
    this.emit({ type: 'added', node });
    return node;
  }

  /**
   * Sets a condition on the Node as stored in the API server (what CAPI reads). Use
   * `reportCondition` for what the kubelet observes: that one survives a kubelet restart.
   */
  setCondition(node: Node, type: NodeConditionType, status: ConditionStatus): void {
    const condition = node.conditions[type];
    if (condition.status === status) return;
    condition.status = status;
    condition.lastTransitionTime = this.sim.now;
    this.emit({ type: 'condition', node, condition: type, status });
  }

  /** The kubelet observes a condition (NotReady, MemoryPressure, DiskPressure…); it reaches the Node while the kubelet posts status. */
  reportCondition(node: Node, type: NodeConditionType, status: ConditionStatus): void {
    node.kubeletView[type] = status;
    if (!node.kubeletStopped && this.nodes.get(node.name) === node) this.setCondition(node, type, status);
  }

  cordon(node: Node): void {
    if (node.unschedulable) return;
    node.unschedulable = true;
    this.emit({ type: 'cordoned', node });
  }

  deleteNode(node: Node): void {
    if (this.nodes.get(node.name) !== node) return;
    this.nodes.delete(node.name);
    this.byProviderID.delete(node.providerID);
    this.emit({ type: 'deleted', node });
  }

  /**
   * The kubelet stopped posting status. `node-monitor-grace-period` after its last heartbeat the
   * node-lifecycle controller sets Ready, MemoryPressure, DiskPressure and PIDPressure to Unknown
   * (kubernetes pkg/controller/nodelifecycle/node_lifecycle_controller.go `tryUpdateNodeHealth`,
   * reason NodeStatusUnknown), unless the kubelet came back meanwhile.
   */
  stopKubelet(node: Node): void {
    if (node.kubeletStopped) return;
    node.kubeletStopped = true;
    node.kubeletStoppedAt = this.sim.now;
    this.emit({ type: 'kubelet', node });
    const grace = nodeMonitorGracePeriod(node.kubeletVersion);
    this.sim.after(this.heartbeats === undefined ? grace : unknownMarkDelay(grace, this.heartbeats), this.markUnknown, { node, stoppedAt: node.kubeletStoppedAt });
  }

  /** The kubelet posts status again: every condition goes back to what the kubelet reports. */
  restartKubelet(node: Node): void {
    if (!node.kubeletStopped) return;
    node.kubeletStopped = false;
    if (this.nodes.get(node.name) !== node) return;
    this.emit({ type: 'kubelet', node });
    for (const type of NODE_CONDITION_TYPES) this.setCondition(node, type, node.kubeletView[type]);
  }

  private readonly markUnknown = ({ node, stoppedAt }: { node: Node; stoppedAt: number }): void => {
    if (!node.kubeletStopped || this.nodes.get(node.name) !== node) return;
    if (node.kubeletStoppedAt !== stoppedAt) return; // restarted and stopped again since: that stop has its own mark
    for (const type of NODE_CONDITION_TYPES) this.setCondition(node, type, 'Unknown');
  };

  private emit(event: NodeEvent): void {
    for (const listener of this.listeners) listener(this, event);
  }

  /** Nodes by name order, for deterministic listings. */
  sortedNodes(): Node[] {
    return [...this.nodes.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  countReady(): number {
    let ready = 0;
    for (const node of this.nodes.values()) if (node.conditions.Ready.status === 'True') ready++;
    return ready;
  }

  get now(): Millis {
    return this.sim.now;
  }
}

/** CAPI treats a Node whose Ready condition is Unknown as unreachable (cluster-api@v1.13.5 controllers/noderefutil/util.go `IsNodeUnreachable`). */
export function isNodeUnreachable(node: Node): boolean {
  return node.conditions.Ready.status === 'Unknown';
}

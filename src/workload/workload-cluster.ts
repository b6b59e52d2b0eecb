/**
 * One workload cluster's API as the management cluster sees it through its ClusterCache: Nodes by
 * name and by providerID, with listeners for Node changes (the watches CAPI's Machine and
 * MachineHealthCheck controllers hold on workload clusters).
 */

import type { Millis } from '../engine/duration.js';
import type { Simulation } from '../engine/simulation.js';
import type { ConditionStatus } from '../kube/object.js';
import type { Node, NodeConditionType } from './node.js';
import { nodeMonitorGracePeriod } from './node-lifecycle.js';

export type NodeEventType = 'added' | 'condition' | 'cordoned' | 'deleted';

export interface NodeEvent {
  type: NodeEventType;
  node: Node;
  condition?: NodeConditionType;
  status?: ConditionStatus;
}

export type NodeListener = (cluster: WorkloadCluster, event: NodeEvent) => void;

export interface NewNode {
  name: string;
  providerID: string;
  kubeletVersion: string;
  pool: string;
  zone: string;
  pods: number;
}

export class WorkloadCluster {
  readonly nodes = new Map<string, Node>();
  private readonly byProviderID = new Map<string, Node>();
  private readonly listeners: NodeListener[] = [];
  /** The management cluster cannot reach this cluster (partition) since this time; undefined when reachable. */
  unreachableSince: number | undefined = undefined;

  constructor(
    /** `namespace/name` of the Cluster object. */
    readonly key: string,
    private readonly sim: Simulation,
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

  setCondition(node: Node, type: NodeConditionType, status: ConditionStatus): void {
    const condition = node.conditions[type];
    if (condition.status === status) return;
    condition.status = status;
    condition.lastTransitionTime = this.sim.now;
    this.emit({ type: 'condition', node, condition: type, status });
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
   * The kubelet stopped posting status: Ready turns Unknown after the node-monitor grace period,
   * unless it recovered meanwhile. Pressure conditions freeze at their last value, as they do.
   */
  stopKubelet(node: Node): void {
    if (node.kubeletStopped) return;
    node.kubeletStopped = true;
    node.kubeletStoppedAt = this.sim.now;
    this.sim.after(nodeMonitorGracePeriod(node.kubeletVersion), this.markUnknown, node);
  }

  /** The kubelet posts status again: Ready goes back to True at once. */
  restartKubelet(node: Node): void {
    if (!node.kubeletStopped) return;
    node.kubeletStopped = false;
    if (this.nodes.get(node.name) === node) this.setCondition(node, 'Ready', 'True');
  }

  private readonly markUnknown = (node: Node): void => {
    if (!node.kubeletStopped || this.nodes.get(node.name) !== node) return;
    if (this.sim.now - node.kubeletStoppedAt < nodeMonitorGracePeriod(node.kubeletVersion)) return; // stopped again since
    this.setCondition(node, 'Ready', 'Unknown');
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

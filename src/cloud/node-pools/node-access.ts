/**
 * The cloud's own hand on a workload cluster's Nodes, besides draining (which capi's
 * `NodePoolHost.drainNode` runs on the workload drain model): cordon (EKS marks the old nodes
 * unschedulable after its scale-up, cloud-facts.md §1.4), uncordon (AKS's undrainableNodeBehavior
 * Schedule, §2.5), and deleting the Node of a terminated instance, as the cloud node lifecycle
 * controller does from inside the workload cluster (k8s.io/cloud-provider
 * cloud-node-lifecycle-controller), whether or not the management cluster is up. A stand-in
 * until capi's NodePoolHost offers these (`NodeAccess`).
 */

import type { DisruptionBudget, WorkloadProfile } from '../../workload/drain.js';
import type { WorkloadCluster } from '../../workload/workload-cluster.js';
import type { NodeAccess, NodePoolInstance } from './node-pool.js';

/** The workload side of one cluster (capi's WorkloadHandle has this shape). */
export interface WorkloadAccess {
  cluster: WorkloadCluster;
  profile: WorkloadProfile;
  budget: DisruptionBudget;
}

/** kubectl drain retries an eviction refused by a PodDisruptionBudget every 5 s (k8s.io/kubectl pkg/drain/drain.go `evictPods`); the clouds' drain loops are not published and assumed to match (UNCONFIRMED). */
export const CLOUD_DRAIN_PASS_INTERVAL = 5_000;

export class WorkloadNodeAccess implements NodeAccess {
  constructor(private readonly workload: WorkloadAccess) {}

  cordonNode(instance: NodePoolInstance): void {
    const node = this.workload.cluster.nodeByProviderID(instance.providerID);
    if (node !== undefined) this.workload.cluster.cordon(node);
  }

  uncordonNode(instance: NodePoolInstance): void {
    const node = this.workload.cluster.nodeByProviderID(instance.providerID);
    if (node !== undefined) node.unschedulable = false;
  }

  nodeGone(instance: NodePoolInstance): void {
    const node = this.workload.cluster.nodeByProviderID(instance.providerID);
    if (node !== undefined) this.workload.cluster.deleteNode(node);
  }
}

/**
 * The cloud-controller-manager's node lifecycle controller of one workload cluster
 * (k8s.io/cloud-provider controllers/nodelifecycle/node_lifecycle_controller.go
 * `CloudNodeLifecycleController.Run`, `MonitorNodes`): every `--node-monitor-period` (5 s,
 * `wait.UntilWithContext`) it lists the Nodes; a Node whose Ready condition is not True (False or
 * Unknown) and whose instance the cloud no longer has (`ensureNodeExistsByProviderID` →
 * `InstanceExists` false) is deleted ("Deleting node … because it does not exist in the cloud
 * provider"). Ready Nodes are skipped; Nodes whose instance still exists (a hung kubelet, a zone
 * outage: the cloud still lists the instance) are kept.
 *
 * The loop's ticks fall at `phase + k × period` (the CCM started before the run, at a seeded
 * phase). Only Nodes that left Ready=True are looked at, and the timer runs only while there are
 * any: the same decisions as listing every Node each tick, without the events for Ready ones.
 */

import type { Millis } from '../engine/duration.js';
import type { ScheduledEvent } from '../engine/event-queue.js';
import type { Simulation } from '../engine/simulation.js';
import type { Node } from './node.js';
import type { NodeEvent, WorkloadCluster } from './workload-cluster.js';

/** `--node-monitor-period` default of the cloud-controller-manager (k8s.io/cloud-provider config/v1alpha1/defaults.go: `NodeMonitorPeriod` 5 s). */
export const CCM_NODE_MONITOR_PERIOD: Millis = 5_000;

export interface CloudNodeLifecycleOptions {
  /** `--node-monitor-period` of the cloud-controller-manager. */
  periodMs: Millis;
  /** Where in the period the loop's ticks fall, in [0, periodMs). */
  phaseMs: Millis;
  /** What the cloud answers to InstanceExists for this providerID. */
  instanceExists: (providerID: string) => boolean;
  /** Told of every Node this controller deleted (for the timeline). */
  deleted: (node: Node) => void;
}

export class CloudNodeLifecycle {
  /** Nodes that are not Ready, in the order they left Ready (a function of the run). */
  private readonly notReady = new Set<Node>();
  private tick: ScheduledEvent<undefined> | undefined;

  constructor(private readonly sim: Simulation, private readonly cluster: WorkloadCluster, private readonly options: CloudNodeLifecycleOptions) {
    if (!(options.periodMs > 0) || options.phaseMs < 0 || options.phaseMs >= options.periodMs) {
      throw new Error(`cloud node lifecycle of ${cluster.key}: period ${options.periodMs} ms, phase ${options.phaseMs} ms`);
    }
    cluster.listen(this.onNodeEvent);
  }

  private readonly onNodeEvent = (_cluster: WorkloadCluster, event: NodeEvent): void => {
    if (event.type !== 'condition' || event.condition !== 'Ready' || event.status === 'True') return;
    this.notReady.add(event.node);
    this.schedule();
  };

  /** The next tick strictly after now. */
  private schedule(): void {
    if (this.tick !== undefined) return;
    const { periodMs, phaseMs } = this.options;
    const now = this.sim.now;
    const next = phaseMs + (Math.floor((now - phaseMs) / periodMs) + 1) * periodMs;
    this.tick = this.sim.at(next, this.monitorNodes, undefined);
  }

  private readonly monitorNodes = (): void => {
    this.tick = undefined;
    for (const node of [...this.notReady]) {
      if (this.cluster.nodes.get(node.name) !== node || node.conditions.Ready.status === 'True') {
        this.notReady.delete(node);
        continue;
      }
      if (this.options.instanceExists(node.providerID)) continue;
      this.notReady.delete(node);
      this.cluster.deleteNode(node);
      this.options.deleted(node);
    }
    if (this.notReady.size > 0) this.schedule();
  };
}

/**
 * What a node failure does to the Node, by the scenario's failure modes (scenario-format.md
 * "Fault modes for nodes"): `kernelPanic` and `hang` stop the kubelet (Ready and the pressure
 * conditions turn Unknown after the node-monitor grace period); `notReady` makes the kubelet report
 * Ready=False; `memoryPressure` / `diskPressure` make it report that condition True. `crash` also
 * terminates the instance, which is the cloud's part: here it stops the kubelet.
 */

import type { Node } from './node.js';
import type { WorkloadCluster } from './workload-cluster.js';

export const NODE_FAILURE_MODES = ['crash', 'kernelPanic', 'hang', 'notReady', 'memoryPressure', 'diskPressure'] as const;
export type NodeFailureMode = (typeof NODE_FAILURE_MODES)[number];

export function applyNodeFailure(cluster: WorkloadCluster, node: Node, mode: NodeFailureMode): void {
  switch (mode) {
    case 'crash':
    case 'kernelPanic':
    case 'hang':
      cluster.stopKubelet(node);
      return;
    case 'notReady':
      cluster.reportCondition(node, 'Ready', 'False');
      return;
    case 'memoryPressure':
      cluster.reportCondition(node, 'MemoryPressure', 'True');
      return;
    case 'diskPressure':
      cluster.reportCondition(node, 'DiskPressure', 'True');
      return;
  }
}

/** The failure ends (a fault with `for:`): the kubelet posts healthy status again. */
export function clearNodeFailure(cluster: WorkloadCluster, node: Node, mode: NodeFailureMode): void {
  switch (mode) {
    case 'crash':
    case 'kernelPanic':
    case 'hang':
      cluster.restartKubelet(node);
      return;
    case 'notReady':
      cluster.reportCondition(node, 'Ready', 'True');
      return;
    case 'memoryPressure':
      cluster.reportCondition(node, 'MemoryPressure', 'False');
      return;
    case 'diskPressure':
      cluster.reportCondition(node, 'DiskPressure', 'False');
      return;
  }
}

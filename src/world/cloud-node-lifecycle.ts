/**
 * Wires each workload cluster on a cloud (aws, azure, gcp) to its cloud-controller-manager's node
 * lifecycle controller (workload/cloud-node-lifecycle.ts). Docker (CAPD) runs no
 * cloud-controller-manager, so its Nodes stay until CAPI deletes them.
 */

import type { RandomStreams } from '../engine/random.js';
import type { Simulation } from '../engine/simulation.js';
import type { ObjectStore } from '../kube/store.js';
import { machineKeyOfNode } from '../capi/context.js';
import { cloudOf } from '../cloud/clouds.js';
import type { InfrastructureProvider } from '../cloud/provider.js';
import { nodeDeleted, type Timeline } from '../timeline/index.js';
import { CCM_NODE_MONITOR_PERIOD, CloudNodeLifecycle } from '../workload/cloud-node-lifecycle.js';
import type { WorkloadCluster } from '../workload/workload-cluster.js';
import type { ClusterSpec, CloudOverrides } from '../scenario/model.js';

export interface CloudNodeLifecycleHost {
  sim: Simulation;
  streams: RandomStreams;
  timeline: Timeline;
  store: ObjectStore;
  clouds: CloudOverrides;
  provider: () => InfrastructureProvider;
}

export function startCloudNodeLifecycle(host: CloudNodeLifecycleHost, spec: ClusterSpec, cluster: WorkloadCluster): CloudNodeLifecycle | undefined {
  if (cloudOf(spec.provider).model.api === undefined) return undefined;
  const periodMs = host.clouds[spec.provider]?.nodeMonitorPeriod ?? CCM_NODE_MONITOR_PERIOD;
  const phaseMs = host.streams.stream(`cluster/${cluster.key}/cloud-node-lifecycle`).int(0, periodMs - 1);
  return new CloudNodeLifecycle(host.sim, cluster, {
    periodMs,
    phaseMs,
    instanceExists: (providerID) => {
      const state = host.provider().instanceState(providerID);
      return state !== undefined && state !== 'terminated';
    },
    deleted: (node) => {
      const machineKey = machineKeyOfNode(cluster.key, node.name);
      const machine = host.store.getByKey(machineKey) === undefined ? undefined : machineKey;
      host.timeline.record(nodeDeleted(host.sim.now, {
        cluster: cluster.key, node: node.name, pool: node.pool, ...(machine ? { object: machine, machine } : {}), by: 'cloud-node-lifecycle', reason: 'InstanceNotFound',
      }));
    },
  });
}

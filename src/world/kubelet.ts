/**
 * The workload side of an instance: when the cloud reports it running, its kubelet joins after the
 * cloud's join delay and registers a Ready Node, unless a fault stops it (a bad image never joins,
 * an instance in a dead zone never comes up). Node changes go to the timeline and to CAPI's watches.
 */

import type { Simulation } from '../engine/simulation.js';
import { etcdMember, nodeCondition, nodeKubelet, type Timeline } from '../timeline/index.js';
import { machineKeyOfNode, type KubeletStarter, type WorkloadHandle } from '../capi/context.js';
import type { InfrastructureProvider } from '../cloud/provider.js';
import type { ObjectStore } from '../kube/store.js';
import { KIND } from '../capi/types.js';
import type { NodeEvent, WorkloadCluster } from '../workload/workload-cluster.js';
import type { JoinBlocker, JoinRequest } from '../faults/join-gate.js';

/**
 * Pods a drain must evict from a Node: control-plane Nodes run static pods and DaemonSets, which
 * CAPI's drain skips (capi-semantics.md §3.3), so they have none.
 */
export function podsFor(pool: string, podsPerNode: number): number {
  return pool.startsWith(`${KIND.KubeadmControlPlane}/`) ? 0 : podsPerNode;
}


export class Kubelets implements KubeletStarter {
  readonly blockers: JoinBlocker[] = [];

  constructor(
    private readonly sim: Simulation,
    private readonly workload: (clusterKey: string) => WorkloadHandle,
    private readonly providerOf: (clusterKey: string) => InfrastructureProvider,
  ) {}

  instanceRunning(request: JoinRequest): void {
    this.sim.after(request.joinDelay, this.join, request);
  }

  private readonly join = (request: JoinRequest): void => {
    if (this.providerOf(request.clusterKey).instanceState(request.providerID) !== 'running') return;
    for (const blocker of this.blockers) if (blocker(request) !== undefined) return;
    const handle = this.workload(request.clusterKey);
    if (handle.cluster.nodes.has(request.nodeName)) return;
    handle.cluster.addNode({
      name: request.nodeName,
      providerID: request.providerID,
      kubeletVersion: request.version,
      pool: request.pool,
      zone: request.zone,
      pods: podsFor(request.pool, handle.profile.podsPerNode),
    });
  };
}

/**
 * Records Node registrations and condition changes as `node.condition` timeline events, and the
 * kubelet stopping or starting again (a crash, a hang, a zone going dark) as `node.kubelet`.
 */
export function recordNodeEvents(timeline: Timeline, store: ObjectStore, clock: { now: number }) {
  return (cluster: WorkloadCluster, event: NodeEvent): void => {
    if (event.type !== 'added' && event.type !== 'condition' && event.type !== 'kubelet') return;
    const machineKey = machineKeyOfNode(cluster.key, event.node.name);
    const machine = store.getByKey(machineKey) === undefined ? undefined : machineKey;
    const base = { cluster: cluster.key, node: event.node.name, pool: event.node.pool, ...(machine ? { object: machine, machine } : {}) };
    if (event.type === 'kubelet') timeline.record(nodeKubelet(clock.now, { ...base, running: !event.node.kubeletStopped }));
    else if (event.type === 'added') timeline.record(nodeCondition(clock.now, { ...base, condition: 'Ready', status: 'True' }));
    else if (event.type === 'condition') timeline.record(nodeCondition(clock.now, { ...base, condition: event.condition, status: event.status }));
  };
}

/** Records etcd members joining and leaving a cluster's stacked etcd as `etcd.member` events. */
export function recordEtcdEvents(timeline: Timeline, store: ObjectStore, clock: { now: number }, cluster: WorkloadCluster): void {
  cluster.etcd.listener = (name, change) => {
    const machineKey = machineKeyOfNode(cluster.key, name);
    const machine = store.getByKey(machineKey) === undefined ? undefined : machineKey;
    timeline.record(etcdMember(clock.now, { cluster: cluster.key, node: name, ...(machine ? { object: machine, machine } : {}), change }));
  };
}

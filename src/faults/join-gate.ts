/**
 * Faults that keep kubelets from joining (a bad image, a dead zone) add a gate to the world's
 * kubelets: a function that returns a reason to hold a join back, and records that it did.
 */

import type { KubeletStarter } from '../capi/context.js';
import type { ObjectKey } from '../kube/keys.js';
import { machineKeyOfNode } from '../capi/context.js';
import type { FaultHost } from './host.js';
import { nodeJoinBlocked } from '../timeline/index.js';

export type JoinRequest = Parameters<KubeletStarter['instanceRunning']>[0];

/** A fault that can stop a kubelet from joining returns a reason; undefined lets it join. */
export type JoinBlocker = (request: JoinRequest) => string | undefined;

/** The Machine a join request is for (its Node, InfraMachine and Machine share the name), if it still exists. */
export function machineOf(host: FaultHost, request: JoinRequest): ObjectKey | undefined {
  const key = machineKeyOfNode(request.clusterKey, request.nodeName);
  return host.store.getByKey(key) === undefined ? undefined : key;
}

/** Records `node.joinBlocked`: a kubelet that would have registered its Node did not. */
export function recordJoinBlocked(host: FaultHost, fault: { kind: string; index: number }, request: JoinRequest, reason: string): void {
  const machine = machineOf(host, request);
  host.timeline.record(nodeJoinBlocked(host.sim.now, {
    cluster: request.clusterKey, ...(machine !== undefined ? { object: machine } : {}), node: request.nodeName, fault: fault.kind, index: fault.index, reason,
  }));
}

/** Adds a gate; returns the function that removes it. */
export function addJoinBlocker(host: FaultHost, blocker: JoinBlocker): () => void {
  host.joinBlockers.push(blocker);
  return () => {
    const at = host.joinBlockers.indexOf(blocker);
    if (at >= 0) host.joinBlockers.splice(at, 1);
  };
}

/**
 * The workload clusters' Nodes as `kubectl get nodes -o yaml` prints them, with the annotations
 * CAPI puts on every Node it owns (cluster-api@v1.13.5 internal/controllers/machine/
 * machine_controller_noderef.go `reconcileNode`: cluster.x-k8s.io/cluster-name,
 * cluster-namespace, machine, owner-kind, owner-name) so calibrate can join them to their Machines.
 */

import { KIND, type Machine } from '../../capi/types.js';
import { NODE_CONDITION_TYPES } from '../../workload/node.js';
import type { DumpContext, Item } from './objects.js';

export function nodeItems({ world, clock }: DumpContext): Item[] {
  const machineByProviderID = new Map<string, Machine>();
  for (const machine of world.store.list<Machine>(KIND.Machine)) if (machine.spec.providerID !== undefined) machineByProviderID.set(machine.spec.providerID, machine);
  const items: Item[] = [];
  for (const [clusterKey, handle] of world.workloads) {
    const [namespace, clusterName] = clusterKey.split('/') as [string, string];
    for (const node of handle.cluster.nodes.values()) {
      const machine = machineByProviderID.get(node.providerID);
      const owner = machine?.metadata.ownerReferences.find((r) => r.controller);
      const controlPlane = node.pool.startsWith(`${KIND.KubeadmControlPlane}/`);
      items.push({
        apiVersion: 'v1', kind: 'Node',
        metadata: {
          name: node.name,
          creationTimestamp: clock.at(node.createdAt),
          labels: { 'kubernetes.io/hostname': node.name, ...(node.zone === '' ? {} : { 'topology.kubernetes.io/zone': node.zone }), ...(controlPlane ? { 'node-role.kubernetes.io/control-plane': '' } : {}) },
          annotations: {
            'cluster.x-k8s.io/cluster-name': clusterName,
            'cluster.x-k8s.io/cluster-namespace': namespace,
            ...(machine === undefined ? {} : { 'cluster.x-k8s.io/machine': machine.metadata.name }),
            ...(owner === undefined ? {} : { 'cluster.x-k8s.io/owner-kind': owner.kind, 'cluster.x-k8s.io/owner-name': owner.name }),
          },
        },
        spec: { providerID: node.providerID, ...(node.unschedulable ? { unschedulable: true } : {}) },
        status: {
          conditions: NODE_CONDITION_TYPES.map((type) => ({ type, status: node.conditions[type].status, lastTransitionTime: clock.at(node.conditions[type].lastTransitionTime) })),
          nodeInfo: { kubeletVersion: node.kubeletVersion },
        },
      });
    }
  }
  return items;
}

/**
 * The per-Machine conditions KubeadmControlPlane derives from probing its workload cluster
 * (cluster-api@v1.13.5 controlplane/kubeadm/internal/controllers/controller.go
 * `reconcileControlPlaneAndMachinesConditions`; internal/workload_cluster_conditions.go
 * `UpdateStaticPodConditions`, `UpdateEtcdConditions`), and the etcd member list it reads.
 *
 * Model of a control-plane host (fleetsim): while its kubelet runs, its static pods (API server,
 * controller manager, scheduler, etcd) are healthy and its etcd member answers. When the host dies
 * or hangs (kubelet stopped) the pods' mirror status is stale until the node-lifecycle controller
 * marks the Node unreachable (Ready=Unknown), from which point KCP reports the pod conditions
 * Unknown (`updateStaticPodCondition`: `nodeReadyUnknown`).
 *
 * EtcdMemberHealthy comes from the member list and alarms read through any member that answers
 * (`updateManagedEtcdConditions`, `getCurrentEtcdMembersAndAlarms`), not from the member's own
 * host: a listed member without alarms reads True even when its host is dead, as long as the
 * members that answer keep quorum (issue 12 case 6). Without quorum the endpoint KCP reaches
 * reports errors (etcd's Status: "no leader") and every Machine reads False; with no member
 * answering the connection fails and every Machine reads Unknown. Alarms are not modelled.
 */

import { isTrue, setCondition } from '../../kube/conditions.js';
import type { WorkloadCluster } from '../../workload/workload-cluster.js';
import type { Machine } from '../types.js';
import type { EtcdMember } from './etcd.js';

export const API_SERVER_POD_HEALTHY = 'APIServerPodHealthy';
export const CONTROLLER_MANAGER_POD_HEALTHY = 'ControllerManagerPodHealthy';
export const SCHEDULER_POD_HEALTHY = 'SchedulerPodHealthy';
export const ETCD_POD_HEALTHY = 'EtcdPodHealthy';
export const ETCD_MEMBER_HEALTHY = 'EtcdMemberHealthy';

/** The component conditions KCP requires True (stacked etcd: `MandatoryMachineReadinessGates`). */
export const POD_CONDITIONS = [API_SERVER_POD_HEALTHY, CONTROLLER_MANAGER_POD_HEALTHY, SCHEDULER_POD_HEALTHY, ETCD_POD_HEALTHY] as const;

/** Sets the component and etcd conditions of one control-plane Machine; true when something changed. */
export function updateMachineConditions(machine: Machine, workload: WorkloadCluster, now: number): boolean {
  const conditions = machine.status.conditions;
  let changed = false;
  const nodeName = machine.status.nodeRef;
  const node = nodeName === undefined ? undefined : workload.nodes.get(nodeName);
  if (node === undefined) {
    const reason = nodeName === undefined ? 'InspectionFailed' : 'PodDoesNotExist';
    const message = nodeName === undefined ? 'Waiting for a Node with spec.providerID' : `Node ${nodeName} does not exist`;
    for (const type of POD_CONDITIONS) changed = setCondition(conditions, now, type, 'Unknown', reason, message) || changed;
    return setCondition(conditions, now, ETCD_MEMBER_HEALTHY, 'Unknown', 'InspectionFailed', message) || changed;
  }
  const unreachable = node.conditions.Ready.status === 'Unknown';
  for (const type of POD_CONDITIONS) {
    changed = (unreachable
      ? setCondition(conditions, now, type, 'Unknown', 'InspectionFailed', 'Node is unreachable')
      : setCondition(conditions, now, type, 'True', 'Running')) || changed;
  }
  const etcd = etcdReadout(workload);
  if (etcd === 'unreachable') {
    changed = setCondition(conditions, now, ETCD_MEMBER_HEALTHY, 'Unknown', 'InspectionFailed', 'Failed to connect to etcd') || changed;
  } else if (etcd === 'noQuorum') {
    changed = setCondition(conditions, now, ETCD_MEMBER_HEALTHY, 'False', 'NotHealthy', 'Etcd endpoint reports errors: etcdserver: no leader') || changed;
  } else if (!workload.etcd.has(node.name)) {
    changed = setCondition(conditions, now, ETCD_MEMBER_HEALTHY, 'False', 'NotAMember', `Etcd doesn't have an etcd member for Node ${node.name}`) || changed;
  } else {
    changed = setCondition(conditions, now, ETCD_MEMBER_HEALTHY, 'True', 'Healthy') || changed;
  }
  return changed;
}

/** A member answers while its host's kubelet runs (its Node exists and is not stopped). */
export function etcdMemberAnswers(workload: WorkloadCluster, name: string): boolean {
  const node = workload.nodes.get(name);
  return node !== undefined && !node.kubeletStopped;
}

/**
 * What KCP reads from etcd (`getCurrentEtcdMembersAndAlarms`): the member list when the members
 * that answer keep quorum (⌊members/2⌋+1), `noQuorum` when some answer but too few, `unreachable`
 * when none does. An empty member list reads as a list.
 */
export function etcdReadout(workload: WorkloadCluster): 'members' | 'noQuorum' | 'unreachable' {
  const members = workload.etcd.list();
  if (members.length === 0) return 'members';
  const answering = members.filter((m) => etcdMemberAnswers(workload, m.name)).length;
  if (answering === 0) return 'unreachable';
  return answering >= Math.floor(members.length / 2) + 1 ? 'members' : 'noQuorum';
}

/** All four static pods reported healthy (`targetKubernetesControlPlaneComponentsHealthy` per Machine). */
export function componentsHealthy(machine: Machine): boolean {
  for (const type of POD_CONDITIONS) if (!isTrue(machine.status.conditions, type)) return false;
  return true;
}

/** Every condition KCP's preflight checks (`checkHealthiness`): a Node, the pods and the etcd member. */
export function passesHealthiness(machine: Machine): boolean {
  return machine.status.nodeRef !== undefined && componentsHealthy(machine) && isTrue(machine.status.conditions, ETCD_MEMBER_HEALTHY);
}

/**
 * The etcd member list as `targetEtcdClusterHealthy` reads it: each member matched to the Machine
 * whose nodeRef names it; healthy when that Machine's EtcdMemberHealthy is True; a member with no
 * Machine counts as healthy (it reports no alarms in this model).
 */
export function etcdMemberView(workload: WorkloadCluster, machines: readonly Machine[]): EtcdMember[] {
  const byNode = new Map<string, Machine>();
  for (const machine of machines) if (machine.status.nodeRef !== undefined) byNode.set(machine.status.nodeRef, machine);
  return workload.etcd.list().map((entry) => {
    const machine = byNode.get(entry.name);
    return { name: entry.name, learner: entry.learner, healthy: machine === undefined ? true : isTrue(machine.status.conditions, ETCD_MEMBER_HEALTHY) };
  });
}

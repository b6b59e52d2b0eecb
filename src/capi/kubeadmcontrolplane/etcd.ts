/**
 * Etcd quorum arithmetic KubeadmControlPlane uses before it removes or adds a member
 * (cluster-api@v1.13.5 controlplane/kubeadm/internal/controllers/remediation.go
 * `targetEtcdClusterHealthy`; capi-semantics.md §5.6). Members are the control-plane Machines;
 * a member is healthy when its Machine's `EtcdMemberHealthy` is True.
 */

export interface EtcdMember {
  name: string;
  healthy: boolean;
  learner?: boolean;
}

/** Would the cluster keep quorum if `removing` left (or, with `adding`, one unhealthy member joined)? */
export function etcdTargetHealthy(members: readonly EtcdMember[], change: { removing?: string; adding?: boolean }): boolean {
  let voting = 0;
  let unhealthy = 0;
  for (const member of members) {
    if (member.name === change.removing) continue;
    if (member.learner || member.name === '') return false;
    voting++;
    if (!member.healthy) unhealthy++;
  }
  if (change.adding) {
    // A new member counts as unhealthy until it has joined, unless the cluster has at most one member.
    if (members.length > 1) unhealthy++;
    voting++;
  }
  const quorum = Math.floor(voting / 2) + 1;
  return voting - unhealthy >= quorum;
}

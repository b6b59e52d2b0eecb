/**
 * Etcd quorum arithmetic KubeadmControlPlane uses before it removes or adds a member
 * (cluster-api@v1.13.5 controlplane/kubeadm/internal/controllers/remediation.go
 * `targetEtcdClusterHealthy`; capi-semantics.md §5.6): for the target member list, voting members
 * minus unhealthy ones must reach quorum (floor(voting/2)+1), and no learner may be left. A member
 * without a name has not started yet: it counts as a learner and as unhealthy. An added member is
 * assumed unhealthy unless the cluster has at most one member.
 */

export interface EtcdMember {
  name: string;
  healthy: boolean;
  learner?: boolean;
}

export interface EtcdTargetCheck {
  ok: boolean;
  voting: number;
  unhealthy: number;
  quorum: number;
}

/** Would the cluster keep quorum if `removing` left (and/or one member joined)? */
export function etcdTargetCheck(members: readonly EtcdMember[], change: { removing?: string; adding?: boolean }): EtcdTargetCheck {
  let voting = 0;
  let learners = 0;
  let unhealthy = 0;
  if (change.adding) {
    voting++;
    if (members.length > 1) unhealthy++;
  }
  for (const member of members) {
    if (member.name === '') {
      learners++;
      unhealthy++;
      continue;
    }
    if (member.name === change.removing) continue;
    if (member.learner) learners++;
    else voting++;
    if (!member.healthy) unhealthy++;
  }
  const quorum = Math.floor(voting / 2) + 1;
  return { ok: voting - unhealthy >= quorum && learners === 0, voting, unhealthy, quorum };
}

export function etcdTargetHealthy(members: readonly EtcdMember[], change: { removing?: string; adding?: boolean }): boolean {
  return etcdTargetCheck(members, change).ok;
}

/**
 * The member list of a stacked etcd cluster, as `etcdctl member list` reports it: members are
 * named after their control-plane Node (kubeadm join adds them) and leave only when removed
 * (KubeadmControlPlane's kcp-cleanup pre-terminate hook, or its cleanup of members without a
 * Machine). A member whose host died stays in the list: that is what quorum arithmetic is about.
 */

export interface EtcdMemberEntry {
  name: string;
  /** Joined as a learner and not promoted yet. */
  learner: boolean;
}

export class EtcdMembership {
  private readonly members = new Map<string, EtcdMemberEntry>();
  /** Told of every member that joins or leaves (the world records `etcd.member` events). */
  listener: ((name: string, change: 'added' | 'removed') => void) | undefined;
  /** Members that left never come back (a Node name is never reused). */
  private readonly removed = new Set<string>();

  /** kubeadm added the member of a joining control-plane Node; no-op when known or removed. */
  join(name: string): void {
    if (this.members.has(name) || this.removed.has(name)) return;
    this.members.set(name, { name, learner: false });
    this.listener?.(name, 'added');
  }

  remove(name: string): void {
    if (!this.members.delete(name)) return;
    this.removed.add(name);
    this.listener?.(name, 'removed');
  }

  has(name: string): boolean {
    return this.members.has(name);
  }

  get size(): number {
    return this.members.size;
  }

  /** Members in name order. */
  list(): EtcdMemberEntry[] {
    return [...this.members.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}

/**
 * `kcp-etcd-quorum`: a KubeadmControlPlane never remediates a Machine when removing its etcd member
 * leaves the members that still answer below quorum (cluster-api@v1.13.5
 * controlplane/kubeadm/internal/controllers/remediation.go `canSafelyRemediateMachine`,
 * `targetEtcdClusterHealthy`: after removing the member, voting − unhealthy ≥ ⌊voting / 2⌋ + 1;
 * and `len(machines) <= 1` is refused; capi-semantics.md §5.6).
 *
 * A target that is not an etcd member (its Node never registered) changes nothing and is not judged.
 *
 * It also judges every other removal of an etcd member (the kcp-cleanup pre-terminate hook of a
 * rollout or scale-down step, `reconcilePreTerminateHook`): when the members answered with quorum
 * before and the removal leaves fewer answering members than the new quorum, the step walked into
 * a quorum loss. CAPI can: `EtcdMemberHealthy` reads True for a listed member whose host is dead
 * (`updateManagedEtcdConditions`), so `targetEtcdClusterHealthy` counts it healthy (issue 12 case 6).
 *
 * Members and their health come from the timeline, independently of KCP's own probes:
 * - members: `etcd.member` events (`change: added | removed`) when the run records them; otherwise
 *   every control-plane Machine whose Node has registered and that is not yet deleted;
 * - a member answers while its host's kubelet runs: `node.kubelet` events (`running`) when
 *   recorded; otherwise a member stops answering when a node failure that stops the kubelet
 *   (crash, kernelPanic, hang) hits its Node, until that fault ends (never, for a crash), or while
 *   its Node is Ready=Unknown.
 */

import { parseObjectKey } from '../../kube/keys.js';
import { machineKeyOfNode } from '../../capi/context.js';
import { FleetLedger } from '../ledger.js';
import { at, type Invariant, type Violation } from '../invariant.js';
import type { FaultEnded, FaultNodeFailed, FaultStarted, TimelineEvent } from '../../timeline/index.js';

const HOST_STOPPING_MODES = new Set(['crash', 'kernelPanic', 'hang']);


/** The Nodes a node failure hit: the one it struck, or its target's names (a zone outage's target has only a count). */
function nodesOf(event: FaultStarted | FaultEnded | FaultNodeFailed): string[] {
  if (event.type === 'fault.nodeFailed') return [event.node];
  const { nodes } = event.target;
  return nodes === undefined || typeof nodes === 'number' ? [] : [...nodes];
}

/** Follows which hosts have stopped answering, by fault events (used without `node.kubelet` events). */
class HostFailures {
  /** Node name → fault indexes that stopped it. */
  private readonly stoppedBy = new Map<string, Set<number>>();

  observe(event: TimelineEvent): void {
    if (event.type !== 'fault.started' && event.type !== 'fault.ended' && event.type !== 'fault.nodeFailed') return;
    if (event.fault !== 'nodeFailures' || event.mode === undefined || !HOST_STOPPING_MODES.has(event.mode)) return;
    const index = event.index;
    if (event.type === 'fault.started' || event.type === 'fault.nodeFailed') {
      for (const node of nodesOf(event)) {
        let set = this.stoppedBy.get(node);
        if (set === undefined) this.stoppedBy.set(node, (set = new Set()));
        set.add(index);
      }
    } else if (event.type === 'fault.ended' && event.mode !== 'crash') {
      for (const node of nodesOf(event)) this.stoppedBy.get(node)?.delete(index);
    }
  }

  stopped(node: string): boolean {
    return (this.stoppedBy.get(node)?.size ?? 0) > 0;
  }
}

/** A member removal that leaves the members that answer below quorum, when they had it before. */
function judgeRemoval(t: number, key: string, cluster: string, members: ReadonlyMap<string, { cluster: string }>, answers: (key: string) => boolean, pool: string | undefined): Violation | undefined {
  const before = [...members].filter(([, m]) => m.cluster === cluster).map(([k]) => k);
  if (!before.includes(key)) return undefined;
  const answeringBefore = before.filter(answers).length;
  if (answeringBefore < Math.floor(before.length / 2) + 1) return undefined;
  const after = before.filter((k) => k !== key).sort();
  const quorum = Math.floor(after.length / 2) + 1;
  const silent = after.filter((k) => !answers(k));
  const healthy = after.length - silent.length;
  if (after.length === 0 || healthy >= quorum) return undefined;
  const owner = pool ?? cluster;
  return {
    invariant: 'kcp-etcd-quorum', t, objects: [owner, key, ...silent],
    message: `${at(t)}: ${owner} removed the etcd member of ${key}, leaving ${healthy} of ${after.length} etcd members answering, below quorum ${quorum} (not answering: ${silent.join(', ')})`,
  };
}

export function kcpEtcdQuorum(): Invariant {
  return {
    name: 'kcp-etcd-quorum',
    description: 'a KubeadmControlPlane never remediates a Machine or removes an etcd member when that leaves its etcd members that answer below quorum',
    check(run) {
      const recordsMembers = run.events.some((e) => e.type === 'etcd.member');
      const recordsKubelets = run.events.some((e) => e.type === 'node.kubelet');
      const ledger = new FleetLedger();
      const hosts = new HostFailures();
      /** Machine key → member; kept per cluster via the key's namespace and the ledger's cluster. */
      const members = new Map<string, { cluster: string }>();
      const kubeletStopped = new Set<string>();
      const violations: Violation[] = [];
      /** Machines KCP remediated: their member's removal was judged at the remediation. */
      const remediated = new Set<string>();
      const answersNow = () => (key: string): boolean => {
        if (recordsKubelets) return !kubeletStopped.has(key);
        return !hosts.stopped(parseObjectKey(key).name) && ledger.machines.get(key)?.conditions.get('Ready') !== 'Unknown';
      };
      for (const event of run.events) {
        hosts.observe(event);
        if (event.type === 'etcd.member') {
          const key = machineKeyOfNode(event.cluster, event.node);
          if (event.change === 'removed' && !remediated.has(key)) {
            const violation = judgeRemoval(event.t, key, event.cluster, members, answersNow(), ledger.machines.get(key)?.pool);
            if (violation !== undefined) violations.push(violation);
          }
          if (event.change === 'removed') members.delete(key);
          else members.set(key, { cluster: event.cluster });
        } else if (event.type === 'node.kubelet') {
          const key = machineKeyOfNode(event.cluster, event.node);
          if (!event.running) kubeletStopped.add(key);
          else kubeletStopped.delete(key);
        } else if (event.type === 'mhc.remediation' && event.by === 'KubeadmControlPlane') {
          const target = event.machine;
          remediated.add(target);
          const machine = ledger.machines.get(target);
          if (machine !== undefined) {
            const current = recordsMembers
              ? [...members].filter(([, m]) => m.cluster === machine.cluster).map(([key]) => key)
              : [...ledger.machines.values()].filter((m) => m.pool === machine.pool && m.nodeRegistered).map((m) => m.key);
            const answers = answersNow();
            // A Machine that never became an etcd member (no Node yet) leaves the members as they are
            // (CAPI skips the check when the target has no member; capi-semantics.md §5.6).
            if (!current.includes(target)) {
              ledger.apply(event);
              continue;
            }
            const others = current.filter((key) => key !== target).sort();
            const voting = others.length;
            const quorum = Math.floor(voting / 2) + 1;
            const silent = others.filter((key) => !answers(key));
            const healthy = voting - silent.length;
            if (healthy < quorum) {
              violations.push({
                invariant: 'kcp-etcd-quorum',
                t: event.t,
                objects: [machine.pool, target, ...silent],
                message: `${at(event.t)}: ${machine.pool} remediated ${target}, leaving ${healthy} of ${voting} etcd members answering, below quorum ${quorum}${silent.length > 0 ? ` (not answering: ${silent.join(', ')})` : ''}`,
              });
            }
          }
        }
        ledger.apply(event);
      }
      return violations;
    },
  };
}

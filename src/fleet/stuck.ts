/**
 * Why a rollout did not finish: read from the objects when a run ends with rollouts still open, so
 * the timeline says what held each one (`rollout.stuck`), not just that it did not complete.
 */

import { getCondition, isFalse } from '../kube/conditions.js';
import { keyOf } from '../kube/object.js';
import { formatDuration } from '../engine/duration.js';
import type { CapiContext } from '../capi/context.js';
import { clusterKeyOf } from '../capi/context.js';
import { KIND, type Cluster, type Machine } from '../capi/types.js';
import { rolloutStuck } from '../timeline/index.js';

function describeMachine(machine: Machine, now: number): string {
  const since = formatDuration(now - machine.metadata.creationTimestamp);
  const conditions = machine.status.conditions;
  if (machine.metadata.deletionTimestamp !== undefined) {
    const deleting = getCondition(conditions, 'Deleting');
    return `Machine ${machine.metadata.name} has been deleting for ${formatDuration(now - machine.metadata.deletionTimestamp)}` +
      (deleting?.reason ? ` (${deleting.reason}${deleting.message ? `: ${deleting.message}` : ''})` : '');
  }
  const infra = getCondition(conditions, 'InfrastructureReady');
  if (infra?.status !== 'True') return `Machine ${machine.metadata.name} has no running instance after ${since} (${infra?.reason ?? 'InfrastructureNotReady'}${infra?.message ? `: ${infra.message}` : ''})`;
  if (machine.status.nodeRef === undefined) return `Machine ${machine.metadata.name}'s Node never joined in ${since} (a bad image or a dead zone stops kubelets from joining)`;
  return `Machine ${machine.metadata.name} is ${machine.status.phase}, not Ready (${getCondition(conditions, 'Ready')?.reason ?? 'unknown'})`;
}

/** A sentence on what holds the cluster's rollout, or undefined when nothing visible does. */
export function diagnoseRollout(ctx: CapiContext, cluster: Cluster): string {
  if (cluster.spec.paused) return 'the Cluster is paused (spec.paused)';
  if (ctx.manager.paused) return 'the management cluster\'s controllers are stopped';
  const now = ctx.sim.now;
  const machines = [...ctx.store.listByIndex<Machine>(KIND.Machine, clusterKeyOf(cluster.metadata.namespace, cluster.metadata.name))]
    .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
  const held = machines.filter((m) => m.metadata.deletionTimestamp !== undefined || m.status.phase !== 'Running');
  const flagged = machines.filter((m) => m.metadata.deletionTimestamp === undefined && isFalse(m.status.conditions, 'HealthCheckSucceeded'));
  const parts: string[] = [];
  if (held.length > 0) parts.push(held.slice(0, 3).map((m) => describeMachine(m, now)).join('; ') + (held.length > 3 ? `; and ${held.length - 3} more` : ''));
  if (flagged.length > 0) {
    const notRemediated = flagged.filter((m) => getCondition(m.status.conditions, 'OwnerRemediated') === undefined);
    parts.push(`${flagged.length} Machine${flagged.length === 1 ? ' is' : 's are'} marked unhealthy` +
      (notRemediated.length > 0 ? `, ${notRemediated.length} not handed to their owner (MachineHealthCheck short-circuit or a pool that CAPI does not remediate)` : ''));
  }
  if (parts.length === 0) return 'no Machine is held: the control plane or a pool has not taken its next step (check the controllers\' queues and the node groups)';
  return parts.join('; ');
}

/** Records `rollout.stuck` for every rollout still open when the run ends. */
export function recordStuckRollouts(ctx: CapiContext, clusters: Iterable<Cluster>): void {
  for (const cluster of clusters) {
    const open = ctx.rollouts.open(clusterKeyOf(cluster.metadata.namespace, cluster.metadata.name));
    if (open.length === 0) continue;
    const reason = diagnoseRollout(ctx, cluster);
    for (const rollout of open) {
      ctx.timeline.record(rolloutStuck(ctx.sim.now, {
        cluster: clusterKeyOf(cluster.metadata.namespace, cluster.metadata.name), object: keyOf(cluster),
        kind: rollout.kind, from: rollout.from, to: rollout.to, startedAt: rollout.startedAt, reason,
      }));
    }
  }
}

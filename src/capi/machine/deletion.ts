/**
 * Deleting a Machine, step by step (cluster-api@v1.13.5
 * internal/controllers/machine/machine_controller.go `reconcileDelete`, `isDeleteNodeAllowed`,
 * `drainNode`, `shouldWaitForNodeVolumes`; capi-semantics.md §3.3): cordon and drain (retried every
 * 20 s, given up after nodeDrainTimeout), wait for volumes to detach, wait for pre-terminate hooks,
 * delete the InfraMachine and wait until the cloud instance is gone, delete the Node, remove the
 * finalizer. Only then does the Machine disappear, and only then does its MachineSet replace it.
 */

import { setCondition } from '../../kube/conditions.js';
import { keyOf } from '../../kube/object.js';
import type { ReconcileResult } from '../../kube/controller.js';
import { drainPass, startDrain } from '../../workload/drain.js';
import type { CapiContext } from '../context.js';
import { clusterKeyOf } from '../context.js';
import { controlPlaneOf } from '../control-plane.js';
import { CONTROL_PLANE_LABEL, EXCLUDE_NODE_DRAINING_ANNOTATION, KCP_CLEANUP_HOOK, MACHINE_FINALIZER } from '../labels.js';
import { KIND, type Cluster, type InfraMachine, type Machine } from '../types.js';
import { recordPhase } from './phase-events.js';
import { setAvailableCondition, setReadyCondition } from './status.js';

const PRE_TERMINATE_HOOK_PREFIX = 'pre-terminate.delete.hook.machine.cluster.x-k8s.io';

export function hasPreTerminateHook(machine: Machine): boolean {
  for (const key of Object.keys(machine.metadata.annotations)) if (key.startsWith(PRE_TERMINATE_HOOK_PREFIX)) return true;
  return false;
}

/** The Node may be drained and deleted only while the cluster keeps a working control plane. */
function isDeleteNodeAllowed(ctx: CapiContext, cluster: Cluster, machine: Machine): boolean {
  if (cluster.metadata.deletionTimestamp !== undefined || machine.status.nodeRef === undefined) return false;
  const controlPlane = controlPlaneOf(ctx, cluster);
  if (controlPlane === undefined || controlPlane.kind !== KIND.KubeadmControlPlane) return true;
  if (controlPlane.metadata.deletionTimestamp !== undefined) return false;
  for (const other of ctx.store.listByOwner<Machine>(controlPlane.metadata.uid, KIND.Machine)) {
    if (other.metadata.deletionTimestamp === undefined) return true;
  }
  return false;
}

function deleting(ctx: CapiContext, machine: Machine, reason: string, message?: string): boolean {
  return setCondition(machine.status.conditions, ctx.sim.now, 'Deleting', 'True', reason, message);
}

export function reconcileDelete(ctx: CapiContext, cluster: Cluster, machine: Machine): ReconcileResult | undefined {
  const now = ctx.sim.now;
  const clusterKey = clusterKeyOf(cluster.metadata.namespace, cluster.metadata.name);
  let changed = recordPhase(ctx, cluster, machine, 'Deleting');
  changed = setReadyCondition(machine, now) || changed;
  changed = setAvailableCondition(machine, now).changed || changed;
  const save = (): void => {
    if (changed) ctx.store.update(machine);
  };

  const workload = ctx.workload(clusterKey);
  const nodeName = machine.status.nodeRef;
  const node = nodeName === undefined ? undefined : workload.cluster.nodes.get(nodeName);
  const allowed = isDeleteNodeAllowed(ctx, cluster, machine);
  const isControlPlane = machine.metadata.labels[CONTROL_PLANE_LABEL] !== undefined;
  const skipDrain = machine.metadata.annotations[EXCLUDE_NODE_DRAINING_ANNOTATION] !== undefined ||
    (isControlPlane && machine.metadata.annotations[KCP_CLEANUP_HOOK] === undefined);

  const deletion = machine.status.deletion;
  if (allowed && node !== undefined && !skipDrain && deletion.drainCompletedAt === undefined) {
    const event = { t: now, type: 'machine.drain', cluster: clusterKey, object: keyOf(machine), node: node.name };
    if (deletion.nodeDrainStartTime === undefined || deletion.drain === undefined) {
      deletion.nodeDrainStartTime = now;
      deletion.drain = startDrain(node, workload.profile, now);
      workload.cluster.cordon(node);
      ctx.timeline.record({ ...event, stage: 'started' });
      changed = true;
    }
    const timeout = machine.spec.deletion.nodeDrainTimeout;
    if (timeout > 0 && now - deletion.nodeDrainStartTime >= timeout) {
      deletion.drainCompletedAt = now;
      ctx.timeline.record({ ...event, stage: 'timedOut', refusedEvictions: deletion.drain.refusedEvictions });
      changed = true;
    } else if (drainPass(deletion.drain, node, workload.budget, workload.profile, now)) {
      deletion.drainCompletedAt = now;
      ctx.timeline.record({ ...event, stage: 'completed', refusedEvictions: deletion.drain.refusedEvictions });
      changed = true;
    } else {
      changed = deleting(ctx, machine, 'DrainingNode', `Drain not completed yet (${deletion.drain.refusedEvictions} evictions refused by PodDisruptionBudgets)`) || changed;
      save();
      return { requeueAfter: ctx.settings.drainRetryInterval };
    }
  }

  if (hasPreTerminateHook(machine)) {
    changed = deleting(ctx, machine, 'WaitingForPreTerminateHook') || changed;
    save();
    return undefined;
  }

  const infra = ctx.store.get<InfraMachine>(KIND.InfraMachine, machine.metadata.namespace, machine.spec.infrastructureRef.name);
  if (infra !== undefined) {
    if (infra.metadata.deletionTimestamp === undefined) ctx.store.delete(infra);
    changed = deleting(ctx, machine, 'WaitingForInfrastructureDeletion') || changed;
    save();
    return undefined;
  }

  if (allowed && node !== undefined) {
    if (workload.cluster.unreachableSince !== undefined) {
      const deadline = (machine.metadata.deletionTimestamp ?? now) + machine.spec.deletion.nodeDeletionTimeout;
      if (machine.spec.deletion.nodeDeletionTimeout === 0 || now < deadline) {
        changed = deleting(ctx, machine, 'DeletingNode', 'Cannot reach the workload cluster to delete the Node') || changed;
        save();
        return { error: 'cannot delete Node: workload cluster unreachable' };
      }
    } else {
      workload.cluster.deleteNode(node);
    }
  }
  ctx.store.removeFinalizer(machine, MACHINE_FINALIZER);
  return undefined;
}

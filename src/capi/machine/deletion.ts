/**
 * Deleting a Machine, step by step (cluster-api@v1.13.5
 * internal/controllers/machine/machine_controller.go `reconcileDelete`, `isDeleteNodeAllowed`,
 * `isNodeDrainAllowed`, `isNodeVolumeDetachingAllowed`, `nodeDrainTimeoutExceeded`,
 * `nodeVolumeDetachTimeoutExceeded`, `drainNode`, `shouldWaitForNodeVolumes`; capi-semantics.md §3.3):
 *
 * 1. pre-drain hooks (annotations `pre-drain.delete.hook.machine.cluster.x-k8s.io/…`) hold everything;
 * 2. cordon and drain, one pass per reconcile, retried every 20 s; skipped once nodeDrainTimeout
 *    (measured from `status.deletion.nodeDrainStartTime`, `>=`) has passed;
 * 3. wait for the Node's volumes to detach, checked every 20 s; skipped when the Node is gone or
 *    unreachable, or once nodeVolumeDetachTimeout has passed;
 * 4. pre-terminate hooks (KubeadmControlPlane's kcp-cleanup) hold the Machine;
 * 5. delete the InfraMachine and wait until the cloud instance is gone;
 * 6. delete the Node (only now), giving up after nodeDeletionTimeout (from the deletionTimestamp)
 *    when the workload cluster cannot be reached;
 * 7. remove the finalizer: the Machine disappears, and only then does its owner replace it.
 * Steps 1–3 and 6 run only while `isDeleteNodeAllowed` holds (the Machine had a Node, the cluster
 * keeps a control plane). Drain and volume wait are skipped for KubeadmControlPlane Machines that
 * no longer carry the kcp-cleanup hook.
 *
 * Timeline: `machine.drain` (stage started, completed, timedOut) and `machine.volumeDetach`
 * (stage started, completed, timedOut).
 */

import type { Millis } from '../../engine/duration.js';
import { setCondition } from '../../kube/conditions.js';
import { controllerOf, keyOf } from '../../kube/object.js';
import type { ReconcileResult } from '../../kube/controller.js';
import { drainPass, startDrain } from '../../workload/drain.js';
import { startVolumeDetach, volumesDetached } from '../../workload/volumes.js';
import { machineDrain, machineVolumeDetach } from '../../timeline/index.js';
import { isNodeUnreachable } from '../../workload/workload-cluster.js';
import type { CapiContext } from '../context.js';
import { clusterKeyOf } from '../context.js';
import { controlPlaneOf } from '../control-plane.js';
import { CONTROL_PLANE_LABEL, EXCLUDE_NODE_DRAINING_ANNOTATION, KCP_CLEANUP_HOOK, MACHINE_FINALIZER } from '../labels.js';
import { KIND, type Cluster, type InfraMachine, type Machine } from '../types.js';
import { recordPhase } from './phase-events.js';
import { setAvailableCondition, setReadyCondition } from './status.js';

const PRE_DRAIN_HOOK_PREFIX = 'pre-drain.delete.hook.machine.cluster.x-k8s.io';
const PRE_TERMINATE_HOOK_PREFIX = 'pre-terminate.delete.hook.machine.cluster.x-k8s.io';
export const EXCLUDE_WAIT_FOR_NODE_VOLUME_DETACH_ANNOTATION = 'machine.cluster.x-k8s.io/exclude-wait-for-node-volume-detach';

function hasAnnotationWithPrefix(machine: Machine, prefix: string): boolean {
  for (const key of Object.keys(machine.metadata.annotations)) if (key.startsWith(prefix)) return true;
  return false;
}

export function hasPreTerminateHook(machine: Machine): boolean {
  return hasAnnotationWithPrefix(machine, PRE_TERMINATE_HOOK_PREFIX);
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

/** A KubeadmControlPlane Machine whose kcp-cleanup hook is gone is neither drained nor waited on for volumes. */
function isKcpMachineWithoutHook(machine: Machine): boolean {
  const owner = controllerOf(machine);
  return machine.metadata.labels[CONTROL_PLANE_LABEL] !== undefined && owner?.kind === KIND.KubeadmControlPlane &&
    machine.metadata.annotations[KCP_CLEANUP_HOOK] === undefined;
}

function timeoutExceeded(start: Millis | undefined, timeout: Millis, now: Millis): boolean {
  return timeout > 0 && start !== undefined && now - start >= timeout;
}

/**
 * CAPI defers the next reconcile of a Machine whose drain or volume wait is not done by 20 s
 * (`DeferNextReconcileForObject`), so watch events in between do not bring the next pass forward.
 * The controller here has no such deadline: a reconcile inside the window returns the time left.
 */
function deferred(lastPassAt: Millis, interval: Millis, now: Millis): Millis {
  return lastPassAt + interval - now;
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
  const reachable = workload.cluster.unreachableSince === undefined;
  const nodeName = machine.status.nodeRef;
  const node = nodeName === undefined ? undefined : workload.cluster.nodes.get(nodeName);
  const allowed = isDeleteNodeAllowed(ctx, cluster, machine);
  const deletion = machine.status.deletion;
  const event = { cluster: clusterKey, object: keyOf(machine), ...(nodeName === undefined ? {} : { node: nodeName }) };

  if (allowed) {
    if (hasAnnotationWithPrefix(machine, PRE_DRAIN_HOOK_PREFIX)) {
      changed = deleting(ctx, machine, 'WaitingForPreDrainHook') || changed;
      save();
      return undefined;
    }

    // Drain.
    const drainSkipped = isKcpMachineWithoutHook(machine) || machine.metadata.annotations[EXCLUDE_NODE_DRAINING_ANNOTATION] !== undefined;
    if (!drainSkipped && deletion.drainCompletedAt === undefined) {
      if (timeoutExceeded(deletion.nodeDrainStartTime, machine.spec.deletion.nodeDrainTimeout, now)) {
        deletion.drainCompletedAt = now;
        ctx.timeline.record(machineDrain(now, { ...event, stage: 'timedOut', refusedEvictions: deletion.drain?.refusedEvictions ?? 0 }));
        changed = true;
      } else {
        if (deletion.nodeDrainStartTime === undefined) {
          deletion.nodeDrainStartTime = now;
          changed = true;
        }
        if (!reachable) {
          changed = deleting(ctx, machine, 'DrainingNode', 'Error draining Node: the workload cluster cannot be reached') || changed;
          save();
          return { error: `failed to drain Node ${nodeName ?? ''}: cluster ${clusterKey} is not connected` };
        }
        if (node === undefined) {
          deletion.drainCompletedAt = now; // Node already gone: nothing to drain
          changed = true;
        } else {
          if (deletion.drain === undefined) {
            deletion.drain = startDrain(node, workload.profile, now);
            workload.cluster.cordon(node);
            ctx.timeline.record(machineDrain(now, { ...event, stage: 'started' }));
            changed = true;
          } else {
            const wait = deferred(deletion.drain.lastPassAt, ctx.settings.drainRetryInterval, now);
            if (wait > 0) {
              save();
              return { requeueAfter: wait };
            }
          }
          if (drainPass(deletion.drain, node, workload.budget, workload.profile, now, isNodeUnreachable(node))) {
            deletion.drainCompletedAt = now;
            ctx.timeline.record(machineDrain(now, { ...event, stage: 'completed', refusedEvictions: deletion.drain.refusedEvictions }));
            changed = true;
          } else {
            changed = deleting(ctx, machine, 'DrainingNode', `Drain not completed yet (${deletion.drain.refusedEvictions} evictions refused by PodDisruptionBudgets)`) || changed;
            save();
            return { requeueAfter: ctx.settings.drainRetryInterval };
          }
        }
      }
    }

    // Wait for volumes to detach.
    const volumeWaitSkipped = isKcpMachineWithoutHook(machine) || machine.metadata.annotations[EXCLUDE_WAIT_FOR_NODE_VOLUME_DETACH_ANNOTATION] !== undefined;
    if (!volumeWaitSkipped && deletion.volumesDetachedAt === undefined) {
      if (timeoutExceeded(deletion.waitForNodeVolumeDetachStartTime, machine.spec.deletion.nodeVolumeDetachTimeout, now)) {
        deletion.volumesDetachedAt = now;
        ctx.timeline.record(machineVolumeDetach(now, { ...event, stage: 'timedOut' }));
        changed = true;
      } else {
        if (deletion.waitForNodeVolumeDetachStartTime === undefined) {
          deletion.waitForNodeVolumeDetachStartTime = now;
          changed = true;
        }
        if (!reachable) {
          changed = deleting(ctx, machine, 'WaitingForVolumeDetach', 'Error waiting for volumes: the workload cluster cannot be reached') || changed;
          save();
          return { error: `failed to wait for volumes of Node ${nodeName ?? ''}: cluster ${clusterKey} is not connected` };
        }
        if (node === undefined || isNodeUnreachable(node)) {
          deletion.volumesDetachedAt = now;
          changed = true;
        } else {
          if (deletion.volumes === undefined) {
            deletion.volumes = startVolumeDetach(deletion.drain, workload.profile, now);
            if (deletion.volumes.volumes > 0) ctx.timeline.record(machineVolumeDetach(now, { ...event, stage: 'started', volumes: deletion.volumes.volumes }));
            changed = true;
          } else {
            const wait = deferred(deletion.volumes.lastCheckAt, ctx.settings.drainRetryInterval, now);
            if (wait > 0) {
              save();
              return { requeueAfter: wait };
            }
          }
          if (volumesDetached(deletion.volumes, now)) {
            deletion.volumesDetachedAt = now;
            if (deletion.volumes.volumes > 0) ctx.timeline.record(machineVolumeDetach(now, { ...event, stage: 'completed', volumes: deletion.volumes.volumes }));
            changed = true;
          } else {
            changed = deleting(ctx, machine, 'WaitingForVolumeDetach', `Waiting for ${deletion.volumes.volumes} volumes to be detached`) || changed;
            save();
            return { requeueAfter: ctx.settings.drainRetryInterval };
          }
        }
      }
    }
  }

  if (hasPreTerminateHook(machine)) {
    changed = deleting(ctx, machine, 'WaitingForPreTerminateHook') || changed;
    save();
    return undefined;
  }

  const infra = ctx.store.get<InfraMachine>(machine.spec.infrastructureRef.kind, machine.metadata.namespace, machine.spec.infrastructureRef.name);
  if (infra !== undefined) {
    if (infra.metadata.deletionTimestamp === undefined) ctx.store.delete(infra);
    changed = deleting(ctx, machine, 'WaitingForInfrastructureDeletion') || changed;
    save();
    return undefined;
  }

  if (allowed && node !== undefined) {
    if (!reachable) {
      const timeout = machine.spec.deletion.nodeDeletionTimeout;
      const deadline = (machine.metadata.deletionTimestamp ?? now) + timeout;
      if (timeout === 0 || now < deadline) {
        changed = deleting(ctx, machine, 'DeletingNode', 'Error deleting Node: the workload cluster cannot be reached') || changed;
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

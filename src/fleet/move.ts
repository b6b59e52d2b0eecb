/**
 * `clusterctl move` (cluster-api@v1.13.5 cmd/clusterctl/client/cluster/mover.go):
 * - `checkProvisioningCompleted` first: every Cluster has its infrastructure provisioned and its
 *   control plane initialized, and every Machine has a Node (`status.nodeRef`); otherwise the move
 *   refuses to start and nothing is paused. clusterctl does not retry: without `retry` the move
 *   fails (`move.refused`, final); with `retry` it is tried again every `retry.every` until it
 *   starts or `retry.for` has passed since the first try.
 * - then `move`: pause the clusters, copy the objects to the target management cluster, unpause
 *   there. fleetsim pauses the whole manager for `pauseFor`.
 * - the target API server gives every copied object a new `creationTimestamp` (the time of the
 *   copy) and no status: the controllers there rebuild status, so every condition's
 *   lastTransitionTime restarts at the move (values are recomputed from the same world and come
 *   out the same). fleetsim models both at the end of the pause (see `recreateOnTarget`): what
 *   changes is deletion order by age (MachineSet `Oldest`/`Newest` and KubeadmControlPlane's
 *   oldest pick fall back to their name tie-break among the moved objects) and every timer that
 *   counts from a condition's lastTransitionTime (a Machine is Available again only
 *   `minReadySeconds` after the move). MachineHealthCheck's node-condition timers read the
 *   workload cluster's Nodes, which are not moved; its node-startup timeout only applies to
 *   Machines without a Node, and the move starts only when there are none.
 */

import type { Millis } from '../engine/duration.js';
import type { ObjectKey } from '../kube/keys.js';
import { keyOf, type KubeObject } from '../kube/object.js';
import { isTrue } from '../kube/conditions.js';
import type { CapiContext } from '../capi/context.js';
import { KIND, type Cluster, type Machine } from '../capi/types.js';
import type { MoveOperation } from '../scenario/model.js';
import { controllerPaused, controllerResumed, moveRefused } from '../timeline/index.js';

/** How many Machines a `move.refused` event names. */
const NAMED_MACHINES = 5;

/** The kinds `clusterctl move` copies (the object graph of the moved namespaces). */
const MOVED_KINDS = Object.values(KIND);

export interface MoveHost {
  ctx: CapiContext;
  done(): void;
}

/** clusterctl's refusal, or undefined when the move may start. */
export function checkProvisioningCompleted(ctx: CapiContext): { reason: string; machines: ObjectKey[] } | undefined {
  const errors: string[] = [];
  for (const cluster of ctx.store.list<Cluster>(KIND.Cluster)) {
    const name = `"Cluster" ${cluster.metadata.namespace}/${cluster.metadata.name}`;
    if (cluster.status.phase !== 'Provisioned') errors.push(`cannot start the move operation while ${name} is still provisioning the infrastructure`);
    else if (!isTrue(cluster.status.conditions, 'ControlPlaneInitialized')) errors.push(`cannot start the move operation while the control plane for ${name} is not yet initialized`);
  }
  const machines: ObjectKey[] = [];
  for (const machine of ctx.store.list<Machine>(KIND.Machine)) {
    if (machine.status.nodeRef !== undefined) continue;
    machines.push(keyOf(machine));
    errors.push(`cannot start the move operation while "Machine" ${machine.metadata.namespace}/${machine.metadata.name} is still provisioning the node`);
  }
  return errors.length === 0 ? undefined : { reason: errors[0]!, machines: machines.sort() };
}

export function startMove(host: MoveHost, operation: MoveOperation): void {
  const { ctx } = host;
  const firstTry = ctx.sim.now;
  let attempt = 0;
  const tryMove = (): void => {
    attempt++;
    const refusal = checkProvisioningCompleted(ctx);
    if (refusal === undefined) {
      move(host, operation);
      return;
    }
    const retry = operation.retry;
    const final = retry === undefined || ctx.sim.now + retry.every > firstTry + retry.for;
    ctx.timeline.record(moveRefused(ctx.sim.now, {
      operation: operation.index, attempt, final, machinesWithoutNode: refusal.machines.length,
      machines: refusal.machines.slice(0, NAMED_MACHINES), reason: refusal.reason,
    }));
    if (final) host.done();
    else ctx.sim.after(retry.every, tryMove, undefined);
  };
  tryMove();
}

function move(host: MoveHost, operation: MoveOperation): void {
  const { ctx } = host;
  const reason = 'clusterctl move';
  if (ctx.manager.pause(reason)) ctx.timeline.record(controllerPaused(ctx.sim.now, { controller: 'all', reason }));
  ctx.sim.after(operation.pauseFor, () => {
    recreateOnTarget(ctx, ctx.sim.now);
    if (ctx.manager.resume(reason)) ctx.timeline.record(controllerResumed(ctx.sim.now, { controller: 'all', reason }));
    host.done();
  }, undefined);
}

/**
 * The copies on the target: a new creationTimestamp and status rebuilt from scratch, so every
 * condition's lastTransitionTime is the move's end (mover.go `createTargetObject` creates the
 * object without resourceVersion; the API server sets creationTimestamp and drops status).
 * Objects already being deleted are not moved by clusterctl in a way that matters here: they keep
 * their deletionTimestamp (fleetsim ASSUMPTION: their deletion goes on).
 */
function recreateOnTarget(ctx: CapiContext, now: Millis): void {
  for (const kind of MOVED_KINDS) {
    for (const object of ctx.store.list<KubeObject>(kind)) {
      object.metadata.creationTimestamp = now;
      const status = object.status as { conditions?: Array<{ lastTransitionTime: Millis }> } | undefined;
      for (const condition of status?.conditions ?? []) condition.lastTransitionTime = now;
    }
  }
}

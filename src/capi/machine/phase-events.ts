/** Records `machine.phase` on the timeline whenever a Machine's phase changes. */

import { keyOf } from '../../kube/object.js';
import type { CapiContext } from '../context.js';
import { clusterKeyOf } from '../context.js';
import type { Cluster, Machine, MachinePhase } from '../types.js';
import { machinePhase } from '../../timeline/index.js';

export function recordPhase(ctx: CapiContext, cluster: Cluster, machine: Machine, phase: MachinePhase): boolean {
  if (machine.status.phase === phase) return false;
  machine.status.phase = phase;
  ctx.timeline.record(machinePhase(ctx.sim.now, { cluster: clusterKeyOf(cluster.metadata.namespace, cluster.metadata.name), object: keyOf(machine), phase }));
  return true;
}

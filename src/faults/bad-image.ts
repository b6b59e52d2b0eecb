/**
 * `badImage`: Machines created in the target clusters while the fault lasts boot an image whose
 * kubelet never registers its Node (a broken AMI, a bad bootstrap script). Which images are bad:
 * `image` when set; otherwise any image their pool did not have when the fault started (the images
 * of the pool's InfraMachines at `at`), i.e. whatever a rollout brings in. The instance runs; only
 * the join is held back (recorded as `node.joinBlocked`), so CAPI sees a Machine that never gets a
 * nodeRef, which a MachineHealthCheck's nodeStartupTimeout catches (capi-semantics.md §4.2).
 *
 * When `for` ends, Machines created from then on join again; those created during the fault stay
 * broken until they are replaced.
 */

import { z } from 'zod';
import type { Millis } from '../engine/duration.js';
import { objectKey, parseClusterKey, type ClusterKey, type ObjectKey } from '../kube/keys.js';
import { poolOf } from '../capi/machine/pool.js';
import { POOL_NAME_LABEL } from '../capi/labels.js';
import { KIND, type InfraMachine, type Machine } from '../capi/types.js';
import { ClusterSelectorSchema, NonEmptyString } from '../schema/fields.js';
import { defineFault, withFor, type FaultPlacement, type FaultResolveContext } from './definition.js';
import type { FaultHost } from './host.js';
import { addJoinBlocker, recordJoinBlocked, type JoinRequest } from './join-gate.js';
import { keyOfSpec, targetSpecs } from './targets.js';
import { For, type ResolvedFault, type Targeted } from './spec.js';
import { scheduleWindow } from './window.js';

export const BadImageSchema = z.strictObject({ clusters: ClusterSelectorSchema, image: NonEmptyString.optional(), for: For });

/** `image` unset = any image rolled out to these clusters after `at`. */
export type BadImageFault = ResolvedFault<'badImage', typeof BadImageSchema, Targeted>;

/** The pool key (`Kind/namespace/name`) a kubelet on this InfraMachine's instance joins with. */
function poolOfInfra(host: FaultHost, infra: InfraMachine, namespace: string): ObjectKey | '' {
  // A MachinePool's instance machines carry the pool's name (src/capi/machinepool/infra-pool-controller.ts).
  const machinePool = infra.metadata.labels[POOL_NAME_LABEL];
  if (machinePool !== undefined) return objectKey(KIND.MachinePool, namespace, machinePool);
  return poolOf(host.store.get<Machine>(KIND.Machine, namespace, infra.metadata.name));
}

/** The images each pool's InfraMachines run now, by pool key. */
function poolImages(host: FaultHost, clusterKey: ClusterKey): Map<string, Set<string>> {
  const { namespace } = parseClusterKey(clusterKey);
  const images = new Map<string, Set<string>>();
  for (const infra of host.store.listByIndex<InfraMachine>(KIND.InfraMachine, clusterKey)) {
    const pool = poolOfInfra(host, infra, namespace);
    let set = images.get(pool);
    if (set === undefined) images.set(pool, (set = new Set()));
    set.add(infra.spec.image);
  }
  return images;
}

/** When the Machine behind a join request was created (its InfraMachine shares the Node's name). */
function createdAt(host: FaultHost, request: JoinRequest): Millis {
  const { namespace } = parseClusterKey(request.clusterKey);
  const infra = host.store.get(KIND.InfraMachine, namespace, request.nodeName) ?? host.store.get(KIND.Machine, namespace, request.nodeName);
  return infra?.metadata.creationTimestamp ?? host.sim.now;
}

export function scheduleBadImage(host: FaultHost, fault: BadImageFault): void {
  const specs = targetSpecs(host, fault.targets);
  scheduleWindow(host, fault, () => {
    const startedAt = host.sim.now;
    let endedAt: Millis | undefined;
    const clusterKeys = specs.map(keyOfSpec);
    const known = new Map(clusterKeys.map((key) => [key, fault.image === undefined ? poolImages(host, key) : undefined]));
    const isBad = (request: JoinRequest): boolean => {
      if (fault.image !== undefined) return request.image === fault.image;
      return !(known.get(request.clusterKey)?.get(request.pool)?.has(request.image) ?? false);
    };
    // Never removed: Machines created while the fault lasted stay broken after it ends.
    addJoinBlocker(host, (request) => {
      if (!known.has(request.clusterKey) || !isBad(request)) return undefined;
      const created = createdAt(host, request);
      if (created < startedAt || (endedAt !== undefined && created >= endedAt)) return undefined;
      const reason = `image ${request.image} is bad: the kubelet never registers`;
      recordJoinBlocked(host, fault, request, reason);
      return reason;
    });
    return {
      target: { clusters: clusterKeys, ...(fault.image !== undefined ? { image: fault.image } : {}) },
      ...(clusterKeys.length === 1 ? { fields: { cluster: clusterKeys[0]! } } : {}),
      end: () => {
        endedAt = host.sim.now;
      },
    };
  });
}

// ---------------------------------------------------------------------------------------------
// The fault table's row

function resolveBadImage(f: z.output<typeof BadImageSchema>, base: FaultPlacement, ctx: FaultResolveContext): BadImageFault {
  const { selector, targets } = ctx.select(f.clusters, ['clusters']);
  const fault: BadImageFault = { ...base, kind: 'badImage', clusters: selector, targets };
  if (f.image !== undefined) fault.image = f.image;
  return withFor(fault, f.for);
}

export const badImage = defineFault({
  kind: 'badImage',
  schema: BadImageSchema,
  resolve: resolveBadImage,
  schedule: scheduleBadImage,
  label: (fault) => fault.kind,
  fuzz: undefined,
});

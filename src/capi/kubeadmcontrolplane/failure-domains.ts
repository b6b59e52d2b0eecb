/**
 * KubeadmControlPlane's failure-domain choices (cluster-api@v1.13.5
 * util/failuredomains/failure_domains.go `PickFewest`, `PickMost`; controlplane/kubeadm/internal/
 * controllers/scale.go `selectMachineForInPlaceUpdateOrScaleDown`; capi-semantics.md §5.5).
 * CAPI breaks the last scale-up tie by Go map order (random); fleetsim picks the first zone in the
 * cluster's zone list, which is deterministic and documented.
 */

import { isFalse } from '../../kube/conditions.js';
import { DELETE_MACHINE_ANNOTATION } from '../labels.js';
import type { Machine } from '../types.js';
import { ETCD_MEMBER_HEALTHY, POD_CONDITIONS } from './machine-conditions.js';

/**
 * Which Machines a scale-down (or a rollout step) may pick from, the first non-empty tier winning
 * (cluster-api@v1.13.5 controlplane/kubeadm/internal/controllers/scale.go
 * `selectMachineForInPlaceUpdateOrScaleDown`; internal/control_plane.go `MachineWithDeleteAnnotation`,
 * `UnhealthyMachinesWithUnhealthyControlPlaneComponents`; util/collections/machine_filters.go
 * `HasUnhealthyControlPlaneComponents`):
 * 1. outdated Machines annotated `cluster.x-k8s.io/delete-machine`;
 * 2. any Machine so annotated;
 * 3. outdated Machines with a control-plane component condition False (API server, controller
 *    manager, scheduler, etcd pod, etcd member; Unknown or unset does not count);
 * 4. outdated Machines; 5. all Machines. A plain scale-down passes no outdated Machines.
 */
export function eligibleForScaleDown(machines: readonly Machine[], outdated: readonly Machine[]): readonly Machine[] {
  const annotated = (list: readonly Machine[]) => list.filter((m) => m.metadata.annotations[DELETE_MACHINE_ANNOTATION] !== undefined);
  const brokenComponent = (m: Machine) => [...POD_CONDITIONS, ETCD_MEMBER_HEALTHY].some((type) => isFalse(m.status.conditions, type));
  for (const tier of [annotated(outdated), annotated(machines), outdated.filter(brokenComponent), outdated]) {
    if (tier.length > 0) return tier;
  }
  return machines;
}

function byAge(a: Machine, b: Machine): number {
  return a.metadata.creationTimestamp - b.metadata.creationTimestamp || (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0);
}

/** Scale-up: the zone with the fewest up-to-date non-deleting Machines, then fewest Machines overall. */
export function pickFewest(zones: readonly string[], machines: readonly Machine[], zoneOf: (m: Machine) => string | undefined, upToDate: (m: Machine) => boolean): string {
  let best: string | undefined;
  let bestUpToDate = Infinity;
  let bestAll = Infinity;
  for (const zone of zones) {
    let countUpToDate = 0;
    let countAll = 0;
    for (const machine of machines) {
      if (zoneOf(machine) !== zone) continue;
      countAll++;
      if (machine.metadata.deletionTimestamp === undefined && upToDate(machine)) countUpToDate++;
    }
    if (countUpToDate < bestUpToDate || (countUpToDate === bestUpToDate && countAll < bestAll)) {
      best = zone;
      bestUpToDate = countUpToDate;
      bestAll = countAll;
    }
  }
  if (best === undefined) throw new Error('KubeadmControlPlane: the cluster has no failure domains');
  return best;
}

/**
 * Scale-down: eligible Machines outside the known failure domains first (oldest), else the zone
 * with the most eligible Machines (ties: most Machines overall), then its oldest eligible Machine.
 */
export function pickMachineToScaleDown(zones: readonly string[], all: readonly Machine[], eligible: readonly Machine[], zoneOf: (m: Machine) => string | undefined): Machine | undefined {
  if (eligible.length === 0) return undefined;
  const outside = eligible.filter((m) => !zones.includes(zoneOf(m) ?? ''));
  if (outside.length > 0) return [...outside].sort(byAge)[0];
  let bestZone: string | undefined;
  let bestEligible = -1;
  let bestAll = -1;
  for (const zone of zones) {
    const inZone = eligible.filter((m) => zoneOf(m) === zone).length;
    const allInZone = all.filter((m) => zoneOf(m) === zone).length;
    if (inZone > bestEligible || (inZone === bestEligible && allInZone > bestAll)) {
      bestZone = zone;
      bestEligible = inZone;
      bestAll = allInZone;
    }
  }
  return eligible.filter((m) => zoneOf(m) === bestZone).sort(byAge)[0];
}

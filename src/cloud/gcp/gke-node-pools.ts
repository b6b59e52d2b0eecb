/**
 * GKE node pools behind CAPG's GCPManagedMachinePool. An update (`UpdateNodePool` with the new
 * node version) is GKE's surge upgrade ("Node upgrade strategies",
 * https://cloud.google.com/kubernetes-engine/docs/concepts/node-pool-upgrade-strategies;
 * `UpgradeSettings` REST reference; cloud-facts.md §3.3):
 * - maxSurge + maxUnavailable nodes are upgraded at once (defaults 1 and 0; both 0 is refused by
 *   GKE, taken as surge 1): a surge node of the new version is created first and the old node is
 *   drained once it is Ready; without a surge slot the old node is drained, deleted and recreated;
 * - the order within a pool is undefined (random here), a multi-zone pool goes one zone at a time
 *   (the pool's zone order), and a cluster upgrades one node pool at a time: GKE refuses an
 *   update while another runs (FAILED_PRECONDITION, retried by CAPG);
 * - drains respect PodDisruptionBudgets for up to 1 h, then the pods are removed (3rd-party:
 *   elastic/cloud-on-k8s#2448; `drainTimeout`, `onDrainTimeout: force`).
 * CAPG does not wait on the operation: it requeues every 60 s and reads the node pool
 * (`gke.nodePools.get`, CAPG_GKE_REQUEUE); replica changes are `SetNodePoolSize`.
 */

import type { CloudProvider } from '../cloud-provider.js';
import { CAPG_GKE_REQUEUE } from './defaults.js';
import { everyInterval } from '../poll-schedule.js';
import { ManagedNodePools, type NodeAccessFactory, type Group, type PoolApi, type PoolNode } from '../node-pools/managed-node-pools.js';
import { scaledValue } from '../node-pools/settings.js';

interface Slot {
  old: PoolNode;
  /** The slot has a surge node (else the old node goes first and is recreated). */
  surge: boolean;
  /** The new node: the surge node, or the recreated one. */
  fresh: string | undefined;
  draining: boolean;
  /** The old node is gone. */
  replaced: boolean;
}

interface GkeUpdate {
  surge: number;
  unavailable: number;
  /** Old nodes in progress, by providerID. */
  readonly slots: Map<string, Slot>;
  /** Launches the cloud refused, to try again. */
  readonly owed: Slot[];
}

export class GkeNodePools extends ManagedNodePools<GkeUpdate> {
  readonly kind = 'gke-node-pool';
  protected readonly api: PoolApi = {
    update: 'gke.nodePools.update',
    scale: 'gke.nodePools.setSize',
    poll: 'gke.nodePools.get',
    polls: (accepted) => everyInterval(accepted, CAPG_GKE_REQUEUE),
  };

  constructor(cloud: CloudProvider, nodeAccess: NodeAccessFactory) {
    super(cloud, nodeAccess);
  }

  /** GKE upgrades one node pool of a cluster at a time. */
  protected override conflict(group: Group<GkeUpdate>): boolean {
    for (const other of this.groups.values()) {
      if (other !== group && other.spec.cluster === group.spec.cluster && other.update !== undefined) return true;
    }
    return false;
  }

  protected begin(group: Group<GkeUpdate>): GkeUpdate {
    let surge = scaledValue(group.settings.maxSurge, group.size, true);
    const unavailable = scaledValue(group.settings.maxUnavailable, group.size, false);
    if (surge + unavailable === 0) surge = 1;
    return { surge, unavailable, slots: new Map(), owed: [] };
  }

  protected step(group: Group<GkeUpdate>, update: GkeUpdate): void {
    for (const slot of update.owed.splice(0)) this.launchFor(group, update, slot);
    for (const [id, slot] of update.slots) {
      if (!slot.replaced && !group.nodes.has(id)) slot.replaced = true; // lost under the update
      this.advanceSlot(group, update, slot);
    }
    if (group.update !== update) return;
    this.fillSlots(group, update);
    if (update.slots.size === 0 && this.outdated(group).length === 0 && this.settled(group)) this.complete(group);
  }

  /** Starts old nodes of the current zone while slots are free. */
  private fillSlots(group: Group<GkeUpdate>, update: GkeUpdate): void {
    const outdated = this.outdated(group).filter((node) => !update.slots.has(node.providerID));
    const busyZone = update.slots.values().next().value?.old.zone;
    const zone = busyZone ?? group.spec.zones.find((z) => outdated.some((node) => node.zone === z)) ?? outdated[0]?.zone;
    const waiting = outdated.filter((node) => node.zone === zone);
    let surges = 0;
    for (const slot of update.slots.values()) if (slot.surge) surges++;
    while (update.slots.size < update.surge + update.unavailable && waiting.length > 0) {
      const [old] = waiting.splice(Math.floor(group.random.next() * waiting.length), 1);
      if (old === undefined) break;
      const surge = surges < update.surge;
      if (surge) surges++;
      const slot: Slot = { old, surge, fresh: undefined, draining: false, replaced: false };
      update.slots.set(old.providerID, slot);
      if (surge) this.launchFor(group, update, slot);
      this.advanceSlot(group, update, slot);
    }
  }

  private launchFor(group: Group<GkeUpdate>, update: GkeUpdate, slot: Slot): void {
    this.launch(group, slot.old.zone, slot.surge, (node) => { slot.fresh = node.providerID; }, () => update.owed.push(slot));
  }

  private advanceSlot(group: Group<GkeUpdate>, update: GkeUpdate, slot: Slot): void {
    const fresh = slot.fresh === undefined ? undefined : group.nodes.get(slot.fresh);
    if (slot.replaced) {
      // Done once the new node serves (a surge node is Ready before the old one is drained).
      if (slot.surge || (fresh !== undefined && this.ready(group, fresh))) update.slots.delete(slot.old.providerID);
      return;
    }
    if (slot.draining || (slot.surge && (fresh === undefined || !this.ready(group, fresh)))) return;
    slot.draining = true;
    this.drain(group, slot.old, group.settings.drainTimeout, (outcome) => {
      if (group.update !== update) return;
      if (outcome === 'timedOut' && group.settings.onDrainTimeout === 'fail') {
        this.fail(group, 'PodDisruptionBudgetTimeout');
        return;
      }
      this.soakThenTerminate(group, slot.old, group.settings.soak, () => {
        slot.replaced = true;
        if (!slot.surge && group.update === update) this.launchFor(group, update, slot);
      });
    });
  }
}

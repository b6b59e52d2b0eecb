/**
 * EKS managed node groups behind CAPA's AWSManagedMachinePool. An update (UpdateNodegroupVersion)
 * runs the phases of "Understand each phase of node updates" (awsdocs/amazon-eks-user-guide
 * latest/ug/nodes/managed-node-update-behavior.adoc; cloud-facts.md §1.4):
 * - setup: the parallelism is `maxUnavailable` (default 1, quota 100; a percentage of the group
 *   rounded down, at least 1: the rounding is UNCONFIRMED);
 * - scale up: the Auto Scaling group grows by max(2 × its zones, maxUnavailable) nodes of the new
 *   version, spread over the zones that have nodes; the phase succeeds when every new node is
 *   Ready and every zone with nodes has one; a node not Ready 15 min after the scale-up fails the
 *   update with NodeCreationFailure; then the old nodes are cordoned;
 * - upgrade: up to maxUnavailable old nodes picked at random are drained; a drain past 15 min
 *   fails the update with PodEvictionFailure (no force); a drained node waits 60 s (`soak`) and is
 *   terminated; the Auto Scaling group, its desired size unchanged, launches a replacement;
 * - scale down: the group shrinks back by the surge (its default termination policy picks the
 *   nodes; they are drained first, as managed node groups drain on scale-in).
 * "Up to twice the number of Availability Zones" is taken as exactly twice (UNCONFIRMED whether
 * EKS launches fewer for small groups). CAPA follows the update with the SDK's waiter on
 * DescribeNodegroup (CAPA_EKS_WAITER); replica changes are UpdateNodegroupConfig.
 */

import type { Millis } from '../../engine/duration.js';
import { MINUTE } from '../../engine/duration.js';
import type { ScheduledEvent } from '../../engine/event-queue.js';
import { CAPA_EKS_WAITER } from './defaults.js';
import type { CloudProvider } from '../cloud-provider.js';
import { waiterPolls } from '../poll-schedule.js';
import { ManagedNodePools, type NodeAccessFactory, type Group, type PoolApi } from '../node-pools/managed-node-pools.js';
import { scaledValue } from '../node-pools/settings.js';

/** Each new node must join within 15 min of the scale-up (§1.4, NodeCreationFailure). */
export const EKS_BOOTSTRAP_LIMIT: Millis = 15 * MINUTE;
/** `updateConfig.maxUnavailable` quota (§1.4). */
export const EKS_MAX_UNAVAILABLE_QUOTA = 100;

interface EksUpdate {
  phase: 'scaleUp' | 'upgrade' | 'scaleDown';
  maxUnavailable: number;
  surge: number;
  /** Zones that had nodes when the update started, in the pool's zone order. */
  zones: string[];
  /** Nodes launched by the scale up. */
  readonly surgeNodes: Set<string>;
  /** Old nodes being drained, soaked or terminated. */
  readonly inFlight: Set<string>;
  /** Launches the cloud refused, to try again (a zone, or undefined to rebalance). */
  readonly owed: Array<{ zone: string | undefined; surge: boolean }>;
  deadline: ScheduledEvent<undefined> | undefined;
}

export class EksNodeGroups extends ManagedNodePools<EksUpdate> {
  readonly kind = 'eks-managed-node-group';
  protected readonly api: PoolApi = {
    update: 'eks.UpdateNodegroupVersion',
    scale: 'eks.UpdateNodegroupConfig',
    poll: 'eks.DescribeNodegroup',
    polls: (accepted, random) => waiterPolls(accepted, CAPA_EKS_WAITER, random),
  };

  constructor(cloud: CloudProvider, nodeAccess: NodeAccessFactory) {
    super(cloud, nodeAccess);
  }

  protected begin(group: Group<EksUpdate>): EksUpdate {
    const withNodes = new Set([...group.nodes.values()].filter((node) => !node.leaving).map((node) => node.zone));
    const zones = group.spec.zones.filter((zone) => withNodes.has(zone));
    if (zones.length === 0) zones.push(...group.spec.zones);
    const maxUnavailable = Math.min(EKS_MAX_UNAVAILABLE_QUOTA, Math.max(1, scaledValue(group.settings.maxUnavailable, group.size, false)));
    const surge = Math.max(2 * zones.length, maxUnavailable);
    const update: EksUpdate = { phase: 'scaleUp', maxUnavailable, surge, zones, surgeNodes: new Set(), inFlight: new Set(), owed: [], deadline: undefined };
    for (let i = 0; i < surge; i++) update.owed.push({ zone: zones[i % zones.length] as string, surge: true });
    update.deadline = this.cloud.sim.after(EKS_BOOTSTRAP_LIMIT, () => {
      if (group.update === update && update.phase === 'scaleUp') this.fail(group, 'NodeCreationFailure');
    }, undefined);
    return update;
  }

  protected step(group: Group<EksUpdate>, update: EksUpdate): void {
    this.launchOwed(group, update);
    if (update.phase === 'scaleUp') this.scaleUp(group, update);
    if (update.phase === 'upgrade') this.upgrade(group, update);
    if (update.phase === 'scaleDown' && this.settled(group)) this.complete(group);
  }

  private launchOwed(group: Group<EksUpdate>, update: EksUpdate): void {
    for (const { zone, surge } of update.owed.splice(0)) {
      this.launch(group, zone, surge, (node) => {
        if (surge) update.surgeNodes.add(node.providerID);
      }, () => update.owed.push({ zone, surge }));
    }
  }

  private scaleUp(group: Group<EksUpdate>, update: EksUpdate): void {
    if (update.surgeNodes.size + update.owed.length < update.surge) return; // launches still being made
    const readyZones = new Set<string>();
    for (const id of update.surgeNodes) {
      const node = group.nodes.get(id);
      if (node === undefined || !this.ready(group, node)) return;
      readyZones.add(node.zone);
    }
    if (update.surgeNodes.size < update.surge || update.zones.some((zone) => !readyZones.has(zone))) return;
    update.deadline?.cancel();
    for (const node of this.outdated(group)) group.access.cordonNode(this.copy(node));
    update.phase = 'upgrade';
  }

  private upgrade(group: Group<EksUpdate>, update: EksUpdate): void {
    for (const id of update.inFlight) if (!group.nodes.has(id)) update.inFlight.delete(id); // lost under the update
    const waiting = this.outdated(group);
    while (update.inFlight.size < update.maxUnavailable && waiting.length > 0) {
      const [node] = waiting.splice(Math.floor(group.random.next() * waiting.length), 1);
      if (node === undefined) break;
      update.inFlight.add(node.providerID);
      this.drain(group, node, group.settings.drainTimeout, (outcome) => {
        if (group.update !== update) return;
        if (outcome === 'timedOut' && group.settings.onDrainTimeout === 'fail') {
          this.fail(group, 'PodEvictionFailure');
          return;
        }
        this.cloud.sim.after(group.settings.soak, () => {
          update.inFlight.delete(node.providerID);
          if (group.update !== update) return; // failed meanwhile: the node was kept
          this.terminate(group, node);
          // The Auto Scaling group keeps its desired size: it launches a replacement.
          update.owed.push({ zone: undefined, surge: false });
          this.advance(group);
        }, undefined);
      });
    }
    if (waiting.length > 0 || update.inFlight.size > 0 || update.owed.length > 0) return;
    for (const node of group.nodes.values()) if (node.leaving || !this.ready(group, node)) return;
    update.phase = 'scaleDown';
    for (const node of group.nodes.values()) node.surge = false; // the Auto Scaling group's own policy picks
    for (const node of this.scaleInOrder(group).slice(0, update.surge)) this.remove(group, node, 0);
  }
}

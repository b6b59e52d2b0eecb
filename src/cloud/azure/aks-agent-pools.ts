/**
 * AKS agent pools behind CAPZ's AzureManagedMachinePool (through ASO's ManagedClustersAgentPool).
 * An upgrade (a PUT of the agent pool with the new orchestrator version or node image) is AKS's
 * rolling surge upgrade (MicrosoftDocs/azure-aks-docs@fb060abe articles/aks/
 * upgrade-aks-node-pools-rolling.md, upgrade-options.md; cloud-facts.md §2.5):
 * - surge nodes are added first: `maxSurge` of the pool (a percent rounded up, default 10 %
 *   (disputed: "one extra node" in the how-to), capped at the nodes left to upgrade);
 *   `maxUnavailable` (default 0, a percent rounded down) more nodes go down without a surge node;
 * - then batches of maxSurge + maxUnavailable old nodes are cordoned and drained, each within the
 *   drain timeout (default 30 min, per node; past it the upgrade fails: undrainableNodeBehavior
 *   Schedule makes the blocked nodes schedulable again, deletes the surge nodes and fails the
 *   operation), soaked (`nodeSoakDurationInMinutes`, default 0), and reimaged; the reimaged nodes
 *   carry the next batch's workloads;
 * - the last batch done, the surge nodes are drained and deleted.
 * A reimage is modelled as deleting the VM and creating a new one in its zone (a new Node name;
 * AKS keeps the VM and its name): the timing is the same delete + create + join. The order in
 * which AKS picks nodes for a batch is UNCONFIRMED: oldest first. ASO polls the operation
 * (ASO_OPERATION_POLL); replica changes are agent pool PUTs too.
 */

import { ASO_OPERATION_POLL } from './defaults.js';
import type { CloudProvider } from '../cloud-provider.js';
import { everyInterval } from '../poll-schedule.js';
import { ManagedNodePools, type NodeAccessFactory, type Group, type PoolApi, type PoolNode } from '../node-pools/managed-node-pools.js';
import { scaledValue } from '../node-pools/settings.js';

interface AksUpdate {
  phase: 'surge' | 'batches' | 'cleanup';
  surge: number;
  unavailable: number;
  /** The surge nodes, deleted at the end. */
  readonly buffer: Set<string>;
  /** Old nodes of the current batch (draining, soaking, being reimaged). */
  readonly batch: Set<string>;
  /** The current batch's reimaged nodes, and how many reimages it started. */
  readonly reimaged: Set<string>;
  reimages: number;
  /** Launches the cloud refused, to try again. */
  readonly owed: Array<{ zone: string; buffer: boolean }>;
}

export class AksAgentPools extends ManagedNodePools<AksUpdate> {
  readonly kind = 'aks-agent-pool';
  protected readonly api: PoolApi = {
    update: 'AgentPools.CreateOrUpdate',
    scale: 'AgentPools.CreateOrUpdate',
    poll: 'AksOperations.Get',
    polls: (accepted) => everyInterval(accepted, ASO_OPERATION_POLL),
  };

  constructor(cloud: CloudProvider, nodeAccess: NodeAccessFactory) {
    super(cloud, nodeAccess);
  }

  protected begin(group: Group<AksUpdate>): AksUpdate {
    const outdated = this.outdated(group).length;
    let surge = Math.min(scaledValue(group.settings.maxSurge, group.size, true), outdated);
    const unavailable = Math.min(scaledValue(group.settings.maxUnavailable, group.size, false), outdated);
    if (surge + unavailable === 0) surge = Math.min(1, outdated); // maxUnavailable 0 requires maxSurge > 0
    const update: AksUpdate = { phase: 'surge', surge, unavailable, buffer: new Set(), batch: new Set(), reimaged: new Set(), reimages: 0, owed: [] };
    for (let i = 0; i < surge; i++) update.owed.push({ zone: this.zoneWithFewest(group, group.spec.zones), buffer: true });
    return update;
  }

  protected step(group: Group<AksUpdate>, update: AksUpdate): void {
    for (const { zone, buffer } of update.owed.splice(0)) {
      this.launch(group, zone, buffer, (node) => (buffer ? update.buffer : update.reimaged).add(node.providerID), () => update.owed.push({ zone, buffer }));
    }
    if (update.phase === 'surge') {
      if (update.owed.length > 0 || update.buffer.size < update.surge || !this.allReady(group, update.buffer)) return;
      update.phase = 'batches';
    }
    if (update.phase === 'batches') this.batches(group, update);
    if (update.phase === 'cleanup' && this.settled(group)) this.complete(group);
  }

  private allReady(group: Group<AksUpdate>, ids: ReadonlySet<string>): boolean {
    for (const id of ids) {
      const node = group.nodes.get(id);
      if (node === undefined || !this.ready(group, node)) return false;
    }
    return true;
  }

  private batches(group: Group<AksUpdate>, update: AksUpdate): void {
    for (const id of update.batch) if (group.nodes.has(id)) return; // still draining or being reimaged
    if (update.owed.length > 0 || update.reimaged.size < update.reimages || !this.allReady(group, update.reimaged)) return;
    update.batch.clear();
    update.reimaged.clear();
    update.reimages = 0;
    const waiting = this.outdated(group).sort((a, b) => a.createdAt - b.createdAt || (a.providerID < b.providerID ? -1 : 1));
    if (waiting.length === 0) {
      update.phase = 'cleanup';
      for (const id of update.buffer) {
        const node = group.nodes.get(id);
        if (node !== undefined) this.remove(group, node, 0);
      }
      return;
    }
    for (const node of waiting.slice(0, Math.max(1, update.surge + update.unavailable))) {
      update.batch.add(node.providerID);
      this.reimage(group, update, node);
    }
  }

  private reimage(group: Group<AksUpdate>, update: AksUpdate, node: PoolNode): void {
    this.drain(group, node, group.settings.drainTimeout, (outcome) => {
      if (group.update !== update) return;
      if (outcome === 'timedOut' && group.settings.onDrainTimeout === 'fail') {
        this.fail(group, 'PodDrainFailure');
        return;
      }
      this.cloud.sim.after(group.settings.soak, () => {
        if (group.update !== update) return; // the upgrade failed while this node soaked: it was kept, not upgraded
        this.terminate(group, node);
        update.reimages++;
        update.owed.push({ zone: node.zone, buffer: false });
        this.advance(group);
      }, undefined);
    });
  }
}

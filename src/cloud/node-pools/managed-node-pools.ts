/**
 * What EKS managed node groups, AKS agent pools and GKE node pools share: the provider
 * controller's side (CAPA AWSManagedMachinePool, CAPZ AzureManagedMachinePool through ASO, CAPG
 * GCPManagedMachinePool) and the cloud's side of a node group.
 *
 * Controller side (`apply` / `sync`): when the MachinePool's version, image or instance type
 * differs from what the cloud runs, the controller calls the cloud's update action; when only the
 * replicas differ, its scale action. It calls only while the group is idle (the controllers wait
 * on a busy group: CAPA blocks in `WaitUntilNodegroupActive`, CAPG requeues while RECONCILING,
 * cloud-facts.md §1.6, §3.4). Calls go through the catalog's limits and the SDK's retries; a
 * failed call is retried after the controller's requeue. While the cloud works, the controller
 * polls it (computed polls, charged to the limits, no events); it reports the group updating
 * until its first poll after the cloud finished.
 *
 * Cloud side: the group launches and terminates its own instances (CloudProvider
 * `launchGroupInstance`), starts their kubelets, drains its own nodes (capi's
 * `NodePoolHost.drainNode`: the workload drain model with the PodDisruptionBudget), cordons them
 * and deletes their Nodes when the instances are gone (node-access.ts). It does not stop when the management cluster does. An update is a flavour's
 * algorithm (`begin`, `step`); without one the group keeps its size: it replaces lost instances
 * and scales. Launches that fail (capacity, quota, a zone down) are retried every
 * GROUP_LAUNCH_RETRY. Timeline: `nodepool.update` (stage started, completed, failed), the
 * drains' `machine.drain` with `by: 'cloud'`, and `nodepool.terminate`.
 */

import { ZoneBalance } from './zone-balance.js';
import { SECOND, type Millis } from '../../engine/duration.js';
import type { Random } from '../../engine/random.js';
import { must } from '../../engine/must.js';
import { generateName } from '../../kube/generate-name.js';
import { nodePoolTerminate, nodePoolUpdate } from '../../timeline/index.js';
import type { OpenPolls } from '../api-endpoint.js';
import type { CloudProvider } from '../cloud-provider.js';
import { makeError, type CallError } from '../errors.js';
import type { PollSchedule } from '../poll-schedule.js';
import type { CloudFailure, InstanceSpec } from '../provider.js';
import { CLOUD_DRAIN_PASS_INTERVAL } from './node-access.js';
import type { NodeAccess, NodePoolHost, NodePoolInstance, NodePoolObservation, NodePoolProvider, NodePoolSpec } from './node-pool.js';
import { poolSettings, type PoolSettings } from './settings.js';

/** How often a group tries a launch the cloud refused again (ASG, VMSS, MIG retry: UNCONFIRMED). */
export const GROUP_LAUNCH_RETRY: Millis = 30 * SECOND;

/** The instance template a group launches: what an update changes. */
export interface Template {
  version: string;
  image: string;
  instanceType: string;
}

/** How a drain of the group's ended: the Node is empty (or gone), or the timeout came first (the host forced it). */
export type DrainOutcome = 'drained' | 'timedOut';

export interface PoolNode extends NodePoolInstance {
  /** Launched as surge by the running update. */
  surge: boolean;
  /** The cloud is terminating it. */
  terminating: boolean;
  /** Called when a terminating node is gone. */
  gone?: Array<() => void>;
}

export interface Group<U> {
  readonly key: string;
  spec: NodePoolSpec;
  host: NodePoolHost;
  access: NodeAccess;
  readonly random: Random;
  /** By providerID, in launch order. */
  readonly nodes: Map<string, PoolNode>;
  /** Every node name the group has handed out: a cloud never gives two instances one name. */
  readonly names: Set<string>;
  pendingLaunches: number;
  /** What the cloud launches now (the node group's version and launch template). */
  template: Template;
  /** The cloud's desired size (surge not counted). */
  size: number;
  settings: PoolSettings;
  /** The running update, in the flavour's terms. */
  update: U | undefined;
  /** The update's start, for the timeline. */
  updateFrom: Template | undefined;
  /** A call of the controller is in flight, or its requeue is pending. */
  calling: boolean;
  /** The controller's polls while the cloud works. */
  watch: OpenPolls | undefined;
  /** The controller still reports the group updating until then. */
  watchedUntil: Millis;
  /** Drains in progress, by providerID: setting `stopped` makes the group ignore the outcome. */
  readonly drains: Map<string, { stopped: boolean }>;
  retryPending: boolean; // a launch retry is pending
  readonly zoneBalance: ZoneBalance; // zones where a launch just failed for capacity (zone-balance.ts)
}

/** The controller's calls and polls of one flavour. */
export interface PoolApi {
  update: string;
  scale: string;
  poll: string;
  polls(accepted: Millis, random: Random): PollSchedule;
}

/** The cloud's hand on a cluster's Nodes (node-access.ts), by cluster `namespace/name`. */
export type NodeAccessFactory = (clusterKey: string) => NodeAccess;

function templateOf(spec: NodePoolSpec): Template {
  return { version: spec.version, image: spec.image, instanceType: spec.instanceType };
}

export function sameTemplate(a: Template, b: Template): boolean {
  return a.version === b.version && a.image === b.image && a.instanceType === b.instanceType;
}

export abstract class ManagedNodePools<U> implements NodePoolProvider {
  abstract readonly kind: string;
  protected readonly groups = new Map<string, Group<U>>();
  private readonly advanceHandler = (group: Group<U>) => this.advance(group);
  private readonly seenIdleHandler = (group: Group<U>) => {
    group.host.changed();
    this.reconcile(group);
  };

  constructor(protected readonly cloud: CloudProvider, private readonly nodeAccess: NodeAccessFactory) {}

  protected abstract readonly api: PoolApi;

  /** The update's first step, when the cloud accepted it; returns the flavour's state. */
  protected abstract begin(group: Group<U>): U;

  /** The update's next steps; calls `complete` or `fail` when it ends. */
  protected abstract step(group: Group<U>, update: U): void;

  /** Why the cloud refuses an update or scale of `group` now (besides a control-plane upgrade). */
  protected conflict(_group: Group<U>): boolean {
    return false;
  }

  // ---- NodePoolProvider --------------------------------------------------------------------------

  apply(spec: NodePoolSpec, host: NodePoolHost, done: (failure?: CloudFailure) => void): void {
    let group = this.groups.get(spec.group);
    if (group === undefined) {
      // A new group: the cloud creates it with the spec's template and size.
      group = this.newGroup(spec, host);
      group.size = spec.replicas;
    } else {
      group.spec = { ...spec };
      group.host = host;
      group.settings = poolSettings(spec, this.cloud.catalog.nodePool);
    }
    done();
    this.reconcile(group);
    this.advance(group);
  }

  adopt(spec: NodePoolSpec, host: NodePoolHost): NodePoolInstance[] {
    const group = this.newGroup(spec, host);
    group.size = spec.replicas;
    for (let i = 0; i < spec.replicas; i++) {
      const zone = this.zoneWithFewest(group, spec.zones);
      const nodeName = this.newNodeName(group);
      const providerID = this.cloud.adoptRunningInstance(this.instanceSpec(group, zone));
      group.nodes.set(providerID, {
        providerID, nodeName, zone, ...group.template, state: 'running', createdAt: host.sim.now, leaving: false, surge: false, terminating: false,
      });
    }
    return [...group.nodes.values()].map((node) => this.copy(node));
  }

  sync(key: string): void {
    const group = this.groups.get(key);
    if (group === undefined) return;
    this.reconcile(group);
    this.advance(group);
  }

  observe(key: string): NodePoolObservation | undefined {
    const group = this.groups.get(key);
    if (group === undefined) return undefined;
    this.forgetLost(group);
    return { spec: group.spec, instances: [...group.nodes.values()].map((node) => this.copy(node)), updating: this.updating(group) };
  }

  deleteInstance(key: string, providerID: string, done: (failure?: CloudFailure) => void): void {
    const group = this.groups.get(key);
    const node = group?.nodes.get(providerID);
    if (group === undefined || node === undefined) {
      done();
      return;
    }
    // CAPI deleted the Machine (its drain is done): the group terminates the instance and, as it
    // keeps its size, launches a replacement.
    this.terminate(group, node, () => done());
  }

  // ---- the controller ----------------------------------------------------------------------------

  /** What the controller reports: the cloud is working, or has not been seen idle yet, or is behind the spec. */
  private updating(group: Group<U>): boolean {
    if (group.calling || group.update !== undefined || group.watch !== undefined || group.pendingLaunches > 0) return true;
    if (this.cloud.now < group.watchedUntil) return true;
    if (!sameTemplate(templateOf(group.spec), group.template) || group.spec.replicas !== group.size) return true;
    let live = 0;
    for (const node of group.nodes.values()) {
      if (node.leaving || node.state !== 'running') return true;
      live++;
    }
    return live !== group.size;
  }

  /** One reconcile of the provider controller: call the cloud when the group is idle and behind the spec. */
  protected reconcile(group: Group<U>): void {
    if (group.calling || group.update !== undefined || group.watch !== undefined || this.cloud.now < group.watchedUntil) return;
    const wanted = templateOf(group.spec);
    const updating = !sameTemplate(wanted, group.template);
    if (!updating && group.spec.replicas === group.size) return;
    const action = updating ? this.api.update : this.api.scale;
    const owner = group.spec.pool;
    const replicas = group.spec.replicas;
    group.calling = true;
    this.cloud.callApi(action, {
      cluster: group.spec.cluster,
      object: owner,
      resource: group.key,
      serve: () => this.refusal(group),
    }, (result) => {
      group.calling = false;
      if (result.error !== undefined) {
        const failure = this.cloud.controllerFailure(owner, result.error);
        group.calling = true;
        this.cloud.sim.after(failure.retryAfterMs, () => {
          group.calling = false;
          this.reconcile(group);
        }, undefined);
        return;
      }
      this.cloud.controllerSucceeded(owner);
      group.watch = this.cloud.openControllerPolls(this.api.poll, group.spec.cluster, group.key, this.api.polls(this.cloud.now, group.random));
      // A new version or template is one call; new replicas another, once the group is idle again.
      if (updating) {
        group.updateFrom = group.template;
        group.template = wanted;
        this.record(group, 'started');
        group.update = this.begin(group);
      } else {
        group.size = replicas;
      }
      this.advance(group);
    });
  }

  private refusal(group: Group<U>): CallError | undefined {
    if (this.cloud.controlPlaneUpgrading(group.spec.cluster) || this.conflict(group)) return makeError(this.cloud.catalog.errors, 'conflict');
    return undefined;
  }

  /** The cloud finished what the controller asked: the controller sees it at its next poll. */
  private idle(group: Group<U>): void {
    const watch = group.watch;
    if (watch === undefined) return;
    group.watch = undefined;
    const seen = watch.close(this.cloud.now);
    group.watchedUntil = seen;
    this.cloud.sim.at(seen, this.seenIdleHandler, group);
  }

  // ---- the cloud ---------------------------------------------------------------------------------

  /** The group's next steps: the running update's, or keeping its size. */
  protected advance(group: Group<U>): void {
    this.forgetLost(group);
    if (group.update !== undefined) {
      this.step(group, group.update);
      return;
    }
    this.keepSize(group);
    if (group.watch !== undefined && this.settled(group)) this.idle(group);
  }

  /** Every node is running, Ready and staying, and there are `size` of them. */
  protected settled(group: Group<U>): boolean {
    if (group.pendingLaunches > 0) return false;
    let live = 0;
    for (const node of group.nodes.values()) {
      if (node.leaving || !this.ready(group, node)) return false;
      live++;
    }
    return live === group.size;
  }

  /** Launches or removes nodes so the group has `size` (an ASG's desired capacity). */
  protected keepSize(group: Group<U>): void {
    let live = group.pendingLaunches;
    for (const node of group.nodes.values()) if (!node.leaving) live++;
    if (live < group.size) {
      for (let i = live; i < group.size; i++) this.launch(group, this.zoneWithFewest(group, group.spec.zones), false);
    } else if (live > group.size) {
      for (const node of this.scaleInOrder(group).slice(0, live - group.size)) this.remove(group, node, 0);
    }
  }

  /**
   * Nodes a scale-in takes first: an Auto Scaling group's default termination policy balances
   * zones, then takes the oldest launch template, then (billing hour, not modelled) the oldest
   * (AWS Auto Scaling "default termination policy"; the same order assumed for VMSS and MIG).
   * Nodes not Ready go before all others; after a failed update, its surge nodes next.
   */
  protected scaleInOrder(group: Group<U>): PoolNode[] {
    const live = [...group.nodes.values()].filter((node) => !node.leaving);
    const perZone = new Map<string, number>();
    for (const node of live) perZone.set(node.zone, (perZone.get(node.zone) ?? 0) + 1);
    const wanted = group.template;
    return live.sort((a, b) =>
      Number(this.ready(group, a)) - Number(this.ready(group, b)) ||
      Number(b.surge) - Number(a.surge) ||
      (perZone.get(b.zone) ?? 0) - (perZone.get(a.zone) ?? 0) ||
      Number(sameTemplate(a, wanted)) - Number(sameTemplate(b, wanted)) ||
      a.createdAt - b.createdAt || (a.providerID < b.providerID ? -1 : 1));
  }

  /**
   * Launches one node of the group's template in `zone` (the zone with the fewest nodes when
   * undefined). `onLaunched` runs when the cloud accepted it, `onRefused` when it did not (the
   * group is advanced again after GROUP_LAUNCH_RETRY).
   */
  protected launch(group: Group<U>, zone: string | undefined, surge: boolean, onLaunched?: (node: PoolNode) => void, onRefused?: () => void): void {
    if (zone === undefined) zone = this.zoneWithFewest(group, group.spec.zones);
    const nodeName = this.newNodeName(group);
    const spec = this.instanceSpec(group, zone);
    group.pendingLaunches++;
    this.cloud.launchGroupInstance(spec, nodeName, group.random, {
      accepted: (providerID) => {
        group.pendingLaunches--;
        const node: PoolNode = {
          providerID, nodeName, zone, version: spec.version, image: spec.image, instanceType: spec.instanceType,
          state: 'pending', createdAt: this.cloud.now, leaving: false, surge, terminating: false,
        };
        group.nodes.set(providerID, node);
        onLaunched?.(node);
        group.host.changed();
      },
      running: (providerID) => {
        const node = group.nodes.get(providerID);
        if (node === undefined) return;
        node.state = 'running';
        const joinDelay = this.cloud.groupJoinDelay(group.random);
        group.host.startKubelet(this.copy(node), joinDelay);
        group.host.changed();
        // The group looks again when the Node should have joined.
        this.cloud.sim.after(joinDelay, this.advanceHandler, group);
      },
      failed: (failure) => {
        group.pendingLaunches--;
        if (failure.zonal === true) group.zoneBalance.failed(zone, this.cloud.now);
        onRefused?.();
        if (group.retryPending) return;
        group.retryPending = true;
        this.cloud.sim.after(GROUP_LAUNCH_RETRY, () => {
          group.retryPending = false;
          this.advance(group);
        }, undefined);
      },
    });
  }

  /**
   * Drains `node` through the host (capi's `drainNode`: the workload drain model, passes every
   * CLOUD_DRAIN_PASS_INTERVAL, forced at `timeout`); the node leaves the group's live members.
   * The host hears of each stage (started, completed, timedOut: its timeline's `machine.drain`).
   */
  protected drain(group: Group<U>, node: PoolNode, timeout: Millis, done: (outcome: DrainOutcome) => void): void {
    node.leaving = true;
    group.host.changed();
    const token = { stopped: false };
    group.drains.set(node.providerID, token);
    group.host.drainProgress(this.copy(node), 'started');
    group.host.drainNode(this.copy(node), { retryInterval: CLOUD_DRAIN_PASS_INTERVAL, timeout }, (outcome) => {
      if (token.stopped) return;
      group.drains.delete(node.providerID);
      const result: DrainOutcome = outcome.result === 'forced' ? 'timedOut' : 'drained';
      group.host.drainProgress(this.copy(node), result === 'timedOut' ? 'timedOut' : 'completed', outcome.refusedEvictions);
      done(result);
    });
  }

  /**
   * Gives up on a drain: its outcome is ignored (the host's drain has no cancel: its passes run
   * to their end) and the node is schedulable and a live member again.
   */
  protected keep(group: Group<U>, node: PoolNode): void {
    const token = group.drains.get(node.providerID);
    if (token !== undefined) token.stopped = true;
    group.drains.delete(node.providerID);
    node.leaving = false;
    group.access.uncordonNode(this.copy(node));
  }

  /**
   * Terminates `node` (no drain); `done` when the instance is gone and its Node deleted.
   * Timeline: `nodepool.terminate` when the cloud asks (the node is out of the group's count).
   */
  protected terminate(group: Group<U>, node: PoolNode, done?: () => void): void {
    if (node.terminating) {
      if (done !== undefined) (node.gone ??= []).push(done);
      return;
    }
    node.leaving = true;
    group.host.changed();
    node.terminating = true;
    this.cloud.timeline?.record(nodePoolTerminate(this.cloud.now, { cluster: group.spec.cluster, object: group.spec.pool, node: node.nodeName, version: node.version }));
    this.cloud.terminateGroupInstance(node.providerID, group.random, () => {
      group.nodes.delete(node.providerID);
      group.access.nodeGone(this.copy(node));
      group.host.changed();
      done?.();
      for (const waiter of node.gone ?? []) waiter();
      this.advance(group);
    });
  }

  /** Drains `node` (forcing past the drain timeout), waits `soak`, terminates it. */
  protected remove(group: Group<U>, node: PoolNode, soak: Millis, done?: () => void): void {
    this.drain(group, node, group.settings.drainTimeout, () => this.soakThenTerminate(group, node, soak, done));
  }

  /** Waits `soak` after a drain, then terminates `node`, unless a failed update kept it meanwhile. */
  protected soakThenTerminate(group: Group<U>, node: PoolNode, soak: Millis, done?: () => void): void {
    this.cloud.sim.after(soak, () => {
      if (node.leaving && !node.terminating) this.terminate(group, node, done);
    }, undefined);
  }

  /** The update is done: the controller will see the group idle. */
  protected complete(group: Group<U>): void {
    group.update = undefined;
    for (const node of group.nodes.values()) node.surge = false;
    this.record(group, 'completed');
    this.advance(group);
  }

  /**
   * The update failed: drains in progress stop, their nodes (and drained ones not yet
   * terminated) and the cordoned ones are made
   * schedulable again, the group goes back to its previous template and its size (surplus new
   * nodes are removed first: AKS deletes its surge nodes; UNCONFIRMED for EKS and GKE). The
   * controller sees the failed group idle and asks for the update again.
   */
  protected fail(group: Group<U>, reason: string): void {
    group.update = undefined;
    const target = group.template;
    if (group.updateFrom !== undefined) group.template = group.updateFrom;
    for (const node of group.nodes.values()) {
      if (node.leaving && !node.terminating) this.keep(group, node);
      else if (!node.leaving) group.access.uncordonNode(this.copy(node));
    }
    this.record(group, 'failed', reason, target);
    this.advance(group);
  }

  // ---- helpers -------------------------------------------------------------------------------------

  /** Whether `node` runs and its Node is Ready. */
  protected ready(group: Group<U>, node: PoolNode): boolean {
    return node.state === 'running' && group.host.nodeReady(this.copy(node));
  }

  /** Nodes that are not on the group's template and not leaving. */
  protected outdated(group: Group<U>): PoolNode[] {
    const outdated: PoolNode[] = [];
    for (const node of group.nodes.values()) if (!node.leaving && !sameTemplate(node, group.template)) outdated.push(node);
    return outdated;
  }

  /** The zone of `zones` with the fewest live nodes (the first on ties). */
  protected zoneWithFewest(group: Group<U>, zones: readonly string[]): string {
    if (zones.length === 0) throw new Error(`node group ${group.key} has no zones`);
    const counts = new Map<string, number>(zones.map((zone) => [zone, 0]));
    for (const node of group.nodes.values()) if (!node.leaving && counts.has(node.zone)) counts.set(node.zone, must(counts, node.zone, 'zone') + 1);
    return group.zoneBalance.pick(zones, (zone) => must(counts, zone, 'zone'), this.cloud.now);
  }

  protected record(group: Group<U>, stage: 'started' | 'completed' | 'failed', reason?: string, target: Template = group.template): void {
    const timeline = this.cloud.timeline;
    if (timeline === undefined) return;
    timeline.record(nodePoolUpdate(this.cloud.now, {
      cluster: group.spec.cluster, object: group.spec.pool, flavour: this.kind, stage,
      ...(group.updateFrom !== undefined ? { from: group.updateFrom.version } : {}), to: target.version, image: target.image, ...(reason !== undefined ? { reason } : {}),
    }));
  }

  /** Instances the cloud lost (a crash) are forgotten; their Nodes go with them. */
  private forgetLost(group: Group<U>): void {
    for (const [providerID, node] of group.nodes) {
      const state = this.cloud.instanceState(providerID);
      if (state === undefined || state === 'terminated') {
        group.nodes.delete(providerID);
        const token = group.drains.get(providerID);
        if (token !== undefined) token.stopped = true;
        group.drains.delete(providerID);
        group.access.nodeGone(this.copy(node));
      } else node.state = state;
    }
  }

  private newGroup(spec: NodePoolSpec, host: NodePoolHost): Group<U> {
    const group: Group<U> = {
      key: spec.group, spec: { ...spec }, host, access: this.nodeAccess(spec.cluster), random: host.random,
      nodes: new Map(), names: new Set(), pendingLaunches: 0, template: templateOf(spec), size: 0, settings: poolSettings(spec, this.cloud.catalog.nodePool),
      update: undefined, updateFrom: undefined, calling: false, watch: undefined, watchedUntil: 0, drains: new Map(), retryPending: false, zoneBalance: new ZoneBalance(),
    };
    this.groups.set(spec.group, group);
    return group;
  }

  /** `<pool>-xxxxx`, never one the group used before (kube/generate-name.ts). */
  private newNodeName(group: Group<U>): string {
    const name = generateName(group.random, group.spec.namePrefix, (candidate) => group.names.has(candidate));
    group.names.add(name);
    return name;
  }

  private instanceSpec(group: Group<U>, zone: string): InstanceSpec {
    const { spec, template } = group;
    return { cluster: spec.cluster, owner: spec.pool, region: spec.region, zone, instanceType: template.instanceType, image: template.image, version: template.version };
  }

  protected copy(node: PoolNode): NodePoolInstance {
    return {
      providerID: node.providerID, nodeName: node.nodeName, zone: node.zone, image: node.image, version: node.version,
      instanceType: node.instanceType, state: node.state, createdAt: node.createdAt, leaving: node.leaving,
    };
  }
}

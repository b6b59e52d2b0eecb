/**
 * What AWS, Azure and GCP providers share: instances and their states, zones, capacity and quota (placement.ts),
 * the create and delete flows through the API endpoint, the provider controller's requeue after a
 * failure, and the fault hooks. Each cloud supplies a `ProviderFlow` (which actions, whether a
 * create answers at once or through a long-running operation, how its controller polls) and the
 * shape of its provider IDs.
 *
 * Timing of the `CreateInstanceCallbacks`:
 * - EC2 answers RunInstances with the instance in `pending`: `accepted` fires with the answer and
 *   `running` after the boot time (pending → running).
 * - Azure and GCP answer with an operation; `accepted` and `running` fire when the operation
 *   completes (the VM has booted), not when the controller's poll sees it: the kubelet does not
 *   wait for CAPZ or CAPG, and the Machine needs the Node anyway, which comes later. The polls up
 *   to the one that sees completion are charged to the rate limits.
 * - A create whose operation fails (capacity) fails when the controller's poll sees it.
 * - A delete is done when the controller's poll sees the instance gone (CAPA: DescribeInstances
 *   each minute; CAPZ: the DELETE operation's polls; CAPG: the operation's polls).
 * Every create and delete first takes one of the provider controller's workers
 * (controller-workers.ts) and holds it as long as the controller's reconcile would.
 *
 * Also here: managed control-plane upgrades (control-plane-upgrade.ts, each cloud's
 * `ControlPlaneFlow`), the instances cloud-managed node groups launch themselves
 * (`launchGroupInstance`, used by node-pools/), and the fault hooks, which stack (faults.ts).
 */

import type { Millis } from '../engine/duration.js';
import { makeDistribution, type Distribution } from '../engine/distribution.js';
import type { Random, RandomStreams } from '../engine/random.js';
import type { ScheduledEvent } from '../engine/event-queue.js';
import type { Simulation } from '../engine/simulation.js';
import { parseObjectKey, type ClusterKey, type ObjectKey } from '../kube/keys.js';
import { cloudWorkerWait, type Timeline } from '../timeline/index.js';
import { ApiEndpoint, type ApiClient, type ApiResult, type OpenPolls } from './api-endpoint.js';
import type { CallEventSampling } from './call-events.js';
import { ControlPlaneUpgrades, type ControlPlaneFlow } from './control-plane-upgrade.js';
import type { CloudCatalog, CloudKind } from './catalog.js';
import { makeError, type CallError } from './errors.js';
import type { CloudFaultHooks } from './faults.js';
import { WorkerPool } from './controller-workers.js';
import { ClientLimiters, type ClientLimitRule } from './limits/client-limiters.js';
import { LimitStore } from './limits/limit-store.js';
import type { Limiter } from './limits/limiter.js';
import { Placement, type CapacityLimit } from './placement.js';
import { firstPollAtOrAfter, type PollSchedule } from './poll-schedule.js';
import type { CloudFailure, ControlPlaneUpgradeRequest, CreateInstanceCallbacks, InfrastructureProvider, InstanceSpec, InstanceState, ListedInstance } from './provider.js';
import { FailureBackoff } from './requeue.js';
import { makeRetryPolicy } from './retry/index.js';
import type { CloudRegionStats } from './stats.js';

export type { CapacityLimit } from './placement.js';

export type ReconcileStage = 'preflight' | 'create' | 'delete' | 'update';

export interface ProviderFlow {
  createAction: string;
  deleteAction: string;
  /** A call the controller makes before creating (CAPZ GETs the VM: NotFound means create). */
  createPreflight?: string;
  /** `sync`: the create call answers with the instance (EC2). `operation`: a long-running operation (ARM, GCE). */
  createMode: 'sync' | 'operation';
  /** Placement failures the create call itself returns; the others fail its operation. */
  syncPlacementErrors: ReadonlySet<'capacity' | 'quota'>;
  /** What the controller calls to follow a create or a delete. */
  pollAction: string;
  /** The controller's polls after the create was answered at `accepted`. */
  createPolls(accepted: Millis): PollSchedule;
  /** The controller's polls after the delete was answered at `accepted`. */
  deletePolls(accepted: Millis): PollSchedule;
  /**
   * When the reconcile that got its create or delete answered at `accepted` frees its worker,
   * given that its poll sees the operation done at `seen`.
   */
  releaseWorker(accepted: Millis, seen: Millis): Millis;
  /** Client-side limiter rules per cluster (CAPA); none when absent. */
  clientLimits?: readonly ClientLimitRule[];
  /** How the managed control plane (EKS, AKS, GKE) is upgraded and followed. */
  controlPlane: ControlPlaneFlow;
}

export interface CloudProviderOptions {
  sim: Simulation;
  streams: RandomStreams;
  account: string;
  region: string;
  catalog: CloudCatalog;
  capacity?: readonly CapacityLimit[];
  /** Account-scoped limiters shared with the account's other regions. */
  sharedLimiters?: Map<string, Limiter>;
  /** The controller's workers, shared by the cloud's providers; its own pool when absent. */
  workers?: WorkerPool;
  timeline?: Timeline;
  callEvents?: CallEventSampling;
}

interface Instance {
  providerID: string;
  /** The name resource-scoped limits are keyed by (the VM or instance name). */
  name: string;
  spec: InstanceSpec;
  state: InstanceState;
  /** Pending → running, cancelled if the instance dies first. */
  boot: ScheduledEvent<Instance> | undefined;
  /** What to do on reaching running (held while its zone is down). */
  onRunning: (() => void) | undefined;
  /** Whether the caller has its provider ID (`accepted` fired, or adopted). */
  announced: boolean;
  deleting: boolean;
  deleteWaiters: Array<(failure?: CloudFailure) => void>;
}

interface ApiOptions {
  cluster?: ClusterKey;
  object?: ObjectKey;
  resource?: string;
  units?: number;
}

export abstract class CloudProvider implements InfrastructureProvider, CloudFaultHooks {
  abstract readonly kind: CloudKind;
  readonly endpoint: ApiEndpoint;
  readonly account: string;
  readonly region: string;
  readonly catalog: CloudCatalog;
  readonly workers: WorkerPool;
  readonly sim: Simulation;
  protected readonly backoff = new FailureBackoff();
  private workerWaitMs: Millis = 0;
  private readonly instances = new Map<string, Instance>();
  private readonly names = new Set<string>();
  private readonly clients = new Map<string, ApiClient>();
  private serial = 0;
  private readonly placement: Placement;
  private readonly heldByZone: Instance[] = [];
  private readonly boot: Distribution;
  private readonly join: Distribution;
  private readonly removal: Distribution;
  private readonly allocationFailure: Distribution;
  private readonly bootRandom: Random;
  private readonly joinRandom: Random;
  private readonly deleteRandom: Random;
  private readonly allocationRandom: Random;
  private readonly bootHandler = (instance: Instance) => this.reachRunning(instance);
  private readonly controlPlanes: ControlPlaneUpgrades;
  /** The run's timeline, for the node pools' events (undefined in bare tests). */
  readonly timeline: Timeline | undefined;
  readonly streams: RandomStreams;

  protected constructor(options: CloudProviderOptions, protected readonly flow: ProviderFlow) {
    this.sim = options.sim;
    this.account = options.account;
    this.region = options.region;
    this.catalog = options.catalog;
    this.placement = new Placement(options.capacity ?? [], options.catalog.errors, options.catalog.instanceQuota);
    this.workers = options.workers ?? new WorkerPool(options.catalog.controllerConcurrency);
    const catalog = options.catalog;
    this.endpoint = new ApiEndpoint({
      sim: options.sim,
      streams: options.streams,
      cloud: catalog.cloud,
      account: options.account,
      region: options.region,
      actions: catalog.actions,
      limits: new LimitStore(catalog.limits, options.sharedLimiters),
      errors: catalog.errors,
      throttleRetryAfter: catalog.throttleRetryAfter,
      ...(options.timeline !== undefined ? { timeline: options.timeline } : {}),
      ...(options.callEvents !== undefined ? { callEvents: options.callEvents } : {}),
    });
    this.timeline = options.timeline;
    this.streams = options.streams;
    const controlPlaneActions = [flow.controlPlane.updateAction, flow.controlPlane.pollAction];
    for (const action of [flow.createAction, flow.deleteAction, flow.pollAction, ...controlPlaneActions, ...(flow.createPreflight !== undefined ? [flow.createPreflight] : [])]) {
      if (!this.endpoint.hasAction(action)) throw new Error(`${catalog.cloud} catalog has no action "${action}"`);
    }
    const path = this.endpoint.path;
    this.boot = makeDistribution(catalog.timings.instanceBoot);
    this.join = makeDistribution(catalog.timings.kubeletJoin);
    this.removal = makeDistribution(catalog.timings.instanceDelete);
    this.allocationFailure = makeDistribution(catalog.timings.allocationFailure);
    this.bootRandom = options.streams.stream(`${path}/boot`);
    this.joinRandom = options.streams.stream(`${path}/join`);
    this.deleteRandom = options.streams.stream(`${path}/delete`);
    this.allocationRandom = options.streams.stream(`${path}/allocation`);
    this.controlPlanes = new ControlPlaneUpgrades({
      sim: this.sim,
      streams: options.streams,
      path,
      catalog,
      call: (action, request, done) => this.callApi(action, request, done),
      chargePolls: (action, schedule, t, cluster, resource) => this.chargePolls(schedule, t, cluster, resource, action),
      failure: (owner, error) => this.failure(owner, error, 'update'),
      succeeded: (owner) => this.backoff.reset(owner),
      timeline: options.timeline,
    }, flow.controlPlane);
  }

  /** The provider ID of a new instance; `name` is unique among this provider's live instances. */
  protected abstract providerID(spec: InstanceSpec, name: string, serial: number): string;

  /** The instance's name: the owner's name where the cloud names instances after it (Azure, GCP). */
  protected baseName(spec: InstanceSpec): string {
    return parseObjectKey(spec.owner).name;
  }

  /**
   * The provider controller's requeue after `error` at `stage` (default: the reconcile returns
   * the error and controller-runtime's failure backoff applies).
   */
  protected requeueAfter(owner: string, _error: CallError, _stage: ReconcileStage): Millis {
    return this.backoff.next(owner);
  }

  get now(): Millis {
    return this.sim.now;
  }

  // ---- InfrastructureProvider ---------------------------------------------------------------

  createInstance(spec: InstanceSpec, callbacks: CreateInstanceCallbacks): void {
    const serial = ++this.serial;
    const name = this.uniqueName(this.baseName(spec));
    this.names.add(name);
    this.withWorker(spec, () => {
      const preflight = this.flow.createPreflight;
      if (preflight === undefined) {
        this.sendCreate(spec, name, serial, callbacks);
        return;
      }
      this.endpoint.call({
        action: preflight,
        client: this.client(spec.cluster),
        cluster: spec.cluster,
        object: spec.owner,
        resource: name,
        done: (result) => {
          if (result.error === undefined) {
            this.sendCreate(spec, name, serial, callbacks);
            return;
          }
          this.workers.release();
          this.names.delete(name);
          callbacks.failed(this.failure(spec.owner, result.error, 'preflight'));
        },
      });
    });
  }

  private sendCreate(spec: InstanceSpec, name: string, serial: number, callbacks: CreateInstanceCallbacks): void {
    let placement: CallError | undefined;
    let instance: Instance | undefined;
    this.endpoint.call({
      action: this.flow.createAction,
      client: this.client(spec.cluster),
      cluster: spec.cluster,
      object: spec.owner,
      resource: name,
      units: 1,
      serve: () => {
        placement = this.placement.error(spec);
        if (placement !== undefined && (this.flow.createMode === 'sync' || this.flow.syncPlacementErrors.has(placement.kind as 'capacity' | 'quota'))) {
          return placement;
        }
        if (placement === undefined) instance = this.addInstance(spec, name, serial);
        return undefined;
      },
      done: (result) => {
        if (result.error !== undefined) {
          this.workers.release();
          this.names.delete(name);
          callbacks.failed(this.failure(spec.owner, result.error, 'create'));
        } else if (this.flow.createMode === 'sync') {
          this.workers.release();
          this.launched(instance!, callbacks);
        } else {
          this.awaitCreateOperation(spec, name, instance, placement, callbacks);
        }
      },
    });
  }

  deleteInstance(providerID: string, done: (failure?: CloudFailure) => void): void {
    const instance = this.instances.get(providerID);
    if (instance === undefined) {
      done();
      return;
    }
    if (instance.state === 'terminated' && !instance.deleting) {
      // Already gone (a crash): the controller's describe finds it terminated and removes its finalizer.
      this.forget(instance);
      done();
      return;
    }
    instance.deleteWaiters.push(done);
    if (instance.deleting) return;
    instance.deleting = true;
    this.withWorker(instance.spec, () => this.sendDelete(instance));
  }

  private sendDelete(instance: Instance): void {
    const owner = instance.spec.owner;
    this.endpoint.call({
      action: this.flow.deleteAction,
      client: this.client(instance.spec.cluster),
      cluster: instance.spec.cluster,
      object: owner,
      resource: instance.name,
      units: 1,
      serve: () => {
        this.startShutdown(instance);
        return undefined;
      },
      done: (result) => {
        if (result.error !== undefined) {
          this.workers.release();
          instance.deleting = false;
          this.finishDelete(instance, this.failure(owner, result.error, 'delete'));
          return;
        }
        const now = this.sim.now;
        const goneAt = now + Math.round(this.removal.sample(this.deleteRandom));
        const seen = this.chargePolls(this.flow.deletePolls(now), goneAt, instance.spec.cluster, instance.name);
        this.releaseWorkerAt(this.flow.releaseWorker(now, seen));
        this.sim.at(goneAt, () => this.terminate(instance), undefined);
        this.sim.at(seen, () => {
          this.backoff.reset(owner);
          this.forget(instance);
          this.finishDelete(instance, undefined);
        }, undefined);
      },
    });
  }

  adoptRunningInstance(spec: InstanceSpec): string {
    const serial = ++this.serial;
    const name = this.uniqueName(this.baseName(spec));
    this.names.add(name);
    const instance = this.addInstance(spec, name, serial);
    instance.state = 'running';
    instance.announced = true;
    return instance.providerID;
  }

  instanceState(providerID: string): InstanceState | undefined {
    return this.instances.get(providerID)?.state;
  }

  listInstances(): ListedInstance[] {
    return [...this.instances.values()].map((i) => ({ providerID: i.providerID, state: i.state, spec: i.spec }));
  }

  kubeletJoinDelay(_spec: InstanceSpec): Millis {
    return Math.round(this.join.sample(this.joinRandom));
  }

  /** Upgrades a managed control plane (control-plane-upgrade.ts). */
  upgradeControlPlane(request: ControlPlaneUpgradeRequest, done: (failure?: CloudFailure) => void): void {
    this.controlPlanes.upgrade(request, done);
  }

  /** Whether the cloud is upgrading the control plane of `cluster` now. */
  controlPlaneUpgrading(cluster: string): boolean {
    return this.controlPlanes.upgrading(cluster);
  }

  // ---- instances of cloud-managed groups -------------------------------------------------------

  /**
   * An instance a cloud-managed group launches itself (an EKS node group's Auto Scaling group, an
   * AKS agent pool's scale set, a GKE node pool's instance group). The cloud's own service makes
   * the call, so no provider-controller worker is held and no API call is charged to the account
   * (UNCONFIRMED whether EC2 counts Auto Scaling's launches against the account's buckets).
   * Placement (zones down, stock-outs, capacity limits, quota), boot and delete times are the same
   * as for single instances, drawn from the group's `random`. `accepted` fires at once (the
   * service knows the instance ID at launch); a refused launch calls `failed` at once, with a
   * `retryAfterMs` of 0: the group decides when to try again.
   */
  launchGroupInstance(spec: InstanceSpec, name: string, random: Random, callbacks: CreateInstanceCallbacks): void {
    const placement = this.placement.error(spec);
    if (placement !== undefined) {
      callbacks.failed({ reason: placement.code, retryAfterMs: 0, ...(placement.kind === 'capacity' ? { zonal: true } : {}) });
      return;
    }
    const unique = this.uniqueName(name);
    this.names.add(unique);
    const instance = this.addInstance(spec, unique, ++this.serial);
    instance.announced = true;
    callbacks.accepted(instance.providerID);
    instance.onRunning = () => callbacks.running(instance.providerID);
    instance.boot = this.sim.at(this.sim.now + Math.round(this.boot.sample(random)), this.bootHandler, instance);
  }

  /** A cloud-managed group terminates one of its instances; `done` fires when it is gone. */
  terminateGroupInstance(providerID: string, random: Random, done: () => void): void {
    const instance = this.instances.get(providerID);
    if (instance === undefined || instance.state === 'terminated') {
      if (instance !== undefined) this.forget(instance);
      done();
      return;
    }
    this.startShutdown(instance);
    this.sim.after(Math.round(this.removal.sample(random)), () => {
      this.forget(instance);
      done();
    }, undefined);
  }

  /** A sample of the kubelet's join delay from `random` (a group's own stream). */
  groupJoinDelay(random: Random): Millis {
    return Math.round(this.join.sample(random));
  }

  // ---- create flow ----------------------------------------------------------------------------

  /** Runs `start` when a provider controller worker is free; a wait for one goes on the timeline (`cloud.workerWait`). */
  private withWorker(spec: { cluster: ClusterKey; owner: ObjectKey }, start: () => void): void {
    const queuedAt = this.sim.now;
    this.workers.acquire(() => {
      const waited = this.sim.now - queuedAt;
      this.workerWaitMs += waited;
      if (waited > 0) this.timeline?.record(cloudWorkerWait(this.sim.now, { cluster: spec.cluster, object: spec.owner, cloud: this.kind, waitedMs: waited }));
      start();
    });
  }

  private releaseWorkerAt(t: Millis): void {
    if (t <= this.sim.now) this.workers.release();
    else this.sim.at(t, () => this.workers.release(), undefined);
  }

  private launched(instance: Instance, callbacks: CreateInstanceCallbacks): void {
    const now = this.sim.now;
    this.backoff.reset(instance.spec.owner);
    instance.announced = true;
    callbacks.accepted(instance.providerID);
    const runningAt = now + Math.round(this.boot.sample(this.bootRandom));
    // The controller polls the pending instance until it sees it running (CAPA: every 1 s).
    this.chargePolls(this.flow.createPolls(now), runningAt, instance.spec.cluster, instance.name);
    instance.onRunning = () => callbacks.running(instance.providerID);
    instance.boot = this.sim.at(runningAt, this.bootHandler, instance);
  }

  private awaitCreateOperation(
    spec: InstanceSpec,
    name: string,
    instance: Instance | undefined,
    placement: CallError | undefined,
    callbacks: CreateInstanceCallbacks,
  ): void {
    const now = this.sim.now;
    const schedule = this.flow.createPolls(now);
    if (instance === undefined) {
      // The operation fails (capacity, quota); the controller learns it at its next poll.
      const failAt = now + Math.round(this.allocationFailure.sample(this.allocationRandom));
      const seen = this.chargePolls(schedule, failAt, spec.cluster, name);
      this.releaseWorkerAt(this.flow.releaseWorker(now, seen));
      const error = placement ?? makeError(this.catalog.errors, 'capacity');
      this.sim.at(seen, () => {
        this.names.delete(name);
        callbacks.failed(this.failure(spec.owner, error, 'create'));
      }, undefined);
      return;
    }
    const doneAt = now + Math.round(this.boot.sample(this.bootRandom));
    const seen = this.chargePolls(schedule, doneAt, spec.cluster, name);
    this.releaseWorkerAt(this.flow.releaseWorker(now, seen));
    instance.onRunning = () => {
      this.backoff.reset(spec.owner);
      instance.announced = true;
      callbacks.accepted(instance.providerID);
      callbacks.running(instance.providerID);
    };
    instance.boot = this.sim.at(doneAt, this.bootHandler, instance);
  }

  private reachRunning(instance: Instance): void {
    instance.boot = undefined;
    if (instance.state !== 'pending') return;
    if (this.placement.zoneIsDown(instance.spec.zone)) {
      this.heldByZone.push(instance);
      return;
    }
    instance.state = 'running';
    const onRunning = instance.onRunning;
    instance.onRunning = undefined;
    onRunning?.();
  }

  /** Registers the polls of `action` up to the first at or after `t` and returns that poll's time. */
  protected chargePolls(schedule: PollSchedule, t: Millis, cluster: string, resource: string, action = this.flow.pollAction): Millis {
    const seen = firstPollAtOrAfter(schedule, t);
    const limiters = this.client(cluster).limiters;
    this.endpoint.schedulePolls({
      action,
      cluster,
      resource,
      time: (k) => schedule.time(k),
      count: seen + 1,
      ...(limiters !== undefined ? { limiters } : {}),
    });
    return schedule.time(seen);
  }

  // ---- instances (where they may go: placement.ts) -------------------------------------------

  private uniqueName(base: string): string {
    if (!this.names.has(base)) return base;
    for (let n = 2; ; n++) {
      const candidate = `${base}-${n}`;
      if (!this.names.has(candidate)) return candidate;
    }
  }

  private addInstance(spec: InstanceSpec, name: string, serial: number): Instance {
    const instance: Instance = {
      providerID: this.providerID(spec, name, serial),
      name,
      spec,
      state: 'pending',
      boot: undefined,
      onRunning: undefined,
      announced: false,
      deleting: false,
      deleteWaiters: [],
    };
    this.instances.set(instance.providerID, instance);
    this.placement.count(spec, 1);
    return instance;
  }

  private startShutdown(instance: Instance): void {
    if (instance.state === 'terminated') return;
    instance.boot?.cancel();
    instance.boot = undefined;
    instance.onRunning = undefined;
    instance.state = 'shuttingDown';
  }

  private terminate(instance: Instance): void {
    if (instance.state === 'terminated') return;
    instance.boot?.cancel();
    instance.boot = undefined;
    instance.onRunning = undefined;
    instance.state = 'terminated';
    this.placement.count(instance.spec, -1);
  }

  private forget(instance: Instance): void {
    this.terminate(instance);
    if (this.instances.get(instance.providerID) === instance) this.instances.delete(instance.providerID);
    this.names.delete(instance.name);
    this.endpoint.forgetResource(instance.name);
  }

  private finishDelete(instance: Instance, failure: CloudFailure | undefined): void {
    const waiters = instance.deleteWaiters;
    instance.deleteWaiters = [];
    for (const waiter of waiters) waiter(failure);
  }

  private failure(owner: string, error: CallError, stage: ReconcileStage): CloudFailure {
    return { reason: error.code, retryAfterMs: this.requeueAfter(owner, error, stage), ...(error.kind === 'capacity' ? { zonal: true } : {}) };
  }

  protected client(cluster: string): ApiClient {
    let client = this.clients.get(cluster);
    if (client === undefined) {
      client = { retry: makeRetryPolicy(this.catalog.retry) };
      if (this.flow.clientLimits !== undefined) client.limiters = new ClientLimiters(this.flow.clientLimits);
      this.clients.set(cluster, client);
    }
    return client;
  }

  // ---- other API calls (managed control planes and node pools) --------------------------------

  /** A controller's polls of an operation whose end is not known yet (api-endpoint.ts `openPolls`). */
  openControllerPolls(action: string, cluster: string, resource: string, schedule: PollSchedule): OpenPolls {
    const limiters = this.client(cluster).limiters;
    return this.endpoint.openPolls({ action, cluster, resource, time: (k) => schedule.time(k), ...(limiters !== undefined ? { limiters } : {}) });
  }

  /** The failure a provider controller reports for `owner` after `error`, with its requeue. */
  controllerFailure(owner: string, error: CallError): CloudFailure {
    return this.failure(owner, error, 'update');
  }

  /** The provider controller's reconcile of `owner` went through: its failure backoff resets. */
  controllerSucceeded(owner: string): void {
    this.backoff.reset(owner);
  }

  /** Calls any action of this cloud's catalog through the cluster's client. */
  callApi(action: string, options: ApiOptions & { serve?: () => CallError | undefined }, done: (result: ApiResult) => void): void {
    this.endpoint.call({ action, client: this.client(options.cluster ?? ''), ...options, done });
  }

  // ---- faults ---------------------------------------------------------------------------------

  setBrownout(errorRate: number, actions?: readonly string[]): number {
    return this.endpoint.setBrownout(errorRate, actions);
  }

  clearBrownout(handle?: number): void {
    this.endpoint.clearBrownout(handle);
  }

  setOutage(on: boolean): void {
    this.endpoint.setOutage(on);
  }

  setCapacity(zone: string, instanceType: string | undefined, available: boolean): void {
    this.placement.setStockout(zone, instanceType, available);
  }

  crashInstance(providerID: string): boolean {
    const instance = this.instances.get(providerID);
    if (instance === undefined || instance.state === 'terminated') return false;
    this.terminate(instance);
    return true;
  }

  zoneDown(zone: string, on: boolean): string[] {
    const down = this.placement.setZoneDown(zone, on);
    if (!down) {
      const held = this.heldByZone.filter((instance) => instance.spec.zone === zone);
      for (let i = this.heldByZone.length - 1; i >= 0; i--) if (this.heldByZone[i]!.spec.zone === zone) this.heldByZone.splice(i, 1);
      for (const instance of held) this.reachRunning(instance);
    }
    const alive: string[] = [];
    for (const instance of this.instances.values()) {
      if (instance.spec.zone === zone && instance.state !== 'terminated' && instance.announced) alive.push(instance.providerID);
    }
    return alive;
  }

  // ---- reports --------------------------------------------------------------------------------

  /** Instances not terminated. */
  get liveInstances(): number {
    return this.placement.live;
  }

  stats(): CloudRegionStats {
    return { ...this.endpoint.report(), workerWaitMs: this.workerWaitMs };
  }
}

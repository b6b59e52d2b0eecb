/**
 * The World: one simulated run's management cluster, workload clusters and clouds, built from a
 * resolved scenario and driven by the engine until the fleet settles or the horizon is reached.
 */

import { MINUTE, type Millis } from '../engine/duration.js';
import { makeDistribution } from '../engine/distribution.js';
import { RandomStreams } from '../engine/random.js';
import { Simulation } from '../engine/simulation.js';
import { must, present } from '../engine/must.js';
import { ObjectStore } from '../kube/store.js';
import { Manager } from '../kube/manager.js';
import { Timeline } from '../timeline/index.js';
import type { CapiContext, WorkloadHandle } from '../capi/context.js';
import { CAPI_SETTINGS, clusterKeyOf, type ControllerMutations } from '../capi/context.js';
import { createCapiControllers, onNodeEvent } from '../capi/controllers.js';
import { KIND, type Cluster, type InfraMachine, type KubeadmControlPlane, type Machine, type MachineDeployment } from '../capi/types.js';
import { STORE_INDEX } from '../capi/labels.js';
import { DisruptionBudget } from '../workload/drain.js';
import { WorkloadCluster } from '../workload/workload-cluster.js';
import type { ClusterSpec, Scenario } from '../scenario/model.js';
import { buildCluster, markMachineRunning } from './build-fleet.js';
import { Kubelets, podsFor, recordEtcdEvents, recordNodeEvents } from './kubelet.js';
import { scheduleOperations } from '../fleet/operator.js';
import { MhcWatch } from '../fleet/mhc-watch.js';
import { Rollouts } from '../fleet/rollouts.js';
import { recordControlPlaneReplicas, recordPoolReplicas } from '../fleet/pool-events.js';
import { ProviderRegistry } from './providers.js';
import { SettleTracker, type SettleProgress } from './settle.js';
import { recordStuckRollouts } from '../fleet/stuck.js';
import { startCloudNodeLifecycle } from './cloud-node-lifecycle.js';
import { AvailabilityTracker } from '../observe/availability.js';
import { FleetMetrics } from '../observe/fleet-metrics.js';
import { TimeAccounting } from '../observe/time-accounting.js';
import { ControllerSampler } from '../observe/controller-sampler.js';
import { keyOf } from '../kube/object.js';
import type { ObjectKey } from '../kube/keys.js';
import { scheduleFaults, type FaultHost } from '../faults/index.js';
import type { RunOutcome, RunResult } from './result.js';

export type { RunOutcome, RunResult } from './result.js';
import { runAsync, runSlices, runSync, type RunLimits, type SliceOutcome } from './run-limits.js';
import type { TimelineListener } from '../timeline/index.js';

export interface WorldOptions {
  /** Overrides the scenario's seed. */
  seed?: number | undefined;
  /** Keep every timeline event in memory (false for sweeps and for the CLI, which streams them to timeline.jsonl). */
  keepEvents?: boolean | undefined;
  /** Called with every timeline event as it is recorded, after the world's own trackers (a file writer, incremental analyses). */
  listeners?: readonly TimelineListener[] | undefined;
  /** The event limit and the memory guard (run-limits.ts); the event limit defaults to the scenario's `maxEvents:`. */
  limits?: RunLimits | undefined;
  /** Test-only: deliberately wrong controller variants (see CapiSettings.mutations). */
  mutations?: ControllerMutations | undefined;
  /** Test-only: run the reference controllers, without issue 14's incremental shortcuts (see CapiSettings.reference). */
  reference?: boolean | undefined;
  /** Called with the virtual time reached and the progress towards settling, every controller sample (30 s of virtual time). */
  onProgress?: ((now: Millis, horizon: Millis, settling: SettleProgress) => void) | undefined;
}

/** Long enough after the last change for MachineHealthCheck timeouts to have fired. */
function quietPeriod(scenario: Scenario): Millis {
  let longest = 5 * MINUTE;
  for (const cluster of scenario.clusters) {
    for (const check of cluster.healthChecks) {
      longest = Math.max(longest, check.nodeStartupTimeout + MINUTE);
      for (const condition of check.unhealthyConditions) longest = Math.max(longest, condition.timeout + MINUTE);
    }
  }
  return longest;
}

export class World {
  readonly sim = new Simulation();
  readonly streams: RandomStreams;
  readonly timeline: Timeline;
  readonly store: ObjectStore;
  readonly manager: Manager;
  readonly providers: ProviderRegistry;
  readonly kubelets: Kubelets;
  readonly ctx: CapiContext;
  readonly workloads = new Map<string, WorkloadHandle>();
  readonly clusters = new Map<string, Cluster>();
  readonly settle: SettleTracker;
  readonly availability = new AvailabilityTracker();
  readonly metrics = new FleetMetrics();
  /** Where the time went (observe/time-accounting.ts). */
  readonly timeAccounting = new TimeAccounting();
  readonly seed: number;
  private readonly specs = new Map<string, ClusterSpec>();
  readonly sampler: ControllerSampler;
  private readonly rollouts = new Rollouts();
  private readonly limits: RunLimits;

  constructor(readonly scenario: Scenario, options: WorldOptions = {}) {
    this.seed = options.seed ?? scenario.seed;
    this.streams = new RandomStreams(this.seed);
    this.timeline = new Timeline({ keepEvents: options.keepEvents ?? true });
    this.timeline.listen((event) => this.availability.observe(event));
    this.timeline.listen((event) => this.metrics.observe(event));
    this.timeline.listen((event) => this.timeAccounting.observe(event));
    for (const listener of options.listeners ?? []) this.timeline.listen(listener);
    this.limits = options.limits ?? {};
    this.store = new ObjectStore(this.sim, STORE_INDEX);
    const m = scenario.management;
    this.manager = new Manager(this.sim, this.store, this.streams, { clientQPS: m.clientQPS, clientBurst: m.clientBurst, syncPeriod: m.syncPeriod });
    this.providers = new ProviderRegistry({ sim: this.sim, streams: this.streams, timeline: this.timeline, overrides: scenario.clouds, observe: scenario.observe });
    this.kubelets = new Kubelets(this.sim, (key) => this.workload(key), (key) => this.providerOf(key));
    this.ctx = createCapiControllers({
      sim: this.sim,
      store: this.store,
      timeline: this.timeline,
      streams: this.streams,
      manager: this.manager,
      settings: { ...CAPI_SETTINGS, machineSetPreflightChecks: m.machineSetPreflightChecks, ...(options.mutations === undefined ? {} : { mutations: options.mutations }), ...(options.reference === true ? { reference: true } : {}) },
      workload: (key) => this.workload(key),
      provider: (cluster) => this.providers.get(cluster.spec.provider, cluster.spec.account, cluster.spec.region),
      kubelet: this.kubelets,
      rollouts: this.rollouts,
    }, { concurrency: m.controllers, reconcileCost: m.reconcileCost });
    this.settle = new SettleTracker(this.sim, this.timeline, quietPeriod(scenario));
    const onProgress = options.onProgress;
    this.sampler = new ControllerSampler(this.sim, this.timeline, this.manager.controllers, () => this.store.writes, undefined,
      onProgress === undefined ? undefined : (now) => onProgress(now, scenario.horizon, this.settle.progress()));
    // Watching before the fleet is built: the gate sees every MachineHealthCheck from its creation.
    const healthChecks = new MhcWatch(this.store, () => this.sim.now);
    this.buildFleet();
    scheduleOperations({
      ctx: this.ctx,
      rollouts: this.rollouts,
      scenario,
      clusterByName: (name) => this.clusterByName(name),
      workload: (key) => this.workload(key),
      healthChecks,
      pending: (delta) => { this.settle.pendingScheduled += delta; },
    });
    scheduleFaults(this.faultHost(), scenario.faults);
    this.settle.operations = scenario.operations.length;
    this.settle.expectedRollouts = scenario.operations.reduce((n, op) => n + (op.kind === 'upgrade' || op.kind === 'rolloutImage' ? op.targets.length : 0), 0);
  }

  private faultHost(): FaultHost {
    return {
      sim: this.sim,
      streams: this.streams,
      timeline: this.timeline,
      manager: this.manager,
      store: this.store,
      capi: this.ctx,
      clusterSpecs: this.scenario.clusters,
      cluster: (name) => this.clusterByName(name),
      workload: (key) => this.workload(key),
      providerOf: (key) => this.providerOf(key),
      providers: () => this.providers.described(),
      joinBlockers: this.kubelets.blockers,
      pending: (delta) => { this.settle.pendingScheduled += delta; },
    };
  }

  workload(clusterKey: string): WorkloadHandle {
    const handle = this.workloads.get(clusterKey);
    if (handle === undefined) throw new Error(`t=${this.sim.now}: no workload cluster ${clusterKey}`);
    return handle;
  }

  providerOf(clusterKey: string) {
    const cluster = this.clusters.get(clusterKey);
    if (cluster === undefined) throw new Error(`t=${this.sim.now}: no cluster ${clusterKey}`);
    return this.providers.get(cluster.spec.provider, cluster.spec.account, cluster.spec.region);
  }

  private buildFleet(): void {
    const recordNode = recordNodeEvents(this.timeline, this.store, this.sim);
    for (const spec of this.scenario.clusters) {
      const key = clusterKeyOf(spec.namespace, spec.name);
      const workload = new WorkloadCluster(key, this.sim, this.streams.stream(`cluster/${key}/heartbeats`));
      workload.listen(recordNode);
      recordEtcdEvents(this.timeline, this.store, this.sim, workload);
      workload.listen((cluster, event) => onNodeEvent(this.ctx, cluster, event));
      startCloudNodeLifecycle({ ...this, clouds: this.scenario.clouds, provider: () => this.providerOf(key) }, spec, workload);
      this.workloads.set(key, {
        cluster: workload,
        profile: {
          podsPerNode: spec.workloads.podsPerNode,
          pdbMaxUnavailable: spec.workloads.pdbMaxUnavailable,
          eviction: makeDistribution(spec.workloads.eviction),
          random: this.streams.stream(`cluster/${key}/workloads`),
          volumesPerNode: spec.workloads.volumesPerNode,
          volumeDetach: makeDistribution(spec.workloads.volumeDetach),
        },
        budget: new DisruptionBudget(spec.workloads.pdbMaxUnavailable),
      });
      this.specs.set(spec.name, spec);
      const cluster = buildCluster(this.ctx, spec, {
        bringUp: (owner, machine, pool) => this.bringUp(owner, machine, pool, spec),
      });
      this.clusters.set(key, cluster);
      this.recordPools(cluster);
    }
  }

  /** A Machine that exists at t=0: its instance runs and its Node is Ready. */
  private bringUp(cluster: Cluster, machine: Machine, pool: ObjectKey, spec: ClusterSpec): void {
    const infra = present(this.store.get<InfraMachine>(KIND.InfraMachine, machine.metadata.namespace, machine.spec.infrastructureRef.name), `InfraMachine of ${keyOf(machine)}`);
    const key = clusterKeyOf(spec.namespace, spec.name);
    this.clusters.set(key, cluster);
    const provider = this.providers.get(spec.provider, spec.account, spec.region);
    const providerID = provider.adoptRunningInstance({
      cluster: key, owner: keyOf(infra), region: spec.region, zone: infra.spec.failureDomain,
      instanceType: infra.spec.instanceType, image: infra.spec.image, version: infra.spec.version,
    });
    const handle = this.workload(key);
    handle.cluster.addNode({
      name: machine.metadata.name, providerID, kubeletVersion: machine.spec.version, pool, zone: infra.spec.failureDomain, pods: podsFor(pool, handle.profile.podsPerNode),
    });
    markMachineRunning(this.ctx, machine, infra, providerID, machine.metadata.name);
  }

  private recordPools(cluster: Cluster): void {
    const ns = cluster.metadata.namespace;
    const cp = cluster.spec.controlPlaneRef;
    if (cp?.kind === KIND.KubeadmControlPlane) {
      const kcp = this.store.get<KubeadmControlPlane>(KIND.KubeadmControlPlane, ns, cp.name);
      if (kcp !== undefined) recordControlPlaneReplicas(this.ctx, kcp, cluster.metadata.name);
    }
    for (const ref of cluster.spec.topology.workers) {
      if (ref.kind !== KIND.MachineDeployment) continue;
      const md = this.store.get<MachineDeployment>(KIND.MachineDeployment, ns, ref.name);
      if (md !== undefined) recordPoolReplicas(this.ctx, md);
    }
  }

  clusterByName(name: string): Cluster {
    const spec = this.specs.get(name);
    if (spec === undefined) throw new Error(`no cluster named ${name}`);
    return must(this.clusters, clusterKeyOf(spec.namespace, spec.name), 'Cluster');
  }

  /**
   * Runs up to virtual time `at` (or the horizon, or settling, whichever comes first) and stops
   * there: the world then holds the fleet's state at that instant (`--format capi --at`).
   */
  runUntil(at: Millis): Millis {
    this.manager.relistAll();
    this.settle.start();
    this.sampler.start();
    this.sim.run({ horizon: Math.min(at, this.scenario.horizon), maxEvents: this.scenario.maxEvents });
    return this.sim.now;
  }

  /** Runs until the fleet settles, the horizon, the event limit or the memory guard. */
  run(): RunResult {
    return this.finish(runSync(this.slices()));
  }

  /** `run`, yielding to the event loop every few thousand events (signal handlers run meanwhile); the same result. */
  async runAsync(): Promise<RunResult> {
    return this.finish(await runAsync(this.slices()));
  }

  private slices(): Generator<void, SliceOutcome> {
    this.manager.relistAll();
    this.settle.start();
    this.sampler.start();
    return runSlices(this.sim, this.scenario.horizon, this.limits.maxEvents ?? this.scenario.maxEvents, this.limits);
  }

  private finish(result: SliceOutcome): RunResult {
    const settled = result.reason === 'stopped' && this.settle.settledAt !== undefined;
    if (!settled) recordStuckRollouts(this.ctx, this.clusters.values());
    return this.result({ reason: result.reason, settled, endedAt: this.sim.now, events: this.sim.eventsRun, ...(result.detail === undefined ? {} : { detail: result.detail }) });
  }

  /** The read-only result of the run (the figures are taken now: call it once the run is over). */
  private result(outcome: RunOutcome): RunResult {
    let machines = 0;
    for (const workload of this.workloads.values()) machines += workload.cluster.nodes.size;
    const clusterVersions = new Map<string, string>();
    for (const [key, cluster] of this.clusters) clusterVersions.set(key, cluster.spec.topology.version);
    return {
      ...outcome,
      scenario: this.scenario,
      seed: this.seed,
      timeline: this.timeline,
      metrics: this.metrics,
      availability: this.availability,
      timeAccounting: this.timeAccounting,
      clusterVersions,
      machines,
      controllers: [...this.manager.controllers],
      peakReconcilesPerSecond: this.sampler.peakReconcilesPerSecond,
      peakWritesPerSecond: this.sampler.peakWritesPerSecond,
      apiWrites: this.store.writes,
      clientThrottledMs: this.manager.clientThrottledMs,
      objects: this.store.countsByKind(),
      peakObjects: this.store.peakSize,
      providers: this.providers.entries(),
    };
  }
}

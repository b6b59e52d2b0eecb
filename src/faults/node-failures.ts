/**
 * `nodeFailures`: Nodes fail, either `count` of them at once at `at`, or at random at
 * `ratePerNodeHour` per Node (a Poisson process per Node) from `at` on. Modes (scenario-format.md
 * "Fault modes for nodes"):
 * - `crash`: the cloud terminates the instance (CloudFaultHooks.crashInstance) and its kubelet
 *   stops; the node-lifecycle controller turns the Node Ready=Unknown after the grace period.
 *   Nothing comes back: `for` only ends the fault's window.
 * - `kernelPanic` / `hang`: the instance stays, the kubelet stops (Ready=Unknown after the grace
 *   period); when `for` ends the kubelet posts status again.
 * - `notReady`: the kubelet reports Ready=False; `memoryPressure` / `diskPressure`: it reports that
 *   condition True; cleared when `for` ends.
 *
 * Targets: Nodes of the selected clusters that are Ready, whose kubelet is up, in scope (worker
 * Nodes by default, one pool with `pool`, control plane Nodes with `controlPlane: true`).
 *
 * `count` is a total over the selected clusters, drawn uniformly among the targets from the stream
 * `faults/<index>/node-failures` (fewer fail when fewer are targets). `ratePerNodeHour` runs one
 * arrival process per cluster on the stream `faults/<index>/<clusterKey>/arrivals`: the sum of
 * independent per-Node Poisson processes is a Poisson process at rate × (target Nodes), and the
 * target count changes as Nodes come and go, so arrivals use the time-change construction (a
 * unit-rate exponential budget spent at the current rate; exact for a piecewise-constant rate); the
 * Node that fails is drawn uniformly among the targets. Without `for` a rate fault lasts the whole
 * run, and its future arrivals do not count as pending work; with `for` arrivals stop at `at + for`
 * and the failures it caused are cleared as for a count fault.
 *
 * Events: a count fault records `fault.started` / `fault.ended` with the Nodes it hit; a rate fault
 * records `fault.started` / `fault.ended` for its window and `fault.nodeFailed` for every arrival.
 */

import { z } from 'zod';
import { HOUR, type Millis } from '../engine/duration.js';
import { listNames } from '../schema/wording.js';
import type { ScheduledEvent } from '../engine/event-queue.js';
import type { Random } from '../engine/random.js';
import { hasCloudFaultHooks } from '../cloud/faults.js';
import { cite, withDefault } from '../schema/cited.js';
import { ClusterSelectorSchema, Name, PositiveInt } from '../schema/fields.js';
import type { ClusterKey } from '../kube/keys.js';
import { faultNodeFailed } from '../timeline/index.js';
import { machineKeyOfNode } from '../capi/context.js';
import type { Node } from '../workload/node.js';
import { applyNodeFailure, clearNodeFailure, NODE_FAILURE_MODES } from '../workload/node-failures.js';
import type { NodeEvent, WorkloadCluster } from '../workload/workload-cluster.js';
import { defineFault, withFor, type FaultPlacement, type FaultResolveContext } from './definition.js';
import type { FaultHost } from './host.js';
import { keyOfSpec, nodeScope, targetSpecs } from './targets.js';
import { For, type FaultCluster, type ResolvedFault, type Targeted } from './spec.js';
import { scheduleWindow, type FaultTarget } from './window.js';

export const NodeFailuresSchema = z
  .strictObject({
    clusters: ClusterSelectorSchema.optional(),
    pool: Name.optional(),
    controlPlane: withDefault(z.boolean(), cite(false, 'fleetsim (node failures hit worker nodes unless controlPlane: true)')),
    count: PositiveInt.optional(),
    ratePerNodeHour: z.number().positive().max(1000).optional(),
    mode: z.enum(NODE_FAILURE_MODES),
    for: For,
  })
  .superRefine((value, ctx) => {
    if ((value.count === undefined) === (value.ratePerNodeHour === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'expected exactly one of count (nodes at once) and ratePerNodeHour (random failures)', input: value });
    }
    if (value.controlPlane && value.pool !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['pool'], message: 'expected either pool or controlPlane: true, not both', input: value.pool });
    }
  });

/** `clusters` unset = every cluster (`targets` lists them all); exactly one of count and ratePerNodeHour is set. */
export type NodeFailuresFault = ResolvedFault<'nodeFailures', typeof NodeFailuresSchema, Targeted>;

interface FailedNode {
  clusterKey: ClusterKey;
  cluster: WorkloadCluster;
  node: Node;
}

export function scheduleNodeFailures(host: FaultHost, fault: NodeFailuresFault): void {
  if (fault.count !== undefined) scheduleCount(host, fault, fault.count);
  else if (fault.ratePerNodeHour !== undefined) scheduleRate(host, fault, fault.ratePerNodeHour);
  else throw new Error(`faults[${fault.index}]: nodeFailures has neither count nor ratePerNodeHour`);
}

/** A target: still registered, in scope, Ready, its kubelet posting status. */
function isTarget(cluster: WorkloadCluster, node: Node, inScope: (node: Node) => boolean): boolean {
  return cluster.nodes.get(node.name) === node && inScope(node) && !node.kubeletStopped && node.conditions.Ready.status === 'True';
}

function fail(host: FaultHost, failed: FailedNode, fault: NodeFailuresFault): void {
  if (fault.mode === 'crash') {
    const provider = host.providerOf(failed.clusterKey);
    if (hasCloudFaultHooks(provider)) provider.crashInstance(failed.node.providerID);
  }
  applyNodeFailure(failed.cluster, failed.node, fault.mode);
}

/** The fault's `for` ended: the kubelet comes back (a crashed instance does not). */
function recover(failed: FailedNode, fault: NodeFailuresFault): void {
  if (fault.mode === 'crash') return;
  clearNodeFailure(failed.cluster, failed.node, fault.mode);
}

function hitTarget(failed: readonly FailedNode[]): FaultTarget {
  return { clusters: [...new Set(failed.map((f) => f.clusterKey))], nodes: failed.map((f) => f.node.name) };
}

function scheduleCount(host: FaultHost, fault: NodeFailuresFault, count: number): void {
  const specs = targetSpecs(host, fault.targets);
  scheduleWindow(host, fault, () => {
    const candidates: FailedNode[] = [];
    for (const spec of specs) {
      const clusterKey = keyOfSpec(spec);
      const cluster = host.workload(clusterKey).cluster;
      const inScope = nodeScope(spec, fault);
      for (const node of cluster.sortedNodes()) if (isTarget(cluster, node, inScope)) candidates.push({ clusterKey, cluster, node });
    }
    const chosen = pickDistinct(host.streams.stream(`faults/${fault.index}/node-failures`), candidates, count);
    for (const failed of chosen) fail(host, failed, fault);
    const clusters = new Set(chosen.map((f) => f.clusterKey));
    return {
      target: hitTarget(chosen),
      fields: { mode: fault.mode, ...(clusters.size === 1 ? { cluster: chosen[0]!.clusterKey } : {}) },
      end: () => {
        for (const failed of chosen) recover(failed, fault);
      },
    };
  });
}

/** `count` distinct items drawn uniformly (a partial Fisher–Yates shuffle), listed in their original order. */
function pickDistinct<T>(random: Random, items: readonly T[], count: number): T[] {
  const indexes = items.map((_, i) => i);
  const take = Math.min(count, items.length);
  for (let i = 0; i < take; i++) {
    const j = random.int(i, indexes.length - 1);
    const swap = indexes[i]!;
    indexes[i] = indexes[j]!;
    indexes[j] = swap;
  }
  return indexes.slice(0, take).sort((a, b) => a - b).map((i) => items[i]!);
}

function scheduleRate(host: FaultHost, fault: NodeFailuresFault, ratePerNodeHour: number): void {
  const specs = targetSpecs(host, fault.targets);
  scheduleWindow(host, fault, () => {
    const processes = specs.map((spec) => new ArrivalProcess(host, fault, spec, ratePerNodeHour / HOUR));
    const clusters = specs.map(keyOfSpec);
    return {
      target: { clusters },
      fields: { mode: fault.mode, ratePerNodeHour },
      end: () => {
        const failed: FailedNode[] = [];
        const names: string[] = [];
        for (const process of processes) {
          const stopped = process.stop();
          failed.push(...stopped.nodes);
          names.push(...stopped.names);
        }
        for (const f of failed) recover(f, fault);
        return { clusters, nodes: names };
      },
    };
  });
}

/**
 * Random failures of one cluster's target Nodes. `budget` is the unit-rate exponential exposure
 * left before the next arrival; it is spent at `perNodeMs × targets` and re-planned whenever the
 * number of targets changes (a Node added, deleted, or its Ready condition changed).
 */
class ArrivalProcess {
  private readonly clusterKey: ClusterKey;
  private readonly cluster: WorkloadCluster;
  private readonly inScope: (node: Node) => boolean;
  private readonly random: Random;
  /** Target Nodes; removal swaps with the last one (the order stays a function of the run). */
  private readonly targets: Node[] = [];
  private readonly position = new Map<Node, number>();
  /**
   * The names of the Nodes this process failed, for `fault.ended`, and the Nodes themselves when
   * the fault's end brings them back (a crashed instance does not come back: a long run at a high
   * rate would otherwise hold every Node it ever failed, issue 19 defect 8).
   */
  private readonly failedNames: string[] = [];
  private readonly failed: FailedNode[] = [];
  /** Nodes failed, never targeted again; a deleted Node leaves it (a Node object is never re-added). */
  private readonly hit = new Set<Node>();
  private budget: number;
  private spentUntil: Millis;
  private next: ScheduledEvent<undefined> | undefined;
  private active = true;

  constructor(private readonly host: FaultHost, private readonly fault: NodeFailuresFault, spec: FaultCluster, private readonly perNodeMs: number) {
    this.clusterKey = keyOfSpec(spec);
    this.cluster = host.workload(this.clusterKey).cluster;
    this.inScope = nodeScope(spec, fault);
    this.random = host.streams.stream(`faults/${fault.index}/${this.clusterKey}/arrivals`);
    for (const node of this.cluster.sortedNodes()) this.refresh(node);
    this.budget = this.exponential();
    this.spentUntil = host.sim.now;
    this.cluster.listen(this.onNodeEvent);
    this.plan();
  }

  /** Stops arrivals; returns the names of the Nodes this process failed, and those to recover. */
  stop(): { names: string[]; nodes: FailedNode[] } {
    this.active = false;
    this.next?.cancel();
    this.next = undefined;
    return { names: this.failedNames, nodes: this.failed };
  }

  private exponential(): number {
    return -Math.log(1 - this.random.next());
  }

  /** Adds or removes `node` from the targets; true when the set changed. */
  private refresh(node: Node): boolean {
    const want = !this.hit.has(node) && isTarget(this.cluster, node, this.inScope);
    const at = this.position.get(node);
    if (want && at === undefined) {
      this.position.set(node, this.targets.length);
      this.targets.push(node);
      return true;
    }
    if (!want && at !== undefined) {
      const last = this.targets.pop()!;
      if (last !== node) {
        this.targets[at] = last;
        this.position.set(last, at);
      }
      this.position.delete(node);
      return true;
    }
    return false;
  }

  private readonly onNodeEvent = (_cluster: WorkloadCluster, event: NodeEvent): void => {
    if (!this.active || event.type === 'cordoned') return;
    const before = this.targets.length;
    const changed = this.refresh(event.node);
    if (event.type === 'deleted') this.hit.delete(event.node);
    if (!changed) return;
    this.spend(before);
    this.plan();
  };

  /** Spends the budget from the last change to now at the rate `targets` Nodes gave. */
  private spend(targets: number): void {
    const now = this.host.sim.now;
    this.budget -= this.perNodeMs * targets * (now - this.spentUntil);
    this.spentUntil = now;
  }

  private plan(): void {
    this.next?.cancel();
    this.next = undefined;
    const rate = this.perNodeMs * this.targets.length;
    if (!this.active || rate <= 0) return;
    this.next = this.host.sim.after(Math.max(1, Math.ceil(Math.max(0, this.budget) / rate)), this.arrive, undefined);
  }

  private readonly arrive = (): void => {
    this.next = undefined;
    this.spentUntil = this.host.sim.now;
    let node: Node | undefined;
    while (node === undefined && this.targets.length > 0) {
      const candidate = this.targets[Math.floor(this.random.next() * this.targets.length)]!;
      if (isTarget(this.cluster, candidate, this.inScope)) node = candidate;
      else this.refresh(candidate); // a kubelet stopped without a Node event yet (another fault)
    }
    this.budget = this.exponential();
    if (node !== undefined) {
      this.hit.add(node);
      this.refresh(node);
      const failed = { clusterKey: this.clusterKey, cluster: this.cluster, node };
      this.failedNames.push(node.name);
      if (this.fault.mode !== 'crash') this.failed.push(failed);
      const machine = machineKeyOfNode(this.clusterKey, node.name);
      this.host.timeline.record(faultNodeFailed(this.host.sim.now, {
        fault: this.fault.kind, index: this.fault.index, cluster: this.clusterKey,
        ...(this.host.store.getByKey(machine) !== undefined ? { object: machine } : {}), node: node.name, mode: this.fault.mode,
      }));
      fail(this.host, failed, this.fault);
    }
    this.plan();
  };
}

// ---------------------------------------------------------------------------------------------
// The fault table's row

function resolveNodeFailures(f: z.output<typeof NodeFailuresSchema>, base: FaultPlacement, ctx: FaultResolveContext): NodeFailuresFault {
  const chosen = f.clusters === undefined ? { selector: undefined, targets: ctx.clusters.map((c) => c.name) } : ctx.select(f.clusters, ['clusters']);
  if (f.pool !== undefined) ctx.checkPool(f.pool, chosen.targets, ['pool']);
  if (f.controlPlane) {
    const managed = chosen.targets.filter((name) => ctx.cluster(name).controlPlane.managed);
    if (managed.length > 0 && (f.clusters?.names !== undefined || managed.length === chosen.targets.length)) {
      ctx.error(['controlPlane'], `cluster${managed.length > 1 ? 's' : ''} ${listNames(managed)} ${managed.length > 1 ? 'have' : 'has'} a managed control plane, with no control plane machines to fail`);
    }
  }
  const fault: NodeFailuresFault = { ...base, kind: 'nodeFailures', targets: chosen.targets, controlPlane: f.controlPlane, mode: f.mode };
  if (chosen.selector !== undefined) fault.clusters = chosen.selector;
  if (f.pool !== undefined) fault.pool = f.pool;
  if (f.count !== undefined) fault.count = f.count;
  if (f.ratePerNodeHour !== undefined) fault.ratePerNodeHour = f.ratePerNodeHour;
  return withFor(fault, f.for);
}

/** The node failure modes the fuzzer draws (the others only matter with matching health checks). */
export const FUZZED_NODE_MODES = ['crash', 'kernelPanic', 'notReady'] as const;

export const nodeFailures = defineFault({
  kind: 'nodeFailures',
  schema: NodeFailuresSchema,
  resolve: resolveNodeFailures,
  schedule: scheduleNodeFailures,
  label: (fault) => `nodeFailures ${fault.mode}${fault.count !== undefined ? ` ×${fault.count}` : ''}`,
  fuzz: {
    alias: 'node',
    item(choices, fleet, context) {
      const target = fleet.nodes[choices.target % Math.max(fleet.nodes.length, 1)];
      if (target === undefined) return undefined;
      const where = target.pool === undefined ? { controlPlane: true } : { pool: target.pool };
      const modes = target.pool === undefined ? context.modes.controlPlane : context.modes.workers;
      if (modes.length === 0) return undefined;
      return { clusters: { names: [target.cluster] }, ...where, count: Math.min(choices.size, target.replicas), mode: modes[choices.mode % modes.length]!, for: context.for };
    },
  },
});

/**
 * A fleet-wide version upgrade, planned as waves (the fleet operator's rollout plan; CAPI itself
 * upgrades one Cluster at a time when its `spec.topology.version` changes):
 * - an optional canary wave first (the first N targets, or the targets a selector picks);
 * - then waves by size (a count, or a percent of all targets, rounded up) or by a label's values
 *   (sorted; clusters without the label last; each value's group split by `size` when both are set);
 * - a wave starts after the previous one completed, soaked for `pauseBetween`, and passed its gate
 *   (`healthy`: every Node Ready and no MachineHealthCheck short-circuit; or any of `allReady`,
 *   `noShortCircuit`, `maxRemediations` (an error budget); `none`: the next wave starts
 *   `pauseBetween` after this one started, without waiting);
 * - a maintenance window (UTC days and HH:MM–HH:MM, across midnight when the end is earlier than the
 *   start; t = 0 is `scenario.startsAt`) delays a wave's start, and the start of any cluster queued
 *   behind the cap, to the next opening; clusters already upgrading are not interrupted;
 * - `maxConcurrentClusters` caps clusters upgrading at once across the fleet.
 * A gate that fails on a count that can only grow (a short-circuit, remediations over the budget)
 * halts the upgrade: the remaining waves never start, as when an operator's pipeline stops. A gate
 * that fails only because Nodes are not Ready is re-checked every minute.
 * Within a cluster the topology controller takes over (control plane first, then pools, with
 * CAPI's upgrade-concurrency, defer-upgrade and hold-upgrade-sequence: capi-semantics.md §7).
 */

import { MINUTE, type Millis } from '../engine/duration.js';
import type { Simulation } from '../engine/simulation.js';
import { must } from '../engine/must.js';
import { clusterKeyOf, objectKey, parseClusterKey } from '../kube/keys.js';
import { upgradeRefused, waveCompleted, waveHalted, waveHeld, waveStarted, waveWaiting, type Timeline, type TimelineEvent } from '../timeline/index.js';
import type { ClusterSpec, MaintenanceWindow, UpgradeOperation, WaveGate, Weekday } from '../scenario/model.js';
import { matchesClusterSelector } from '../scenario/selectors.js';

export interface FleetUpgradeHost {
  sim: Simulation;
  timeline: Timeline;
  clusters: readonly ClusterSpec[];
  /** Epoch ms of t=0, for maintenance windows. */
  startsAtEpochMs: number;
  /**
   * Bumps one cluster's topology version: `started`, `current` when it is already there, or the
   * webhook's refusal while the cluster still rolls its previous version.
   */
  upgradeCluster(name: string, version: string): UpgradeVerdict;
  /** Health of a set of clusters now: all Nodes Ready, and counts since `since`. */
  health(names: readonly string[], since: Millis): WaveHealth;
  done(): void;
}

export type UpgradeVerdict = { verdict: 'started' } | { verdict: 'current' } | { verdict: 'refused'; current: string; reason: string };

export interface WaveHealth {
  allReady: boolean;
  shortCircuits: number;
  remediations: number;
}

/** How often a gate held only by Nodes not Ready is looked at again (fleetsim ASSUMPTION: a pipeline polling each minute). */
const HEALTH_RECHECK = MINUTE;
const DAY_MS = 24 * 60 * MINUTE;
/** getUTCDay order; 1970-01-01 (epoch day 0) was a Thursday. */
const WEEKDAYS: readonly Weekday[] = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const EPOCH_WEEKDAY = 4;

/** A wave size in clusters: a count, or a percent of `total` rounded up; at least 1. */
export function waveSize(size: number | `${number}%` | undefined, total: number, fallback: number): number {
  if (size === undefined) return Math.max(1, fallback);
  if (typeof size === 'number') return Math.max(1, size);
  return Math.max(1, Math.ceil((Number(size.slice(0, -1)) * total) / 100));
}

function chunk(names: readonly string[], size: number): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < names.length; i += size) out.push(names.slice(i, i + size));
  return out;
}

/** Splits the operation's targets (in their resolved order) into waves; see the file comment. */
export function planWaves(operation: UpgradeOperation, clusters: readonly ClusterSpec[]): string[][] {
  const byName = new Map(clusters.map((c) => [c.name, c]));
  const targets = operation.targets;
  const plan = operation.waves;
  if (plan === undefined) return targets.length > 0 ? [[...targets]] : [];
  const waves: string[][] = [];
  let rest = [...targets];
  if (plan.canary !== undefined) {
    const canarySelector = plan.canary;
    const canary = typeof canarySelector === 'number'
      ? rest.slice(0, canarySelector)
      : rest.filter((name) => { const spec = byName.get(name); return spec !== undefined && matchesClusterSelector(canarySelector, spec); });
    if (canary.length > 0) waves.push(canary);
    const inCanary = new Set(canary);
    rest = rest.filter((name) => !inCanary.has(name));
  }
  if (rest.length === 0) return waves;
  if (plan.byLabel !== undefined) {
    const label = plan.byLabel;
    const groups = new Map<string, string[]>();
    const unlabelled: string[] = [];
    for (const name of rest) {
      const value = byName.get(name)?.labels[label];
      if (value === undefined) {
        unlabelled.push(name);
        continue;
      }
      const group = groups.get(value);
      if (group === undefined) groups.set(value, [name]);
      else group.push(name);
    }
    const ordered = [...groups.keys()].sort().map((value) => must(groups, value, 'wave group'));
    if (unlabelled.length > 0) ordered.push(unlabelled);
    for (const group of ordered) waves.push(...chunk(group, waveSize(plan.size, targets.length, group.length)));
    return waves;
  }
  waves.push(...chunk(rest, waveSize(plan.size, targets.length, rest.length)));
  return waves;
}

function floorMod(a: number, b: number): number {
  return ((a % b) + b) % b;
}

/**
 * Milliseconds from `now` (ms since t=0) until the window is open, 0 when it is open now. Pure
 * calendar arithmetic on the simulated instant `startsAtEpochMs + now` (UTC, no leap seconds).
 * A window whose end is not after its start runs past midnight: `Fri 22:00–02:00` is open from
 * Friday 22:00 to Saturday 02:00.
 */
export function delayUntilWindow(window: MaintenanceWindow, startsAtEpochMs: number, now: Millis): Millis {
  const instant = startsAtEpochMs + now;
  const today = instant - floorMod(instant, DAY_MS);
  const length = (floorMod(window.endMinute - window.startMinute - 1, 24 * 60) + 1) * MINUTE;
  let best = Number.POSITIVE_INFINITY;
  // A window opened yesterday may still be open; one opening within the next 7 days always exists.
  for (let day = -1; day <= 7; day++) {
    const dayStart = today + day * DAY_MS;
    const weekday = WEEKDAYS[floorMod(Math.floor(dayStart / DAY_MS) + EPOCH_WEEKDAY, 7)] as Weekday;
    if (!window.days.includes(weekday)) continue;
    const opens = dayStart + window.startMinute * MINUTE;
    if (instant >= opens && instant < opens + length) return 0;
    if (opens > instant && opens - instant < best) best = opens - instant;
  }
  if (!Number.isFinite(best)) throw new Error(`maintenance window ${window.start}–${window.end} has no days`);
  return best;
}

type GateVerdict = 'open' | 'wait' | 'halt';

/** Whether the wave's gate lets the next wave start, must be re-checked, or has failed for good. */
export function judgeGate(gate: WaveGate, health: WaveHealth): GateVerdict {
  if (gate === 'none') return 'open';
  const requirement = gate === 'healthy' ? { allReady: true, noShortCircuit: true, maxRemediations: undefined } : gate;
  // Counts since the wave started only grow: once over, the gate can never open.
  if (requirement.noShortCircuit === true && health.shortCircuits > 0) return 'halt';
  if (requirement.maxRemediations !== undefined && health.remediations > requirement.maxRemediations) return 'halt';
  if (requirement.allReady === true && !health.allReady) return 'wait';
  return 'open';
}

export class FleetUpgrade {
  readonly waves: string[][];
  private waveIndex = -1;
  private waveStartedAt: Millis = 0;
  /** Clusters of started waves not yet admitted because of the cap or a closed window. */
  private readonly waiting: string[] = [];
  private readonly inFlight = new Set<string>();
  private readonly completed = new Set<string>();
  /** Clusters whose bump CAPI's webhook refused (previous rollout in flight): applied again when it completes. */
  private readonly refused = new Set<string>();
  private readonly gate: WaveGate;
  private admitScheduled = false;
  private finished = false;
  private heldWave = -1;

  constructor(private readonly host: FleetUpgradeHost, private readonly operation: UpgradeOperation) {
    this.waves = planWaves(operation, host.clusters);
    this.gate = operation.waves?.gate ?? 'healthy';
    host.timeline.listen((event) => this.observe(event));
  }

  start(): void {
    this.nextWave();
  }

  private get plan() {
    return this.operation.waves;
  }

  private observe(event: TimelineEvent): void {
    if (event.type !== 'rollout.completed' || event.kind !== 'upgrade') return;
    const { name } = parseClusterKey(event.cluster);
    if (this.refused.delete(name)) {
      // The pipeline applies the refused bump again as soon as the webhook would admit it.
      this.waiting.unshift(name);
      this.admit();
      this.checkWaveDone();
      return;
    }
    if (!this.inFlight.delete(name)) return;
    this.completed.add(name);
    this.admit();
    this.checkWaveDone();
  }

  /** The fields every wave event starts with. */
  private wave(wave: number): { operation: number; wave: number } {
    return { operation: this.operation.index, wave };
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.host.done();
  }

  /** Time until the maintenance window opens (0 without a window). */
  private windowDelay(): Millis {
    const window = this.plan?.maintenanceWindow;
    return window === undefined ? 0 : delayUntilWindow(window, this.host.startsAtEpochMs, this.host.sim.now);
  }

  private readonly nextWave = (): void => {
    if (this.finished) return;
    if (this.waveIndex + 1 >= this.waves.length) {
      this.finish();
      return;
    }
    const delay = this.windowDelay();
    if (delay > 0) {
      this.host.timeline.record(waveWaiting(this.host.sim.now, { ...this.wave(this.waveIndex + 1), reason: 'maintenance window', until: this.host.sim.now + delay }));
      this.host.sim.after(delay, this.nextWave, undefined);
      return;
    }
    this.waveIndex++;
    const clusters = this.waves[this.waveIndex] as string[];
    this.waveStartedAt = this.host.sim.now;
    this.host.timeline.record(waveStarted(this.host.sim.now, { ...this.wave(this.waveIndex), clusters }));
    this.waiting.push(...clusters);
    this.admit();
    if (this.gate === 'none' && this.waveIndex < this.waves.length - 1) {
      this.host.sim.after(this.plan?.pauseBetween ?? 0, this.nextWave, undefined);
      return;
    }
    this.checkWaveDone();
  };

  private readonly admitLater = (): void => {
    this.admitScheduled = false;
    this.admit();
    this.checkWaveDone();
  };

  /** Starts waiting clusters while the fleet-wide cap and the maintenance window allow. */
  private admit(): void {
    if (this.waiting.length === 0) return;
    const delay = this.windowDelay();
    if (delay > 0) {
      if (!this.admitScheduled) {
        this.admitScheduled = true;
        this.host.sim.after(delay, this.admitLater, undefined);
      }
      return;
    }
    const cap = this.plan?.maxConcurrentClusters ?? Number.POSITIVE_INFINITY;
    while (this.waiting.length > 0 && this.inFlight.size < cap) {
      const name = this.waiting.shift() as string;
      const result = this.host.upgradeCluster(name, this.operation.version);
      if (result.verdict === 'started') this.inFlight.add(name);
      else if (result.verdict === 'current') this.completed.add(name);
      else this.refuse(name, result.current, result.reason);
    }
  }

  /** CAPI's webhook refused the bump (cluster-api@v1.13.5 internal/webhooks/cluster.go validateTopologyVersionUpdate). */
  private refuse(name: string, current: string, reason: string): void {
    this.refused.add(name);
    const spec = this.host.clusters.find((c) => c.name === name);
    if (spec === undefined) return;
    this.host.timeline.record(upgradeRefused(this.host.sim.now, {
      cluster: clusterKeyOf(spec.namespace, name), object: objectKey('Cluster', spec.namespace, name),
      operation: this.operation.index, version: this.operation.version, current, reason,
    }));
  }

  private checkWaveDone(): void {
    if (this.finished || this.waveIndex < 0 || this.waveIndex >= this.waves.length) return;
    const wave = this.waves[this.waveIndex] as string[];
    if (this.gate === 'none') {
      // No gate: the upgrade is over once the last wave has started and every cluster finished.
      if (this.waveIndex === this.waves.length - 1 && this.waiting.length === 0 && this.inFlight.size === 0 && this.refused.size === 0) this.finish();
      return;
    }
    if (!wave.every((name) => this.completed.has(name))) return;
    this.host.timeline.record(waveCompleted(this.host.sim.now, { ...this.wave(this.waveIndex), clusters: wave, duration: this.host.sim.now - this.waveStartedAt }));
    if (this.waveIndex === this.waves.length - 1) {
      this.finish();
      return;
    }
    this.host.sim.after(this.plan?.pauseBetween ?? 0, this.checkGate, wave);
  }

  private readonly checkGate = (wave: string[]): void => {
    const health = this.host.health(wave, this.waveStartedAt);
    const verdict = judgeGate(this.gate, health);
    if (verdict === 'open') {
      this.nextWave();
      return;
    }
    if (verdict === 'halt') {
      const remaining = this.waves.slice(this.waveIndex + 1).reduce((sum, w) => sum + w.length, 0);
      this.host.timeline.record(waveHalted(this.host.sim.now, { ...this.wave(this.waveIndex), clusters: wave, ...health, clustersNotStarted: remaining }));
      this.finish();
      return;
    }
    // Recorded once per wave: the next wave.started (or the horizon) shows how long it was held.
    if (this.heldWave !== this.waveIndex) this.host.timeline.record(waveHeld(this.host.sim.now, { ...this.wave(this.waveIndex), clusters: wave, ...health }));
    this.heldWave = this.waveIndex;
    this.host.sim.after(HEALTH_RECHECK, this.checkGate, wave);
  };
}

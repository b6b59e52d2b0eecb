/**
 * A fleet-wide version upgrade, planned as waves: an optional canary wave first, then waves by
 * size (count or percent of the targets) or by a label's values; each wave waits for the previous
 * one according to its gate and soaks for `pauseBetween`; a maintenance window delays a wave's
 * start; `maxConcurrentClusters` caps clusters upgrading at once across the fleet.
 * Within a cluster the topology controller takes over (control plane first, then pools).
 */

import { MINUTE, type Millis } from '../engine/duration.js';
import type { Simulation } from '../engine/simulation.js';
import type { Timeline, TimelineEvent } from '../observe/timeline.js';
import type { ClusterSelector, MaintenanceWindow, UpgradeOperation, WaveGate } from '../scenario/model.js';
import type { ClusterSpec } from '../scenario/model.js';

export interface FleetUpgradeHost {
  sim: Simulation;
  timeline: Timeline;
  clusters: readonly ClusterSpec[];
  /** Epoch ms of t=0, for maintenance windows. */
  startsAtEpochMs: number;
  /** Bumps one cluster's topology version; returns false when it is already there. */
  upgradeCluster(name: string, version: string): boolean;
  /** Health of a set of clusters now: all Nodes Ready, and counts since `since`. */
  health(names: readonly string[], since: Millis): { allReady: boolean; shortCircuits: number; remediations: number };
  done(): void;
}

const HEALTH_RECHECK = MINUTE;
const DAY_MS = 24 * 60 * MINUTE;
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

function matches(cluster: ClusterSpec, selector: ClusterSelector): boolean {
  if (selector.names !== undefined && !selector.names.includes(cluster.name)) return false;
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) if (cluster.labels[key] !== value) return false;
  return true;
}

/** Splits the targets into waves: canary first, then by label value (sorted) or by size. */
export function planWaves(operation: UpgradeOperation, clusters: readonly ClusterSpec[]): string[][] {
  const byName = new Map(clusters.map((c) => [c.name, c]));
  let rest = [...operation.targets];
  const waves: string[][] = [];
  const plan = operation.waves;
  if (plan === undefined) return rest.length > 0 ? [rest] : [];
  if (plan.canary !== undefined) {
    const canary = typeof plan.canary === 'number'
      ? rest.slice(0, plan.canary)
      : rest.filter((name) => matches(byName.get(name) as ClusterSpec, plan.canary as ClusterSelector));
    if (canary.length > 0) waves.push(canary);
    rest = rest.filter((name) => !canary.includes(name));
  }
  if (plan.byLabel !== undefined) {
    const groups = new Map<string, string[]>();
    for (const name of rest) {
      const value = byName.get(name)?.labels[plan.byLabel] ?? '';
      const group = groups.get(value) ?? [];
      group.push(name);
      groups.set(value, group);
    }
    for (const value of [...groups.keys()].sort()) waves.push(groups.get(value) as string[]);
    return waves;
  }
  let size = rest.length;
  if (typeof plan.size === 'number') size = plan.size;
  else if (typeof plan.size === 'string') size = Math.ceil((Number(plan.size.slice(0, -1)) * operation.targets.length) / 100);
  size = Math.max(1, size);
  for (let i = 0; i < rest.length; i += size) waves.push(rest.slice(i, i + size));
  return waves;
}

/** Milliseconds from `now` until the window is open (0 when it is). */
export function delayUntilWindow(window: MaintenanceWindow, startsAtEpochMs: number, now: Millis): Millis {
  for (let minute = 0; minute <= 8 * 24 * 60; minute++) {
    const at = startsAtEpochMs + now + minute * MINUTE;
    const date = new Date(at); // wall-clock-ok: calendar arithmetic on a simulated instant, not the host clock
    const day = WEEKDAYS[date.getUTCDay()] as (typeof WEEKDAYS)[number];
    const minuteOfDay = date.getUTCHours() * 60 + date.getUTCMinutes();
    const overnight = window.endMinute <= window.startMinute;
    const inside = overnight
      ? (minuteOfDay >= window.startMinute && window.days.includes(day)) ||
        (minuteOfDay < window.endMinute && window.days.includes(WEEKDAYS[(date.getUTCDay() + 6) % 7] as (typeof WEEKDAYS)[number]))
      : minuteOfDay >= window.startMinute && minuteOfDay < window.endMinute && window.days.includes(day);
    if (inside) return minute === 0 ? 0 : minute * MINUTE - ((startsAtEpochMs + now) % MINUTE);
  }
  return DAY_MS * 8;
}

export class FleetUpgrade {
  private readonly waves: string[][];
  private waveIndex = -1;
  private waveStartedAt: Millis = 0;
  private readonly waiting: string[] = [];
  private readonly inFlight = new Set<string>();
  private readonly completed = new Set<string>();
  private readonly gate: WaveGate;
  private readonly operation: UpgradeOperation;

  constructor(private readonly host: FleetUpgradeHost, operation: UpgradeOperation) {
    this.operation = operation;
    this.waves = planWaves(operation, host.clusters);
    this.gate = operation.waves?.gate ?? 'healthy';
    host.timeline.listen((event) => this.observe(event));
  }

  start(): void {
    this.nextWave();
  }

  private observe(event: TimelineEvent): void {
    if (event.type !== 'rollout.completed' || event.cluster === undefined) return;
    const name = event.cluster.slice(event.cluster.indexOf('/') + 1);
    if (!this.inFlight.delete(name)) return;
    this.completed.add(name);
    this.admit();
    this.checkWaveDone();
  }

  private record(type: string, fields: Record<string, unknown>): void {
    this.host.timeline.record({ t: this.host.sim.now, type, operation: this.operation.index, wave: this.waveIndex, ...fields });
  }

  private readonly nextWave = (): void => {
    this.waveIndex++;
    if (this.waveIndex >= this.waves.length) {
      this.host.done();
      return;
    }
    const window = this.operation.waves?.maintenanceWindow;
    if (window !== undefined) {
      const delay = delayUntilWindow(window, this.host.startsAtEpochMs, this.host.sim.now);
      if (delay > 0) {
        this.record('wave.waiting', { reason: 'maintenance window', until: this.host.sim.now + delay });
        this.waveIndex--;
        this.host.sim.after(delay, this.nextWave, undefined);
        return;
      }
    }
    const clusters = this.waves[this.waveIndex] as string[];
    this.waveStartedAt = this.host.sim.now;
    this.record('wave.started', { clusters });
    this.waiting.push(...clusters);
    this.admit();
    if (this.gate === 'none') {
      this.host.sim.after(this.operation.waves?.pauseBetween ?? 0, this.nextWave, undefined);
      return;
    }
    this.checkWaveDone();
  };

  /** Starts waiting clusters while the fleet-wide cap allows. */
  private admit(): void {
    const cap = this.operation.waves?.maxConcurrentClusters ?? Number.POSITIVE_INFINITY;
    while (this.waiting.length > 0 && this.inFlight.size < cap) {
      const name = this.waiting.shift() as string;
      if (this.host.upgradeCluster(name, this.operation.version)) this.inFlight.add(name);
      else this.completed.add(name);
    }
  }

  private checkWaveDone(): void {
    if (this.gate === 'none' || this.waveIndex < 0 || this.waveIndex >= this.waves.length) return;
    const wave = this.waves[this.waveIndex] as string[];
    if (!wave.every((name) => this.completed.has(name))) return;
    this.record('wave.completed', { clusters: wave, duration: this.host.sim.now - this.waveStartedAt });
    if (this.waveIndex === this.waves.length - 1) {
      this.waveIndex++;
      this.host.done();
      return;
    }
    this.host.sim.after(this.operation.waves?.pauseBetween ?? 0, this.checkGate, wave);
  }

  private readonly checkGate = (wave: string[]): void => {
    const health = this.host.health(wave, this.waveStartedAt);
    const gate = this.gate;
    let open = true;
    if (gate === 'healthy') open = health.allReady && health.shortCircuits === 0;
    else if (typeof gate === 'object') {
      if (gate.allReady && !health.allReady) open = false;
      if (gate.noShortCircuit && health.shortCircuits > 0) open = false;
      if (gate.maxRemediations !== undefined && health.remediations > gate.maxRemediations) open = false;
    }
    if (open) {
      this.nextWave();
      return;
    }
    this.record('wave.held', { clusters: wave, ...health });
    this.host.sim.after(HEALTH_RECHECK, this.checkGate, wave);
  };
}

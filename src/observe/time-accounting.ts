/**
 * Where the time went: a timeline listener that keeps, per cluster, the spans in which each named
 * part of a rollout was under way (drains, instance waits, control-plane Machines, throttled cloud
 * calls, node-group updates), the management cluster's pauses, and the fleet upgrade's waves, holds
 * and maintenance-window waits. It keeps spans, never events, so it works as well on a timeline
 * streamed to disk; `rollouts(endedAt)` splits every rollout into parts that add up to its
 * duration, and critical-path.ts walks the fleet's makespan back through the waves.
 */

import type { Millis } from '../engine/duration.js';
import { parseObjectKey } from '../kube/keys.js';
import type { TimelineEvent } from '../timeline/index.js';
import { paint, union, type Layer, type Span } from './spans.js';
import { ROLLOUT_PARTS, timeParts, type TimePart, type TimePartName } from './time-parts.js';

export interface AccountedRollout {
  cluster: string;
  kind: string;
  from: string;
  to: string;
  startedAt: Millis;
  completedAt?: Millis;
  stuckReason?: string;
}

export interface WaveRecord {
  operation: number;
  wave: number;
  clusters: readonly string[];
  startedAt: Millis;
  completedAt?: Millis;
  heldAt?: Millis;
  haltedAt?: Millis;
}

interface MachineState {
  cluster: string;
  controlPlane: boolean;
  createdAt?: Millis | undefined;
  deletingAt?: Millis | undefined;
  drainAt?: Millis | undefined;
  detachAt?: Millis | undefined;
  throttledAt?: Millis | undefined;
}

type RolloutSpans = Map<TimePartName, Span[]>;

export class TimeAccounting {
  readonly rolloutsByCluster = new Map<string, AccountedRollout[]>();
  readonly waves = new Map<number, WaveRecord[]>();
  /** Maintenance-window waits per operation. */
  readonly windowWaits = new Map<number, Span[]>();
  readonly pauses: Span[] = [];
  /** The wave each cluster (by name) last started in. */
  readonly waveOf = new Map<string, { operation: number; wave: number }>();
  private pausedAt: Millis | undefined;
  private readonly spans = new Map<string, RolloutSpans>();
  private readonly machines = new Map<string, MachineState>();
  private readonly poolUpdates = new Map<string, Millis>();

  private add(cluster: string, part: TimePartName, from: Millis, to: Millis): void {
    if (to <= from) return;
    let parts = this.spans.get(cluster);
    if (parts === undefined) this.spans.set(cluster, (parts = new Map()));
    const list = parts.get(part);
    if (list === undefined) parts.set(part, [[from, to]]);
    else list.push([from, to]);
  }

  private machine(key: string, cluster: string): MachineState {
    let state = this.machines.get(key);
    if (state === undefined) this.machines.set(key, (state = { cluster, controlPlane: false }));
    return state;
  }

  observe(event: TimelineEvent): void {
    switch (event.type) {
      case 'rollout.started':
      case 'rollout.completed':
      case 'rollout.stuck':
        this.rollout(event);
        break;
      case 'wave.started':
      case 'wave.completed':
      case 'wave.held':
      case 'wave.halted':
      case 'wave.waiting':
        this.wave(event);
        break;
      case 'controller.paused':
        this.pausedAt ??= event.t;
        break;
      case 'controller.resumed':
        if (this.pausedAt !== undefined) this.pauses.push([this.pausedAt, event.t]);
        this.pausedAt = undefined;
        break;
      case 'machine.created': {
        const state = this.machine(event.object, event.cluster);
        state.controlPlane = event.pool.startsWith('KubeadmControlPlane/') || event.owner.startsWith('KubeadmControlPlane/');
        if (event.t > 0) state.createdAt = event.t;
        break;
      }
      case 'machine.phase':
        this.phase(event.cluster, event.object, event.phase, event.t);
        break;
      case 'machine.drain':
      case 'machine.volumeDetach':
        this.deletionStep(event);
        break;
      case 'cloud.throttled':
        this.throttled(event);
        break;
      case 'cloud.workerWait':
        this.add(event.cluster, 'cloudWorkers', event.t - event.waitedMs, event.t);
        break;
      case 'cloud.controlPlaneUpgrade':
        this.poolUpdate(event, 'controlPlane');
        break;
      case 'nodepool.update':
        this.poolUpdate(event, 'nodePoolUpdate');
        break;
      default:
        break;
    }
  }

  private rollout(event: Extract<TimelineEvent, { type: 'rollout.started' | 'rollout.completed' | 'rollout.stuck' }>): void {
    if (event.type === 'rollout.started') {
      const list = this.rolloutsByCluster.get(event.cluster) ?? [];
      list.push({ cluster: event.cluster, kind: event.kind, from: event.from, to: event.to, startedAt: event.t });
      this.rolloutsByCluster.set(event.cluster, list);
      return;
    }
    const open = this.rolloutsByCluster.get(event.cluster)?.find((r) => r.completedAt === undefined && r.stuckReason === undefined && r.kind === event.kind);
    if (open === undefined) return;
    if (event.type === 'rollout.completed') open.completedAt = event.t;
    else open.stuckReason = event.reason;
  }

  private wave(event: Extract<TimelineEvent, { type: 'wave.started' | 'wave.completed' | 'wave.held' | 'wave.halted' | 'wave.waiting' }>): void {
    if (event.type === 'wave.started') {
      const list = this.waves.get(event.operation) ?? [];
      list[event.wave] = { operation: event.operation, wave: event.wave, clusters: event.clusters, startedAt: event.t };
      this.waves.set(event.operation, list);
      for (const name of event.clusters) this.waveOf.set(name, { operation: event.operation, wave: event.wave });
      return;
    }
    if (event.type === 'wave.waiting') {
      const list = this.windowWaits.get(event.operation) ?? [];
      list.push([event.t, event.until]);
      this.windowWaits.set(event.operation, list);
      return;
    }
    const record = this.waves.get(event.operation)?.[event.wave];
    if (record === undefined) return;
    if (event.type === 'wave.completed') record.completedAt = event.t;
    else if (event.type === 'wave.held') record.heldAt ??= event.t;
    else record.haltedAt = event.t;
  }

  /** A managed control-plane upgrade or node-group update: one span from its start to its end. */
  private poolUpdate(event: Extract<TimelineEvent, { type: 'cloud.controlPlaneUpgrade' | 'nodepool.update' }>, part: TimePartName): void {
    if (event.stage === 'started') {
      this.poolUpdates.set(event.object, event.t);
      return;
    }
    const since = this.poolUpdates.get(event.object);
    if (since !== undefined) this.add(event.cluster, part, since, event.t);
    this.poolUpdates.delete(event.object);
  }

  private phase(cluster: string, key: string, phase: string, t: Millis): void {
    const state = this.machine(key, cluster);
    if (state.throttledAt !== undefined) {
      this.add(cluster, 'cloudThrottling', state.throttledAt, t);
      state.throttledAt = undefined;
    }
    if ((phase === 'Running' || phase === 'Failed' || phase === 'Deleting') && state.createdAt !== undefined) {
      this.add(cluster, state.controlPlane ? 'controlPlane' : 'instances', state.createdAt, t);
      state.createdAt = undefined;
    }
    if (phase === 'Deleting') state.deletingAt = t;
    if (phase === 'Deleted') {
      if (state.deletingAt !== undefined) this.add(cluster, state.controlPlane ? 'controlPlane' : 'deletion', state.deletingAt, t);
      this.machines.delete(key);
    }
  }

  private deletionStep(event: Extract<TimelineEvent, { type: 'machine.drain' | 'machine.volumeDetach' }>): void {
    const state = this.machine(event.object, event.cluster);
    const drain = event.type === 'machine.drain';
    if (event.stage === 'started') {
      if (drain) state.drainAt = event.t;
      else state.detachAt = event.t;
      return;
    }
    const since = drain ? state.drainAt : state.detachAt;
    if (since === undefined) return;
    const blocked = drain && (event.stage === 'timedOut' || (event.refusedEvictions ?? 0) > 0);
    this.add(event.cluster, drain ? (blocked ? 'drainBlocked' : 'drain') : 'volumeDetach', since, event.t);
    if (drain) state.drainAt = undefined;
    else state.detachAt = undefined;
  }

  /** A throttled answer: the object waits from the call until its Machine moves on, or until the SDK's retry. */
  private throttled(event: Extract<TimelineEvent, { type: 'cloud.throttled' }>): void {
    if (event.cluster === undefined) return;
    const sent = event.t - event.latencyMs;
    const { kind, namespace, name } = parseObjectKey(event.object);
    const machineKey = `Machine/${namespace}/${name}`;
    const state = kind === 'InfraMachine' ? this.machines.get(machineKey) : undefined;
    if (state !== undefined) state.throttledAt = Math.min(state.throttledAt ?? sent, sent);
    else this.add(event.cluster, 'cloudThrottling', sent, event.t + (event.retryInMs ?? 0));
  }

  /** The spans still open at the end of the run, closed at `endedAt` (a copy: observing may go on). */
  private closedSpans(endedAt: Millis): Map<string, RolloutSpans> {
    const out = new Map<string, RolloutSpans>();
    for (const [cluster, parts] of this.spans) out.set(cluster, new Map([...parts].map(([p, s]) => [p, [...s]])));
    const add = (cluster: string, part: TimePartName, from: Millis) => {
      if (endedAt <= from) return;
      let parts = out.get(cluster);
      if (parts === undefined) out.set(cluster, (parts = new Map()));
      parts.set(part, [...(parts.get(part) ?? []), [from, endedAt]]);
    };
    for (const state of this.machines.values()) {
      const cluster = state.cluster;
      if (state.createdAt !== undefined) add(cluster, state.controlPlane ? 'controlPlane' : 'instances', state.createdAt);
      if (state.deletingAt !== undefined) add(cluster, state.controlPlane ? 'controlPlane' : 'deletion', state.deletingAt);
      if (state.drainAt !== undefined) add(cluster, 'drainBlocked', state.drainAt);
      if (state.throttledAt !== undefined) add(cluster, 'cloudThrottling', state.throttledAt);
    }
    return out;
  }

  /** The management pauses, open ones closed at `endedAt`. */
  pauseSpans(endedAt: Millis): Span[] {
    return union(this.pausedAt === undefined ? this.pauses : [...this.pauses, [this.pausedAt, Math.max(endedAt, this.pausedAt)]]);
  }

  /** Every rollout's parts, keyed `cluster#startedAt#kind`; an unfinished one is counted to `endedAt`. */
  rollouts(endedAt: Millis): Map<string, TimePart[]> {
    const spans = this.closedSpans(endedAt);
    const pauses = this.pauseSpans(endedAt);
    const out = new Map<string, TimePart[]>();
    for (const [cluster, rollouts] of this.rolloutsByCluster) {
      const parts = spans.get(cluster);
      const layers: Layer<TimePartName>[] = ROLLOUT_PARTS.map((part) => ({ part, spans: part === 'managementPause' ? pauses : union(parts?.get(part) ?? []) }));
      for (const r of rollouts) out.set(rolloutId(r), timeParts(paint(r.startedAt, r.completedAt ?? endedAt, layers, 'controllers')));
    }
    return out;
  }
}

export function rolloutId(r: { cluster: string; startedAt: Millis; kind: string }): string {
  return `${r.cluster}#${r.startedAt}#${r.kind}`;
}


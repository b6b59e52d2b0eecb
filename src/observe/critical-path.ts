/**
 * The fleet's critical path: the chain of waits and rollouts that set the makespan, walked back
 * from the rollout that finished last — its rollout, the wait for its wave (or a free slot), the
 * gap after the previous wave (soak, gate hold, maintenance window), the previous wave's
 * last-finishing cluster, and so on to the upgrade's start. Every step is split into named parts
 * (observe/time-parts.ts) and the steps tile the makespan, so the parts add up to it.
 */

import { formatElapsed, type Millis } from '../engine/duration.js';
import { parseClusterKey } from '../kube/keys.js';
import { paint, union, type Layer, type Span } from './spans.js';
import { rolloutId, type AccountedRollout, type TimeAccounting } from './time-accounting.js';
import { TIME_PARTS, timeParts, type TimePart, type TimePartName } from './time-parts.js';

export type PathStepKind = 'rollout' | 'waitForStart' | 'betweenWaves';

export interface PathStep {
  kind: PathStepKind;
  from: Millis;
  to: Millis;
  /** The cluster (`namespace/name`) whose rollout this is (rollout steps). */
  cluster?: string;
  /** The fleet upgrade's wave, when the step is in or after one. */
  wave?: number;
  parts: TimePart[];
}

export interface CriticalPath {
  /** `upgrade`: the fleet upgrade's makespan; `rollouts`: from the first rollout's start to the last one's end. */
  basis: 'upgrade' | 'rollouts';
  startedAt: Millis;
  endedAt: Millis;
  duration: Millis;
  /** False when a rollout was still in progress at the horizon (the path then ends there). */
  finished: boolean;
  steps: PathStep[];
  /** The steps' parts summed, biggest first; they add up to `duration`. */
  parts: TimePart[];
  /** The biggest part in a sentence. */
  dominant: string;
}

interface Walk {
  accounting: TimeAccounting;
  rollouts: ReadonlyMap<string, TimePart[]>;
  pauses: Span[];
  endedAt: Millis;
}

function gapParts(walk: Walk, from: Millis, to: Millis, operation: number | undefined, holdFrom: Millis | undefined, rest: TimePartName): TimePart[] {
  const layers: Layer<TimePartName>[] = [
    { part: 'managementPause', spans: walk.pauses },
    { part: 'maintenanceWindow', spans: union(operation === undefined ? [] : walk.accounting.windowWaits.get(operation) ?? []) },
    { part: 'gateHold', spans: holdFrom === undefined ? [] : [[holdFrom, to]] },
  ];
  return timeParts(paint(from, to, layers, rest));
}

function rolloutStep(walk: Walk, r: AccountedRollout, to: Millis, wave: number | undefined): PathStep {
  return { kind: 'rollout', from: r.startedAt, to, cluster: r.cluster, ...(wave === undefined ? {} : { wave }), parts: walk.rollouts.get(rolloutId(r)) ?? [] };
}

/** The rollout of `kind` among `clusters` (names) that ended last, at or before `by`. */
function lastOf(walk: Walk, names: ReadonlySet<string> | undefined, kind: string | undefined, by: Millis): AccountedRollout | undefined {
  let best: AccountedRollout | undefined;
  for (const [cluster, list] of walk.accounting.rolloutsByCluster) {
    if (names !== undefined && !names.has(parseClusterKey(cluster).name)) continue;
    for (const r of list) {
      if (kind !== undefined && r.kind !== kind) continue;
      const end = r.completedAt ?? walk.endedAt;
      if (r.startedAt > by || end > by) continue;
      if (best === undefined || end > (best.completedAt ?? walk.endedAt) || (end === (best.completedAt ?? walk.endedAt) && r.startedAt < best.startedAt)) best = r;
    }
  }
  return best;
}

/** Walks back from `last` to `start`; the steps tile [start, end]. */
function walkBack(walk: Walk, start: Millis, last: AccountedRollout, kind: string | undefined): PathStep[] {
  const steps: PathStep[] = [];
  let cursor = last.completedAt ?? walk.endedAt;
  let current: AccountedRollout | undefined = last;
  let place = kind === 'upgrade' ? walk.accounting.waveOf.get(parseClusterKey(last.cluster).name) : undefined;
  while (cursor > start) {
    if (current !== undefined) {
      steps.push(rolloutStep(walk, current, cursor, place?.wave));
      cursor = current.startedAt;
      current = undefined;
    }
    const waves = place === undefined ? undefined : walk.accounting.waves.get(place.operation);
    const wave = place === undefined ? undefined : waves?.[place.wave];
    const waveStart = Math.max(start, wave?.startedAt ?? start);
    if (waveStart < cursor) {
      steps.push({ kind: 'waitForStart', from: waveStart, to: cursor, ...(place === undefined ? {} : { wave: place.wave }), parts: gapParts(walk, waveStart, cursor, place?.operation, undefined, 'waitingForSlot') });
      cursor = waveStart;
    }
    if (place === undefined || place.wave === 0 || waves === undefined) break;
    const previous = waves[place.wave - 1];
    if (previous === undefined) break;
    const gapFrom = Math.max(start, previous.completedAt !== undefined && previous.completedAt <= cursor ? previous.completedAt : previous.startedAt);
    if (gapFrom < cursor) {
      steps.push({ kind: 'betweenWaves', from: gapFrom, to: cursor, wave: previous.wave, parts: gapParts(walk, gapFrom, cursor, place.operation, previous.heldAt, 'soak') });
      cursor = gapFrom;
    }
    place = { operation: place.operation, wave: previous.wave };
    if (previous.completedAt !== undefined && previous.completedAt === cursor) current = lastOf(walk, new Set(previous.clusters), kind, cursor);
  }
  if (cursor > start) steps.push({ kind: 'waitForStart', from: start, to: cursor, parts: gapParts(walk, start, cursor, place?.operation, undefined, 'waitingForSlot') });
  return steps.reverse();
}

function sentence(path: Omit<CriticalPath, 'dominant'>): string {
  const top = path.parts[0];
  const whole = formatElapsed(path.duration);
  const subject = path.basis === 'upgrade' ? 'the makespan' : 'the longest stretch of rollouts';
  const state = path.finished ? '' : ', still in progress at the horizon,';
  if (top === undefined) return `${subject}${state} took ${whole}`;
  const pieces = path.steps.map((s) => s.parts.find((p) => p.part === top.part)?.ms ?? 0).filter((ms) => ms > 0);
  const each = pieces.length > 1 && pieces.every((ms) => ms === pieces[0]) ? `${pieces.length} × ${formatElapsed(pieces[0] as number)}` : pieces.length > 1 ? `${formatElapsed(top.ms)} over ${pieces.length} steps` : formatElapsed(top.ms);
  return `${subject}${state} is mostly ${TIME_PARTS[top.part]}: ${each} of ${whole}`;
}

/**
 * The fleet's critical path: through the fleet upgrade when `upgrade` gives its start and end (the
 * end is the horizon when it did not finish), else from the first rollout's start to the last one's end.
 */
export function criticalPath(accounting: TimeAccounting, endedAt: Millis, upgrade: { startedAt: Millis | null; completedAt: Millis | null }): CriticalPath | null {
  const walk: Walk = { accounting, rollouts: accounting.rollouts(endedAt), pauses: accounting.pauseSpans(endedAt), endedAt };
  const kind = upgrade.startedAt === null ? undefined : 'upgrade';
  const last = lastOf(walk, undefined, kind, upgrade.completedAt ?? endedAt);
  if (last === undefined) return null;
  const all = [...accounting.rolloutsByCluster.values()].flat().filter((r) => kind === undefined || r.kind === kind);
  const startedAt = upgrade.startedAt ?? Math.min(...all.map((r) => r.startedAt));
  const end = last.completedAt ?? endedAt;
  const steps = walkBack(walk, startedAt, last, kind);
  const amounts = new Map<TimePartName, number>();
  const counts = new Map<TimePartName, number>();
  for (const step of steps) {
    for (const p of step.parts) {
      amounts.set(p.part, (amounts.get(p.part) ?? 0) + p.ms);
      counts.set(p.part, (counts.get(p.part) ?? 0) + 1);
    }
  }
  const finished = all.every((r) => r.completedAt !== undefined) && (upgrade.startedAt === null || upgrade.completedAt !== null);
  const path = { basis: kind === undefined ? 'rollouts' as const : 'upgrade' as const, startedAt, endedAt: end, duration: end - startedAt, finished, steps, parts: timeParts(amounts, counts) };
  return { ...path, dominant: sentence(path) };
}

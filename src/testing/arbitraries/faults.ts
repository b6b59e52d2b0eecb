/**
 * Fault schedules. An arbitrary draws a *plan*: abstract fault drafts (kind, offset, duration,
 * a target index, a size) that are resolved against the fleet they run on, so the plan shrinks on
 * its own (fewer faults, earlier, shorter, smaller, on the first target) and stays valid whatever
 * fleet it is applied to. Every fault starts and ends inside the plan's window: the window is the
 * safety phase, and after it the faults have healed and the liveness phase begins.
 *
 * Swarm testing (TigerBeetle's VOPR `options_swarm`, peers.md A2, B2): `swarm` also draws which
 * fault kinds are enabled for a run, so rare combinations get runs of their own rather than being
 * drowned in the most common kinds.
 */

import fc from 'fast-check';
import { duration, formatDuration } from '../../engine/duration.js';
import { must } from '../../engine/must.js';
import type { ProviderKind } from '../../cloud/provider.js';
import { FAULT_KINDS, FAULTS, type FaultAlias, type FaultKind, type FuzzFleet } from '../../faults/index.js';
import { FUZZED_NODE_MODES } from '../../faults/node-failures.js';
import type { Scenario } from '../../scenario/model.js';
import type { RawDuration, RawFault } from '../raw.js';

/**
 * The fault kinds drawn: the fault table's rows that say how to fuzz them (faults/<kind>.ts
 * `fuzz`), in the table's order.
 */
export const FUZZED_FAULT_KINDS: readonly FaultKind[] = FAULT_KINDS.filter((kind) => FAULTS[kind].fuzz !== undefined);

/** A fault kind as `kinds` and `fleetsim fuzz --faults` take it: its name, or its old short name (node, zone, brownout, capacity, mgmt). */
export type FaultKindName = FaultKind | FaultAlias;

const BY_ALIAS = new Map<string, FaultKind>(FUZZED_FAULT_KINDS.map((kind) => [FAULTS[kind].fuzz!.alias, kind]));

/** The fault kind a name or old short name stands for; throws when it is none, or is not fuzzed. */
export function fuzzedFaultKind(name: string): FaultKind {
  const kind = BY_ALIAS.get(name) ?? (FAULT_KINDS as readonly string[]).find((k) => k === name) as FaultKind | undefined;
  const expected = `expected some of ${FUZZED_FAULT_KINDS.join(', ')}`;
  if (kind === undefined) throw new Error(`unknown fault kind "${name}" (${expected})`);
  if (FAULTS[kind].fuzz === undefined) throw new Error(`fault kind "${name}" is not fuzzed (${expected})`);
  return kind;
}

/** The node failure modes drawn (the others of scenario-format.md only matter with matching health checks). */
export const NODE_MODES = FUZZED_NODE_MODES;
export type NodeMode = (typeof NODE_MODES)[number];

export interface FaultDraft {
  kind: FaultKind;
  /** Start, in seconds after the window opens (clamped so the fault ends inside the window). */
  atSeconds: number;
  /** Duration in seconds. */
  forSeconds: number;
  /** Picks the target (node pool, zone, cloud) by index, modulo the choices the fleet has. */
  target: number;
  /** Nodes failing at once (node), tenths of the error rate (brownout). */
  size: number;
  /** Index into crash, kernelPanic, notReady (node). */
  mode: number;
}

export interface FaultPlan {
  /** Kinds enabled for this run; drafts of other kinds are dropped. */
  kinds: FaultKind[];
  drafts: FaultDraft[];
  /** The safety phase, in ms of virtual time. */
  window: { start: number; length: number };
  /** Node failure modes for worker and control-plane nodes (default all of NODE_MODES). */
  modes?: { workers: NodeMode[]; controlPlane: NodeMode[] };
}

function modesOf(options: ScheduleOptions): FaultPlan['modes'] {
  const workers = [...(options.nodes?.modes ?? NODE_MODES)];
  const controlPlane = [...(options.nodes?.controlPlaneModes ?? workers)];
  return workers.length === NODE_MODES.length && controlPlane.length === NODE_MODES.length ? undefined : { workers, controlPlane };
}

export interface ScheduleOptions {
  /** Kinds to draw from (default FUZZED_FAULT_KINDS). */
  kinds?: readonly FaultKindName[];
  /** Most faults in a run (default 4). */
  max?: number;
  /** The safety phase: when faults may start and by when they have ended (default start 0, length 1h). */
  window?: { start?: RawDuration; length?: RawDuration };
  /** Longest fault (default 30m; a management outage at most 20m). */
  maxDuration?: RawDuration;
  /** Node failures: modes drawn for worker and control-plane nodes, and most nodes at once (default 3). */
  nodes?: { modes?: readonly NodeMode[]; controlPlaneModes?: readonly NodeMode[]; maxCount?: number };
}

function windowOf(options: ScheduleOptions): FaultPlan['window'] {
  return { start: duration(options.window?.start ?? 0), length: duration(options.window?.length ?? '1h') };
}

function kindsOf(options: ScheduleOptions): FaultKind[] {
  return (options.kinds ?? FUZZED_FAULT_KINDS).map(fuzzedFaultKind);
}

function drafts(options: ScheduleOptions, window: FaultPlan['window']): fc.Arbitrary<FaultDraft[]> {
  const kinds = kindsOf(options);
  if (kinds.length === 0) return fc.constant([]);
  const longest = Math.max(60, Math.min(duration(options.maxDuration ?? '30m'), window.length) / 1000);
  const draft = fc.record({
    kind: fc.constantFrom(...kinds),
    atSeconds: fc.integer({ min: 0, max: Math.floor(window.length / 1000) }),
    forSeconds: fc.integer({ min: 60, max: Math.floor(longest) }),
    target: fc.nat({ max: 1000 }),
    size: fc.integer({ min: 1, max: Math.max(1, options.nodes?.maxCount ?? 3) }),
    mode: fc.nat({ max: NODE_MODES.length - 1 }),
  });
  return fc.array(draft, { maxLength: options.max ?? 4 });
}

/** A fault schedule with the given kinds. */
export function schedule(options: ScheduleOptions = {}): fc.Arbitrary<FaultPlan> {
  const window = windowOf(options);
  const kinds = kindsOf(options);
  const modes = modesOf(options);
  return drafts(options, window).map((list) => ({ kinds, drafts: list, window, ...(modes === undefined ? {} : { modes }) }));
}

/** A fault schedule whose enabled kinds are drawn too (swarm testing). */
export function swarm(options: ScheduleOptions = {}): fc.Arbitrary<FaultPlan> {
  const window = windowOf(options);
  const kinds = kindsOf(options);
  const modes = modesOf(options);
  return fc.record({ enabled: fc.subarray(kinds, { minLength: Math.min(1, kinds.length) }), list: drafts({ ...options, max: options.max ?? 6 }, window) })
    .map(({ enabled, list }) => ({ kinds: enabled, drafts: list, window, ...(modes === undefined ? {} : { modes }) }));
}

function targetsOf(scenario: Scenario): FuzzFleet {
  const nodes: Array<FuzzFleet['nodes'][number]> = [];
  const zones = new Map<string, FuzzFleet['zones'][number]>();
  const clouds = new Set<ProviderKind>();
  for (const cluster of scenario.clusters) {
    clouds.add(cluster.provider);
    if (!cluster.controlPlane.managed && cluster.controlPlane.replicas > 0) nodes.push({ cluster: cluster.name, replicas: cluster.controlPlane.replicas });
    for (const pool of cluster.workers) {
      if (pool.replicas > 0) nodes.push({ cluster: cluster.name, pool: pool.name, replicas: pool.replicas });
      for (const zone of pool.zones) zones.set(`${cluster.provider}|${zone}`, { cloud: cluster.provider, zone });
    }
    for (const zone of cluster.zones) zones.set(`${cluster.provider}|${zone}`, { cloud: cluster.provider, zone });
  }
  return { nodes, zones: [...zones.keys()].sort().map((k) => must(zones, k, 'zone')), clouds: [...clouds].sort() };
}

/**
 * The plan's faults as scenario fault items for this fleet, in draft order. A draft whose kind is
 * disabled, or that has nothing to hit in this fleet, is left out.
 */
export function resolve(plan: FaultPlan, scenario: Scenario): RawFault[] {
  const targets = targetsOf(scenario);
  const enabled = new Set(plan.kinds);
  const modes = { workers: plan.modes?.workers ?? NODE_MODES, controlPlane: plan.modes?.controlPlane ?? NODE_MODES };
  const faults: RawFault[] = [];
  for (const draft of plan.drafts) {
    const fuzz = FAULTS[draft.kind].fuzz;
    if (!enabled.has(draft.kind) || fuzz === undefined) continue;
    const longest = fuzz.longest === undefined ? plan.window.length : Math.min(plan.window.length, fuzz.longest);
    const forMs = Math.min(draft.forSeconds * 1000, longest);
    const atMs = plan.window.start + Math.min(draft.atSeconds * 1000, plan.window.length - forMs);
    const at = formatDuration(atMs);
    const item = fuzz.item(draft, targets, { at, for: formatDuration(forMs), modes });
    if (item !== undefined) faults.push({ at, [draft.kind]: item } as RawFault);
  }
  return faults;
}

/** Parses `nodeFailures,zoneOutage,…` or the old `node,zone,…` (the CLI's --faults); throws on a kind it cannot draw, naming those it can. */
export function parseFaultKinds(text: string): FaultKind[] {
  const kinds = text.split(',').map((k) => k.trim()).filter((k) => k !== '');
  return [...new Set(kinds.map(fuzzedFaultKind))];
}

export const faults = { KINDS: FUZZED_FAULT_KINDS, schedule, swarm, resolve, parseKinds: parseFaultKinds };

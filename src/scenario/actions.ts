/**
 * Operations, faults and expectations: from validated entries to the resolved model, with the checks
 * that need the fleet (selectors naming clusters that exist, pools, zones, versions).
 */

import type { z } from 'zod';
import { parseDuration } from '../engine/duration.js';
import { must } from '../engine/must.js';
import type {
  ClusterSelector,
  ClusterSpec,
  ExpectationSpec,
  FaultSpec,
  MaintenanceWindow,
  OperationSpec,
  Provider,
  WavePlan,
} from './model.js';
import type { PathSegment } from './issues.js';
import type { ExpectationInput, FaultInput, OperationInput, WavesInput } from './schema.js';
import { OPERATION_KINDS } from './schema.js';
import { FAULT_KINDS, FAULTS, type FaultDefinition, type FaultKind, type FaultResolveContext } from '../faults/index.js';
import { compareVersions, parseVersion } from '../capi/version.js';
import { didYouMean } from '../schema/names.js';
import { listNames } from '../schema/wording.js';
import type { ClusterSelector as ClusterSelectorInput } from '../schema/fields.js';
import { isDurationMetric, isKnownMetric, KNOWN_METRICS } from './metrics.js';
import { resolveClusterSelector } from './selectors.js';
import type { Reporter } from './reporter.js';

/** What the checks know about the fleet. */
export interface FleetIndex {
  clusters: ClusterSpec[];
  byName: Map<string, ClusterSpec>;
  /** Names of cluster entries that failed validation: references to them are not reported again. */
  brokenNames: Set<string>;
  /** True when some cluster entry failed, so a selector matching nothing may be a follow-on problem. */
  incomplete: boolean;
  horizon: number;
}

/** Exactly one of `kinds` must be present in the entry; returns it. */
function exactlyOne<K extends string>(entry: Record<string, unknown>, kinds: readonly K[], path: PathSegment[], reporter: Reporter, what: string): K | undefined {
  const present = kinds.filter((kind) => entry[kind] !== undefined);
  if (present.length === 1) return present[0];
  if (present.length === 0) reporter.error(path, `expected one ${what}: ${kinds.join(', ')}; found none`);
  else reporter.error([...path, present[1]!], `expected one ${what} per item, found ${present.join(' and ')} (write them as separate items)`, true);
  return undefined;
}

function selectorTargets(selector: ClusterSelectorInput, path: PathSegment[], fleet: FleetIndex, reporter: Reporter): { selector: ClusterSelector; targets: string[] } {
  const resolved: ClusterSelector = {};
  if (selector.names !== undefined) resolved.names = [...selector.names];
  if (selector.matchLabels !== undefined) resolved.matchLabels = { ...selector.matchLabels };
  selector.names?.forEach((name, j) => {
    if (!fleet.byName.has(name) && !fleet.brokenNames.has(name)) {
      reporter.error([...path, 'names', j], `cluster "${name}" does not exist${didYouMean(name, fleet.byName.keys())}`);
    }
  });
  const targets = resolveClusterSelector(fleet, resolved);
  if (targets.length === 0 && selector.names === undefined && !fleet.incomplete) {
    reporter.warn(path, `the selector matches no cluster (labels ${JSON.stringify(selector.matchLabels ?? {})})`);
  }
  return { selector: resolved, targets };
}

function checkPool(pool: string, targets: readonly string[], path: PathSegment[], fleet: FleetIndex, reporter: Reporter): void {
  const missing = targets.filter((name) => !must(fleet.byName, name, 'cluster').workers.some((w) => w.name === pool));
  if (missing.length === 0) return;
  const pools = must(fleet.byName, missing[0]!, 'cluster').workers.map((w) => w.name);
  reporter.error(path, `pool "${pool}" does not exist in cluster${missing.length > 1 ? 's' : ''} ${listNames(missing)} (pools there: ${pools.join(', ') || 'none'})${didYouMean(pool, pools)}`);
}

function warnAfterHorizon(at: number, path: PathSegment[], fleet: FleetIndex, reporter: Reporter, what: string): void {
  if (at >= fleet.horizon) reporter.warn([...path, 'at'], `this ${what} starts at or after the horizon, so it never happens`);
}

// ---------------------------------------------------------------------------------------------
// Operations

export function resolveOperations(entries: Array<{ input: OperationInput; index: number }>, fleet: FleetIndex, reporter: Reporter): OperationSpec[] {
  const out: OperationSpec[] = [];
  // Versions move with each upgrade in time order: a later upgrade is compared with the earlier target.
  const versions = new Map(fleet.clusters.map((c) => [c.name, c.version]));
  const ordered = [...entries].sort((a, b) => a.input.at - b.input.at || a.index - b.index);
  const resolved = new Map<number, OperationSpec>();
  for (const { input, index } of ordered) {
    const path: PathSegment[] = ['operations', index];
    const kind = exactlyOne(input as Record<string, unknown>, OPERATION_KINDS, path, reporter, 'operation');
    if (kind === undefined) continue;
    warnAfterHorizon(input.at, path, fleet, reporter, 'operation');
    const base = { at: input.at, index };
    const op = resolveOperation(kind, input, base, [...path, kind], fleet, reporter, versions);
    if (op) resolved.set(index, op);
  }
  for (const { index } of entries) {
    const op = resolved.get(index);
    if (op) out.push(op);
  }
  return out;
}

function resolveOperation(
  kind: (typeof OPERATION_KINDS)[number],
  input: OperationInput,
  base: { at: number; index: number },
  path: PathSegment[],
  fleet: FleetIndex,
  reporter: Reporter,
  versions: Map<string, string>,
): OperationSpec | undefined {
  switch (kind) {
    case 'upgrade': {
      const upgrade = input.upgrade!;
      const { selector, targets } = selectorTargets(upgrade.clusters, [...path, 'clusters'], fleet, reporter);
      const lower = targets.filter((name) => compareVersions(upgrade.version, must(versions, name, 'version of cluster')) < 0);
      if (lower.length > 0) {
        reporter.error([...path, 'version'], `expected a version at least the clusters' current one: ${upgrade.version} is lower than ${versions.get(lower[0]!)} of ${listNames(lower)} (downgrades are not supported)`);
      }
      if (lower.length === 0) checkVersionSkew(upgrade.version, targets, versions, [...path, 'version'], fleet, reporter);
      const same = targets.filter((name) => compareVersions(upgrade.version, must(versions, name, 'version of cluster')) === 0);
      if (same.length > 0 && lower.length === 0) reporter.warn([...path, 'version'], `cluster${same.length > 1 ? 's' : ''} ${listNames(same)} already run${same.length > 1 ? '' : 's'} ${upgrade.version}: nothing to upgrade there`);
      for (const name of targets) if (compareVersions(upgrade.version, must(versions, name, 'version of cluster')) > 0) versions.set(name, upgrade.version);
      const op: OperationSpec = { ...base, kind: 'upgrade', clusters: selector, targets, version: upgrade.version };
      if (upgrade.waves !== undefined) op.waves = resolveWaves(upgrade.waves, [...path, 'waves'], targets, fleet, reporter);
      return op;
    }
    case 'rolloutImage': {
      const rollout = input.rolloutImage!;
      const { selector, targets } = selectorTargets(rollout.clusters, [...path, 'clusters'], fleet, reporter);
      rollout.pools?.forEach((pool, j) => checkPool(pool, targets, [...path, 'pools', j], fleet, reporter));
      return rollout.pools === undefined
        ? { ...base, kind: 'rolloutImage', clusters: selector, targets, image: rollout.image }
        : { ...base, kind: 'rolloutImage', clusters: selector, targets, image: rollout.image, pools: [...rollout.pools] };
    }
    case 'scale': {
      const scale = input.scale!;
      const { selector, targets } = selectorTargets(scale.clusters, [...path, 'clusters'], fleet, reporter);
      checkPool(scale.pool, targets, [...path, 'pool'], fleet, reporter);
      return { ...base, kind: 'scale', clusters: selector, targets, pool: scale.pool, replicas: scale.replicas };
    }
    case 'pause':
    case 'resume': {
      const { selector, targets } = selectorTargets(input[kind]!.clusters, [...path, 'clusters'], fleet, reporter);
      return { ...base, kind, clusters: selector, targets };
    }
    case 'move':
      return input.move!.retry === undefined
        ? { ...base, kind: 'move', pauseFor: input.move!.pauseFor }
        : { ...base, kind: 'move', pauseFor: input.move!.pauseFor, retry: { ...input.move!.retry } };
  }
}

/** Who refuses a version bump of more than one minor, per control-plane kind (the cited rule in the message). */
function skewRule(cluster: ClusterSpec): string {
  if (!cluster.controlPlane.managed) {
    return 'CAPI refuses it: cluster-api@v1.13.5 internal/webhooks/cluster.go validateTopologyVersionUpdate (Cluster.spec.topology.version) and controlplane/kubeadm/internal/webhooks/kubeadmcontrolplane.go validateVersion (KubeadmControlPlane.spec.version) allow at most the next minor';
  }
  switch (cluster.provider) {
    case 'aws': return 'EKS refuses it: UpdateClusterVersion moves one minor version at a time (EKS user guide, update-cluster)';
    case 'azure': return 'AKS refuses it: minor versions cannot be skipped (AKS upgrade docs, non-LTS)';
    case 'gcp': return 'GKE refuses it: the control plane moves one minor version at a time';
    default: return 'the control plane moves one minor version at a time';
  }
}

/**
 * A version bump of more than one minor (or to another major) is refused before it reaches a
 * controller: the ceiling is the current minor + 2, patch 0, pre-releases ignored, exactly as
 * cluster-api@v1.13.5 internal/webhooks/cluster.go `validateTopologyVersionUpdate` computes it.
 * "Current" is the version after the earlier upgrades of this file (in time order), so a
 * multi-step upgrade is written as one operation per minor.
 */
function checkVersionSkew(version: string, targets: readonly string[], versions: Map<string, string>, path: PathSegment[], fleet: FleetIndex, reporter: Reporter): void {
  const to = parseVersion(version);
  const skipping = targets.filter((name) => {
    const from = parseVersion(must(versions, name, 'version of cluster'));
    return to.major !== from.major || to.minor >= from.minor + 2;
  });
  if (skipping.length === 0) return;
  const first = must(fleet.byName, skipping[0]!, 'cluster');
  const from = parseVersion(must(versions, first.name, 'version of cluster'));
  const next = `v${from.major}.${from.minor + 1}`;
  reporter.error(path, `expected at most one minor version above ${versions.get(first.name)} (of ${listNames(skipping)}): ${version} skips a minor version, and ${skewRule(first)}; write one upgrade per minor (first to a ${next}.x version, then a later operation to ${version})`);
}

function resolveWaves(waves: WavesInput, path: PathSegment[], targets: string[], fleet: FleetIndex, reporter: Reporter): WavePlan {
  const plan: WavePlan = { pauseBetween: waves.pauseBetween, gate: typeof waves.gate === 'string' ? waves.gate : { ...waves.gate } };
  if (waves.size !== undefined) plan.size = waves.size;
  if (waves.canary !== undefined) {
    if (typeof waves.canary === 'number') {
      plan.canary = waves.canary;
      if (waves.canary > targets.length && targets.length > 0) reporter.warn([...path, 'canary'], `a canary of ${waves.canary} clusters is larger than the ${targets.length} clusters upgraded`);
    } else {
      const { selector, targets: canaries } = selectorTargets(waves.canary, [...path, 'canary'], fleet, reporter);
      const outside = canaries.filter((name) => !targets.includes(name));
      if (outside.length > 0) reporter.error([...path, 'canary'], `canary cluster${outside.length > 1 ? 's' : ''} ${listNames(outside)} ${outside.length > 1 ? 'are' : 'is'} not among the clusters this upgrade selects`);
      plan.canary = selector;
    }
  }
  if (waves.byLabel !== undefined) {
    plan.byLabel = waves.byLabel;
    const label = waves.byLabel;
    if (targets.length > 0 && !targets.some((name) => label in must(fleet.byName, name, 'cluster').labels)) {
      reporter.warn([...path, 'byLabel'], `no selected cluster has the label "${label}"`);
    }
  }
  if (waves.maxConcurrentClusters !== undefined) plan.maxConcurrentClusters = waves.maxConcurrentClusters;
  if (waves.maintenanceWindow !== undefined) {
    const window = waves.maintenanceWindow;
    const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
    const resolved: MaintenanceWindow = { days: [...window.days], start: window.start, end: window.end, startMinute: minutes(window.start), endMinute: minutes(window.end) };
    if (resolved.startMinute === resolved.endMinute) reporter.error([...path, 'maintenanceWindow', 'end'], `expected an end different from the start (${window.start}); the window would be empty`);
    plan.maintenanceWindow = resolved;
  }
  return plan;
}

// ---------------------------------------------------------------------------------------------
// Faults

export function resolveFaults(entries: Array<{ input: FaultInput; index: number }>, fleet: FleetIndex, reporter: Reporter): FaultSpec[] {
  const out: FaultSpec[] = [];
  for (const { input, index } of entries) {
    const path: PathSegment[] = ['faults', index];
    const kind = exactlyOne(input as Record<string, unknown>, FAULT_KINDS, path, reporter, 'fault');
    if (kind === undefined) continue;
    const at = input.at ?? 0;
    warnAfterHorizon(at, path, fleet, reporter, 'fault');
    const row = FAULTS[kind] as FaultDefinition<FaultKind, z.ZodType, FaultSpec>;
    const fault = row.resolve(input[kind], { at, index }, faultContext([...path, kind], fleet, reporter));
    if (fault) out.push(fault);
  }
  return out;
}

/** The loader's side of a fault resolver's questions (faults/definition.ts), for the fields at `base`. */
function faultContext(base: PathSegment[], fleet: FleetIndex, reporter: Reporter): FaultResolveContext {
  const at = (path: readonly PathSegment[]) => [...base, ...path];
  return {
    clusters: fleet.clusters,
    cluster: (name) => fleet.byName.get(name)!,
    select: (selector, path) => selectorTargets(selector, at(path), fleet, reporter),
    checkPool: (pool, targets, path) => checkPool(pool, targets, at(path), fleet, reporter),
    checkZone: (zone, cloud, region, path) => checkZone(zone, cloud, region, at(path), fleet, reporter),
    checkCloud: (cloud, region) => checkCloud(cloud, region, base, fleet, reporter),
    error: (path, message) => reporter.error(at(path), message),
  };
}

function clustersOf(fleet: FleetIndex, cloud: Provider | undefined, region: string | undefined): ClusterSpec[] {
  return fleet.clusters.filter((c) => (cloud === undefined || c.provider === cloud) && (region === undefined || c.region === region));
}

function checkZone(zone: string, cloud: Provider | undefined, region: string | undefined, path: PathSegment[], fleet: FleetIndex, reporter: Reporter): void {
  if (fleet.incomplete) return;
  const zones = [...new Set(clustersOf(fleet, cloud, region).flatMap((c) => [...c.zones, ...c.workers.flatMap((w) => w.zones)]))].sort();
  if (!zones.includes(zone)) {
    const scope = [cloud, region].filter((s) => s !== undefined).join(' ');
    reporter.error(path, `zone "${zone}" is not a zone of any ${scope === '' ? '' : `${scope} `}cluster${didYouMean(zone, zones)}${zones.length > 0 && zones.length <= 12 ? ` (zones: ${zones.join(', ')})` : ''}`);
  }
}

function checkCloud(cloud: Provider, region: string | undefined, path: PathSegment[], fleet: FleetIndex, reporter: Reporter): void {
  if (fleet.incomplete) return;
  if (clustersOf(fleet, cloud, undefined).length === 0) reporter.warn([...path, 'cloud'], `no cluster runs on ${cloud}: this fault affects nothing`);
  else if (region !== undefined && clustersOf(fleet, cloud, region).length === 0) {
    const regions = [...new Set(clustersOf(fleet, cloud, undefined).map((c) => c.region))].sort();
    reporter.warn([...path, 'region'], `no ${cloud} cluster is in region "${region}" (regions: ${regions.join(', ')})${didYouMean(region, regions)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Expectations

export function resolveExpectations(entries: Array<{ input: ExpectationInput; index: number }>, reporter: Reporter): ExpectationSpec[] {
  const out: ExpectationSpec[] = [];
  for (const { input, index } of entries) {
    const path: PathSegment[] = ['expect', index];
    if (!isKnownMetric(input.metric)) {
      reporter.error([...path, 'metric'], `unknown metric "${input.metric}"${didYouMean(input.metric, Object.keys(KNOWN_METRICS))} (see KNOWN_METRICS; e.g. fleet.upgradeMakespan, cluster.minAvailableRatio)`);
      continue;
    }
    const isDuration = isDurationMetric(input.metric);
    const bound = (key: 'min' | 'max'): number | undefined => {
      const value = input[key];
      if (value === undefined) return undefined;
      if (typeof value === 'number') {
        if (!Number.isFinite(value)) reporter.error([...path, key], `expected a finite number, found ${value}`);
        return value;
      }
      if (!isDuration) {
        reporter.error([...path, key], `expected a number for ${input.metric}, found "${value}"`);
        return undefined;
      }
      const parsed = parseDuration(value);
      if (typeof parsed !== 'number') {
        reporter.error([...path, key], parsed.error);
        return undefined;
      }
      return parsed;
    };
    const min = bound('min');
    const max = bound('max');
    if (input.min === undefined && input.max === undefined) {
      reporter.error(path, `expected min or max (or both) for ${input.metric}`);
      continue;
    }
    if (min !== undefined && max !== undefined && min > max) reporter.error([...path, 'max'], `expected max ≥ min, found max ${max} < min ${min}`);
    const spec: ExpectationSpec = { metric: input.metric };
    if (min !== undefined) spec.min = min;
    if (max !== undefined) spec.max = max;
    out.push(spec);
  }
  return out;
}

/**
 * Shrinking the fleet itself. A fuzz run perturbs faults, timings and seeds over the whole fleet;
 * once it fails, the counterexample is most useful with as few clusters, pools and machines as
 * still show the failure. A *reduction* says which of the base file's cluster entries, pools and
 * replicas to keep. Its arbitrary always generates "keep everything" (the fleet the user wrote) and
 * only shrinks: first to a single cluster, then dropping clusters, generated clusters, pools,
 * worker replicas, the file's own faults and its operations, in that order. Control planes keep
 * their size: fewer etcd members would bring failures of their own (quorum) into the
 * counterexample, which a control run without faults cannot rule out.
 *
 * Applying a reduction also drops what referred to the removed parts (cluster names in selectors,
 * pools in operations, faults and health checks), so the result is a valid scenario.
 */

import fc from 'fast-check';
import type { Scenario } from '../scenario/model.js';
import { cloneRaw, isGenerator, isPlainCluster, type RawCluster, type RawClusterEntry, type RawFault, type RawHealthCheck, type RawPool, type RawScenario, type RawSelector } from '../testing/raw.js';

export interface Reduction {
  /** Kept entries of the base's `clusters:` list, by index, ascending. */
  entries: number[];
  /** `generate.count` per kept generator entry. */
  counts: Record<number, number>;
  /** Kept worker pools per entry (indexes into its `workers`), ascending. */
  pools: Record<number, number[]>;
  /** Replicas per kept pool, keyed `entry.pool`. */
  replicas: Record<string, number>;
  /** Kept operations and the file's own faults, by index. */
  operations: number[];
  faults: number[];
}

function workersOf(entry: RawClusterEntry): RawPool[] | undefined {
  if (isPlainCluster(entry)) return entry.workers;
  if (isGenerator(entry)) return entry.generate.template?.workers;
  return undefined;
}

/**
 * Everything the base has, as a reduction. Replicas the file leaves to defaults are read from the
 * resolved scenario where the entry is a plain cluster.
 */
export function fullReduction(base: RawScenario, resolved: Scenario): Reduction {
  const reduction: Reduction = {
    entries: [], counts: {}, pools: {}, replicas: {},
    operations: (base.operations ?? []).map((_, i) => i), faults: (base.faults ?? []).map((_, i) => i),
  };
  base.clusters.forEach((entry, i) => {
    reduction.entries.push(i);
    if (isGenerator(entry)) reduction.counts[i] = entry.generate.count;
    const spec = isPlainCluster(entry) ? resolved.clusters.find((c) => c.name === entry.name) : undefined;
    const workers = workersOf(entry) ?? [];
    reduction.pools[i] = workers.map((_, p) => p);
    workers.forEach((pool, p) => {
      const replicas = pool.replicas ?? spec?.workers[p]?.replicas;
      if (typeof replicas === 'number') reduction.replicas[`${i}.${p}`] = replicas;
    });
  });
  return reduction;
}

function clusterCount(reduction: Reduction): number {
  return reduction.entries.reduce((sum, i) => sum + (reduction.counts[i] ?? 1), 0);
}

function copy(reduction: Reduction): Reduction {
  return structuredClone(reduction);
}

function withoutEntry(reduction: Reduction, entry: number): Reduction {
  const next = copy(reduction);
  next.entries = next.entries.filter((i) => i !== entry);
  return next;
}

/** Smaller reductions, most aggressive first (fast-check keeps the first that still fails). */
export function* shrinkReduction(reduction: Reduction): Generator<Reduction> {
  if (clusterCount(reduction) > 1) {
    for (const entry of reduction.entries) {
      const only = copy(reduction);
      only.entries = [entry];
      if (only.counts[entry] !== undefined) only.counts[entry] = 1;
      yield only;
    }
    if (reduction.entries.length > 1) for (const entry of reduction.entries) yield withoutEntry(reduction, entry);
    for (const entry of reduction.entries) {
      const count = reduction.counts[entry];
      if (count === undefined || count <= 1) continue;
      for (const smaller of [1, Math.floor(count / 2), count - 1]) {
        if (smaller < 1 || smaller >= count) continue;
        const next = copy(reduction);
        next.counts[entry] = smaller;
        yield next;
      }
    }
  }
  for (const entry of reduction.entries) {
    const pools = reduction.pools[entry] ?? [];
    if (pools.length <= 1) continue;
    for (const pool of pools) {
      const next = copy(reduction);
      next.pools[entry] = [pool];
      yield next;
    }
    for (const pool of pools) {
      const next = copy(reduction);
      next.pools[entry] = pools.filter((p) => p !== pool);
      yield next;
    }
  }
  for (const entry of reduction.entries) {
    for (const pool of reduction.pools[entry] ?? []) {
      const key = `${entry}.${pool}`;
      const replicas = reduction.replicas[key];
      if (replicas === undefined || replicas <= 1) continue;
      for (const smaller of [1, Math.floor(replicas / 2), replicas - 1]) {
        if (smaller < 1 || smaller >= replicas) continue;
        const next = copy(reduction);
        next.replicas[key] = smaller;
        yield next;
      }
    }
  }
  for (const list of ['faults', 'operations'] as const) {
    for (const index of reduction[list]) {
      const next = copy(reduction);
      next[list] = next[list].filter((i) => i !== index);
      yield next;
    }
  }
}

function isReduction(value: unknown): value is Reduction {
  return typeof value === 'object' && value !== null && Array.isArray((value as Reduction).entries);
}

/** Generates the full fleet; shrinks by `shrinkReduction`. */
class ReductionArbitrary extends fc.Arbitrary<Reduction> {
  constructor(private readonly full: Reduction) {
    super();
  }

  generate(): fc.Value<Reduction> {
    return new fc.Value(copy(this.full), undefined);
  }

  canShrinkWithoutContext(value: unknown): value is Reduction {
    return isReduction(value);
  }

  shrink(value: Reduction): fc.Stream<fc.Value<Reduction>> {
    return fc.stream(shrinkReduction(value)).map((next) => new fc.Value(next, undefined));
  }
}

export function reductionArbitrary(full: Reduction): fc.Arbitrary<Reduction> {
  return new ReductionArbitrary(full);
}

export function sameReduction(a: Reduction, b: Reduction): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

// ---------------------------------------------------------------------------------------------
// Applying a reduction

/** What is left after a reduction: cluster names, and each cluster's pool names. */
export interface FleetNames {
  clusters: Map<string, Set<string>>;
  zones: Set<string>;
}

function keepSelector(selector: RawSelector | undefined, names: FleetNames): RawSelector | undefined {
  if (selector?.names === undefined) return selector;
  const kept = selector.names.filter((n) => names.clusters.has(n));
  if (kept.length === 0) return selector.matchLabels === undefined ? undefined : { matchLabels: selector.matchLabels };
  return { ...selector, names: kept };
}

/** Pools that exist in every named cluster of a selector (or in some cluster, for label selectors). */
function poolExists(selector: RawSelector | undefined, pool: string, names: FleetNames): boolean {
  const clusters = selector?.names ?? [...names.clusters.keys()];
  return clusters.some((c) => names.clusters.get(c)?.has(pool) === true);
}

/** The kept operations and faults of the file (an operation's index is its position in the file). */
export function reduceActions(raw: RawScenario, reduction: Reduction): void {
  if (raw.operations !== undefined) raw.operations = raw.operations.filter((_, i) => reduction.operations.includes(i));
  if (raw.faults !== undefined) raw.faults = raw.faults.filter((_, i) => reduction.faults.includes(i));
}

/** The reduced clusters list, before references are fixed. */
export function reduceClusters(base: RawScenario, reduction: Reduction): RawClusterEntry[] {
  return reduction.entries.map((i) => {
    const entry = cloneRaw(base.clusters[i]!);
    if (isGenerator(entry) && reduction.counts[i] !== undefined) entry.generate.count = reduction.counts[i]!;
    const workers = workersOf(entry);
    if (workers !== undefined) {
      const kept = (reduction.pools[i] ?? []).map((p) => {
        const pool = { ...workers[p]! };
        const replicas = reduction.replicas[`${i}.${p}`];
        if (replicas !== undefined) pool.replicas = replicas;
        return pool;
      });
      if (isPlainCluster(entry)) entry.workers = kept;
      else if (isGenerator(entry) && entry.generate.template !== undefined) entry.generate.template.workers = kept;
    }
    if (isPlainCluster(entry)) dropGonePools(entry);
    return entry;
  });
}

/** Health checks limited to pools keep the pools that are left; one left with none is dropped. */
function dropGonePools(entry: RawCluster): void {
  const pools = new Set((entry.workers ?? []).map((p) => p.name));
  const fix = (check: RawHealthCheck): boolean => {
    if (check.pools === undefined) return true;
    check.pools = check.pools.filter((p) => pools.has(p));
    return check.pools.length > 0;
  };
  if (entry.healthCheck !== undefined && !fix(entry.healthCheck)) delete entry.healthCheck;
  if (entry.healthChecks !== undefined) entry.healthChecks = entry.healthChecks.filter(fix);
}

/** Drops operation and fault references to clusters, pools and zones that are gone. */
export function fixReferences(raw: RawScenario, names: FleetNames): void {
  const operations = [];
  for (const op of raw.operations ?? []) {
    const next = cloneRaw(op);
    let keep = true;
    for (const key of ['upgrade', 'rolloutImage', 'scale', 'pause', 'resume'] as const) {
      const body = next[key] as { clusters: RawSelector; pool?: string; pools?: string[]; waves?: { canary?: unknown } } | undefined;
      if (body === undefined) continue;
      const selector = keepSelector(body.clusters, names);
      if (selector === undefined) keep = false;
      else body.clusters = selector;
      if (body.pool !== undefined && !poolExists(selector, body.pool, names)) keep = false;
      if (body.pools !== undefined) {
        body.pools = body.pools.filter((p) => poolExists(selector, p, names));
        if (body.pools.length === 0) keep = false;
      }
      const canary = body.waves?.canary as RawSelector | number | undefined;
      if (body.waves !== undefined && typeof canary === 'object') {
        const kept = keepSelector(canary, names);
        if (kept === undefined) delete body.waves.canary;
        else body.waves.canary = kept;
      }
    }
    if (keep) operations.push(next);
  }
  if (raw.operations !== undefined) raw.operations = operations;
  if (raw.faults !== undefined) raw.faults = raw.faults.filter((fault) => fixFault(fault, names));
}

function fixFault(fault: RawFault, names: FleetNames): boolean {
  for (const body of Object.values(fault)) {
    if (typeof body !== 'object' || body === null) continue;
    const item = body as { clusters?: RawSelector; pool?: string; zone?: string };
    if (item.clusters !== undefined) {
      const selector = keepSelector(item.clusters, names);
      if (selector === undefined) return false;
      item.clusters = selector;
    }
    if (item.pool !== undefined && !poolExists(item.clusters, item.pool, names)) return false;
    if (item.zone !== undefined && !names.zones.has(item.zone)) return false;
  }
  return true;
}

/** Names of a resolved fleet. */
export function namesOf(scenario: Scenario): FleetNames {
  const clusters = new Map<string, Set<string>>();
  const zones = new Set<string>();
  for (const cluster of scenario.clusters) {
    clusters.set(cluster.name, new Set(cluster.workers.map((w) => w.name)));
    for (const zone of cluster.zones) zones.add(zone);
    for (const pool of cluster.workers) for (const zone of pool.zones) zones.add(zone);
  }
  return { clusters, zones };
}

/**
 * What one fault kind declares: its row in the fault table (faults/index.ts). A kind is one file
 * exporting `defineFault({...})`: the item schema of the file format, how an item is resolved
 * against the fleet, how the resolved fault is scheduled in a run, its label, and how the fuzzer
 * draws it. The loader, the world, the report and fleetsim/testing all read the table.
 */

import type { z } from 'zod';
import type { Millis } from '../engine/duration.js';
import type { ProviderKind } from '../cloud/provider.js';
import type { ClusterSelector } from '../schema/fields.js';
import type { NodeFailureMode } from '../workload/node-failures.js';
import type { FaultHost } from './host.js';
import type { FaultBase, FaultCluster } from './spec.js';

export type PathSegment = string | number;

/**
 * What a resolver may ask of the loader. Paths are relative to the kind's fields
 * (`faults[i].nodeFailures`); the loader locates and reports them.
 */
export interface FaultResolveContext {
  /** The fleet's clusters, in scenario order. */
  readonly clusters: readonly FaultCluster[];
  /** A cluster named by a resolved selector (it exists). */
  cluster(name: string): FaultCluster;
  /** Resolves a selector to cluster names in scenario order, reporting names that do not exist. */
  select(selector: ClusterSelector, path: readonly PathSegment[]): { selector: ClusterSelector; targets: string[] };
  /** Reports a pool missing from any of the clusters. */
  checkPool(pool: string, targets: readonly string[], path: readonly PathSegment[]): void;
  /** Reports a zone no cluster (of the cloud and region, when given) has. */
  checkZone(zone: string, cloud: ProviderKind | undefined, region: string | undefined, path: readonly PathSegment[]): void;
  /** Warns when no cluster runs on the cloud (and region): the fault would affect nothing. */
  checkCloud(cloud: ProviderKind, region: string | undefined): void;
  error(path: readonly PathSegment[], message: string): void;
}

/** Where a fault starts and its position in the file. */
export interface FaultPlacement {
  at: Millis;
  index: number;
}

/** What the fleet offers a fuzzed fault, in a stable order (fleetsim/testing computes it from the resolved scenario). */
export interface FuzzFleet {
  /** Pools and control planes with machines: `pool` unset = the control plane. */
  nodes: ReadonlyArray<{ cluster: string; pool?: string; replicas: number }>;
  /** Zones by cloud, sorted. */
  zones: ReadonlyArray<{ cloud: ProviderKind; zone: string }>;
  /** Clouds the fleet runs on, sorted. */
  clouds: readonly ProviderKind[];
}

/** The abstract choices of one fuzzed fault (fleetsim/testing `FaultDraft`, without its kind and timing). */
export interface FuzzChoices {
  /** Picks the target by index, modulo the choices the fleet has. */
  target: number;
  /** Nodes failing at once (node failures), tenths of the error rate (brownout). */
  size: number;
  /** Index into the node failure modes drawn. */
  mode: number;
}

export interface FuzzContext {
  /** `at` and `for` as the fault item writes them. */
  at: string;
  for: string;
  /** Node failure modes drawn for worker and for control-plane nodes. */
  modes: { workers: readonly NodeFailureMode[]; controlPlane: readonly NodeFailureMode[] };
}

/** How the fuzzer (fleetsim/testing `faults.schedule`, `fleetsim fuzz`) draws this kind. */
export interface FaultFuzzing<Item, Alias extends string = string> {
  /** The short name `fleetsim fuzz --faults` used before it took fault kinds; still accepted. */
  readonly alias: Alias;
  /** The longest this fault may last in a plan (default: the plan's window). */
  readonly longest?: Millis;
  /** This kind's fields for the fleet; undefined when the fleet has nothing it can hit. */
  item(choices: FuzzChoices, fleet: FuzzFleet, context: FuzzContext): Item | undefined;
}

export interface FaultDefinition<K extends string, S extends z.ZodType, F extends FaultBase<K>, Alias extends string = string> {
  readonly kind: K;
  /** The item's fields in the file (`faults[i].<kind>`). */
  readonly schema: S;
  /** The resolved fault; undefined when the loader reported why it cannot be. */
  resolve(fields: z.output<S>, placement: FaultPlacement, context: FaultResolveContext): F | undefined;
  /** Schedules the fault in a run: its start, its end, and what it does. */
  schedule(host: FaultHost, fault: F): void;
  /** A short label of the fault and what it aims at (the report's fault spans). */
  label(fault: F): string;
  /** Kinds the fuzzer does not draw say undefined. */
  readonly fuzz: FaultFuzzing<z.input<S>, Alias> | undefined;
}

/** A row of the fault table, with its types checked. */
export function defineFault<K extends string, S extends z.ZodType, F extends FaultBase<K>, Alias extends string = never>(definition: FaultDefinition<K, S, F, Alias>): FaultDefinition<K, S, F, Alias> {
  return definition;
}

/** `fault` with `for` set when the item has one. */
export function withFor<T extends object>(fault: T, duration: Millis | undefined): T & { for?: Millis } {
  return duration === undefined ? fault : { ...fault, for: duration };
}

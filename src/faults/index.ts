/**
 * The fault table (fleetsim issue 5, 13): one row per fault kind, each declared in its own file
 * with `defineFault` (its item schema, resolver, scheduler, label and fuzzing). The scenario
 * format, the loader, the world, the report and fleetsim/testing read this table; the kinds and
 * the resolved fault types are derived from it, so a kind exists exactly when its row does.
 * Row order is the file format's order (schema, error messages).
 */

import type { z } from 'zod';
import type { FaultDefinition } from './definition.js';
import type { FaultHost } from './host.js';
import type { FaultBase } from './spec.js';
import { apiBrownout } from './api-brownout.js';
import { apiOutage } from './api-outage.js';
import { badImage } from './bad-image.js';
import { capacityShortage } from './capacity-shortage.js';
import { drainBlocker } from './drain-blocker.js';
import { managementOutage } from './management-outage.js';
import { nodeFailures } from './node-failures.js';
import { partition } from './partition.js';
import { zoneOutage } from './zone-outage.js';

/** Checks that each row sits under its own kind. */
function faultTable<T extends { [K in keyof T]: FaultDefinition<K & string, z.ZodType, FaultBase<K & string>> }>(table: T): T {
  return table;
}

export const FAULTS = faultTable({
  nodeFailures,
  zoneOutage,
  apiBrownout,
  apiOutage,
  capacityShortage,
  badImage,
  managementOutage,
  partition,
  drainBlocker,
});

type Table = typeof FAULTS;

export type FaultKind = keyof Table;

/** A resolved fault of any kind: the union of what each row's resolver returns. */
export type FaultSpec = { [K in FaultKind]: NonNullable<ReturnType<Table[K]['resolve']>> }[FaultKind];

/** The resolved fault of one kind. */
export type FaultOf<K extends FaultKind> = Extract<FaultSpec, { kind: K }>;

export const FAULT_KINDS = Object.keys(FAULTS) as FaultKind[];

/** The short names fuzzed kinds had in `fleetsim fuzz --faults` (node, zone, …), still accepted. */
export type FaultAlias = { [K in FaultKind]: NonNullable<Table[K]['fuzz']>['alias'] }[FaultKind];

/** A row seen through any of its faults (rows are keyed by their own kind, so the cast is sound). */
interface AnyRow {
  schedule(host: FaultHost, fault: FaultSpec): void;
  label(fault: FaultSpec): string;
}

const rowOf = (fault: FaultSpec): AnyRow => FAULTS[fault.kind] as AnyRow;

/** Schedules every fault of the scenario, in file order (ties at one instant run in that order). */
export function scheduleFaults(host: FaultHost, faults: readonly FaultSpec[]): void {
  for (const fault of faults) scheduleFault(host, fault);
}

export function scheduleFault(host: FaultHost, fault: FaultSpec): void {
  rowOf(fault).schedule(host, fault);
}

/** A short label of the fault and what it aims at. */
export function faultLabel(fault: FaultSpec): string {
  return rowOf(fault).label(fault);
}

export type { FaultHost };
export type { FaultTarget } from './window.js';
export type { FaultBase, FaultCluster, Targeted } from './spec.js';
export type { FaultDefinition, FaultFuzzing, FaultResolveContext, FaultPlacement, FuzzChoices, FuzzContext, FuzzFleet, PathSegment } from './definition.js';
export type { NodeFailuresFault } from './node-failures.js';
export type { ZoneOutageFault } from './zone-outage.js';
export type { ApiBrownoutFault } from './api-brownout.js';
export type { ApiOutageFault } from './api-outage.js';
export type { CapacityShortageFault } from './capacity-shortage.js';
export type { BadImageFault } from './bad-image.js';
export type { ManagementOutageFault } from './management-outage.js';
export type { PartitionFault } from './partition.js';
export type { DrainBlockerFault } from './drain-blocker.js';

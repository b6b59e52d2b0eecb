/**
 * What one checked run leaves behind for the invariants: the scenario, its timeline and summary,
 * and an inventory of Machines and cloud instances taken when the run stopped. Invariants are pure
 * functions of this record, so a violation can be re-derived from a saved run.
 */

import type { Scenario } from '../scenario/model.js';
import type { Summary } from '../report/summary.js';
import type { TimelineEvent } from '../timeline/index.js';
import type { RawScenario } from './raw.js';

/** A CAPI Machine when the run stopped, with what its cloud says of its instance. */
export interface InventoryMachine {
  /** `Machine/namespace/name`. */
  key: string;
  /** `namespace/name` of the workload cluster. */
  cluster: string;
  phase: string;
  deleting: boolean;
  providerID: string | undefined;
  /** The cloud's answer for providerID; `none` when the Machine has no providerID yet. */
  instance: 'pending' | 'running' | 'shuttingDown' | 'terminated' | 'missing' | 'none';
}

/** A cloud instance when the run stopped. */
export interface InventoryInstance {
  providerID: string;
  /** `cloud/account/region` of the provider that holds it. */
  cloud: string;
  cluster: string;
  /** `Kind/namespace/name` of the object that asked for it (an InfraMachine or a pool). */
  owner: string;
  state: 'pending' | 'running' | 'shuttingDown' | 'terminated';
}

export interface Inventory {
  machines: InventoryMachine[];
  /** Undefined when a cloud model cannot list its instances (see `InstanceLister` in run.ts). */
  instances: InventoryInstance[] | undefined;
}

/** Deliberately wrong controller variants (test-only), as the CAPI controllers read them. */
export type { ControllerMutations } from '../capi/context.js';

export interface RunRecord {
  scenario: Scenario;
  /** The raw scenario the run was loaded from, when it came from one. */
  raw: RawScenario | undefined;
  seed: number;
  summary: Summary;
  events: readonly TimelineEvent[];
  exitCode: 0 | 1 | 3;
  inventory: Inventory;
  /** A second run with the same scenario and seed (present when an invariant asked for it). */
  replay: { events: readonly TimelineEvent[]; summary: Summary } | undefined;
}

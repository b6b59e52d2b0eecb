/**
 * What every fault kind shares in the scenario format and after resolution. Each kind declares its
 * own item schema (`nodeFailures: { … }`) in its file; its resolved type is what that schema
 * outputs (durations in ms, defaults filled) plus what resolving against the fleet adds: the
 * kind, the start (`at`, 0 when the file leaves it out), the position in the file's list and,
 * for kinds that select clusters, the selected names.
 */

import type { z } from 'zod';
import type { Millis } from '../engine/duration.js';
import type { ProviderKind } from '../cloud/provider.js';
import { Duration } from '../schema/fields.js';

/** A fault item's `for`: how long it lasts. */
export const For = Duration.optional().meta({ description: 'How long the fault lasts; without it, it lasts to the end.' });

export interface FaultBase<K extends string = string> {
  kind: K;
  /** Start time; 0 when the file leaves `at` out. */
  at: Millis;
  /** Duration; unset = the fault lasts to the end of the run. */
  for?: Millis;
  /** Position in the file's `faults` list. */
  index: number;
}

/** A fault that selects clusters: the selector resolved at load time, cluster names in scenario order. */
export interface Targeted {
  targets: string[];
}

/** The resolved fault of kind `K` whose item schema is `S`. */
export type ResolvedFault<K extends string, S extends z.ZodType, Extra = unknown> = FaultBase<K> & z.output<S> & Extra;

/**
 * What faults read of a cluster. The resolved scenario's ClusterSpec (scenario/model.ts) has this
 * shape; faults sit below the file format and name only the fields they use.
 */
export interface FaultCluster {
  readonly name: string;
  readonly namespace: string;
  readonly provider: ProviderKind;
  /** AWS account / Azure subscription / GCP project. */
  readonly account: string;
  readonly region: string;
  readonly zones: readonly string[];
  readonly controlPlane: { readonly managed: boolean };
  readonly workers: ReadonlyArray<{ readonly name: string; readonly kind: 'MachineDeployment' | 'MachinePool'; readonly zones: readonly string[]; readonly failureDomains?: readonly string[] }>;
}

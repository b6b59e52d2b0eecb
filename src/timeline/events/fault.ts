/** Faults: when each starts and ends and what it hit, and each Node a rate of failures strikes. */

import type { Millis } from '../../engine/duration.js';
import type { ClusterKey, ObjectKey } from '../../kube/keys.js';
import { optional, type EventDocs, type Fields } from '../event.js';

/** What a fault hit, as its kind has it (faults/*.ts); the keys a fault leaves out do not apply to it. */
export interface FaultTarget {
  zone?: string;
  cloud?: string;
  region?: string;
  account?: string;
  instanceType?: string;
  image?: string;
  pool?: string;
  providers?: readonly string[];
  clusters?: readonly ClusterKey[];
  /** The Nodes' names (nodeFailures), or how many it stopped (zoneOutage). */
  nodes?: readonly string[] | number;
  controllers?: 'all';
}

/** A fault's own top-level fields on `fault.started` and `fault.ended`. */
export interface FaultFields {
  mode?: string;
  ratePerNodeHour?: number;
  cluster?: ClusterKey;
  errorRate?: number;
  actions?: readonly string[];
}

interface FaultWindowFields extends FaultFields {
  t: Millis;
  fault: string;
  index: number;
  target: FaultTarget;
}

export interface FaultStarted extends FaultWindowFields {
  type: 'fault.started';
}

export interface FaultEnded extends FaultWindowFields {
  type: 'fault.ended';
}

export interface FaultNodeFailed {
  t: Millis;
  type: 'fault.nodeFailed';
  fault: string;
  index: number;
  cluster: ClusterKey;
  object?: ObjectKey;
  node: string;
  mode: string;
}

export type FaultEvent = FaultStarted | FaultEnded | FaultNodeFailed;

function faultFields(f: FaultFields): FaultFields {
  return {
    ...(f.mode === undefined ? {} : { mode: f.mode }), ...(f.ratePerNodeHour === undefined ? {} : { ratePerNodeHour: f.ratePerNodeHour }),
    ...(f.cluster === undefined ? {} : { cluster: f.cluster }), ...(f.errorRate === undefined ? {} : { errorRate: f.errorRate }),
    ...(f.actions === undefined ? {} : { actions: f.actions }),
  };
}

export function faultStarted(t: Millis, f: Fields<FaultStarted>): FaultStarted {
  return { t, type: 'fault.started', fault: f.fault, index: f.index, ...faultFields(f), target: f.target };
}

export function faultEnded(t: Millis, f: Fields<FaultEnded>): FaultEnded {
  return { t, type: 'fault.ended', fault: f.fault, index: f.index, ...faultFields(f), target: f.target };
}

export function faultNodeFailed(t: Millis, f: Fields<FaultNodeFailed>): FaultNodeFailed {
  return { t, type: 'fault.nodeFailed', fault: f.fault, index: f.index, cluster: f.cluster, ...(f.object === undefined ? {} : { object: f.object }), node: f.node, mode: f.mode };
}

/** The keys of `target`, for docs/timeline.md. */
export const FAULT_TARGET_FIELDS = {
  zone: 'the zone that went dark or ran out of capacity (zoneOutage, capacityShortage)',
  cloud: 'the cloud it hit (cloud API and zone faults)',
  region: 'the region it hit, when the fault names one',
  account: 'the account it hit, when the fault names one (apiBrownout)',
  instanceType: 'the instance type that ran out, when the fault names one (capacityShortage)',
  image: 'the broken image, when the fault names one (badImage)',
  pool: 'the pool it is limited to, when the fault names one (drainBlocker)',
  providers: 'the providers it hit, `cloud/account/region`',
  clusters: 'the workload clusters it hit, `namespace/name`',
  nodes: 'the Nodes it failed, by name (nodeFailures), or how many kubelets it stopped (zoneOutage: a count)',
  controllers: '`all`: the management cluster\'s controllers (managementOutage)',
} as const satisfies { readonly [K in keyof FaultTarget]-?: string };

const FAULT_WINDOW_FIELDS = {
  fault: 'the fault\'s kind (nodeFailures, zoneOutage, apiBrownout, …)',
  index: 'the fault\'s place in the scenario\'s `faults:` (from 0)',
  mode: optional('how the Nodes fail (nodeFailures only): crash, kernelPanic, hang, notReady, memoryPressure, diskPressure'),
  ratePerNodeHour: optional('the failure rate (nodeFailures with a rate)'),
  cluster: optional('the workload cluster, `namespace/name`, when the fault hit exactly one'),
  errorRate: optional('the share of calls that fail (apiBrownout)'),
  actions: optional('the API actions that fail, when the fault names them (apiBrownout)'),
  target: 'what it hit: an object with some of the keys below',
} as const;

export const FAULT_EVENTS = {
  'fault.started': {
    description: 'a scheduled fault began',
    fields: FAULT_WINDOW_FIELDS,
  },
  'fault.ended': {
    description: 'a fault with `for` ended and was undone (a rate of node failures lists the Nodes it hit in `target.nodes`)',
    fields: FAULT_WINDOW_FIELDS,
  },
  'fault.nodeFailed': {
    description: 'a node-failure rate struck one Node',
    fields: {
      fault: 'the fault\'s kind (nodeFailures)',
      index: 'the fault\'s place in the scenario\'s `faults:` (from 0)',
      cluster: 'the workload cluster, `namespace/name`',
      object: optional('the Node\'s Machine, `Machine/namespace/name`, when it exists'),
      node: 'the Node\'s name',
      mode: 'how it failed: crash, kernelPanic, hang, notReady, memoryPressure, diskPressure',
    },
  },
} as const satisfies EventDocs<FaultEvent>;

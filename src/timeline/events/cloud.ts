/** Calls to the clouds' APIs. */

import type { Millis } from '../../engine/duration.js';
import type { ClusterKey, ObjectKey } from '../../kube/keys.js';
import { optional, type EventDocs, type Fields } from '../event.js';

export type CallOutcomeName = 'ok' | 'throttled' | 'error';

export interface CloudCall {
  t: Millis;
  type: 'cloud.call';
  cluster?: ClusterKey;
  object?: ObjectKey;
  cloud: string;
  account: string;
  region: string;
  action: string;
  outcome: CallOutcomeName;
  latencyMs: Millis;
  attempt: number;
  tokens: number;
  code?: string;
  retryAfterMs?: Millis;
}

/** A throttled answer to a call for one object: every one, never sampled (the breakdown's cloud-throttling part reads them). */
export interface CloudThrottled {
  t: Millis;
  type: 'cloud.throttled';
  cluster?: ClusterKey;
  object: ObjectKey;
  cloud: string;
  action: string;
  attempt: number;
  latencyMs: Millis;
  retryInMs?: Millis;
}

/** A provider controller's reconcile waited for a free worker (CAPA/CAPZ/CAPG concurrency) before calling its cloud. */
export interface CloudWorkerWait {
  t: Millis;
  type: 'cloud.workerWait';
  cluster: ClusterKey;
  object: ObjectKey;
  cloud: string;
  waitedMs: Millis;
}

/** A managed control plane's (EKS, AKS, GKE) version upgrade, as its provider controller drives it. */
export interface CloudControlPlaneUpgrade {
  t: Millis;
  type: 'cloud.controlPlaneUpgrade';
  cluster: ClusterKey;
  object: ObjectKey;
  cloud: string;
  stage: 'started' | 'completed';
  from: string;
  to: string;
}

export type CloudEvent = CloudCall | CloudThrottled | CloudWorkerWait | CloudControlPlaneUpgrade;

export function cloudControlPlaneUpgrade(t: Millis, f: Fields<CloudControlPlaneUpgrade>): CloudControlPlaneUpgrade {
  return { t, type: 'cloud.controlPlaneUpgrade', cluster: f.cluster, object: f.object, cloud: f.cloud, stage: f.stage, from: f.from, to: f.to };
}

export function cloudWorkerWait(t: Millis, f: Fields<CloudWorkerWait>): CloudWorkerWait {
  return { t, type: 'cloud.workerWait', cluster: f.cluster, object: f.object, cloud: f.cloud, waitedMs: f.waitedMs };
}

export function cloudCall(t: Millis, f: Fields<CloudCall>): CloudCall {
  return {
    t, type: 'cloud.call', ...(f.cluster === undefined ? {} : { cluster: f.cluster }), ...(f.object === undefined ? {} : { object: f.object }),
    cloud: f.cloud, account: f.account, region: f.region, action: f.action, outcome: f.outcome, latencyMs: f.latencyMs, attempt: f.attempt, tokens: f.tokens,
    ...(f.code === undefined ? {} : { code: f.code }), ...(f.retryAfterMs === undefined ? {} : { retryAfterMs: f.retryAfterMs }),
  };
}

export function cloudThrottled(t: Millis, f: Fields<CloudThrottled>): CloudThrottled {
  return {
    t, type: 'cloud.throttled', ...(f.cluster === undefined ? {} : { cluster: f.cluster }), object: f.object, cloud: f.cloud, action: f.action,
    attempt: f.attempt, latencyMs: f.latencyMs, ...(f.retryInMs === undefined ? {} : { retryInMs: f.retryInMs }),
  };
}

export const CLOUD_EVENTS = {
  'cloud.call': {
    description: 'a cloud API call was answered (all of them, or a sample with `observe.cloudCallEvents`; the summary counts every call)',
    fields: {
      cluster: optional('the workload cluster the call was for, `namespace/name`, when it was for one'),
      object: optional('the object the call was for, `Kind/namespace/name`, when it was for one'),
      cloud: 'aws, azure, gcp or docker',
      account: 'the cloud account',
      region: 'the region',
      action: 'the API action, e.g. RunInstances, VirtualMachines.CreateOrUpdate, instances.insert',
      outcome: 'ok, throttled or error',
      latencyMs: 'the call\'s latency (ms)',
      attempt: 'the SDK attempt this was (1 for the first; more are retries)',
      tokens: 'tokens left in the tightest rate-limit bucket the call is charged to after it, floored (-1 when it has none)',
      code: optional('the cloud\'s error code, e.g. RequestLimitExceeded (throttled and error only)'),
      retryAfterMs: optional('the Retry-After the cloud answered with (ms), when it sent one'),
    },
  },
  'cloud.throttled': {
    description: 'a cloud throttled a call made for one object; recorded for every such answer whatever `observe.cloudCallEvents` samples, so a reader can tell how long each object waited on throttling',
    fields: {
      cluster: optional('the workload cluster the call was for, `namespace/name`, when it was for one'),
      object: 'the object the call was for, `Kind/namespace/name` (an InfraMachine, a control plane, a node group)',
      cloud: 'aws, azure, gcp or docker',
      action: 'the API action throttled, e.g. RunInstances, DescribeInstances',
      attempt: 'the SDK attempt it was (1 for the first)',
      latencyMs: 'the throttled call\'s latency (ms)',
      retryInMs: optional('when the SDK retries: the wait before its next attempt (ms); absent when it gave up and the controller requeues'),
    },
  },
  'cloud.workerWait': {
    description: 'a provider controller (CAPA, CAPZ, CAPG, CAPD) got a free worker for an instance create or delete after waiting for one (workers are held by calls, retries and polls); recorded when the wait was not zero',
    fields: {
      cluster: 'the workload cluster, `namespace/name`',
      object: 'the InfraMachine (or pool) the reconcile was for, `Kind/namespace/name`',
      cloud: 'aws, azure, gcp or docker',
      waitedMs: 'how long it waited for a worker (ms); it began at `t − waitedMs`',
    },
  },
  'cloud.controlPlaneUpgrade': {
    description: 'a managed control plane\'s upgrade: `started` when the cloud accepted the update call, `completed` when the controller\'s poll saw it done',
    fields: {
      cluster: 'the workload cluster, `namespace/name`',
      object: 'the control plane, `ManagedControlPlane/namespace/name`',
      cloud: 'aws, azure or gcp',
      stage: 'started or completed',
      from: 'the version before',
      to: 'the version it upgrades to',
    },
  },
} as const satisfies EventDocs<CloudEvent>;

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

export type CloudEvent = CloudCall;

export function cloudCall(t: Millis, f: Fields<CloudCall>): CloudCall {
  return {
    t, type: 'cloud.call', ...(f.cluster === undefined ? {} : { cluster: f.cluster }), ...(f.object === undefined ? {} : { object: f.object }),
    cloud: f.cloud, account: f.account, region: f.region, action: f.action, outcome: f.outcome, latencyMs: f.latencyMs, attempt: f.attempt, tokens: f.tokens,
    ...(f.code === undefined ? {} : { code: f.code }), ...(f.retryAfterMs === undefined ? {} : { retryAfterMs: f.retryAfterMs }),
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
} as const satisfies EventDocs<CloudEvent>;

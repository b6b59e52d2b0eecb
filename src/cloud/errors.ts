/**
 * What a cloud API answers when a call does not succeed. The clients' retry policies and the
 * provider controllers' requeues decide on these fields, as the real SDKs decide on codes and
 * HTTP statuses.
 */

import type { Millis } from '../engine/duration.js';

export type CallErrorKind =
  /** The server's rate limiter refused the call (RequestLimitExceeded, 429, 403 rateLimitExceeded). */
  | 'throttle'
  /** A 5xx from a server that is up but failing (a brownout). */
  | 'server'
  /** No answer: connection refused or timed out (an API outage). */
  | 'unavailable'
  /** The zone has no capacity for the instance type (a stock-out or a zone that is down). */
  | 'capacity'
  /** The account, subscription or project is out of quota. */
  | 'quota'
  /** Another operation on the resource is in progress (EKS ResourceInUseException, AKS OperationNotAllowed, GKE FAILED_PRECONDITION). */
  | 'conflict'
  /** The request itself is refused (a version step the cloud does not allow). */
  | 'invalid';

export interface CallError {
  kind: CallErrorKind;
  /** The cloud's error code: `RequestLimitExceeded`, `TooManyRequests`, `rateLimitExceeded`, ... */
  code: string;
  /** HTTP status, 0 for a connection error. */
  status: number;
  /** The server's Retry-After, when it sends one (ARM, AKS). */
  retryAfterMs?: Millis;
  /** True for a timed-out request (the AWS retry quota charges these double). */
  timeout?: boolean;
}

/** The errors one cloud answers with, by kind; `retryAfterMs` is filled per call. */
export type CloudErrorCatalog = Readonly<Record<CallErrorKind, Omit<CallError, 'kind' | 'retryAfterMs'>>>;

export function makeError(catalog: CloudErrorCatalog, kind: CallErrorKind, retryAfterMs?: Millis): CallError {
  const base = catalog[kind];
  const error: CallError = { kind, code: base.code, status: base.status };
  if (base.timeout) error.timeout = true;
  if (retryAfterMs !== undefined) error.retryAfterMs = retryAfterMs;
  return error;
}

/**
 * AWS defaults: EC2 API limits, the aws-sdk-go-v2 retryer, instance timings, error codes, EKS
 * settings, and how CAPA calls EC2. Sources are in docs/sources/cloud-facts.md (§ given
 * next to each value) and the documents it cites. UNCONFIRMED values are assumptions: each can be
 * overridden under `clouds.aws` in a scenario.
 */

import { MINUTE, SECOND } from '../../engine/duration.js';
import type { CloudCatalog } from '../catalog.js';
import type { Charge } from '../limits/limit-store.js';
import type { ClientLimitRule } from '../limits/client-limiters.js';
import type { LimitSpec } from '../limits/limiter.js';

/**
 * EC2 refills "a set number of tokens every second" (§1.1): modelled as a continuous refill at
 * that rate, per account and Region. All buckets start full.
 */
const bucket = (capacity: number, refillPerSecond: number): LimitSpec => ({ kind: 'bucket', capacity, refillPerSecond, scope: 'region' });
const request = (limit: string): Charge => ({ limit, per: 'request', when: 'admit' });
/** Resource buckets count instances; a failed RunInstances is assumed not to use them (§1.7, UNCONFIRMED). */
const instances = (limit: string): Charge => ({ limit, per: 'unit', when: 'success' });

/** EC2 call latency p50 / p95 (§1.7 and §5: UNCONFIRMED assumptions). */
const latency = (medianMs: number, p95Ms: number) => ({ distribution: 'lognormal' as const, median: medianMs, p95: p95Ms });

export const AWS_CATALOG: CloudCatalog = {
  cloud: 'aws',
  limits: {
    // Request buckets by category ("Request throttling for the Amazon EC2 API",
    // https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html; §1.1).
    nonMutating: bucket(100, 20),
    unfilteredNonMutating: bucket(50, 10),
    mutating: bucket(50, 5), // current page; CAPA's limiter still assumes 200 (§1.1 note)
    resourceIntensive: bucket(50, 5),
    // Per-action request buckets ("Uncategorized actions", same page; §1.1).
    RunInstances: bucket(5, 2),
    StartInstances: bucket(5, 2),
    TerminateInstances: bucket(100, 5),
    CreateTags: bucket(100, 10),
    // Resource buckets, tokens = instances (same page, "Resource token buckets"; §1.1).
    'RunInstances.instances': bucket(1000, 2),
    'TerminateInstances.instances': bucket(1000, 20),
    'StartInstances.instances': bucket(1000, 2),
    'StopInstances.instances': bucket(1000, 20),
    // EKS publishes no API limits: UNCONFIRMED, assumed the shape of EC2's non-mutating and
    // mutating buckets (§1.2).
    'eks.nonMutating': bucket(100, 20),
    'eks.mutating': bucket(50, 5),
  },
  actions: {
    RunInstances: { charges: [request('RunInstances'), instances('RunInstances.instances')], latency: latency(800, 3 * SECOND) },
    TerminateInstances: { charges: [request('TerminateInstances'), instances('TerminateInstances.instances')], latency: latency(500, 2 * SECOND) },
    StartInstances: { charges: [request('StartInstances'), instances('StartInstances.instances')], latency: latency(500, 2 * SECOND) },
    // StopInstances has no bucket of its own: the mutating default (§1.1).
    StopInstances: { charges: [request('mutating'), instances('StopInstances.instances')], latency: latency(500, 2 * SECOND) },
    // CAPA asks by instance ID; whether IDs count as a filter for the "unfiltered" bucket is
    // UNCONFIRMED: charged to the non-mutating bucket.
    DescribeInstances: { charges: [request('nonMutating')], latency: latency(300, 1 * SECOND) },
    CreateTags: { charges: [request('CreateTags')], latency: latency(300, 1 * SECOND) },
    // EKS (managed control planes: control-plane-upgrade.ts; node groups: eks-node-groups.ts); latencies UNCONFIRMED.
    'eks.UpdateClusterVersion': { charges: [request('eks.mutating')], latency: latency(500, 2 * SECOND) },
    'eks.UpdateNodegroupVersion': { charges: [request('eks.mutating')], latency: latency(500, 2 * SECOND) },
    'eks.UpdateNodegroupConfig': { charges: [request('eks.mutating')], latency: latency(500, 2 * SECOND) },
    'eks.DescribeCluster': { charges: [request('eks.nonMutating')], latency: latency(300, 1 * SECOND) },
    'eks.DescribeNodegroup': { charges: [request('eks.nonMutating')], latency: latency(300, 1 * SECOND) },
    'eks.DescribeUpdate': { charges: [request('eks.nonMutating')], latency: latency(300, 1 * SECOND) },
  },
  timings: {
    // pending → running ≈ 16.4–16.6 s for every family tried (3rd-party benchmark,
    // brevdev/ec2-coldboot-research; §1.7); the spread (p95 20 s) is UNCONFIRMED.
    instanceBoot: { distribution: 'lognormal', median: 16.5 * SECOND, p95: 20 * SECOND },
    // running → kubelet Ready: UNCONFIRMED, assumed 60 s, p95 120 s (§1.7).
    kubeletJoin: { distribution: 'lognormal', median: 60 * SECOND, p95: 120 * SECOND },
    // shutting-down → terminated: UNCONFIRMED, assumed 60 s (§5), p95 90 s.
    instanceDelete: { distribution: 'lognormal', median: 60 * SECOND, p95: 90 * SECOND },
    // RunInstances reports capacity at once (§1.7): no operation to fail later.
    allocationFailure: { distribution: 'constant', value: 0 },
    // EKS control plane: "several minutes"; UNCONFIRMED 10 min, spread 7–20 min (§1.5).
    controlPlaneUpgrade: { distribution: 'empirical', percentiles: { p0: 7 * MINUTE, p50: 10 * MINUTE, p100: 20 * MINUTE } },
  },
  // aws-sdk-go-v2 standard retryer: 3 attempts, U[0,1)·2^n s capped at 20 s (§1.3).
  retry: { policy: 'aws-standard', maxAttempts: 3, baseDelayMs: 1 * SECOND, maxDelayMs: 20 * SECOND },
  errors: {
    // `RequestLimitExceeded`; its HTTP status is UNCONFIRMED (assumed 503, §1.1).
    throttle: { code: 'RequestLimitExceeded', status: 503 },
    server: { code: 'InternalError', status: 500 },
    unavailable: { code: 'RequestTimeout', status: 0, timeout: true },
    // `InsufficientInstanceCapacity` (CloudTrail Server.*), not retried by the SDK (§1.3, §1.7).
    capacity: { code: 'InsufficientInstanceCapacity', status: 500 },
    // `InstanceLimitExceeded` (CloudTrail Client.*; §1.7).
    quota: { code: 'InstanceLimitExceeded', status: 400 },
    // EKS API errors of UpdateClusterVersion / UpdateNodegroupVersion (EKS API reference, "Errors"):
    // another update in progress, and a version step EKS refuses (more than one minor, §1.5).
    conflict: { code: 'ResourceInUseException', status: 409 },
    invalid: { code: 'InvalidParameterException', status: 400 },
  },
  // Machines reconciled at once: 10 (CAPA@2cf09d78 main.go `--awsmachine-concurrency`).
  controllerConcurrency: 10,
  throttleRetryAfter: false,
  nodePool: {
    // EKS managed node group: maxUnavailable 1 by default; the surge is derived from the number
    // of AZs (up to 2 per AZ), so maxSurge here is the floor of 1 (§1.4); eviction gives up after
    // 15 min unless forced; a drained node waits 60 s before termination (§1.4).
    maxSurge: 1,
    maxUnavailable: 1,
    drainTimeout: 15 * MINUTE,
    soak: 60 * SECOND,
    // PodEvictionFailure unless the update is forced (CAPA does not force: UNCONFIRMED; §1.4).
    onDrainTimeout: 'fail',
  },
};

/**
 * CAPA's client-side limiters per cluster (§1.6; CAPA@2cf09d78 pkg/cloud/scope/session.go
 * `newEC2ServiceLimiter`): first matching prefix wins; EKS calls are not limited.
 */
export const CAPA_CLIENT_LIMITS: readonly ClientLimitRule[] = [
  { prefixes: ['eks.'] },
  { prefixes: ['Describe', 'Get'], limit: { refillPerSecond: 20, burst: 100 } },
  { prefixes: ['AuthorizeSecurityGroupIngress', 'CancelSpotInstanceRequests', 'CreateKeyPair', 'RequestSpotInstances'], limit: { refillPerSecond: 20, burst: 100 } },
  { prefixes: ['RunInstances'], limit: { refillPerSecond: 2, burst: 5 } },
  { prefixes: ['StartInstances'], limit: { refillPerSecond: 2, burst: 5 } },
  { prefixes: ['*'], limit: { refillPerSecond: 5, burst: 200 } },
];

/**
 * How CAPA follows an EKS cluster or node group that is UPDATING: it blocks in the SDK's waiter
 * (`WaitUntilClusterActive`, `WaitUntilNodegroupActive`), which describes at once and then waits
 * between 30 s and 120 s (aws-sdk-go-v2@058d9848 service/eks `NewNodegroupActiveWaiter`; cluster
 * waiters the same; cloud-facts.md §1.6), for at most `--max-wait-managed-resources` (30 min,
 * CAPA@2cf09d78 main.go); then the reconcile fails and the next one starts a new waiter.
 */
export const CAPA_EKS_WAITER = { minDelay: 30 * SECOND, maxDelay: 120 * SECOND, maxWait: 30 * MINUTE } as const;

/** CAPA AWSMachine requeues (CAPA@2cf09d78 controllers/awsmachine_controller.go). */
export const CAPA_REQUEUE = {
  /** `PendingInstanceRequeue`: while the instance is pending. */
  pendingInstance: 1 * SECOND,
  /** `reconcileDelete` returns `RequeueAfter: time.Minute` until it sees the instance terminated. */
  deleting: 1 * MINUTE,
} as const;

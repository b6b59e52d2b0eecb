/**
 * Where each of the clouds' defaults comes from, for `fleetsim schema --defaults`: the same
 * citations as the comments beside the values in src/cloud/<cloud>/defaults.ts. `cloud-facts §N`
 * is a section of docs/sources/cloud-facts.md. A key is a row of cloud-defaults.ts
 * (`api.RunInstances`, `apiLatency.instances.get`, `instanceBoot`, `model.capzPolls`, …); the first
 * pattern that matches it gives its source, and test/scenario/defaults-table.test.ts checks that
 * every row has one.
 */

import type { CloudKind } from '../cloud/index.js';

type Sources = ReadonlyArray<readonly [RegExp, string]>;

const EC2_THROTTLING = '"Request throttling for the Amazon EC2 API", https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html (cloud-facts §1.1)';
const EKS_NODE_GROUP = 'EKS managed node group update config (cloud-facts §1.4)';
const AKS_UPGRADE = 'AKS agent pool upgrade settings (cloud-facts §2.5)';

export const CLOUD_DEFAULT_SOURCES: Readonly<Record<CloudKind, Sources>> = {
  aws: [
    [/^api\.eks\./, 'UNCONFIRMED: EKS publishes no API limits; assumed the shape of EC2\'s non-mutating and mutating buckets (cloud-facts §1.2)'],
    [/^api\.mutating$/, `${EC2_THROTTLING}; CAPA's own limiter still assumes 200`],
    [/^api\./, EC2_THROTTLING],
    [/^apiLatency\./, 'UNCONFIRMED: assumed (cloud-facts §1.7, §5)'],
    [/^instanceBoot$/, 'pending → running ≈ 16.5 s for every family tried (3rd-party benchmark brevdev/ec2-coldboot-research, cloud-facts §1.7); the spread (p95 20 s) UNCONFIRMED'],
    [/^kubeletJoin$/, 'UNCONFIRMED: assumed 60 s, p95 120 s (cloud-facts §1.7)'],
    [/^instanceDelete$/, 'UNCONFIRMED: assumed 60 s (cloud-facts §5), p95 90 s'],
    [/^allocationFailure$/, 'RunInstances reports a capacity shortage at once (cloud-facts §1.7)'],
    [/^controlPlaneUpgrade$/, 'EKS: "several minutes"; UNCONFIRMED 10 min, spread 7–20 min (cloud-facts §1.5)'],
    [/^retry$/, 'aws-sdk-go-v2 standard retryer: 3 attempts, U[0,1)·2^n s capped at 20 s (cloud-facts §1.3)'],
    [/^nodePool\.maxSurge$/, `${EKS_NODE_GROUP}: the surge follows the number of AZs (up to 2 per AZ); 1 is its floor`],
    [/^nodePool\.onDrainTimeout$/, `${EKS_NODE_GROUP}: PodEvictionFailure unless the update is forced; that CAPA does not force is UNCONFIRMED`],
    [/^nodePool\./, EKS_NODE_GROUP],
    [/^nodeMonitorPeriod$/, 'k8s.io/cloud-provider controllers/nodelifecycle/node_lifecycle_controller.go MonitorNodes; NodeMonitorPeriod default 5 s (config/v1alpha1/defaults.go SetDefaults_KubeCloudSharedConfiguration)'],
    [/^controllerConcurrency$/, 'CAPA@2cf09d78 main.go --awsmachine-concurrency'],
    [/^model\.requeue\./, 'CAPA@2cf09d78 controllers/awsmachine_controller.go (PendingInstanceRequeue; reconcileDelete RequeueAfter)'],
    [/^model\.clientLimits\./, 'CAPA@2cf09d78 pkg/cloud/scope/session.go newEC2ServiceLimiter (cloud-facts §1.6)'],
    [/^model\.eksWaiter$/, 'aws-sdk-go-v2@058d9848 service/eks NewNodegroupActiveWaiter; CAPA@2cf09d78 main.go --max-wait-managed-resources (cloud-facts §1.6)'],
  ],
  azure: [
    [/^api\.arm\./, '"Understand how Azure Resource Manager throttles requests": token buckets per subscription and region (cloud-facts §2.1)'],
    [/^api\.crp\./, '"Compute throttling limits" (MicrosoftDocs/azure-compute-docs@1a043fb3): refilled once a minute (cloud-facts §2.2)'],
    [/^api\.aks\./, 'AKS resource provider throttling (MicrosoftDocs/azure-aks-docs@fb060abe quotas-skus-regions.md; cloud-facts §2.3)'],
    [/^apiLatency\./, 'UNCONFIRMED: ARM GET p50 0.2 s / p95 1 s, PUT and DELETE accepted p50 1 s / p95 3 s (cloud-facts §2.7)'],
    [/^instanceBoot$/, 'UNCONFIRMED: VM PUT → provisioning Succeeded p50 60 s / p95 150 s (cloud-facts §2.7)'],
    [/^kubeletJoin$/, 'UNCONFIRMED: Node Ready 30–60 s after (cloud-facts §2.7)'],
    [/^instanceDelete$/, 'UNCONFIRMED: VM DELETE operation 60 s (cloud-facts §5), p95 120 s'],
    [/^allocationFailure$/, 'UNCONFIRMED (not in the research): a create operation fails with ZonalAllocationFailed after p50 20 s / p95 60 s'],
    [/^controlPlaneUpgrade$/, 'AKS: UNCONFIRMED 10 min (cloud-facts §2.5), p95 20 min'],
    [/^retry$/, 'azcore RetryDelay 800 ms, MaxRetryDelay 60 s (cloud-facts §2.4); CAPZ sets MaxRetries −1, one try (CAPZ@69ec3a40 azure/defaults.go ARMClientOptions; cloud-facts §2.6)'],
    [/^nodePool\.maxSurge$/, `${AKS_UPGRADE}: the default is disputed in the docs (1 node or 10 %): 10 % as the newer API reference says`],
    [/^nodePool\.onDrainTimeout$/, 'AKS undrainableNodeBehavior defaults to Schedule: the upgrade fails (UndrainableNodeBehavior, Azure SDK API reference, https://learn.microsoft.com/dotnet/api/azure.resourcemanager.containerservice.models.undrainablenodebehavior; cloud-facts §2.5)'],
    [/^nodePool\./, AKS_UPGRADE],
    [/^nodeMonitorPeriod$/, 'k8s.io/cloud-provider controllers/nodelifecycle/node_lifecycle_controller.go MonitorNodes; NodeMonitorPeriod default 5 s (config/v1alpha1/defaults.go SetDefaults_KubeCloudSharedConfiguration)'],
    [/^controllerConcurrency$/, 'CAPZ@69ec3a40 main.go --azuremachine-concurrency'],
    [/^model\.capzPolls$/, 'CAPZ@69ec3a40 util/reconciler/defaults.go DefaultAzureCallTimeout, DefaultPollerFrequency, DefaultReconcilerRequeue; azure/services/async/async.go (cloud-facts §2.6)'],
    [/^model\.http429Requeue$/, 'CAPZ DefaultHTTP429RetryAfter (cloud-facts §2.6)'],
    [/^model\.asoPoll$/, 'UNCONFIRMED: ASO v2.19\'s own policy not read; azcore\'s default poll frequency without Retry-After, sdk/azcore/runtime/poller.go (cloud-facts §2.4, §2.6)'],
  ],
  gcp: [
    [/^api\.regional/, 'UNCONFIRMED: regional quota groups assumed 1,500 per minute per project and region (cloud-facts §3.1)'],
    [/^api\.(queries|readRequests)$/, '"Compute Engine rate quotas", https://cloud.google.com/compute/api-quota: per project, clock-aligned minutes (cloud-facts §3.1)'],
    [/^api\.gke\./, 'UNCONFIRMED: no GKE API request quota found; assumed 3,000 per minute per project (cloud-facts §3.3)'],
    [/^apiLatency\./, 'UNCONFIRMED: get 0.2 s, insert accepted 1 s; p95 assumed 5× and 3× (cloud-facts §3.5)'],
    [/^instanceBoot$/, 'UNCONFIRMED: insert → RUNNING p50 25 s / p95 60 s (cloud-facts §3.5)'],
    [/^kubeletJoin$/, 'UNCONFIRMED: RUNNING → kubelet Ready 45 s / 90 s (cloud-facts §3.5)'],
    [/^instanceDelete$/, 'UNCONFIRMED: delete operation 30 s (cloud-facts §5), p95 60 s'],
    [/^allocationFailure$/, 'UNCONFIRMED: an insert operation DONE with ZONE_RESOURCE_POOL_EXHAUSTED after p50 10 s / p95 30 s'],
    [/^controlPlaneUpgrade$/, 'GKE: UNCONFIRMED 15 min zonal / 30 min regional (cloud-facts §3.3)'],
    [/^retry$/, 'gax Backoff Initial 1 s, Max 30 s (cloud-facts §3.2); CAPG\'s compute/v1 client makes one attempt'],
    [/^nodePool\.maxSurge$/, 'GKE surge upgrade: maxSurge 1 (gcloud default, 3rd-party copy; cloud-facts §3.3)'],
    [/^nodePool\.maxUnavailable$/, 'GKE surge upgrade: UNCONFIRMED 0 (cloud-facts §3.3)'],
    [/^nodePool\.drainTimeout$/, 'GKE respects PodDisruptionBudgets for up to 1 h (3rd-party; cloud-facts §3.3)'],
    [/^nodePool\.soak$/, 'GKE: no soak in surge mode (cloud-facts §3.3)'],
    [/^nodePool\.onDrainTimeout$/, 'GKE removes the pods after the PodDisruptionBudget wait and goes on (3rd-party; cloud-facts §3.3)'],
    [/^nodeMonitorPeriod$/, 'k8s.io/cloud-provider controllers/nodelifecycle/node_lifecycle_controller.go MonitorNodes; NodeMonitorPeriod default 5 s (config/v1alpha1/defaults.go SetDefaults_KubeCloudSharedConfiguration)'],
    [/^controllerConcurrency$/, 'CAPG@5e0bb3b2 main.go --gcpmachine-concurrency'],
    [/^model\.operationPoll$/, 'CAPG@5e0bb3b2 cloud/scope/clients.go GCPRateLimiter.Accept: MinimumRateLimiter 1 s (this corrects cloud-facts §3.4, which reads it as a shared 5 qps limiter)'],
    [/^model\.gkeRequeue$/, 'CAPG DefaultRetryTime (cloud-facts §3.4)'],
  ],
};

export function cloudDefaultSource(cloud: CloudKind, key: string): string | undefined {
  return CLOUD_DEFAULT_SOURCES[cloud].find(([pattern]) => pattern.test(key))?.[1];
}

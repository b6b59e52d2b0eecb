export * from './provider.js';
export { CLOUDS, PROVIDER_KINDS, ProviderName, CloudsSchema, cloudOf, type CloudKind, type CloudOverridesByProvider } from './clouds.js';
export type { CloudDefinition, ApiCloud, LocalCloud, ApiModel, LocalModel } from './definition.js';
export type { CloudManifests, ClusterFacts, PoolFacts } from './manifest-kinds.js';
export { AWS } from './aws/index.js';
export { AZURE } from './azure/index.js';
export { GCP } from './gcp/index.js';
export { DOCKER } from './docker/index.js';
export { DockerProvider, DOCKER_DEFAULTS, type DockerProviderOptions } from './docker/docker-provider.js';
export * from './errors.js';
export * from './catalog.js';
export * from './faults.js';
export * from './stats.js';
export * from './call-events.js';
export * from './overrides.js';
export * from './poll-schedule.js';
export * from './requeue.js';
export { ApiEndpoint, type ActionSpec, type ApiClient, type ApiRequest, type ApiResult, type PollTrain, type OpenPolls, type EndpointOptions } from './api-endpoint.js';
export { ControlPlaneUpgrades, versionStepProblem, type ControlPlaneFlow } from './control-plane-upgrade.js';
export { CloudProvider, type CapacityLimit, type CloudProviderOptions, type ProviderFlow, type ReconcileStage } from './cloud-provider.js';
export { WorkerPool } from './controller-workers.js';
export { CloudRegistry, CloudOverrideError, DEFAULT_ACCOUNT, DEFAULT_CATALOGS, validateClouds, cloudRegistryFor, cloudProviderFactory, type CloudRegistryOptions, type ProviderFactoryContext } from './cloud-registry.js';
export { AwsProvider } from './aws/aws-provider.js';
export { AWS_CATALOG, CAPA_CLIENT_LIMITS, CAPA_EKS_WAITER, CAPA_REQUEUE } from './aws/defaults.js';
export { AzureProvider } from './azure/azure-provider.js';
export { AZURE_CATALOG, ASO_OPERATION_POLL, CAPZ_429_REQUEUE } from './azure/defaults.js';
export { GcpProvider } from './gcp/gcp-provider.js';
export { GCP_CATALOG, CAPG_OPERATION_POLL, CAPG_GKE_REQUEUE } from './gcp/defaults.js';
export * from './limits/limiter.js';
export { LimitStore, type Charge, type Admission } from './limits/limit-store.js';
export { ClientLimiters, type ClientLimitRule } from './limits/client-limiters.js';
export { ContinuousBucketLimiter, IntervalBucketLimiter } from './limits/token-bucket-limiter.js';
export { FixedWindowLimiter } from './limits/fixed-window-limiter.js';
export * from './retry/index.js';
export {
  managedNodePoolFactory, managedFlavour, ManagedNodePoolRouter, ManagedNodePools, EksNodeGroups, AksAgentPools, GkeNodePools, WorkloadNodeAccess,
  poolSettings, EKS_BOOTSTRAP_LIMIT, GROUP_LAUNCH_RETRY, CLOUD_DRAIN_PASS_INTERVAL,
  type RouterOptions, type NodePoolFactoryContext, type NodeAccess, type WorkloadAccess, type PoolSettings,
} from './node-pools/index.js';

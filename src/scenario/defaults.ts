/**
 * Every default of the scenario format, with where it comes from. The schema (schema.ts) attaches the
 * plain defaults to its fields, so the JSON Schema and `fleetsim schema --defaults` show them; the
 * defaults that depend on other fields (a cluster's region depends on its provider, …) are applied by
 * the resolver (resolve.ts) from the functions below and listed in CONTEXTUAL_DEFAULTS.
 *
 * "ASSUMPTION" marks a fleetsim choice where no documented default exists: it is a scenario parameter.
 */

import { CLOUDS, PROVIDER_KINDS } from '../cloud/clouds.js';
import type { ProviderKind as Provider } from '../cloud/provider.js';
import { CAPI_FLAGS } from '../capi/setup.js';
import { defaultMachineImage } from '../capi/infrastructure/image.js';
import { cite } from '../schema/cited.js';

const RATE_LIMIT = 'cluster-api@v1.13.5:util/controller/builder.go Build (capi-semantics §8.2)';
const MD_WEBHOOK = 'cluster-api@v1.13.5:internal/webhooks/machinedeployment.go Default (capi-semantics §1.1)';
const MACHINE_DELETE = 'cluster-api@v1.13.5:internal/controllers/machine/machine_controller.go reconcileDelete (capi-semantics §3.3)';
const KCP_WEBHOOK = 'cluster-api@v1.13.5:controlplane/kubeadm/internal/webhooks/kubeadmcontrolplane.go Default (capi-semantics §5.1)';
const MHC_WEBHOOK = 'cluster-api@v1.13.5:internal/webhooks/machinehealthcheck.go Default (capi-semantics §4.1)';

export const DEFAULTS = {
  seed: cite(1, 'fleetsim (ASSUMPTION: any fixed seed; --seed overrides)'),
  horizon: cite('48h', 'fleetsim (ASSUMPTION: long enough for a fleet rollout in waves)'),
  maxEvents: cite(50_000_000, 'fleetsim (ASSUMPTION: guard against runaway runs)'),
  startsAt: cite('2026-01-05T00:00:00Z', 'fleetsim (ASSUMPTION: a Monday 00:00 UTC, so maintenance windows start on a known weekday)'),

  reconcileCostMs: cite(10, 'fleetsim (ASSUMPTION: CPU and API time of one reconcile; constant 10 ms)'),
  clientQPS: cite(100, `${CAPI_FLAGS} --kube-api-qps`),
  clientBurst: cite(200, `${CAPI_FLAGS} --kube-api-burst`),
  workloadClientQPS: cite(20, `${CAPI_FLAGS} --clustercache-client-qps`),
  workloadClientBurst: cite(30, `${CAPI_FLAGS} --clustercache-client-burst`),
  syncPeriod: cite('10m', `${CAPI_FLAGS} --sync-period`),
  reconcileInterval: cite('1s', `${RATE_LIMIT} ReconcilerRateLimiting interval`),
  mhcReconcileInterval: cite('15s', 'cluster-api@v1.13.5:internal/controllers/machinehealthcheck SetupWithManager WithRateLimitInterval (capi-semantics §4.3, §8.2)'),
  maxErrorBackoff: cite('1000s', `${RATE_LIMIT} error backoff cap`),
  machineSetPreflightChecks: cite(true, 'cluster-api@v1.13.5:feature/feature.go MachineSetPreflightChecks on (capi-semantics §0.2, §2.3)'),

  observeCloudCallEvents: cite('all' as const, 'fleetsim (ASSUMPTION: every cloud call is on the timeline)'),
  observeCloudCallSampleRate: cite(0.01, 'fleetsim (ASSUMPTION: 1 % when cloudCallEvents is sampled)'),

  namespace: cite('default', 'Kubernetes: objects without a namespace land in "default"'),
  account: cite('default', 'fleetsim (ASSUMPTION: one AWS account / Azure subscription / GCP project)'),
  paused: cite(false, 'cluster-api Cluster spec.paused unset = false'),
  upgradeConcurrency: cite(1, 'cluster-api@v1.13.5:exp/topology/scope/scope.go New, annotation topology.cluster.x-k8s.io/upgrade-concurrency (capi-semantics §7)'),

  kcpReplicas: cite(1, `${KCP_WEBHOOK} replicas`),
  kcpMaxSurge: cite(1 as const, `${KCP_WEBHOOK} rollingUpdate.maxSurge`),
  kcpRetryPeriod: cite('0s', `${KCP_WEBHOOK} remediation retryPeriodSeconds unset = 0`),
  kcpMinHealthyPeriod: cite('1h', `${KCP_WEBHOOK} DefaultMinHealthyPeriodSeconds 3600`),

  mdReplicas: cite(1, `${MD_WEBHOOK} calculateMachineDeploymentReplicas`),
  mpReplicas: cite(1, 'cluster-api:internal/webhooks/machinepool.go calculateMachinePoolReplicas (defaults to 1 without autoscaler annotations)'),
  strategyType: cite('RollingUpdate' as const, `${MD_WEBHOOK} rollout.strategy.type`),
  maxSurge: cite(1, `${MD_WEBHOOK} rollingUpdate.maxSurge`),
  maxUnavailable: cite(0, `${MD_WEBHOOK} rollingUpdate.maxUnavailable`),
  deletePolicy: cite('Random' as const, 'cluster-api@v1.13.5:internal/controllers/machineset/machineset_deletion_order.go getDeletePriorityFunc (empty = Random; capi-semantics §1.1)'),
  minReadySeconds: cite(0, `${MD_WEBHOOK} minReadySeconds unset = 0`),
  nodeDrainTimeout: cite('0s', `${MACHINE_DELETE} nodeDrainTimeoutSeconds unset = 0 = wait forever`),
  nodeVolumeDetachTimeout: cite('0s', `${MACHINE_DELETE} nodeVolumeDetachTimeoutSeconds unset = 0 = wait forever`),
  nodeDeletionTimeout: cite('10s', `${MACHINE_DELETE} DefaultMachineNodeDeletionTimeoutSeconds`),

  mhcTargets: cite('all' as const, 'fleetsim (a MachineHealthCheck selecting every Machine of the cluster, as the seed manifests do)'),
  maxUnhealthy: cite('100%', `${MHC_WEBHOOK} unhealthyLessThanOrEqualTo`),
  nodeStartupTimeout: cite('10m', `${MHC_WEBHOOK} DefaultNodeStartupTimeoutSeconds 600`),

  podsPerNode: cite(30, 'fleetsim (ASSUMPTION: pods a drain has to evict per node)'),
  pdbMaxUnavailable: cite(1, 'fleetsim (ASSUMPTION: one PodDisruptionBudget per workload, maxUnavailable 1)'),
  evictionSeconds: cite({ distribution: 'uniform' as const, min: 5, max: 60 }, 'fleetsim (ASSUMPTION: a pod takes 5–60 s to terminate after eviction)'),
  volumesPerNode: cite(0, 'fleetsim (ASSUMPTION: stateless nodes unless set)'),
  volumeDetach: cite({ distribution: 'uniform' as const, min: '5s', max: '30s' }, 'fleetsim (ASSUMPTION: a volume takes 5–30 s to detach)'),

  waveGate: cite('healthy' as const, 'fleetsim (ASSUMPTION: a wave starts after the previous one is healthy)'),
  wavePauseBetween: cite('0s', 'fleetsim (ASSUMPTION: no pause between waves unless set)'),
  moveRetryEvery: cite('30s', 'fleetsim (ASSUMPTION: a pipeline re-running clusterctl move every 30 s; clusterctl itself does not retry a refused move)'),
  moveRetryFor: cite('30m', 'fleetsim (ASSUMPTION: the pipeline gives up 30 min after the first try)'),
} as const;

const byProvider = <T>(value: (kind: Provider) => T) => Object.fromEntries(PROVIDER_KINDS.map((kind) => [kind, value(kind)])) as Readonly<Record<Provider, T>>;

/** Where a cluster lives when the file does not say (each cloud's row, src/cloud/<kind>/index.ts). ASSUMPTION: each cloud's most common region. */
export const DEFAULT_REGION = byProvider((kind) => CLOUDS[kind].defaultRegion);

/** Three failure domains derived from the region, as each cloud names its zones. */
export function defaultZones(provider: Provider, region: string): string[] {
  return CLOUDS[provider].zones(region);
}

/**
 * Instance types when a pool or control plane does not name one. ASSUMPTION: the sizes the seed
 * manifests use (shared/examples/seed-manifests: m6i.xlarge, Standard_D4s_v5, e2-standard-4).
 */
export const DEFAULT_INSTANCE_TYPE = byProvider((kind) => CLOUDS[kind].defaultInstanceType);

/** `us-east-1a/b/c`: the first zone, then what sets each other zone apart from it. */
function zoneList(zones: readonly string[]): string {
  const first = zones[0] ?? '';
  let common = first.length;
  for (const zone of zones) while (zone.slice(0, common) !== first.slice(0, common)) common--;
  return [first, ...zones.slice(1).map((zone) => zone.slice(common))].join('/');
}

const perProvider = (value: (kind: Provider) => string) => PROVIDER_KINDS.map(value).join(', ');

/**
 * The machine image a cluster starts with when the file names none: the provider's default image
 * for the version, `<provider>-<version>` (e.g. `aws-v1.34.3`; a CAPG image family is per minor,
 * `gcp-v1.34`, GKE node images per version). The controllers use the same function for the
 * upgraded version, so an upgrade rolls the image too (capi/infrastructure/image.ts).
 */
export function defaultImage(provider: Provider, version: string, managed = false): string {
  return defaultMachineImage(provider, version, managed);
}

/** Defaults that depend on other fields, for `fleetsim schema --defaults`. */
export const CONTEXTUAL_DEFAULTS: ReadonlyArray<{ path: string; default: string; source: string }> = [
  { path: 'clusters[].region', default: perProvider((kind) => `${kind}: ${DEFAULT_REGION[kind]}`), source: 'fleetsim (ASSUMPTION: each cloud\'s most common region)' },
  { path: 'clusters[].zones', default: `3 zones of the region: ${perProvider((kind) => `${kind} ${zoneList(defaultZones(kind, DEFAULT_REGION[kind]))}`)}`, source: 'cloud zone naming; fleetsim (ASSUMPTION: three zones)' },
  { path: 'clusters[].image', default: 'the provider\'s default image for each Machine\'s version, named <provider>-<version> (aws-v1.34.3; CAPG\'s family per minor: gcp-v1.34), so an upgrade rolls the image; a named image is pinned', source: 'CAPA pkg/cloud/services/ec2/ami.go DefaultAMILookup; CAPZ azure/services/virtualmachineimages/images.go GetDefaultLinuxImage; CAPG cloud/scope/machine.go InstanceImageSpec' },
  { path: 'clusters[].controlPlane', default: '{ managed: false, replicas: 1 } (KubeadmControlPlane)', source: KCP_WEBHOOK },
  { path: 'clusters[].controlPlane.instanceType', default: 'the provider\'s default instance type', source: 'fleetsim (ASSUMPTION)' },
  { path: 'clusters[].workers[].instanceType', default: perProvider((kind) => `${kind}: ${DEFAULT_INSTANCE_TYPE[kind]}`), source: 'fleetsim (ASSUMPTION: the seed manifests\' sizes)' },
  { path: 'clusters[].workers[].zones', default: 'MachinePool: the cluster\'s zones; MachineDeployment: none (no failure domain: CAPA puts the Machines in the first zone\'s private subnet, CAPG in the first zone sorted by name, CAPZ makes regional VMs). Several zones on a MachineDeployment make one MachineDeployment per zone, named <pool>-<zone>', source: 'CAPA pkg/cloud/services/ec2/instances.go findSubnet; CAPG cloud/scope/machine.go Zone; CAPZ azure/scope/machine.go AvailabilityZone' },
  { path: 'clusters[].workers[] (MachinePool) maxSurge, maxUnavailable, drainTimeout, soak', default: 'unset: the cloud flavour\'s node-pool defaults (EKS maxUnavailable 1, AKS drain 30m / soak 0, GKE surge 1)', source: 'cloud-facts §1.4, §2.5, §3.3' },
  { path: 'clusters[].healthChecks[].name', default: '<cluster>-mhc, then <cluster>-mhc-2, …', source: 'fleetsim' },
  { path: 'clusters[].generate.name', default: '{index} counts from 1 among clusters sharing the pattern\'s other placeholders', source: 'fleetsim' },
  { path: 'faults[].at', default: '0s (rate faults run through the whole run)', source: 'fleetsim' },
];

/**
 * Turns the scenario's clusters into management-cluster objects and running workload Nodes at
 * t=0: "existing clusters start Running and Ready". Every object is created through the store (so
 * the timeline records the starting fleet) with the status its controllers would have converged to.
 */

import { HOUR } from '../engine/duration.js';
import { setCondition } from '../kube/conditions.js';
import { keyOf, ownerReference } from '../kube/object.js';
import type { ObjectKey } from '../kube/keys.js';
import { machinePhase } from '../timeline/index.js';
import { createInfraTemplate } from '../fleet/templates.js';
import type { CapiContext } from '../capi/context.js';
import { clusterKeyOf } from '../capi/context.js';
import { CLUSTER_NAME_LABEL, CONTROL_PLANE_LABEL, DEFER_UPGRADE_ANNOTATION, DEPLOYMENT_NAME_LABEL, DISABLE_MACHINE_CREATE_ANNOTATION, HOLD_UPGRADE_SEQUENCE_ANNOTATION, REVISION_ANNOTATION, SET_NAME_LABEL } from '../capi/labels.js';
import { createMachine, machineZone, newMachineName } from '../capi/machine/create.js';
import { workerMachineZone } from '../capi/machine/placement.js';
import { zonalDeployments, type ZonalDeployment } from '../capi/machinedeployment/zonal.js';
import { generateObjectName } from '../kube/generate-name.js';
import { controlPlaneTemplate } from '../capi/kubeadmcontrolplane/controller.js';
import { pickFewest } from '../capi/kubeadmcontrolplane/failure-domains.js';
import {
  KIND, type Cluster, type ClusterSpec as CapiClusterSpec, type ClusterStatus, type InfraMachine, type InfraMachineTemplateSpec,
  type KubeadmControlPlaneSpec, type KubeadmControlPlaneStatus, type Machine, type MachineDeploymentSpec, type MachineDeploymentStatus,
  type MachineSetSpec, type MachineSetStatus, type MachineHealthCheckSpec, type LabelSelector, type MachineTemplateSpec, type ManagedControlPlaneSpec, type ManagedControlPlaneStatus, type ObjectRef,
} from '../capi/types.js';
import type { ClusterSpec, HealthCheckSpec, MachineDeploymentPoolSpec, MachinePoolPoolSpec, WorkerPoolSpec } from '../scenario/model.js';
import { bringUpMachinePool, createMachinePool, recordMachinePoolReplicas, type NewMachinePool } from '../capi/machinepool/build.js';
import { createMachineHealthCheck } from '../capi/machinehealthcheck/create.js';

/** Machines that exist when the scenario starts were created a day before it. */
const PREEXISTING_AGE = 24 * HOUR;

export interface FleetBuilder {
  /** Marks a Machine created at t=0 as provisioned and running, with a Ready Node. */
  bringUp(cluster: Cluster, machine: Machine, pool: ObjectKey): void;
}

export function buildCluster(ctx: CapiContext, spec: ClusterSpec, builder: FleetBuilder): Cluster {
  const now = ctx.sim.now;
  // What drains and volume waits need to know of the cluster's workloads (scenario `workloads`).
  const clusterSpec: CapiClusterSpec = {
    paused: false,
    provider: spec.provider,
    account: spec.account,
    region: spec.region,
    failureDomains: [...spec.zones],
    topology: { version: spec.version, upgradeConcurrency: spec.topology.upgradeConcurrency, workers: [] },
  };
  const status: ClusterStatus = { conditions: [], phase: 'Provisioned' };
  setCondition(status.conditions, now, 'InfrastructureReady', 'True', 'Ready');
  setCondition(status.conditions, now, 'ControlPlaneInitialized', 'True', 'Initialized');
  const cluster = ctx.store.create<CapiClusterSpec, ClusterStatus>(KIND.Cluster, {
    name: spec.name, namespace: spec.namespace, labels: { ...spec.labels, [CLUSTER_NAME_LABEL]: spec.name },
  }, clusterSpec, status);

  cluster.spec.controlPlaneRef = spec.controlPlane.managed ? buildManagedControlPlane(ctx, cluster, spec) : buildKubeadmControlPlane(ctx, cluster, spec, builder);
  for (const pool of spec.workers) {
    cluster.spec.topology.workers.push(...buildWorkerPool(ctx, cluster, spec, pool, builder));
  }
  for (const check of spec.healthChecks) createMachineHealthCheck(ctx, cluster, healthCheckName(spec, check), healthCheckSpec(spec, check));
  cluster.spec.paused = spec.paused;
  ctx.store.update(cluster, true);
  return cluster;
}

import { POOL_LABEL } from '../fleet/templates.js';
export { POOL_LABEL };

/**
 * MachineHealthChecks are namespaced objects, like the pools they watch: named `<cluster>-<name>`
 * (the scenario's default `<cluster>-mhc` stays as is), so clusters sharing a namespace and a
 * health-check name (a generator template) do not collide.
 */
export function healthCheckName(cluster: ClusterSpec, check: HealthCheckSpec): string {
  return check.name.startsWith(`${cluster.name}-`) ? check.name : `${cluster.name}-${check.name}`;
}

/** The scenario's health check as a v1beta2 MachineHealthCheck spec (capi-semantics §4.1). */
export function healthCheckSpec(cluster: ClusterSpec, check: HealthCheckSpec): MachineHealthCheckSpec {
  const selector: LabelSelector = { matchLabels: {}, matchExpressions: [] };
  if (check.targets === 'controlPlane') selector.matchExpressions.push({ key: CONTROL_PLANE_LABEL, operator: 'Exists' });
  else if (check.targets === 'workers') selector.matchExpressions.push({ key: CONTROL_PLANE_LABEL, operator: 'DoesNotExist' });
  if (check.pools !== undefined && check.targets !== 'controlPlane') selector.matchExpressions.push({ key: POOL_LABEL, operator: 'In', values: [...check.pools] });
  const spec: MachineHealthCheckSpec = {
    clusterName: cluster.name,
    selector,
    checks: {
      nodeStartupTimeout: check.nodeStartupTimeout,
      unhealthyNodeConditions: check.unhealthyConditions.map((c) => ({ ...c })),
      unhealthyMachineConditions: check.unhealthyMachineConditions.map((c) => ({ ...c })),
    },
    remediation: { triggerIf: { unhealthyLessThanOrEqualTo: check.maxUnhealthy } },
  };
  if (check.unhealthyRange !== undefined) spec.remediation.triggerIf.unhealthyInRange = check.unhealthyRange.text;
  if (check.remediationTemplate !== undefined) {
    spec.remediation.templateRef = { kind: check.remediationTemplate.kind, name: check.remediationTemplate.name ?? `${cluster.name}-remediation` };
  }
  return spec;
}

function managedControlPlaneSpec(spec: ClusterSpec): ManagedControlPlaneSpec {
  const cpSpec: ManagedControlPlaneSpec = { provider: spec.provider, version: spec.version };
  if (spec.controlPlane.managed && spec.controlPlane.upgradeDuration !== undefined) cpSpec.upgradeDuration = spec.controlPlane.upgradeDuration;
  return cpSpec;
}

function buildManagedControlPlane(ctx: CapiContext, cluster: Cluster, spec: ClusterSpec): ObjectRef {
  const status: ManagedControlPlaneStatus = { version: spec.version, upgrading: false, initialized: true, conditions: [] };
  const name = `${spec.name}-control-plane`;
  ctx.store.create<ManagedControlPlaneSpec, ManagedControlPlaneStatus>(KIND.ManagedControlPlane, {
    name, namespace: spec.namespace, labels: { [CLUSTER_NAME_LABEL]: spec.name }, ownerReferences: [ownerReference(cluster)],
  }, managedControlPlaneSpec(spec), status);
  return { kind: KIND.ManagedControlPlane, name };
}

function buildKubeadmControlPlane(ctx: CapiContext, cluster: Cluster, spec: ClusterSpec, builder: FleetBuilder): ObjectRef {
  const cp = spec.controlPlane;
  if (cp.managed) throw new Error('unreachable: managed control plane');
  const infrastructureRef = createInfraTemplate(ctx, cluster, 'control-plane', templateSpec(spec, undefined, cp.instanceType), 1);
  const name = `${spec.name}-control-plane`;
  const kcpSpec: KubeadmControlPlaneSpec = {
    replicas: cp.replicas,
    version: spec.version,
    machineTemplate: { infrastructureRef, deletion: { nodeDrainTimeout: cp.nodeDrainTimeout, nodeVolumeDetachTimeout: cp.nodeVolumeDetachTimeout, nodeDeletionTimeout: cp.nodeDeletionTimeout } },
    rollout: { maxSurge: cp.maxSurge },
    remediation: { ...cp.remediation },
  };
  const kcpStatus: KubeadmControlPlaneStatus = { version: spec.version, replicas: cp.replicas, readyReplicas: cp.replicas, upToDateReplicas: cp.replicas, initialized: true, conditions: [] };
  setCondition(kcpStatus.conditions, ctx.sim.now, 'Initialized', 'True', 'Initialized');
  const kcp = ctx.store.create<KubeadmControlPlaneSpec, KubeadmControlPlaneStatus>(KIND.KubeadmControlPlane, {
    name, namespace: spec.namespace, labels: { [CLUSTER_NAME_LABEL]: spec.name }, ownerReferences: [ownerReference(cluster)],
  }, kcpSpec, kcpStatus);
  const random = ctx.streams.stream(`management/names/${spec.namespace}/${name}`);
  const machines: Machine[] = [];
  const zoneOf = (m: Machine) => machineZone(ctx, m);
  for (let i = 0; i < cp.replicas; i++) {
    const zone = pickFewest(spec.zones, machines, zoneOf, () => true);
    const machine = createMachine(ctx, { owner: kcp, cluster, name: newMachineName(ctx, kcp, random), template: controlPlaneTemplate(kcp), labels: {}, zone });
    machines.push(machine);
    builder.bringUp(cluster, machine, keyOf(kcp));
  }
  return { kind: KIND.KubeadmControlPlane, name };
}

/** The image a pool's file pins (the pool's, else the cluster's when the file names one); undefined: looked up by version. */
function pinnedImage(spec: ClusterSpec, poolImage: string | undefined): string | undefined {
  return poolImage ?? (spec.imagePinned ? spec.image : undefined);
}

function templateSpec(spec: ClusterSpec, poolImage: string | undefined, instanceType: string): InfraMachineTemplateSpec {
  const image = pinnedImage(spec, poolImage);
  return { provider: spec.provider, instanceType, ...(image === undefined ? {} : { image }) };
}

function buildWorkerPool(ctx: CapiContext, cluster: Cluster, spec: ClusterSpec, pool: WorkerPoolSpec, builder: FleetBuilder): ObjectRef[] {
  if (pool.kind === 'MachineDeployment') {
    return zonalDeployments(pool.name, pool.failureDomains, pool.replicas).map((deployment) => buildMachineDeployment(ctx, cluster, spec, pool, deployment, builder));
  }
  return [buildMachinePool(ctx, cluster, spec, pool)];
}

/**
 * A MachinePool backed by its cloud's node group (capi/machinepool): the pool, its InfraMachinePool,
 * and at t=0 its running instances with their MachinePool Machines and Ready Nodes.
 */
function buildMachinePool(ctx: CapiContext, cluster: Cluster, spec: ClusterSpec, pool: MachinePoolPoolSpec): ObjectRef {
  const request: NewMachinePool = {
    cluster, name: `${spec.name}-${pool.name}`, replicas: pool.replicas, version: spec.version, provider: spec.provider,
    instanceType: pool.instanceType, zones: pool.zones.length > 0 ? pool.zones : spec.zones,
    labels: { ...pool.labels, [POOL_LABEL]: pool.name }, annotations: poolAnnotations(pool),
  };
  const image = pinnedImage(spec, pool.image);
  if (image !== undefined) request.image = image;
  if (pool.maxSurge !== undefined) request.maxSurge = pool.maxSurge;
  if (pool.maxUnavailable !== undefined) request.maxUnavailable = pool.maxUnavailable;
  if (pool.drainTimeout !== undefined) request.drainTimeout = pool.drainTimeout;
  if (pool.soak !== undefined) request.soak = pool.soak;
  const { mp, infraPool } = createMachinePool(ctx, request);
  const handle = ctx.workload(clusterKeyOf(spec.namespace, spec.name));
  bringUpMachinePool(ctx, mp, infraPool, (machine, infra) => {
    const providerID = infra.spec.providerID as string;
    handle.cluster.addNode({
      name: machine.metadata.name, providerID, kubeletVersion: machine.spec.version, pool: keyOf(mp), zone: infra.spec.failureDomain, pods: handle.profile.podsPerNode,
    });
    markMachineRunning(ctx, machine, infra, providerID, machine.metadata.name);
  });
  recordMachinePoolReplicas(ctx, mp, infraPool);
  return { kind: KIND.MachinePool, name: mp.metadata.name };
}

function poolAnnotations(pool: WorkerPoolSpec): Record<string, string> {
  const annotations = { ...pool.annotations };
  if (pool.deferUpgrade) annotations[DEFER_UPGRADE_ANNOTATION] = 'true';
  if (pool.holdUpgradeSequence) annotations[HOLD_UPGRADE_SEQUENCE_ANNOTATION] = 'true';
  return annotations;
}

/** One MachineDeployment of a pool (the pool's only one, or its zone's: capi/machinedeployment/zonal.ts). */
function buildMachineDeployment(ctx: CapiContext, cluster: Cluster, spec: ClusterSpec, pool: MachineDeploymentPoolSpec, deployment: ZonalDeployment, builder: FleetBuilder): ObjectRef {
  const namespace = spec.namespace;
  const mdName = `${spec.name}-${deployment.pool}`;
  const replicas = deployment.replicas;
  const infrastructureRef = createInfraTemplate(ctx, cluster, deployment.pool, templateSpec(spec, pool.image, pool.instanceType), 1);
  const template: MachineTemplateSpec = {
    labels: { ...pool.labels, [POOL_LABEL]: pool.name },
    annotations: {},
    version: spec.version,
    infrastructureRef,
    bootstrapConfigRef: `${mdName}-bootstrap`,
    minReadySeconds: pool.minReadySeconds,
    deletion: { nodeDrainTimeout: pool.nodeDrainTimeout, nodeVolumeDetachTimeout: pool.nodeVolumeDetachTimeout, nodeDeletionTimeout: pool.nodeDeletionTimeout },
  };
  if (deployment.failureDomain !== undefined) template.failureDomain = deployment.failureDomain;
  const mdSpec: MachineDeploymentSpec = {
    clusterName: spec.name,
    replicas: replicas,
    selector: { [CLUSTER_NAME_LABEL]: spec.name, [DEPLOYMENT_NAME_LABEL]: mdName },
    template,
    strategy: { ...pool.strategy },
    remediation: { ...pool.remediation },
    deletionOrder: pool.deletePolicy,
    paused: false,
  };
  const counters = { replicas: replicas, readyReplicas: replicas, availableReplicas: replicas, upToDateReplicas: replicas };
  const mdStatus: MachineDeploymentStatus = { ...counters, observedGeneration: 1, phase: 'Running', conditions: [] };
  const md = ctx.store.create<MachineDeploymentSpec, MachineDeploymentStatus>(KIND.MachineDeployment, {
    name: mdName, namespace, labels: { [CLUSTER_NAME_LABEL]: spec.name }, annotations: { ...poolAnnotations(pool), [REVISION_ANNOTATION]: '1' },
    ownerReferences: [ownerReference(cluster)],
  }, mdSpec, mdStatus);
  const msName = generateObjectName(ctx.store, [KIND.MachineSet], namespace, mdName, ctx.streams.stream(`management/names/${namespace}/${mdName}`));
  const msSpec: MachineSetSpec = { clusterName: spec.name, replicas: replicas, selector: { ...mdSpec.selector }, template: { ...template, labels: { ...template.labels }, annotations: {}, deletion: { ...template.deletion } }, deletionOrder: pool.deletePolicy };
  const msStatus: MachineSetStatus = { ...counters, observedGeneration: 1, conditions: [] };
  const ms = ctx.store.create<MachineSetSpec, MachineSetStatus>(KIND.MachineSet, {
    name: msName, namespace, labels: { [CLUSTER_NAME_LABEL]: spec.name, [DEPLOYMENT_NAME_LABEL]: mdName },
    annotations: { [REVISION_ANNOTATION]: '1', [DISABLE_MACHINE_CREATE_ANNOTATION]: 'false' }, ownerReferences: [ownerReference(md)],
  }, msSpec, msStatus);
  const random = ctx.streams.stream(`management/names/${namespace}/${msName}`);
  for (let i = 0; i < replicas; i++) {
    const zone = workerMachineZone(cluster, ms.spec.template);
    const machine = createMachine(ctx, {
      owner: ms, cluster, name: newMachineName(ctx, ms, random), template: ms.spec.template,
      labels: { [SET_NAME_LABEL]: msName, [DEPLOYMENT_NAME_LABEL]: mdName }, zone,
    });
    builder.bringUp(cluster, machine, keyOf(md));
  }
  return { kind: KIND.MachineDeployment, name: mdName };
}

/** The converged status of a Machine that was running before the scenario started. */
export function markMachineRunning(ctx: CapiContext, machine: Machine, infra: InfraMachine, providerID: string, nodeName: string): void {
  const now = ctx.sim.now;
  infra.spec.providerID = providerID;
  infra.status.provisioned = true;
  infra.status.instanceState = 'running';
  ctx.store.update(infra);
  machine.metadata.creationTimestamp = now - PREEXISTING_AGE;
  machine.spec.providerID = providerID;
  machine.status.nodeRef = nodeName;
  machine.status.infrastructureProvisioned = true;
  const conditions = machine.status.conditions;
  for (const [type, reason] of [['BootstrapConfigReady', 'DataSecretAvailable'], ['InfrastructureReady', 'Provisioned'], ['NodeHealthy', 'NodeHealthy'], ['Ready', 'Ready'], ['Available', 'Available'], ['UpToDate', 'UpToDate']] as const) {
    setCondition(conditions, now - PREEXISTING_AGE, type, 'True', reason);
  }
  machine.status.phase = 'Running';
  ctx.store.update(machine);
  ctx.timeline.record(machinePhase(now, { cluster: clusterKeyOf(machine.metadata.namespace, machine.spec.clusterName), object: keyOf(machine), phase: 'Running' }));
}

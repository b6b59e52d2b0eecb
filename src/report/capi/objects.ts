/**
 * A simulated management cluster's objects as `kubectl get … -o yaml` prints them: cluster.x-k8s.io
 * v1beta2 Clusters, KubeadmControlPlanes, MachineDeployments, MachineSets, Machines, MachinePools and
 * MachineHealthChecks with the provider kinds they refer to (kinds.ts), each with `status`,
 * conditions carrying `lastTransitionTime`, `creationTimestamp`, `deletionTimestamp`, owner
 * references and `status.deletion.nodeDrainStartTime`; and the workload clusters' Nodes. Field names
 * follow cluster-api@v1.13.5 api/core/v1beta2 (machine_types.go `MachineDeletionStatus`,
 * `MachineStatus.Conditions`, machinedeployment_types.go `MachineDeploymentRolloutStrategy`).
 *
 * Virtual time t becomes the instant `start + t` (RFC 3339, UTC, second precision with
 * milliseconds when they are not zero), so the same run gives the same file.
 */

import type { KubeObject, Condition } from '../../kube/object.js';
import type { World } from '../../world/world.js';
import { KIND, type Cluster, type InfraMachine, type InfraMachinePool, type InfraMachineTemplate, type KubeadmControlPlane, type Machine, type MachineDeployment, type MachineHealthCheck, type MachinePool, type MachineSet, type ManagedControlPlane } from '../../capi/types.js';
import { CONTROL_PLANE_GROUP, PROVIDER_KINDS_OUT } from './kinds.js';

export type Item = Record<string, unknown>;
const CAPI = 'cluster.x-k8s.io/v1beta2';

export class Clock {
  constructor(private readonly startMs: number) {}
  at(t: number): string {
    const iso = new Date(this.startMs + t).toISOString();
    return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
  }
}

function metadata(clock: Clock, object: KubeObject, extra: Item = {}): Item {
  const m = object.metadata;
  return {
    name: m.name,
    namespace: m.namespace,
    uid: m.uid,
    resourceVersion: String(m.resourceVersion),
    generation: m.generation,
    creationTimestamp: clock.at(m.creationTimestamp),
    ...(m.deletionTimestamp === undefined ? {} : { deletionTimestamp: clock.at(m.deletionTimestamp) }),
    ...(Object.keys(m.labels).length > 0 ? { labels: { ...m.labels } } : {}),
    ...(Object.keys(m.annotations).length > 0 ? { annotations: { ...m.annotations } } : {}),
    ...(m.ownerReferences.length > 0 ? { ownerReferences: m.ownerReferences.map((r) => ({ apiVersion: CAPI, kind: r.kind, name: r.name, uid: r.uid, ...(r.controller ? { controller: true, blockOwnerDeletion: true } : {}) })) } : {}),
    ...(m.finalizers.length > 0 ? { finalizers: [...m.finalizers] } : {}),
    ...extra,
  };
}

function conditions(clock: Clock, list: readonly Condition[]): Item[] {
  return list.map((c) => ({ type: c.type, status: c.status, ...(c.reason === undefined ? {} : { reason: c.reason }), ...(c.message === undefined ? {} : { message: c.message }), lastTransitionTime: clock.at(c.lastTransitionTime) }));
}

const seconds = (ms: number): number => Math.round(ms / 1000);

export interface DumpContext {
  world: World;
  clock: Clock;
}

function providerOf(world: World, namespace: string, clusterName: string) {
  const cluster = world.store.get<Cluster>(KIND.Cluster, namespace, clusterName);
  return cluster === undefined ? undefined : { cluster, kinds: PROVIDER_KINDS_OUT[cluster.spec.provider] };
}

function clusterItems({ world, clock }: DumpContext, cluster: Cluster): Item[] {
  const kinds = PROVIDER_KINDS_OUT[cluster.spec.provider];
  const cpRef = cluster.spec.controlPlaneRef;
  const managed = cpRef?.kind === KIND.ManagedControlPlane;
  const infraKind = managed ? kinds.managedCluster : kinds.cluster;
  const items: Item[] = [{
    apiVersion: CAPI, kind: 'Cluster', metadata: metadata(clock, cluster),
    spec: {
      ...(cluster.spec.paused ? { paused: true } : {}),
      ...(cpRef === undefined ? {} : { controlPlaneRef: { apiGroup: CONTROL_PLANE_GROUP, kind: managed ? kinds.managedControlPlane : 'KubeadmControlPlane', name: cpRef.name } }),
      infrastructureRef: { apiGroup: kinds.infraGroup, kind: infraKind, name: cluster.metadata.name },
    },
    status: {
      phase: cluster.status.phase,
      conditions: conditions(clock, cluster.status.conditions),
      ...(cluster.spec.failureDomains.length > 0 ? { failureDomains: cluster.spec.failureDomains.map((name) => ({ name, controlPlane: true })) } : {}),
    },
  }];
  const infraSpec = managed ? {} : kinds.clusterSpec(cluster.spec.region, cluster.spec.account);
  items.push({ apiVersion: `${kinds.infraGroup}/${kinds.infraVersion}`, kind: infraKind, metadata: metadata(clock, cluster, { uid: `${cluster.metadata.uid}-infra` }), spec: infraSpec, status: { ready: true } });
  if (cpRef !== undefined && managed) {
    const mcp = world.store.get<ManagedControlPlane>(KIND.ManagedControlPlane, cluster.metadata.namespace, cpRef.name);
    if (mcp !== undefined) {
      items.push({
        apiVersion: `${CONTROL_PLANE_GROUP}/${kinds.infraVersion}`, kind: kinds.managedControlPlane, metadata: metadata(clock, mcp),
        spec: kinds.managedControlPlaneSpec(cluster.spec.region, cluster.spec.account, mcp.spec.version),
        status: { ready: mcp.status.initialized, version: mcp.status.version, conditions: conditions(clock, mcp.status.conditions) },
      });
    }
  }
  return items;
}

function kcpItem({ clock }: DumpContext, kcp: KubeadmControlPlane): Item {
  return {
    apiVersion: `${CONTROL_PLANE_GROUP}/v1beta2`, kind: 'KubeadmControlPlane', metadata: metadata(clock, kcp),
    spec: {
      replicas: kcp.spec.replicas,
      version: kcp.spec.version,
      rollout: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: kcp.spec.rollout.maxSurge } } },
      machineTemplate: { spec: { infrastructureRef: { apiGroup: 'infrastructure.cluster.x-k8s.io', kind: '', name: kcp.spec.machineTemplate.infrastructureRef.name }, deletion: { nodeDrainTimeoutSeconds: seconds(kcp.spec.machineTemplate.deletion.nodeDrainTimeout) } } },
    },
    status: {
      replicas: kcp.status.replicas, readyReplicas: kcp.status.readyReplicas, upToDateReplicas: kcp.status.upToDateReplicas,
      ...(kcp.status.version === undefined ? {} : { version: kcp.status.version }),
      initialization: { controlPlaneInitialized: kcp.status.initialized },
      conditions: conditions(clock, kcp.status.conditions),
    },
  };
}

function templateSpec(template: MachineSet['spec']['template'], infraKind: string): Item {
  return {
    clusterName: undefined,
    version: template.version,
    ...(template.failureDomain === undefined ? {} : { failureDomain: template.failureDomain }),
    minReadySeconds: template.minReadySeconds,
    infrastructureRef: { apiGroup: 'infrastructure.cluster.x-k8s.io', kind: infraKind, name: template.infrastructureRef.name },
    bootstrap: { configRef: { apiGroup: 'bootstrap.cluster.x-k8s.io', kind: 'KubeadmConfigTemplate', name: template.bootstrapConfigRef } },
    deletion: { nodeDrainTimeoutSeconds: seconds(template.deletion.nodeDrainTimeout), nodeVolumeDetachTimeoutSeconds: seconds(template.deletion.nodeVolumeDetachTimeout), nodeDeletionTimeoutSeconds: seconds(template.deletion.nodeDeletionTimeout) },
  };
}

function poolItem({ world, clock }: DumpContext, kind: 'MachineDeployment' | 'MachineSet', object: MachineDeployment | MachineSet): Item | undefined {
  const p = providerOf(world, object.metadata.namespace, object.spec.clusterName);
  if (p === undefined) return undefined;
  const spec: Item = { clusterName: object.spec.clusterName, replicas: object.spec.replicas, selector: { matchLabels: { ...object.spec.selector } } };
  if (kind === 'MachineDeployment') {
    const md = object as MachineDeployment;
    spec.rollout = { strategy: { type: md.spec.strategy.type, ...(md.spec.strategy.type === 'RollingUpdate' ? { rollingUpdate: { maxSurge: md.spec.strategy.maxSurge, maxUnavailable: md.spec.strategy.maxUnavailable } } : {}) } };
    spec.deletion = { order: md.spec.deletionOrder };
  }
  spec.template = { metadata: { labels: { ...object.spec.template.labels } }, spec: { ...templateSpec(object.spec.template, p.kinds.machineTemplate), clusterName: object.spec.clusterName } };
  const s = object.status;
  return { apiVersion: CAPI, kind, metadata: metadata(clock, object), spec, status: { replicas: s.replicas, readyReplicas: s.readyReplicas, availableReplicas: s.availableReplicas, upToDateReplicas: s.upToDateReplicas, observedGeneration: s.observedGeneration, conditions: conditions(clock, s.conditions) } };
}

function machineItems({ world, clock }: DumpContext, machine: Machine): Item[] {
  const p = providerOf(world, machine.metadata.namespace, machine.spec.clusterName);
  if (p === undefined) return [];
  const infra = world.store.get<InfraMachine>(KIND.InfraMachine, machine.metadata.namespace, machine.spec.infrastructureRef.name);
  const deletion = machine.status.deletion;
  const status: Item = {
    phase: machine.status.phase,
    ...(machine.status.nodeRef === undefined ? {} : { nodeRef: { name: machine.status.nodeRef } }),
    initialization: { infrastructureProvisioned: machine.status.infrastructureProvisioned, bootstrapDataSecretCreated: true },
    conditions: conditions(clock, machine.status.conditions),
    ...(deletion.nodeDrainStartTime === undefined ? {} : { deletion: {
      nodeDrainStartTime: clock.at(deletion.nodeDrainStartTime),
      ...(deletion.waitForNodeVolumeDetachStartTime === undefined ? {} : { waitForNodeVolumeDetachStartTime: clock.at(deletion.waitForNodeVolumeDetachStartTime) }),
    } }),
  };
  const items: Item[] = [{
    apiVersion: CAPI, kind: 'Machine', metadata: metadata(clock, machine),
    spec: {
      clusterName: machine.spec.clusterName, version: machine.spec.version,
      ...(machine.spec.failureDomain === undefined ? {} : { failureDomain: machine.spec.failureDomain }),
      ...(machine.spec.providerID === undefined ? {} : { providerID: machine.spec.providerID }),
      bootstrap: { configRef: { apiGroup: 'bootstrap.cluster.x-k8s.io', kind: 'KubeadmConfig', name: machine.spec.bootstrapConfigRef }, dataSecretName: machine.spec.bootstrapConfigRef },
      infrastructureRef: { apiGroup: p.kinds.infraGroup, kind: p.kinds.machine, name: machine.spec.infrastructureRef.name },
      deletion: { nodeDrainTimeoutSeconds: seconds(machine.spec.deletion.nodeDrainTimeout) },
    },
    status,
  }];
  if (infra !== undefined) {
    const field = p.kinds.instanceTypeField;
    items.push({
      apiVersion: `${p.kinds.infraGroup}/${p.kinds.infraVersion}`, kind: p.kinds.machine, metadata: metadata(clock, infra),
      spec: { ...(field === undefined ? {} : { [field]: infra.spec.instanceType }), ...(infra.spec.providerID === undefined ? {} : { providerID: infra.spec.providerID }), failureDomain: infra.spec.failureDomain },
      status: { ready: infra.status.provisioned, ...(infra.status.instanceState === undefined ? {} : { instanceState: infra.status.instanceState }) },
    });
  }
  return items;
}

function machineTemplateItem({ world, clock }: DumpContext, template: InfraMachineTemplate): Item {
  const kinds = PROVIDER_KINDS_OUT[template.spec.provider];
  const field = kinds.instanceTypeField;
  void world;
  return { apiVersion: `${kinds.infraGroup}/${kinds.infraVersion}`, kind: kinds.machineTemplate, metadata: metadata(clock, template), spec: { template: { spec: field === undefined ? {} : { [field]: template.spec.instanceType } } } };
}

function machinePoolItems({ world, clock }: DumpContext, pool: MachinePool): Item[] {
  const p = providerOf(world, pool.metadata.namespace, pool.spec.clusterName);
  if (p === undefined) return [];
  const infra = world.store.get<InfraMachinePool>(KIND.InfraMachinePool, pool.metadata.namespace, pool.spec.template.infrastructureRef.name);
  const s = pool.status;
  const items: Item[] = [{
    apiVersion: CAPI, kind: 'MachinePool', metadata: metadata(clock, pool),
    spec: { clusterName: pool.spec.clusterName, replicas: pool.spec.replicas, template: { spec: { clusterName: pool.spec.clusterName, version: pool.spec.template.version, infrastructureRef: { apiGroup: p.kinds.infraGroup, kind: p.kinds.machinePool, name: pool.spec.template.infrastructureRef.name } } } },
    status: { phase: s.phase, replicas: s.replicas, readyReplicas: s.readyReplicas, availableReplicas: s.availableReplicas, upToDateReplicas: s.upToDateReplicas, conditions: conditions(clock, s.conditions) },
  }];
  if (infra !== undefined) {
    items.push({ apiVersion: `${p.kinds.infraGroup}/${p.kinds.infraVersion}`, kind: p.kinds.machinePool, metadata: metadata(clock, infra), spec: p.kinds.machinePoolSpec(infra.spec.instanceType, pool.spec.replicas), status: { ready: infra.status.ready, replicas: infra.status.replicas } });
  }
  return items;
}

function healthCheckItem({ clock }: DumpContext, mhc: MachineHealthCheck): Item {
  const s = mhc.spec;
  return {
    apiVersion: CAPI, kind: 'MachineHealthCheck', metadata: metadata(clock, mhc),
    spec: {
      clusterName: s.clusterName,
      selector: { matchLabels: { ...s.selector.matchLabels }, ...(s.selector.matchExpressions.length > 0 ? { matchExpressions: s.selector.matchExpressions } : {}) },
      checks: {
        nodeStartupTimeoutSeconds: seconds(s.checks.nodeStartupTimeout),
        unhealthyNodeConditions: s.checks.unhealthyNodeConditions.map((c) => ({ type: c.type, status: c.status, timeoutSeconds: seconds(c.timeout) })),
        ...(s.checks.unhealthyMachineConditions.length > 0 ? { unhealthyMachineConditions: s.checks.unhealthyMachineConditions.map((c) => ({ type: c.type, status: c.status, timeoutSeconds: seconds(c.timeout) })) } : {}),
      },
      remediation: { triggerIf: { unhealthyLessThanOrEqualTo: s.remediation.triggerIf.unhealthyLessThanOrEqualTo, ...(s.remediation.triggerIf.unhealthyInRange === undefined ? {} : { unhealthyInRange: s.remediation.triggerIf.unhealthyInRange }) } },
    },
    status: { expectedMachines: mhc.status.expectedMachines, currentHealthy: mhc.status.currentHealthy, remediationsAllowed: mhc.status.remediationsAllowed, conditions: conditions(clock, mhc.status.conditions) },
  };
}

/** Every management-cluster object of the world, in a stable order (kind, then store order). */
export function managementItems(ctx: DumpContext): Item[] {
  const store = ctx.world.store;
  const items: Item[] = [];
  for (const cluster of store.list<Cluster>(KIND.Cluster)) items.push(...clusterItems(ctx, cluster));
  for (const kcp of store.list<KubeadmControlPlane>(KIND.KubeadmControlPlane)) items.push(kcpItem(ctx, kcp));
  for (const template of store.list<InfraMachineTemplate>(KIND.InfraMachineTemplate)) items.push(machineTemplateItem(ctx, template));
  for (const md of store.list<MachineDeployment>(KIND.MachineDeployment)) { const item = poolItem(ctx, 'MachineDeployment', md); if (item) items.push(item); }
  for (const ms of store.list<MachineSet>(KIND.MachineSet)) { const item = poolItem(ctx, 'MachineSet', ms); if (item) items.push(item); }
  for (const pool of store.list<MachinePool>(KIND.MachinePool)) items.push(...machinePoolItems(ctx, pool));
  for (const machine of store.list<Machine>(KIND.Machine)) items.push(...machineItems(ctx, machine));
  for (const mhc of store.list<MachineHealthCheck>(KIND.MachineHealthCheck)) items.push(healthCheckItem(ctx, mhc));
  fixControlPlaneTemplateKinds(items);
  return items;
}

/** KCP machine templates name the provider's template kind, known once the templates are listed. */
function fixControlPlaneTemplateKinds(items: Item[]): void {
  const templateKind = new Map<string, string>();
  for (const item of items) {
    const m = item.metadata as Item;
    if (String(item.kind).endsWith('MachineTemplate')) templateKind.set(`${String(m.namespace)}/${String(m.name)}`, String(item.kind));
  }
  for (const item of items) {
    if (item.kind !== 'KubeadmControlPlane') continue;
    const ref = ((((item.spec as Item).machineTemplate as Item).spec as Item).infrastructureRef as Item);
    ref.kind = templateKind.get(`${String((item.metadata as Item).namespace)}/${String(ref.name)}`) ?? 'AWSMachineTemplate';
  }
}

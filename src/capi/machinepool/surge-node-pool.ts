/**
 * The generic node group: instances created and terminated through an `InfrastructureProvider`,
 * rolled with a surge rolling update (rolling-plan.ts) one step per `sync`, and taken out of
 * service the CAPI way (`host.retire`: the MachinePool Machine is deleted, its Node drained, then
 * `deleteInstance`). This is how CAPD's DockerMachinePool and the MachinePool Machines proposal
 * work (cluster-api docs/proposals/20220209-machinepool-machines.md "InfraMachinePoolMachine
 * deletion"); cloud-specific node groups (EKS, AKS, GKE) replace it through
 * `nodePoolProviderFactories`.
 *
 * Its controller runs in the management cluster: it steps only when synced (an InfraMachinePool
 * reconcile), so a stopped management cluster stops its rollouts too. Instances lost under it (the
 * cloud reports them terminated) are forgotten and replaced on the next step. Zones: each new
 * instance goes to the spec's zone with the fewest live instances (zone order on ties).
 */

import { must } from '../../engine/must.js';
import type { CloudFailure, InstanceSpec } from '../../cloud/provider.js';
import type { NodePoolHost, NodePoolInstance, NodePoolObservation, NodePoolProvider, NodePoolSpec } from './node-pool-provider.js';
import { planNodePoolStep } from './rolling-plan.js';
import { ZoneBalance } from '../../cloud/node-pools/zone-balance.js';
import { generateName } from '../../kube/generate-name.js';
import type { IntOrPercent } from '../../kube/intstr.js';
/**
 * The generic node group's rolling update when neither the scenario nor a cloud flavour says:
 * surge 1, unavailable 0, a MachineDeployment's defaults (cluster-api@v1.13.5
 * internal/webhooks/machinedeployment.go `Default`; fleetsim ASSUMPTION for the generic pool).
 */
export const DEFAULT_POOL_MAX_SURGE: IntOrPercent = 1;
export const DEFAULT_POOL_MAX_UNAVAILABLE: IntOrPercent = 0;


/** `<pool>-xxxxx`, never one the group used before (kube/generate-name.ts). */
function newNodeName(group: Group): string {
  const name = generateName(group.host.random, group.spec.namePrefix, (candidate) => group.names.has(candidate));
  group.names.add(name);
  return name;
}

interface Group {
  spec: NodePoolSpec;
  host: NodePoolHost;
  /** By providerID, in creation order. */
  instances: Map<string, NodePoolInstance>;
  /** Creates sent to the cloud and not answered yet. */
  pendingCreates: number;
  /** Instances whose deletion the cloud has not confirmed yet, with who waits for it. */
  deleting: Map<string, Array<(failure?: CloudFailure) => void>>;
  /** Every node name the group has handed out: a cloud never gives two instances one name. */
  names: Set<string>;
  /** Zones where a launch just failed for capacity (cloud/node-pools/zone-balance.ts). */
  zoneBalance: ZoneBalance;
}

function matchesSpec(instance: NodePoolInstance, spec: NodePoolSpec): boolean {
  return instance.image === spec.image && instance.version === spec.version && instance.instanceType === spec.instanceType;
}

export class SurgeNodePool implements NodePoolProvider {
  readonly kind = 'surge';
  private readonly groups = new Map<string, Group>();

  apply(spec: NodePoolSpec, host: NodePoolHost, done: (failure?: CloudFailure) => void): void {
    const group = this.groups.get(spec.group);
    if (group === undefined) this.groups.set(spec.group, { spec: { ...spec }, host, instances: new Map(), pendingCreates: 0, deleting: new Map(), names: new Set(), zoneBalance: new ZoneBalance() });
    else {
      group.spec = { ...spec };
      group.host = host;
    }
    done();
  }

  adopt(spec: NodePoolSpec, host: NodePoolHost): NodePoolInstance[] {
    const group: Group = { spec: { ...spec }, host, instances: new Map(), pendingCreates: 0, deleting: new Map(), names: new Set(), zoneBalance: new ZoneBalance() };
    this.groups.set(spec.group, group);
    for (let i = 0; i < spec.replicas; i++) {
      const zone = this.pickZone(group);
      const nodeName = newNodeName(group);
      const providerID = host.infrastructure.adoptRunningInstance(this.instanceSpec(group, zone));
      group.instances.set(providerID, {
        providerID, nodeName, zone, image: spec.image, version: spec.version, instanceType: spec.instanceType,
        state: 'running', createdAt: host.sim.now, leaving: false,
      });
    }
    return [...group.instances.values()];
  }

  observe(name: string): NodePoolObservation | undefined {
    const group = this.groups.get(name);
    if (group === undefined) return undefined;
    this.forgetLost(group);
    const instances = [...group.instances.values()];
    const updating = group.pendingCreates > 0 || instances.length !== group.spec.replicas ||
      instances.some((i) => i.leaving || i.state !== 'running' || !matchesSpec(i, group.spec));
    return { spec: group.spec, instances: instances.map((i) => ({ ...i })), updating };
  }

  sync(name: string): void {
    const group = this.groups.get(name);
    if (group === undefined) return;
    this.forgetLost(group);
    const { spec, host } = group;
    const step = planNodePoolStep({
      replicas: spec.replicas,
      maxSurge: spec.maxSurge ?? DEFAULT_POOL_MAX_SURGE,
      maxUnavailable: spec.maxUnavailable ?? DEFAULT_POOL_MAX_UNAVAILABLE,
      pendingCreates: group.pendingCreates,
      instances: [...group.instances.values()].map((i) => ({
        id: i.providerID, upToDate: matchesSpec(i, spec), ready: i.state === 'running' && host.nodeReady(i), leaving: i.leaving, createdAt: i.createdAt,
      })),
    });
    for (const providerID of step.retire) {
      const instance = group.instances.get(providerID);
      if (instance === undefined) continue;
      instance.leaving = true;
      host.retire({ ...instance });
    }
    for (let i = 0; i < step.create; i++) this.create(group);
  }

  deleteInstance(name: string, providerID: string, done: (failure?: CloudFailure) => void): void {
    const group = this.groups.get(name);
    const instance = group?.instances.get(providerID);
    if (group === undefined || instance === undefined) {
      done();
      return;
    }
    instance.leaving = true;
    const waiting = group.deleting.get(providerID);
    if (waiting !== undefined) {
      waiting.push(done);
      return;
    }
    const waiters = [done];
    group.deleting.set(providerID, waiters);
    group.host.infrastructure.deleteInstance(providerID, (failure) => {
      group.deleting.delete(providerID);
      if (failure === undefined) {
        group.instances.delete(providerID);
        group.host.changed();
      }
      for (const waiter of waiters) waiter(failure);
    });
  }

  /**
   * Instances the cloud no longer knows (crashed, terminated by a fault) are dropped. One this group
   * is deleting stays listed until the cloud confirms the deletion (`deleteInstance`'s callback),
   * as a provider's delete flow waits for its describe to see it gone.
   */
  private forgetLost(group: Group): void {
    for (const [providerID, instance] of group.instances) {
      const state = group.host.infrastructure.instanceState(providerID);
      if (group.deleting.has(providerID)) {
        if (state !== undefined) instance.state = state;
        continue;
      }
      if (state === undefined || state === 'terminated') group.instances.delete(providerID);
      else instance.state = state;
    }
  }

  private instanceSpec(group: Group, zone: string): InstanceSpec {
    const { spec } = group;
    return { cluster: spec.cluster, owner: spec.pool, region: spec.region, zone, instanceType: spec.instanceType, image: spec.image, version: spec.version };
  }

  private pickZone(group: Group): string {
    const zones = group.spec.zones;
    if (zones.length === 0) throw new Error(`node group ${group.spec.group} has no zones`);
    const counts = new Map<string, number>(zones.map((z) => [z, 0]));
    for (const instance of group.instances.values()) if (!instance.leaving && counts.has(instance.zone)) counts.set(instance.zone, must(counts, instance.zone, 'zone') + 1);
    return group.zoneBalance.pick(zones, (zone) => must(counts, zone, 'zone'), group.host.sim.now);
  }

  private create(group: Group): void {
    const { host } = group;
    const zone = this.pickZone(group);
    const nodeName = newNodeName(group);
    const instanceSpec = this.instanceSpec(group, zone);
    group.pendingCreates++;
    host.infrastructure.createInstance(instanceSpec, {
      accepted: (providerID) => {
        group.pendingCreates--;
        group.instances.set(providerID, {
          providerID, nodeName, zone, image: instanceSpec.image, version: instanceSpec.version, instanceType: instanceSpec.instanceType,
          state: 'pending', createdAt: host.sim.now, leaving: false,
        });
        host.changed();
      },
      running: (providerID) => {
        const instance = group.instances.get(providerID);
        if (instance === undefined) return;
        instance.state = 'running';
        group.host.startKubelet({ ...instance }, group.host.infrastructure.kubeletJoinDelay(instanceSpec));
        group.host.changed();
      },
      failed: (failure) => {
        group.pendingCreates--;
        if (failure.zonal === true) group.zoneBalance.failed(zone, host.sim.now);
        host.sim.after(failure.retryAfterMs, () => group.host.changed(), undefined);
      },
    });
  }
}

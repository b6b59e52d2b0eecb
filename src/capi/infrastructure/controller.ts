/**
 * The infrastructure provider's machine controller (CAPA's AWSMachine, CAPZ's AzureMachine,
 * CAPG's GCPMachine, CAPD's DockerMachine reconcilers reduced to what decides timing): it asks the
 * cloud for an instance, records the provider ID, reports `provisioned` once the instance runs, and
 * terminates the instance when the InfraMachine is deleted. How long each provider's reconcile
 * blocks on its cloud calls (CAPA's RunInstances, CAPZ's 2 s poll, CAPG's operation wait) and its
 * own worker concurrency are modelled inside the cloud providers (src/cloud controller-workers),
 * so this reconcile only starts the create and returns. Cloud callbacks only update and enqueue
 * the object, so a management outage delays what CAPI sees but not what the cloud does.
 */

import { controllerOf, keyOf } from '../../kube/object.js';
import type { ReconcileResult } from '../../kube/controller.js';
import type { CapiContext } from '../context.js';
import { clusterKeyOf, enqueueUnlessStopped } from '../context.js';
import { INFRA_MACHINE_FINALIZER } from '../labels.js';
import { poolOf } from '../machine/pool.js';
import { isClusterPaused } from '../paused.js';
import { nodePoolProvider } from '../machinepool/node-pools.js';
import { KIND, type Cluster, type InfraMachine, type Machine } from '../types.js';
import { CreateRetryGate, FAILURE_STATUS_WAKES } from './create-retry.js';

export class InfraMachineReconciler {
  /** InfraMachines whose create or terminate call is in flight. */
  private readonly creating = new Set<string>();
  private readonly deleting = new Set<string>();
  /** Failed creates waiting out their backoff (create-retry.ts). */
  private readonly retries = new CreateRetryGate();

  constructor(private readonly ctx: CapiContext) {}

  reconcile(key: string): ReconcileResult | undefined {
    const ctx = this.ctx;
    const infra = ctx.store.getByKey<InfraMachine>(key);
    if (infra === undefined) {
      this.retries.release(key);
      return undefined;
    }
    const machineRef = controllerOf(infra);
    const machine = machineRef === undefined ? undefined : ctx.store.get<Machine>(KIND.Machine, infra.metadata.namespace, machineRef.name);
    const clusterName = machine?.spec.clusterName ?? infra.metadata.labels['cluster.x-k8s.io/cluster-name'];
    const cluster = clusterName === undefined ? undefined : ctx.store.get<Cluster>(KIND.Cluster, infra.metadata.namespace, clusterName);
    if (cluster === undefined || isClusterPaused(cluster, infra)) return undefined;
    const provider = ctx.provider(cluster);

    if (infra.spec.pool !== undefined) return this.reconcilePoolInstance(infra, cluster);
    if (infra.metadata.deletionTimestamp !== undefined) return this.reconcileDelete(infra, cluster);

    const providerID = infra.spec.providerID;
    if (providerID === undefined) {
      const wait = this.retries.waitFor(key, infra, ctx.sim.now);
      return wait === undefined ? this.create(infra, cluster, machine) : { requeueAfter: wait };
    }
    const state = provider.instanceState(providerID);
    const stateName = state ?? 'terminated';
    if (infra.status.instanceState !== stateName || (state === 'running' && !infra.status.provisioned)) {
      infra.status.instanceState = stateName;
      if (state === 'running') infra.status.provisioned = true;
      ctx.store.update(infra);
    }
    return undefined;
  }

  /**
   * An instance of a MachinePool's node group: the group created it; deleting its InfraMachine
   * asks the group to terminate it (MachinePool Machines proposal, "InfraMachinePoolMachine deletion").
   */
  private reconcilePoolInstance(infra: InfraMachine, cluster: Cluster): ReconcileResult | undefined {
    const ctx = this.ctx;
    const key = keyOf(infra);
    const providerID = infra.spec.providerID;
    const state = providerID === undefined ? undefined : ctx.provider(cluster).instanceState(providerID);
    if (infra.metadata.deletionTimestamp === undefined) {
      const stateName = state ?? 'terminated';
      if (infra.status.instanceState !== stateName || (state === 'running' && !infra.status.provisioned)) {
        infra.status.instanceState = stateName;
        if (state === 'running') infra.status.provisioned = true;
        ctx.store.update(infra);
      }
      return undefined;
    }
    if (providerID !== undefined && state !== undefined && state !== 'terminated') {
      if (!this.deleting.has(key)) {
        this.deleting.add(key);
        nodePoolProvider(ctx, cluster).deleteInstance(infra.spec.pool as string, providerID, (failure) => {
          this.deleting.delete(key);
          if (failure !== undefined) enqueueUnlessStopped(ctx, ctx.controllers.infraMachine, key, failure.retryAfterMs);
          else enqueueUnlessStopped(ctx, ctx.controllers.infraMachine, key);
        });
      }
      return undefined;
    }
    ctx.store.removeFinalizer(infra, INFRA_MACHINE_FINALIZER);
    return undefined;
  }

  private create(infra: InfraMachine, cluster: Cluster, machine: Machine | undefined): ReconcileResult | undefined {
    const ctx = this.ctx;
    const key = keyOf(infra);
    if (this.creating.has(key)) return undefined;
    this.creating.add(key);
    const clusterKey = clusterKeyOf(cluster.metadata.namespace, cluster.metadata.name);
    const spec = {
      cluster: clusterKey,
      owner: key,
      region: cluster.spec.region,
      zone: infra.spec.failureDomain,
      instanceType: infra.spec.instanceType,
      image: infra.spec.image,
      version: infra.spec.version,
    };
    const provider = ctx.provider(cluster);
    const pool = poolOf(machine);
    infra.status.createAttempts++;
    provider.createInstance(spec, {
      accepted: (providerID) => {
        this.creating.delete(key);
        infra.spec.providerID = providerID;
        infra.status.instanceState = 'pending';
        delete infra.status.failureReason;
        if (ctx.store.getByKey(key) === infra) ctx.store.update(infra, true);
        else provider.deleteInstance(providerID, () => {}); // its object is gone: do not leak the instance
      },
      running: (providerID) => {
        ctx.kubelet.instanceRunning({
          clusterKey, providerID, nodeName: infra.metadata.name, version: infra.spec.version, image: infra.spec.image,
          pool, zone: infra.spec.failureDomain, joinDelay: provider.kubeletJoinDelay(spec),
        });
        enqueueUnlessStopped(ctx, ctx.controllers.infraMachine, key);
      },
      failed: (failure) => {
        this.creating.delete(key);
        const changed = infra.status.failureReason !== failure.reason;
        infra.status.failureReason = failure.reason;
        if (ctx.store.getByKey(key) !== infra) return;
        if (changed) ctx.store.update(infra); // the patch helper writes only a change
        this.retries.hold(key, infra, ctx.sim.now + failure.retryAfterMs);
        if (changed && FAILURE_STATUS_WAKES[provider.kind]) this.retries.release(key);
        enqueueUnlessStopped(ctx, ctx.controllers.infraMachine, key, failure.retryAfterMs);
      },
    });
    return undefined;
  }

  private reconcileDelete(infra: InfraMachine, cluster: Cluster): ReconcileResult | undefined {
    const ctx = this.ctx;
    const key = keyOf(infra);
    // A create still in flight: its answer updates the object, which brings us back here.
    if (this.creating.has(key)) return undefined;
    const providerID = infra.spec.providerID;
    const provider = ctx.provider(cluster);
    const state = providerID === undefined ? undefined : provider.instanceState(providerID);
    if (providerID !== undefined && state !== undefined && state !== 'terminated') {
      if (!this.deleting.has(key)) {
        this.deleting.add(key);
        provider.deleteInstance(providerID, (failure) => {
          this.deleting.delete(key);
          if (failure !== undefined) enqueueUnlessStopped(ctx, ctx.controllers.infraMachine, key, failure.retryAfterMs);
          else enqueueUnlessStopped(ctx, ctx.controllers.infraMachine, key);
        });
      }
      return undefined;
    }
    ctx.store.removeFinalizer(infra, INFRA_MACHINE_FINALIZER);
    return undefined;
  }
}

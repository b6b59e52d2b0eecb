/**
 * Creating a Machine the way its owner (MachineSet, KubeadmControlPlane) does: the InfraMachine
 * cloned from the owner's infrastructure template, then the Machine that references it
 * (cluster-api@v1.13.5 internal/controllers/machineset/machineset_controller.go `createMachines`).
 * The bootstrap config is not a separate object: its data secret is ready at once.
 */

import type { Random } from '../../engine/random.js';
import { generateObjectName } from '../../kube/generate-name.js';
import type { KubeObject } from '../../kube/object.js';
import { ownerReference } from '../../kube/object.js';
import type { CapiContext } from '../context.js';
import { machineImage } from '../infrastructure/image.js';
import { CLUSTER_NAME_LABEL, INFRA_MACHINE_FINALIZER, MACHINE_FINALIZER } from '../labels.js';
import { KIND, type Cluster, type InfraMachine, type InfraMachineSpec, type InfraMachineStatus, type InfraMachineTemplate, type Machine, type MachineSpec, type MachineStatus, type MachineTemplateSpec } from '../types.js';

export interface NewMachine {
  owner: KubeObject;
  cluster: Cluster;
  name: string;
  template: MachineTemplateSpec;
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  /** Zone to place the instance in: the owner's failure domain, or the provider's pick (placement.ts). */
  zone: string;
}

/**
 * A free name for a new Machine of `owner` (`<owner>-xxxxx`): the Machine and its InfraMachine
 * share it, so it must be free for both (see kube/generate-name.ts for the retry).
 */
export function newMachineName(ctx: CapiContext, owner: KubeObject, random: Random): string {
  return generateObjectName(ctx.store, [KIND.Machine, KIND.InfraMachine], owner.metadata.namespace, owner.metadata.name, random);
}

export function createMachine(ctx: CapiContext, request: NewMachine): Machine {
  const { owner, cluster, name, template } = request;
  const namespace = owner.metadata.namespace;
  const infraTemplate = ctx.store.get<InfraMachineTemplate>(KIND.InfraMachineTemplate, namespace, template.infrastructureRef.name);
  if (infraTemplate === undefined) throw new Error(`t=${ctx.sim.now}: ${owner.kind}/${namespace}/${owner.metadata.name} references missing template ${template.infrastructureRef.name}`);
  const labels = { ...template.labels, ...request.labels, [CLUSTER_NAME_LABEL]: cluster.metadata.name };
  const infraSpec: InfraMachineSpec = {
    provider: infraTemplate.spec.provider,
    // The pinned image, else the provider's default for the Machine's version (an upgrade rolls it).
    image: machineImage(infraTemplate.spec, template.version),
    instanceType: infraTemplate.spec.instanceType,
    failureDomain: request.zone,
    version: template.version,
  };
  const infraStatus: InfraMachineStatus = { provisioned: false, createAttempts: 0 };
  const infra = ctx.store.create<InfraMachineSpec, InfraMachineStatus>(KIND.InfraMachine, {
    name, namespace, labels: { [CLUSTER_NAME_LABEL]: cluster.metadata.name }, finalizers: [INFRA_MACHINE_FINALIZER],
  }, infraSpec, infraStatus);
  const spec: MachineSpec = {
    clusterName: cluster.metadata.name,
    version: template.version,
    bootstrapConfigRef: template.bootstrapConfigRef,
    infrastructureRef: { kind: KIND.InfraMachine, name },
    minReadySeconds: template.minReadySeconds,
    deletion: { ...template.deletion },
  };
  if (template.failureDomain !== undefined) spec.failureDomain = template.failureDomain;
  const status: MachineStatus = { phase: 'Pending', infrastructureProvisioned: false, conditions: [], deletion: {} };
  const machine = ctx.store.create<MachineSpec, MachineStatus>(KIND.Machine, {
    name, namespace, labels, annotations: { ...template.annotations, ...request.annotations },
    ownerReferences: [ownerReference(owner)], finalizers: [MACHINE_FINALIZER],
  }, spec, status);
  // The InfraMachine is owned by its Machine (the Machine controller sets this owner reference).
  infra.metadata.ownerReferences.push(ownerReference(machine));
  ctx.store.update(infra);
  return machine;
}

/** The zone an existing Machine's instance is in (its InfraMachine's). */
export function machineZone(ctx: CapiContext, machine: Machine): string | undefined {
  return ctx.store.get<InfraMachine>(KIND.InfraMachine, machine.metadata.namespace, machine.spec.infrastructureRef.name)?.spec.failureDomain;
}

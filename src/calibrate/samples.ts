/**
 * The timings a dump of live objects holds, one record per Machine: when it was created
 * (`metadata.creationTimestamp`), when its infrastructure became ready (the InfrastructureReady
 * condition's `lastTransitionTime` to True), when its Node became Ready (the Node's Ready condition
 * when Nodes are given, joined by providerID or CAPI's `cluster.x-k8s.io/machine` annotation, and
 * the Machine's NodeReady / NodeHealthy condition: the earlier of the two, since a condition's
 * `lastTransitionTime` is its last transition and a Node that went NotReady and back later, or a
 * Machine whose conditions were all reset at one instant, keeps only the later one), and the drain it is in
 * (`status.deletion.nodeDrainStartTime` → `waitForNodeVolumeDetachStartTime`). Field names:
 * cluster-api@v1.13.5 api/core/v1beta2/machine_types.go (`MachineDeletionStatus`, conditions
 * `InfrastructureReady`, `NodeReady`, `NodeHealthy`); v1beta1 keeps the same condition types and
 * `status.deletion` (api/core/v1beta1 machine_types.go).
 *
 * Where each Machine runs: its Cluster's infrastructure cluster or managed control plane gives the
 * cloud and region (the cloud rows' readers, src/cloud/<kind>/index.ts `manifests`), its
 * InfraMachine (or its MachineSet's machine template) the instance type.
 */

import { CLOUDS } from '../cloud/clouds.js';
import { list, rec, str } from '../cloud/manifest-kinds.js';
import type { ManifestObject, ObjectIndex } from '../scenario/manifests/objects.js';
import { providerOfKind } from '../scenario/manifests/convert.js';
import type { Provider } from '../scenario/model.js';

export interface MachineTiming {
  machine: string;
  cloud: Provider | 'unknown';
  region: string;
  instanceType: string;
  created?: number;
  infraReady?: number;
  nodeReady?: number;
  drainStart?: number;
  drainEnd?: number;
  deleting: boolean;
  /** Why a step of this Machine cannot be measured (missing timestamps, clock skew, …). */
  notes: string[];
}

const time = (value: unknown): number | undefined => {
  const text = str(value);
  if (text === undefined) return undefined;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : undefined;
};

function conditionTrueAt(object: Record<string, unknown>, type: string): number | undefined {
  for (const c of list(rec(object.status).conditions)) {
    const condition = rec(c);
    if (condition.type === type && condition.status === 'True') return time(condition.lastTransitionTime);
  }
  return undefined;
}

interface Place { cloud: Provider | 'unknown'; region: string }

function placeOfCluster(index: ObjectIndex, namespace: string, name: string): Place {
  const cluster = index.get('Cluster', namespace, name);
  if (cluster === undefined) return { cloud: 'unknown', region: 'unknown' };
  const spec = rec(cluster.body.spec);
  for (const refName of ['infrastructureRef', 'controlPlaneRef']) {
    const ref = rec(spec[refName]);
    const kind = str(ref.kind);
    const provider = providerOfKind(kind);
    if (kind === undefined || provider === undefined) continue;
    const target = index.get(kind, str(ref.namespace) ?? namespace, str(ref.name) ?? '');
    const manifests = CLOUDS[provider].manifests;
    const reader = manifests.infraClusters[kind] ?? manifests.managedControlPlanes[kind];
    const region = target !== undefined && reader !== undefined ? reader(rec(target.body.spec)).region : undefined;
    if (region !== undefined || refName === 'controlPlaneRef') return { cloud: provider, region: region ?? CLOUDS[provider].defaultRegion };
  }
  return { cloud: 'unknown', region: 'unknown' };
}

function instanceTypeOf(index: ObjectIndex, machine: ManifestObject, cloud: Provider | 'unknown'): string {
  if (cloud === 'unknown') return 'unknown';
  const field = Object.values(CLOUDS[cloud].manifests.machineTemplates)[0];
  if (field === undefined) return 'default';
  const ref = rec(rec(machine.body.spec).infrastructureRef);
  const infra = index.get(str(ref.kind) ?? '', machine.namespace, str(ref.name) ?? '');
  const direct = infra === undefined ? undefined : str(rec(infra.body.spec)[field]);
  if (direct !== undefined) return direct;
  // The owner MachineSet's (or KCP's) machine template.
  const owner = list(rec(machine.body.metadata).ownerReferences).map(rec).find((r) => r.controller === true);
  const ownerObject = owner === undefined ? undefined : index.get(str(owner.kind) ?? '', machine.namespace, str(owner.name) ?? '');
  const ownerSpec = rec(ownerObject?.body.spec);
  const templateRef = rec(rec(rec(ownerSpec.template).spec).infrastructureRef ?? rec(rec(rec(ownerSpec.machineTemplate).spec).infrastructureRef ?? rec(ownerSpec.machineTemplate).infrastructureRef));
  const template = index.get(str(templateRef.kind) ?? '', machine.namespace, str(templateRef.name) ?? '');
  return str(rec(rec(rec(template?.body.spec).template).spec)[field]) ?? 'unknown';
}

/** Node Ready times by providerID and by Machine name (from CAPI's annotation). */
export function nodeReadyTimes(nodes: readonly ManifestObject[]): { byProviderID: Map<string, number>; byMachine: Map<string, number> } {
  const byProviderID = new Map<string, number>();
  const byMachine = new Map<string, number>();
  for (const node of nodes) {
    const ready = conditionTrueAt(node.body, 'Ready');
    if (ready === undefined) continue;
    const providerID = str(rec(node.body.spec).providerID);
    if (providerID !== undefined) byProviderID.set(providerID, ready);
    const annotations = rec(rec(node.body.metadata).annotations);
    const machine = str(annotations['cluster.x-k8s.io/machine']);
    const namespace = str(annotations['cluster.x-k8s.io/cluster-namespace']) ?? 'default';
    if (machine !== undefined) byMachine.set(`${namespace}/${machine}`, ready);
  }
  return { byProviderID, byMachine };
}

export function machineTimings(index: ObjectIndex): MachineTiming[] {
  const nodes = nodeReadyTimes(index.ofKind('Node'));
  const places = new Map<string, Place>();
  return index.ofKind('Machine').map((machine) => {
    const body = machine.body;
    const spec = rec(body.spec);
    const meta = rec(body.metadata);
    const clusterName = str(spec.clusterName) ?? str(rec(meta.labels)['cluster.x-k8s.io/cluster-name']) ?? '';
    const placeKey = `${machine.namespace}/${clusterName}`;
    const place = places.get(placeKey) ?? placeOfCluster(index, machine.namespace, clusterName);
    places.set(placeKey, place);
    const deletion = rec(rec(body.status).deletion);
    const providerID = str(spec.providerID);
    const ofNode = (providerID === undefined ? undefined : nodes.byProviderID.get(providerID)) ?? nodes.byMachine.get(`${machine.namespace}/${machine.name}`);
    const ofMachine = conditionTrueAt(body, 'NodeReady') ?? conditionTrueAt(body, 'NodeHealthy');
    const nodeReady = ofNode === undefined || ofMachine === undefined ? ofNode ?? ofMachine : Math.min(ofNode, ofMachine);
    const timing: MachineTiming = {
      machine: `${machine.namespace}/${machine.name}`,
      cloud: place.cloud,
      region: place.region,
      instanceType: instanceTypeOf(index, machine, place.cloud),
      deleting: meta.deletionTimestamp !== undefined,
      notes: [],
    };
    const set = <K extends 'created' | 'infraReady' | 'nodeReady' | 'drainStart' | 'drainEnd'>(key: K, value: number | undefined) => { if (value !== undefined) timing[key] = value; };
    set('created', time(meta.creationTimestamp));
    set('infraReady', conditionTrueAt(body, 'InfrastructureReady'));
    set('nodeReady', nodeReady);
    set('drainStart', time(deletion.nodeDrainStartTime));
    set('drainEnd', time(deletion.waitForNodeVolumeDetachStartTime));
    return timing;
  });
}

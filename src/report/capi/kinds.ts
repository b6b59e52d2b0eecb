/**
 * The provider kinds `--format capi` writes for each cloud, in the shape each CAPI provider's API
 * types give them and `fleetsim import` reads back (the cloud rows' `manifests` readers,
 * src/cloud/<kind>/index.ts): where the region, account, instance type and node-pool size live.
 *
 * Sources: CAPA api/v1beta2 awscluster_types.go (spec.region), awsmachine_types.go (instanceType),
 * exp/api/v1beta2 awsmanagedmachinepool_types.go (instanceType, scaling.minSize/maxSize);
 * CAPZ api/v1beta1 azurecluster_types.go (location, subscriptionID), azuremachine_types.go (vmSize),
 * azuremanagedmachinepool_types.go (sku, scaling); CAPG api/v1beta1 gcpcluster_types.go (region,
 * project), gcpmachine_types.go (instanceType), exp gcpmanagedmachinepool_types.go (machineType,
 * scaling.minCount/maxCount); CAPD DockerCluster, DockerMachine, DockerMachinePool.
 */

import type { ProviderKind } from '../../cloud/provider.js';

export interface ProviderKinds {
  infraGroup: string;
  infraVersion: string;
  /** The infrastructure cluster of a self-managed cluster, and what it says. */
  cluster: string;
  clusterSpec: (region: string, account: string) => Record<string, unknown>;
  /** The infrastructure cluster of a managed (EKS/AKS/GKE) cluster. */
  managedCluster: string;
  managedControlPlane: string;
  managedControlPlaneSpec: (region: string, account: string, version: string) => Record<string, unknown>;
  machine: string;
  machineTemplate: string;
  /** The field of a machine (template) spec that names the instance type; none for docker. */
  instanceTypeField?: string;
  machinePool: string;
  machinePoolSpec: (instanceType: string, replicas: number) => Record<string, unknown>;
}

const CP_GROUP = 'controlplane.cluster.x-k8s.io';

export const PROVIDER_KINDS_OUT: Readonly<Record<ProviderKind, ProviderKinds>> = {
  aws: {
    infraGroup: 'infrastructure.cluster.x-k8s.io', infraVersion: 'v1beta2',
    cluster: 'AWSCluster', clusterSpec: (region) => ({ region }),
    managedCluster: 'AWSManagedCluster', managedControlPlane: 'AWSManagedControlPlane',
    managedControlPlaneSpec: (region, _account, version) => ({ region, version }),
    machine: 'AWSMachine', machineTemplate: 'AWSMachineTemplate', instanceTypeField: 'instanceType',
    machinePool: 'AWSManagedMachinePool', machinePoolSpec: (instanceType, replicas) => ({ instanceType, scaling: { minSize: replicas, maxSize: replicas } }),
  },
  azure: {
    infraGroup: 'infrastructure.cluster.x-k8s.io', infraVersion: 'v1beta1',
    cluster: 'AzureCluster', clusterSpec: (region, account) => ({ location: region, subscriptionID: account }),
    managedCluster: 'AzureManagedCluster', managedControlPlane: 'AzureManagedControlPlane',
    managedControlPlaneSpec: (region, account, version) => ({ location: region, subscriptionID: account, version }),
    machine: 'AzureMachine', machineTemplate: 'AzureMachineTemplate', instanceTypeField: 'vmSize',
    machinePool: 'AzureManagedMachinePool', machinePoolSpec: (instanceType, replicas) => ({ sku: instanceType, mode: 'User', scaling: { minSize: replicas, maxSize: replicas } }),
  },
  gcp: {
    infraGroup: 'infrastructure.cluster.x-k8s.io', infraVersion: 'v1beta1',
    cluster: 'GCPCluster', clusterSpec: (region, account) => ({ region, project: account }),
    managedCluster: 'GCPManagedCluster', managedControlPlane: 'GCPManagedControlPlane',
    managedControlPlaneSpec: (region, account, version) => ({ location: region, project: account, controlPlaneVersion: version }),
    machine: 'GCPMachine', machineTemplate: 'GCPMachineTemplate', instanceTypeField: 'instanceType',
    machinePool: 'GCPManagedMachinePool', machinePoolSpec: (instanceType, replicas) => ({ machineType: instanceType, scaling: { minCount: replicas, maxCount: replicas } }),
  },
  docker: {
    infraGroup: 'infrastructure.cluster.x-k8s.io', infraVersion: 'v1beta1',
    cluster: 'DockerCluster', clusterSpec: () => ({}),
    managedCluster: 'DockerCluster', managedControlPlane: 'DockerCluster', managedControlPlaneSpec: () => ({}),
    machine: 'DockerMachine', machineTemplate: 'DockerMachineTemplate',
    machinePool: 'DockerMachinePool', machinePoolSpec: () => ({}),
  },
};

export const CONTROL_PLANE_GROUP = CP_GROUP;

/**
 * AWS in the cloud table: EC2 through CAPA (AWSMachine), EKS managed control planes and managed
 * node groups. Kinds read on import: CAPA's v1beta2 API types (cluster-api-provider-aws
 * api/v1beta2, exp/api/v1beta2, controlplane/eks/api/v1beta2).
 */

import type { ApiCloud } from '../definition.js';
import { int, list, rec, str, zonesOf } from '../manifest-kinds.js';
import { validateCloudOverrides } from '../overrides.js';
import { AwsProvider } from './aws-provider.js';
import { AWS_CATALOG } from './defaults.js';
import { EksNodeGroups } from './eks-node-groups.js';

export const AWS: ApiCloud<'aws'> = {
  kind: 'aws',
  title: 'AWS',
  defaultRegion: 'us-east-1',
  zones: (region) => ['a', 'b', 'c'].map((z) => `${region}${z}`), // EC2: us-east-1a
  // CAPA findSubnet (cluster-api-provider-aws pkg/cloud/services/ec2/instances.go, `default:` case):
  // no failure domain → the first of the cluster's private subnets, i.e. the first zone's.
  zonelessMachineZone: (failureDomains) => failureDomains[0] ?? '',
  // ASSUMPTION: the size the seed manifests use (shared/examples/seed-manifests).
  defaultInstanceType: 'm6i.xlarge',
  managedControlPlane: true,
  model: {
    api: {
      catalog: AWS_CATALOG,
      create: (options) => new AwsProvider(options),
      managedNodePools: (provider, access) => new EksNodeGroups(provider, access),
    },
  },
  validateOverrides: (overrides) => validateCloudOverrides(AWS_CATALOG, overrides),
  manifests: {
    prefixes: ['AWS'],
    kinds: ['AWSCluster', 'AWSClusterTemplate', 'AWSManagedCluster', 'AWSManagedClusterTemplate', 'AWSManagedControlPlane', 'AWSManagedControlPlaneTemplate', 'AWSManagedMachinePool', 'AWSMachineTemplate', 'AWSMachinePool'],
    infraClusters: {
      AWSCluster: (spec) => ({ region: str(spec.region) }),
    },
    managedControlPlanes: {
      AWSManagedControlPlane: (spec) => ({ region: str(spec.region), version: str(spec.version) }),
    },
    machineTemplates: { AWSMachineTemplate: 'instanceType' },
    machinePools: {
      AWSManagedMachinePool: (spec) => {
        const scaling = rec(spec.scaling);
        const update = rec(spec.updateConfig);
        return {
          ...(str(spec.instanceType) ? { instanceType: spec.instanceType as string } : {}),
          ...(int(scaling.minSize) !== undefined ? { minSize: scaling.minSize as number } : {}),
          ...(int(scaling.maxSize) !== undefined ? { maxSize: scaling.maxSize as number } : {}),
          // EKS updateConfig: maxUnavailable (nodes) or maxUnavailablePercentage (cloud-facts §1.4).
          ...(int(update.maxUnavailable) !== undefined ? { maxUnavailable: update.maxUnavailable as number }
            : int(update.maxUnavailablePercentage) !== undefined ? { maxUnavailable: `${String(update.maxUnavailablePercentage)}%` } : {}),
          ...zonesOf(list(spec.availabilityZones)),
        };
      },
      AWSMachinePool: (spec) => {
        const instanceType = str(rec(spec.awsLaunchTemplate).instanceType);
        return {
          ...(instanceType ? { instanceType } : {}),
          ...(int(spec.minSize) !== undefined ? { minSize: spec.minSize as number } : {}),
          ...(int(spec.maxSize) !== undefined ? { maxSize: spec.maxSize as number } : {}),
          ...zonesOf(list(spec.availabilityZones)),
        };
      },
    },
  },
};

/**
 * GCP in the cloud table: GCE instances through CAPG (GCPMachine), GKE managed control planes and
 * node pools. Kinds read on import: CAPG's v1beta1 API types (cluster-api-provider-gcp api/v1beta1,
 * exp/api/v1beta1).
 */

import type { ApiCloud } from '../definition.js';
import { int, list, rec, str, zonesOf } from '../manifest-kinds.js';
import { validateCloudOverrides } from '../overrides.js';
import { GCP_CATALOG } from './defaults.js';
import { GcpProvider } from './gcp-provider.js';
import { GkeNodePools } from './gke-node-pools.js';

/** A GCP location may be a zone (`us-central1-a`): its region drops the zone letter. */
const gcpRegion = (location: string) => (/^[a-z]+-[a-z]+\d+-[a-z]$/.test(location) ? location.replace(/-[a-z]$/, '') : location);

const regionOf = (location: string | undefined) => (location ? gcpRegion(location) : undefined);

export const GCP: ApiCloud<'gcp'> = {
  kind: 'gcp',
  title: 'GCP',
  defaultRegion: 'us-central1',
  // CAPG MachineScope.Zone (cluster-api-provider-gcp cloud/scope/machine.go): no failure domain →
  // the cluster's failure domains sorted, the first one.
  zonelessMachineZone: (failureDomains) => [...failureDomains].sort()[0] ?? '',
  zones: (region) => ['a', 'b', 'c'].map((z) => `${region}-${z}`), // GCE: us-central1-a
  // ASSUMPTION: the size the seed manifests use (shared/examples/seed-manifests).
  defaultInstanceType: 'e2-standard-4',
  managedControlPlane: true,
  model: {
    api: {
      catalog: GCP_CATALOG,
      create: (options) => new GcpProvider(options),
      managedNodePools: (provider, access) => new GkeNodePools(provider, access),
    },
  },
  validateOverrides: (overrides) => validateCloudOverrides(GCP_CATALOG, overrides),
  manifests: {
    prefixes: ['GCP'],
    kinds: ['GCPCluster', 'GCPClusterTemplate', 'GCPManagedCluster', 'GCPManagedClusterTemplate', 'GCPManagedControlPlane', 'GCPManagedControlPlaneTemplate', 'GCPManagedMachinePool', 'GCPMachineTemplate'],
    infraClusters: {
      GCPCluster: (spec) => ({ region: regionOf(str(spec.region)), account: str(spec.project) }),
      GCPManagedCluster: (spec) => ({ region: regionOf(str(spec.region)), account: str(spec.project) }),
    },
    managedControlPlanes: {
      GCPManagedControlPlane: (spec) => ({ region: regionOf(str(spec.location)), account: str(spec.project), version: str(spec.controlPlaneVersion) ?? str(spec.version) }),
    },
    machineTemplates: { GCPMachineTemplate: 'instanceType' },
    machinePools: {
      GCPManagedMachinePool: (spec) => {
        const scaling = rec(spec.scaling);
        return {
          ...(str(spec.machineType) ? { instanceType: spec.machineType as string } : {}),
          ...(int(scaling.minCount) !== undefined ? { minSize: scaling.minCount as number } : {}),
          ...(int(scaling.maxCount) !== undefined ? { maxSize: scaling.maxCount as number } : {}),
          ...zonesOf(list(spec.nodeLocations)),
        };
      },
    },
  },
};

/**
 * Azure in the cloud table: VMs through CAPZ (AzureMachine), AKS managed control planes and agent
 * pools. Kinds read on import: CAPZ's v1beta1 API types (cluster-api-provider-azure api/v1beta1).
 */

import type { ApiCloud } from '../definition.js';
import { int, intOrPercent, list, rec, str, zonesOf } from '../manifest-kinds.js';
import { validateCloudOverrides } from '../overrides.js';
import { AksAgentPools } from './aks-agent-pools.js';
import { AzureProvider } from './azure-provider.js';
import { AZURE_CATALOG } from './defaults.js';

export const AZURE: ApiCloud<'azure'> = {
  kind: 'azure',
  title: 'Azure',
  defaultRegion: 'westeurope',
  // CAPZ MachineScope.AvailabilityZone (cluster-api-provider-azure azure/scope/machine.go): no
  // failure domain → "", a regional VM in no availability zone (a zone outage does not name it).
  zonelessMachineZone: () => '',
  zones: (region) => ['1', '2', '3'].map((z) => `${region}-${z}`), // Azure availability zones 1–3
  // ASSUMPTION: the size the seed manifests use (shared/examples/seed-manifests).
  defaultInstanceType: 'Standard_D4s_v5',
  managedControlPlane: true,
  model: {
    api: {
      catalog: AZURE_CATALOG,
      create: (options) => new AzureProvider(options),
      managedNodePools: (provider, access) => new AksAgentPools(provider, access),
    },
  },
  validateOverrides: (overrides) => validateCloudOverrides(AZURE_CATALOG, overrides),
  manifests: {
    prefixes: ['Azure'],
    kinds: ['AzureCluster', 'AzureClusterTemplate', 'AzureManagedCluster', 'AzureManagedClusterTemplate', 'AzureManagedControlPlane', 'AzureManagedControlPlaneTemplate', 'AzureManagedMachinePool', 'AzureMachineTemplate', 'AzureMachinePool'],
    infraClusters: {
      AzureCluster: (spec) => ({ region: str(spec.location), account: str(spec.subscriptionID) }),
    },
    managedControlPlanes: {
      AzureManagedControlPlane: (spec) => ({ region: str(spec.location), account: str(spec.subscriptionID), version: str(spec.version) }),
    },
    machineTemplates: { AzureMachineTemplate: 'vmSize' },
    machinePools: {
      AzureManagedMachinePool: (spec, region) => {
        const scaling = rec(spec.scaling);
        return {
          ...(str(spec.sku) ? { instanceType: spec.sku as string } : {}),
          ...(int(scaling.minSize) !== undefined ? { minSize: scaling.minSize as number } : {}),
          ...(int(scaling.maxSize) !== undefined ? { maxSize: scaling.maxSize as number } : {}),
          // Azure zones are numbers within the region ("1", "2", "3").
          ...zonesOf(list(spec.availabilityZones), (z) => (region !== undefined && /^\d+$/.test(z) ? `${region}-${z}` : z)),
        };
      },
      AzureMachinePool: (spec) => {
        const vmSize = str(rec(spec.template).vmSize);
        const rolling = rec(rec(spec.strategy).rollingUpdate);
        return {
          ...(vmSize ? { instanceType: vmSize } : {}),
          ...(intOrPercent(rolling.maxSurge) !== undefined ? { maxSurge: rolling.maxSurge as number | string } : {}),
          ...(intOrPercent(rolling.maxUnavailable) !== undefined ? { maxUnavailable: rolling.maxUnavailable as number | string } : {}),
        };
      },
    },
  },
};

/**
 * What one cloud declares: its row in the cloud table (cloud/clouds.ts). A cloud is one folder
 * (`cloud/<kind>/`) whose index.ts exports its row (`ApiCloud<'aws'>`, `LocalCloud<'docker'>`): where its clusters live when the
 * file does not say (region, zones, instance type), how its provider is built (an API model with
 * its catalogue, or a local provider without an API), its managed node pools, what its
 * `clouds.<kind>` overrides may say, and which CAPI provider kinds it reads on import.
 */

import type { RandomStreams } from '../engine/random.js';
import type { Simulation } from '../engine/simulation.js';
import type { CloudCatalog } from './catalog.js';
import type { CloudProvider, CloudProviderOptions } from './cloud-provider.js';
import type { CloudManifests } from './manifest-kinds.js';
import type { NodeAccessFactory } from './node-pools/managed-node-pools.js';
import type { NodePoolProvider } from './node-pools/node-pool.js';
import type { CloudOverrides, OverrideIssue } from './overrides.js';
import type { InfrastructureProvider } from './provider.js';

/** A cloud with an API: limits, retries, long-running operations (cloud-provider.ts). */
export interface ApiModel {
  readonly catalog: CloudCatalog;
  create(options: CloudProviderOptions): CloudProvider;
  /** The cloud's managed node groups (EKS, AKS, GKE) for clusters with a managed control plane. */
  managedNodePools?(provider: CloudProvider, access: NodeAccessFactory): NodePoolProvider;
}

/** A provider without an API (docker): its instance timings are all it has. */
export interface LocalModel {
  create(sim: Simulation, streams: RandomStreams, overrides: CloudOverrides, scope: string): InfrastructureProvider;
}

interface CloudCommon<K extends string> {
  readonly kind: K;
  /** How messages name it (`Docker has no managed control plane`). */
  readonly title: string;
  /** Where a cluster lives when the file does not say. ASSUMPTION: each cloud's most common region. */
  readonly defaultRegion: string;
  /** Three failure domains of a region, as the cloud names its zones. */
  zones(region: string): string[];
  /**
   * Where the provider puts a Machine that has no failure domain (a MachineDeployment whose
   * template names none), given the cluster's failure domains in their order; '' for a regional
   * instance in no zone.
   */
  zonelessMachineZone(failureDomains: readonly string[]): string;
  /** The instance type of pools and control planes that name none. */
  readonly defaultInstanceType: string;
  /** Whether the cloud runs control planes itself (EKS, AKS, GKE). */
  readonly managedControlPlane: boolean;
  /** Every problem in this cloud's `clouds.<kind>` overrides, paths relative to it. */
  validateOverrides(overrides: CloudOverrides): OverrideIssue[];
  /** The CAPI provider's kinds the manifest importer reads (CAPA, CAPZ, CAPG, CAPD). */
  readonly manifests: CloudManifests;
}

/** A cloud with an API model (aws, azure, gcp). */
export interface ApiCloud<K extends string> extends CloudCommon<K> {
  readonly model: { readonly api: ApiModel; readonly local?: undefined };
}

/** A provider without one (docker). */
export interface LocalCloud<K extends string> extends CloudCommon<K> {
  readonly model: { readonly api?: undefined; readonly local: LocalModel };
}

/** A row of the cloud table. Rows are declared with their exact type (`ApiCloud<'aws'>`), which the table's derived types read. */
export type CloudDefinition<K extends string = string> = ApiCloud<K> | LocalCloud<K>;

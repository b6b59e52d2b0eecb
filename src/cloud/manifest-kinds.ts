/**
 * What a cloud's CAPI provider (CAPA, CAPZ, CAPG, CAPD) writes in the manifests users keep in Git,
 * as far as the importer (scenario/manifests/convert.ts) reads it: which kinds are the provider's,
 * and where each kind says the region, account, version, instance type and pool settings. Each
 * cloud declares its own in its row (cloud/<kind>/index.ts), citing the provider's API types.
 */

/** A manifest object's body, read without trusting its shape. */
export type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The value as a mapping ({} when it is none). */
export const rec = (value: unknown): Json => (isRecord(value) ? value : {});
/** A non-empty string, or undefined. */
export const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
/** An integer, or undefined. */
export const int = (value: unknown): number | undefined => (typeof value === 'number' && Number.isInteger(value) ? value : undefined);
/** An int-or-percent as written (the loader checks it), or undefined. */
export const intOrPercent = (value: unknown): number | string | undefined => (typeof value === 'number' || typeof value === 'string' ? value : undefined);
/** The value as a list ([] when it is none). */
export const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** What an infrastructure cluster or a managed control plane says about where the cluster runs. */
export interface ClusterFacts {
  region?: string | undefined;
  /** AWS account / Azure subscription / GCP project. */
  account?: string | undefined;
  version?: string | undefined;
}

/** What an infrastructure machine pool says about its pool, in the scenario format's fields (written in this order). */
export interface PoolFacts {
  instanceType?: string;
  minSize?: number;
  maxSize?: number;
  maxSurge?: number | string;
  maxUnavailable?: number | string;
  /** Failure domains, when the pool is pinned to some. */
  zones?: string[];
}

export interface CloudManifests {
  /** Kind prefixes of the provider's objects (`AWS` for AWSCluster, AWSMachineTemplate, …). */
  readonly prefixes: readonly string[];
  /** Every kind of the provider the importer reads. */
  readonly kinds: readonly string[];
  /** Infrastructure clusters (`spec` given). */
  readonly infraClusters: Readonly<Record<string, (spec: Json) => ClusterFacts>>;
  /** Managed control planes (`spec` given): the cloud runs the control plane. */
  readonly managedControlPlanes: Readonly<Record<string, (spec: Json) => ClusterFacts>>;
  /** Machine templates: the field of `spec.template.spec` that names the instance type. */
  readonly machineTemplates: Readonly<Record<string, string>>;
  /** Infrastructure machine pools (`spec` given; `region` the cluster's, when known). */
  readonly machinePools: Readonly<Record<string, (spec: Json, region: string | undefined) => PoolFacts>>;
}

/** `{ zones }` when the list names any (strings only, mapped), else nothing. */
export function zonesOf(values: unknown[], map: (zone: string) => string = (zone) => zone): Pick<PoolFacts, 'zones'> {
  const zones = values.filter((zone): zone is string => typeof zone === 'string').map(map);
  return zones.length > 0 ? { zones } : {};
}

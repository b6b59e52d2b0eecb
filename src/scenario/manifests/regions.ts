/**
 * Regions of imported manifests, checked against each cloud's published list (src/cloud/<kind>/regions.ts,
 * each with its source). A value that cannot be a region name of the cloud, such as a placeholder a
 * template leaves for a ClusterClass patch or an unset variable (`set-by-patch`, `REGION`,
 * `${AWS_REGION}` left as text), is refused with the closest region as a suggestion. A name of the
 * cloud's shape that is not in the list (a region opened after the list was written) is imported
 * with a warning, so a new region never blocks an import. The shapes: AWS `us-east-1`,
 * `us-gov-west-1` (`<area>-<direction>-<n>`); GCP `us-central1` (`<area>-<direction><n>`); Azure
 * lower-case letters and digits, `westeurope`, `eastus2`. Docker has none.
 */

import { AWS_REGIONS } from '../../cloud/aws/regions.js';
import { AZURE_REGIONS } from '../../cloud/azure/regions.js';
import { GCP_REGIONS } from '../../cloud/gcp/regions.js';
import { didYouMean } from '../../schema/names.js';
import type { Provider } from '../model.js';

const CLOUD_REGIONS: Readonly<Partial<Record<Provider, { pattern: RegExp; example: string; regions: ReadonlySet<string> }>>> = {
  aws: { pattern: /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d+$/, example: 'us-east-1', regions: new Set(AWS_REGIONS) },
  gcp: { pattern: /^[a-z]+-[a-z]+\d+$/, example: 'us-central1', regions: new Set(GCP_REGIONS) },
  azure: { pattern: /^[a-z]+\d*[a-z]*\d*$/, example: 'westeurope', regions: new Set(AZURE_REGIONS) },
};

/** Why `region` cannot be one of `provider`'s regions, or undefined when it can. */
export function regionProblem(provider: Provider, region: string): string | undefined {
  const cloud = CLOUD_REGIONS[provider];
  if (cloud === undefined || cloud.regions.has(region) || cloud.pattern.test(region)) return undefined;
  const placeholder = /patch|placeholder|changeme|replace|todo|^\$|\{|region/i.test(region);
  if (placeholder) return `"${region}" is not a region of ${provider} (expected a name such as ${cloud.example}): it looks like a placeholder a ClusterClass patch or a variable fills in; give the region with --var (or the topology variable the class reads)`;
  return `"${region}" is not a region of ${provider} (expected a name such as ${cloud.example})${didYouMean(region, cloud.regions)}`;
}

/** A warning for a name of the cloud's shape that is not in its list of regions, or undefined. */
export function regionWarning(provider: Provider, region: string): string | undefined {
  const cloud = CLOUD_REGIONS[provider];
  if (cloud === undefined || cloud.regions.has(region) || !cloud.pattern.test(region)) return undefined;
  return `"${region}" is not in fleetsim's list of ${provider} regions (src/cloud/${provider}/regions.ts)${didYouMean(region, cloud.regions)}; imported as written`;
}

/** Reports `region`'s problem as an error, or its warning. */
export function checkRegion(provider: Provider, region: string, error: (message: string) => void, warn: (message: string) => void): void {
  const problem = regionProblem(provider, region);
  if (problem !== undefined) error(problem);
  const warning = regionWarning(provider, region);
  if (warning !== undefined) warn(warning);
}

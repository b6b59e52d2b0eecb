/**
 * Region names as each cloud spells them, to refuse a placeholder a template leaves for a
 * ClusterClass patch or an unset variable (`set-by-patch`, `REGION`, `${AWS_REGION}` left as
 * text) instead of simulating a cloud region that does not exist. The shapes (not lists, which
 * change every year): AWS `us-east-1`, `eu-central-2`, `us-gov-west-1` (docs.aws.amazon.com
 * global-infrastructure regions: `<area>-<direction>-<n>`); GCP `us-central1`, `europe-west4`
 * (cloud.google.com/compute/docs/regions-zones: `<area>-<direction><n>`); Azure lower-case letters
 * and digits, `westeurope`, `eastus2` (`az account list-locations` names). Docker has none.
 */

import type { Provider } from '../model.js';

const SHAPES: Readonly<Partial<Record<Provider, { pattern: RegExp; example: string }>>> = {
  aws: { pattern: /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d+$/, example: 'us-east-1' },
  gcp: { pattern: /^[a-z]+-[a-z]+\d+$/, example: 'us-central1' },
  azure: { pattern: /^[a-z]+\d*[a-z]*\d*$/, example: 'westeurope' },
};

/** Why `region` cannot be one of `provider`'s regions, or undefined when it can. */
export function regionProblem(provider: Provider, region: string): string | undefined {
  const shape = SHAPES[provider];
  if (shape === undefined || shape.pattern.test(region)) return undefined;
  const placeholder = /patch|placeholder|changeme|replace|todo|^\$|\{|region/i.test(region);
  return `"${region}" is not a region of ${provider} (expected a name such as ${shape.example})${placeholder ? ': it looks like a placeholder a ClusterClass patch or a variable fills in; give the region with --var (or the topology variable the class reads)' : ''}`;
}

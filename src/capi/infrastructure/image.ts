/**
 * Which machine image an instance boots. A template that names an image (CAPA `ami.id`, CAPZ
 * `image`, CAPG `image` / `imageFamily`, a DockerMachine's `customImage`) boots that image whatever
 * the Kubernetes version; a template that names none gets the provider's default image for the
 * Machine's version, so a version upgrade rolls the image too (issue 12 case 5):
 * - CAPA: cluster-api-provider-aws pkg/cloud/services/ec2/instances.go `CreateInstance` (no
 *   `ami.id` → `defaultAMIIDLookup`) → pkg/cloud/services/ec2/ami.go `DefaultAMILookup` /
 *   `GenerateAmiName` (`capa-ami-{{.BaseOS}}-?{{.K8sVersion}}-*`, the full version); MachinePools
 *   the same in pkg/cloud/services/ec2/launchtemplate.go `DiscoverLaunchTemplateAMI`.
 * - CAPZ: cluster-api-provider-azure azure/scope/machine.go `GetVMImage` (no `image` →
 *   azure/services/virtualmachineimages/images.go `GetDefaultLinuxImage`: the community gallery
 *   image whose version is the full Kubernetes version).
 * - CAPG: cluster-api-provider-gcp cloud/scope/machine.go `InstanceImageSpec` (and
 *   cloud/scope/machinepool.go): the image family `capi-ubuntu-1804-k8s-v1-34`, by major.minor, so
 *   a patch upgrade keeps the family. GKE node pools take the node image of their node version.
 * - CAPD: cluster-api test/infrastructure/docker/internal/docker/machine.go `Create`
 *   (`kind.GetMapping` by version: a kindest/node image per version).
 * fleetsim names the default image `<provider>-<version>` (`gcp-v1.34` for a CAPG family).
 */

import type { ProviderKind } from '../../cloud/provider.js';
import { parseVersion } from '../version.js';

/**
 * The provider's default image for a Kubernetes version. `managedNodePool`: a cloud node group
 * (EKS, AKS, GKE), whose node image follows the node version.
 */
export function defaultMachineImage(provider: ProviderKind, version: string, managedNodePool = false): string {
  if (provider === 'gcp' && !managedNodePool) {
    const { major, minor } = parseVersion(version);
    return `gcp-v${major}.${minor}`;
  }
  return `${provider}-${version}`;
}

/** The image an instance of a template boots: the template's pinned image, else the default for the version. */
export function machineImage(template: { provider: ProviderKind; image?: string }, version: string, managedNodePool = false): string {
  return template.image ?? defaultMachineImage(template.provider, version, managedNodePool);
}

/**
 * What a live object dump (`kubectl get … -A -o yaml`, a `kind: List` with `status`) adds to the
 * objects users keep in Git: the failure domains the Cluster's infrastructure reported, and
 * metadata the server or CAPI set that a scenario must not carry over.
 *
 * `status.failureDomains` is a list of `{ name, controlPlane }` in cluster.x-k8s.io/v1beta2 and a
 * map keyed by name in v1beta1 (cluster-api@v1.13.5 api/core/v1beta2/cluster_types.go
 * `FailureDomain`; api/core/v1beta1 `FailureDomains`). Azure names its zones "1", "2", "3" within
 * the location (CAPZ azurecluster_reconciler `setFailureDomainsForLocation`); fleetsim writes them
 * `<region>-<n>` like the Azure row's zones.
 */

import { list, rec, str } from '../../cloud/manifest-kinds.js';
import type { Provider } from '../model.js';

/** The failure domain names in a Cluster's `status.failureDomains` (either API version), as fleetsim zones. */
export function statusFailureDomains(clusterBody: Record<string, unknown>, provider: Provider | undefined, region: string | undefined): string[] {
  const domains = rec(clusterBody.status).failureDomains;
  const names = Array.isArray(domains)
    ? list(domains).map((d) => str(rec(d).name)).filter((n): n is string => n !== undefined)
    : Object.keys(rec(domains));
  return names.map((name) => (provider === 'azure' && region !== undefined && /^\d+$/.test(name) ? `${region}-${name}` : name));
}

/**
 * Labels CAPI itself puts on objects (`cluster.x-k8s.io/cluster-name`, `topology.cluster.x-k8s.io/owned`, …):
 * they say which cluster an object belongs to, not how the user groups clusters, and are dropped.
 */
export function isControllerLabel(key: string): boolean {
  return key.startsWith('cluster.x-k8s.io/') || key.startsWith('topology.cluster.x-k8s.io/');
}

/**
 * A file kubectl printed from a live cluster: a top-level `kind: List` whose items carry the
 * server's `resourceVersion`. Its `${…}` are the objects' own content (shell scripts in
 * KubeadmConfig files, for instance), not clusterctl variables, so it is read without substitution.
 */
export function isLiveDump(text: string): boolean {
  return /^kind:\s*List\s*$/m.test(text) && /^\s+resourceVersion:\s*"?\d/m.test(text);
}

/** A MachineSet a MachineDeployment owns (its `ownerReferences`): the MachineDeployment describes the pool. */
export function ownedByMachineDeployment(object: { body: Record<string, unknown> }): boolean {
  return list(rec(object.body.metadata).ownerReferences).some((ref) => rec(ref).kind === 'MachineDeployment');
}

/** Finding a cluster's control plane object (KubeadmControlPlane or a managed one) through `spec.controlPlaneRef`. */

import type { CapiContext } from './context.js';
import type { Cluster, ControlPlane } from './types.js';

export function controlPlaneOf(ctx: CapiContext, cluster: Cluster): ControlPlane | undefined {
  const ref = cluster.spec.controlPlaneRef;
  if (ref === undefined) return undefined;
  return ctx.store.get<ControlPlane>(ref.kind, cluster.metadata.namespace, ref.name);
}

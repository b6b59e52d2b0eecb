/**
 * KubeadmControlPlane remediation of MachineHealthCheck-flagged control-plane Machines. Not
 * modelled yet: flagged control-plane Machines stay until fleetsim issue 3 lands this rule set
 * (capi-semantics.md §5.6).
 */

import type { ReconcileResult } from '../../kube/controller.js';
import type { CapiContext } from '../context.js';
import type { Cluster, KubeadmControlPlane, Machine } from '../types.js';

export function reconcileControlPlaneRemediation(_ctx: CapiContext, _cluster: Cluster, _kcp: KubeadmControlPlane, _machines: Machine[]): ReconcileResult | undefined {
  return undefined;
}

/**
 * MachineSet preflight checks, gating worker scale-up and worker remediation on the control plane
 * (feature gate MachineSetPreflightChecks, on by default; cluster-api@v1.13.5
 * internal/controllers/machineset/machineset_preflight.go `runPreflightChecks`,
 * `controlPlaneStablePreflightCheck`, `kubernetesVersionPreflightCheck`,
 * `kubeadmVersionPreflightCheck`; capi-semantics.md §2.3). While a control plane rolls out, no
 * worker Machine is created: this freezes workers for the whole control-plane upgrade.
 */

import { compareVersions, minorOf } from '../version.js';
import type { ControlPlane } from '../types.js';

export interface PreflightResult {
  ok: boolean;
  /** The failed checks' messages. */
  messages: string[];
}

/** The control plane's (spec.version, status.version) as the contract exposes them. */
export function controlPlaneVersions(controlPlane: ControlPlane): { spec: string; status: string | undefined } {
  return { spec: controlPlane.spec.version, status: controlPlane.status.version };
}

export function runPreflightChecks(controlPlane: ControlPlane | undefined, machineSetVersion: string, kubeadmBootstrap: boolean): PreflightResult {
  if (controlPlane === undefined) return { ok: true, messages: [] };
  const { spec, status } = controlPlaneVersions(controlPlane);
  const messages: string[] = [];
  if (status === undefined) messages.push(`${controlPlane.kind} ${controlPlane.metadata.name} is provisioning (ControlPlaneIsStable)`);
  else if (compareVersions(spec, status) > 0) messages.push(`${controlPlane.kind} ${controlPlane.metadata.name} is upgrading (ControlPlaneIsStable)`);
  const controlPlaneMinor = minorOf(spec);
  const machineSetMinor = minorOf(machineSetVersion);
  if (machineSetMinor > controlPlaneMinor) {
    messages.push(`MachineSet version (${machineSetVersion}) and ControlPlane version (${spec}) do not conform to the kubernetes version skew policy as MachineSet version is higher than ControlPlane version (KubernetesVersionSkew)`);
  } else if (machineSetMinor < controlPlaneMinor - 3) {
    messages.push(`MachineSet version (${machineSetVersion}) and ControlPlane version (${spec}) do not conform to the kubernetes version skew policy as MachineSet version is more than 3 minor versions older than the ControlPlane version (KubernetesVersionSkew)`);
  }
  if (kubeadmBootstrap && machineSetMinor !== controlPlaneMinor) {
    messages.push(`MachineSet version (${machineSetVersion}) and ControlPlane version (${spec}) do not conform to kubeadm version skew policy as kubeadm only supports joining with the same major+minor version as the control plane (KubeadmVersionSkew)`);
  }
  return { ok: messages.length === 0, messages };
}

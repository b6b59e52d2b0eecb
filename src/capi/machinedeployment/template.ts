/**
 * Whether a MachineSet's template is up to date with its MachineDeployment's: only version,
 * infrastructure reference, bootstrap reference and failure domain count; labels, annotations,
 * minReadySeconds and deletion timeouts propagate in place (cluster-api@v1.13.5
 * internal/controllers/machinedeployment/mdutil/util.go `MachineTemplateUpToDate`;
 * capi-semantics.md §1.3).
 */

import type { MachineTemplateSpec } from '../types.js';

export function machineTemplateUpToDate(current: MachineTemplateSpec, desired: MachineTemplateSpec): boolean {
  return current.version === desired.version &&
    current.infrastructureRef.kind === desired.infrastructureRef.kind &&
    current.infrastructureRef.name === desired.infrastructureRef.name &&
    current.bootstrapConfigRef === desired.bootstrapConfigRef &&
    current.failureDomain === desired.failureDomain;
}

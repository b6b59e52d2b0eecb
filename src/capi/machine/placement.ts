/**
 * The zone of a new worker Machine: its MachineSet template's failure domain when it has one,
 * else where the cluster's infrastructure provider puts a Machine without one (the cloud table's
 * `zonelessMachineZone`: CAPA the first private subnet's zone, CAPG the first sorted zone, CAPZ a
 * regional VM). CAPI itself never spreads a MachineDeployment over zones: a MachineSet creates
 * its Machines from one template (cluster-api@v1.13.5 internal/controllers/machineset
 * machineset_controller.go `computeDesiredMachine` copies `template.spec.failureDomain`).
 */

import { cloudOf } from '../../cloud/clouds.js';
import type { Cluster, MachineTemplateSpec } from '../types.js';

export function workerMachineZone(cluster: Cluster, template: MachineTemplateSpec): string {
  return template.failureDomain ?? cloudOf(cluster.spec.provider).zonelessMachineZone(cluster.spec.failureDomains);
}

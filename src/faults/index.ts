/**
 * The fault catalogue (fleetsim issue 5): each scenario fault perturbs the world at a time or at a
 * rate and records itself on the timeline. One kind per file; this dispatches on `kind`.
 */

import type { FaultHost } from './host.js';
import { scheduleApiBrownout, type ApiBrownoutFault } from './api-brownout.js';
import { scheduleApiOutage, type ApiOutageFault } from './api-outage.js';
import { scheduleBadImage, type BadImageFault } from './bad-image.js';
import { scheduleCapacityShortage, type CapacityShortageFault } from './capacity-shortage.js';
import { scheduleDrainBlocker, type DrainBlockerFault } from './drain-blocker.js';
import { scheduleManagementOutage, type ManagementOutageFault } from './management-outage.js';
import { scheduleNodeFailures, type NodeFailuresFault } from './node-failures.js';
import { schedulePartition, type PartitionFault } from './partition.js';
import { scheduleZoneOutage, type ZoneOutageFault } from './zone-outage.js';

/** A resolved fault of any kind. */
export type FaultSpec =
  | NodeFailuresFault
  | ZoneOutageFault
  | ApiBrownoutFault
  | ApiOutageFault
  | CapacityShortageFault
  | BadImageFault
  | ManagementOutageFault
  | PartitionFault
  | DrainBlockerFault;

export type FaultKind = FaultSpec['kind'];

/** Schedules every fault of the scenario, in file order (ties at one instant run in that order). */
export function scheduleFaults(host: FaultHost, faults: readonly FaultSpec[]): void {
  for (const fault of faults) scheduleFault(host, fault);
}

export function scheduleFault(host: FaultHost, fault: FaultSpec): void {
  switch (fault.kind) {
    case 'nodeFailures': return scheduleNodeFailures(host, fault);
    case 'zoneOutage': return scheduleZoneOutage(host, fault);
    case 'apiBrownout': return scheduleApiBrownout(host, fault);
    case 'apiOutage': return scheduleApiOutage(host, fault);
    case 'capacityShortage': return scheduleCapacityShortage(host, fault);
    case 'badImage': return scheduleBadImage(host, fault);
    case 'managementOutage': return scheduleManagementOutage(host, fault);
    case 'partition': return schedulePartition(host, fault);
    case 'drainBlocker': return scheduleDrainBlocker(host, fault);
  }
}

export type { FaultHost };
export type { FaultTarget } from './window.js';
export type { FaultBase, FaultCluster, Targeted } from './spec.js';
export type { NodeFailuresFault, ZoneOutageFault, ApiBrownoutFault, ApiOutageFault, CapacityShortageFault, BadImageFault, ManagementOutageFault, PartitionFault, DrainBlockerFault };

/**
 * The fault catalogue (fleetsim issue 5): each scenario fault perturbs the world at a time or at a
 * rate and records itself on the timeline. One kind per file; this dispatches on `kind`.
 */

import type { FaultSpec } from '../scenario/model.js';
import type { FaultHost } from './host.js';
import { scheduleApiBrownout } from './api-brownout.js';
import { scheduleApiOutage } from './api-outage.js';
import { scheduleBadImage } from './bad-image.js';
import { scheduleCapacityShortage } from './capacity-shortage.js';
import { scheduleDrainBlocker } from './drain-blocker.js';
import { scheduleManagementOutage } from './management-outage.js';
import { scheduleNodeFailures } from './node-failures.js';
import { schedulePartition } from './partition.js';
import { scheduleZoneOutage } from './zone-outage.js';

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

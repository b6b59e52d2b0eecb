/**
 * `managementOutage`: the management cluster's controllers stop for `for` (the manager is down:
 * nothing reconciles, watch events are lost), then start again and re-list everything, as a
 * restarted controller-runtime manager does (src/kube/manager.ts pause/resume). The workload
 * clusters and clouds keep going: Nodes fail and instances boot meanwhile, and CAPI catches up on
 * resume. Records `controller.paused` / `controller.resumed` with controller `all`.
 *
 * Pauses nest by reason in the manager: it resumes when the last outage (and any overlapping
 * `clusterctl move`) has ended.
 */

import { z } from 'zod';
import { MINUTE } from '../engine/duration.js';
import { Duration } from '../schema/fields.js';
import { defineFault, type FaultPlacement } from './definition.js';
import type { FaultHost } from './host.js';
import type { ResolvedFault } from './spec.js';
import { scheduleWindow } from './window.js';
import { controllerPaused, controllerResumed } from '../timeline/index.js';

export const ManagementOutageSchema = z.strictObject({ for: Duration });

export type ManagementOutageFault = ResolvedFault<'managementOutage', typeof ManagementOutageSchema>;

const REASON = 'management outage';

export function scheduleManagementOutage(host: FaultHost, fault: ManagementOutageFault): void {
  scheduleWindow(host, fault, () => {
    const { manager } = host;
    if (manager.pause(REASON)) host.timeline.record(controllerPaused(host.sim.now, { controller: 'all', reason: REASON }));
    return {
      target: { controllers: 'all' },
      end: () => {
        if (manager.resume(REASON)) host.timeline.record(controllerResumed(host.sim.now, { controller: 'all', reason: REASON }));
      },
    };
  });
}

// ---------------------------------------------------------------------------------------------
// The fault table's row

function resolveManagementOutage(f: z.output<typeof ManagementOutageSchema>, base: FaultPlacement): ManagementOutageFault {
  return { ...base, kind: 'managementOutage', for: f.for };
}

export const managementOutage = defineFault({
  kind: 'managementOutage',
  schema: ManagementOutageSchema,
  resolve: resolveManagementOutage,
  schedule: scheduleManagementOutage,
  label: (fault) => fault.kind,
  fuzz: {
    alias: 'mgmt',
    longest: 20 * MINUTE,
    item: (_choices, _fleet, context) => ({ for: context.for }),
  },
});

/**
 * `managementOutage`: the management cluster's controllers stop for `for` (the manager is down:
 * nothing reconciles, watch events are lost), then start again and re-list everything, as a
 * restarted controller-runtime manager does (src/kube/manager.ts pause/resume). The workload
 * clusters and clouds keep going: Nodes fail and instances boot meanwhile, and CAPI catches up on
 * resume. Records `controller.paused` / `controller.resumed` with controller `all`.
 *
 * Overlapping management outages nest: the manager resumes when the last one ends.
 */

import type { ManagementOutageFault } from '../scenario/model.js';
import type { Manager } from '../kube/manager.js';
import type { FaultHost } from './host.js';
import { scheduleWindow } from './window.js';

const REASON = 'management outage';

/** Management outages in progress, per manager. */
const outages = new WeakMap<Manager, number>();

export function scheduleManagementOutage(host: FaultHost, fault: ManagementOutageFault): void {
  scheduleWindow(host, fault, () => {
    const { manager } = host;
    const wasPaused = manager.paused;
    outages.set(manager, (outages.get(manager) ?? 0) + 1);
    manager.pause();
    if (!wasPaused) host.timeline.record({ t: host.sim.now, type: 'controller.paused', controller: 'all', reason: REASON });
    return {
      target: { controllers: 'all' },
      end: () => {
        const left = (outages.get(manager) ?? 1) - 1;
        outages.set(manager, left);
        if (left > 0 || !manager.paused) return;
        manager.resume();
        host.timeline.record({ t: host.sim.now, type: 'controller.resumed', controller: 'all', reason: REASON });
      },
    };
  });
}

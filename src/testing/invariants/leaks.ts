/**
 * `no-leaks`: once a run has settled, every Machine that is not being deleted has a live cloud
 * instance, and every live instance belongs to a Machine (CAPA / CAPZ / CAPG delete an instance
 * before they release their InfraMachine's finalizer; capi-semantics.md §3.3). Instances created
 * by a MachinePool's node group are the pool's to manage and are left out. Not checked when the
 * run did not settle: Machines in flight have no instance yet.
 */

import { at, type Invariant, type Violation } from '../invariant.js';
import type { RunRecord } from '../record.js';

const LIVE = new Set(['pending', 'running']);

/** Per Machine, what health checking said of it last: a hint at why nobody replaced it. */
function healthReports(events: RunRecord['events']): Map<string, string> {
  const reports = new Map<string, string>();
  for (const event of events) {
    if (event.type === 'mhc.unhealthy') reports.set(event.machine, `${event.healthCheck} reported it unhealthy at ${at(event.t)} (${event.reason}) but it was not remediated`);
    else if (event.type === 'kcp.remediationRefused') reports.set(event.machine, `KubeadmControlPlane refused to remediate it at ${at(event.t)} (${event.reason})`);
  }
  return reports;
}

export function noLeaks(): Invariant {
  return {
    name: 'no-leaks',
    description: 'after the run settles, no Machine is without a live instance and no live instance is without a Machine',
    check(run) {
      if (!run.summary.settled) return [];
      const t = run.summary.endedAt;
      const violations: Violation[] = [];
      const owned = new Set<string>();
      const health = healthReports(run.events);
      for (const machine of run.inventory.machines) {
        if (machine.providerID !== undefined) owned.add(machine.providerID);
        if (machine.deleting || LIVE.has(machine.instance)) continue;
        const what = machine.instance === 'none' ? 'no providerID (no instance was ever created)'
          : machine.instance === 'missing' ? `instance ${machine.providerID} that its cloud does not know`
          : `instance ${machine.providerID} in state ${machine.instance}`;
        violations.push({
          invariant: 'no-leaks', t, objects: [machine.key],
          message: `${at(t)}: ${machine.key} (phase ${machine.phase}) has ${what} after the run settled; ${health.get(machine.key) ?? 'no MachineHealthCheck reported it unhealthy'}`,
        });
      }
      for (const instance of run.inventory.instances ?? []) {
        if (!LIVE.has(instance.state) || owned.has(instance.providerID) || instance.owner.includes('MachinePool/')) continue;
        violations.push({
          invariant: 'no-leaks', t, objects: [instance.providerID, instance.owner],
          message: `${at(t)}: instance ${instance.providerID} (${instance.cloud}, ${instance.state}, created for ${instance.owner} of ${instance.cluster}) has no CAPI Machine after the run settled`,
        });
      }
      return violations;
    },
  };
}

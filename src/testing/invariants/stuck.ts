/**
 * What a cluster looks like at the end of a run that did not finish, read from the timeline: the
 * Machines that are not Running and since when, an active MachineHealthCheck short-circuit, drains
 * that started and did not finish, Nodes that could not join, and KubeadmControlPlane refusals.
 * Used in violation messages; it says what the timeline shows, not why.
 */

import { formatDuration } from '../../engine/duration.js';
import { FleetLedger } from '../ledger.js';
import { at } from '../invariant.js';
import type { RunRecord } from '../record.js';
import { clusterOf } from '../../timeline/index.js';
import { isFleetActivity } from '../../world/settle.js';

const LISTED = 4;

function list(items: string[]): string {
  return items.length <= LISTED ? items.join(', ') : `${items.slice(0, LISTED).join(', ')} and ${items.length - LISTED} more`;
}

export function diagnoseCluster(run: RunRecord, cluster: string): string {
  const ledger = new FleetLedger();
  const shortCircuits = new Map<string, string>();
  const drains = new Map<string, number>();
  const joinBlocked = new Map<string, string>();
  const refusals = new Map<string, string>();
  let lastEvent: { t: number; type: string } | undefined;
  for (const event of run.events) {
    ledger.apply(event);
    if (clusterOf(event) !== cluster) continue;
    if (isFleetActivity(event.type)) lastEvent = { t: event.t, type: event.type };
    switch (event.type) {
      case 'mhc.shortCircuit':
        shortCircuits.set(event.healthCheck, `${event.healthCheck} short-circuited since ${at(event.t)} (${event.unhealthy} of ${event.total} unhealthy, limit ${event.limit})`);
        break;
      case 'mhc.shortCircuitEnded':
        shortCircuits.delete(event.healthCheck);
        break;
      case 'machine.drain':
        if (event.stage === 'started') drains.set(event.object, event.t);
        else drains.delete(event.object);
        break;
      case 'node.joinBlocked':
        joinBlocked.set(event.object ?? event.node, event.reason);
        break;
      case 'kcp.remediationRefused':
        refusals.set(event.machine, event.reason);
        break;
    }
  }
  const end = run.summary.endedAt;
  const parts: string[] = [];
  const notRunning = [...ledger.machines.values()].filter((m) => m.cluster === cluster && m.phase !== 'Running')
    .map((m) => `${m.key} ${m.phase} for ${formatDuration(end - m.phaseSince)}`);
  if (notRunning.length > 0) parts.push(`Machines not Running: ${list(notRunning)}`);
  const notReady = [...ledger.machines.values()].filter((m) => m.cluster === cluster && m.phase === 'Running' && m.conditions.get('Ready') !== 'True')
    .map((m) => `${m.key} (Ready ${m.conditions.get('Ready') ?? 'never reported'})`);
  if (notReady.length > 0) parts.push(`Running Machines whose Node is not Ready: ${list(notReady)}`);
  if (shortCircuits.size > 0) parts.push([...shortCircuits.values()].join('; '));
  const draining = [...drains].filter(([machine]) => ledger.machines.has(machine)).map(([machine, t]) => `${machine} since ${at(t)}`);
  if (draining.length > 0) parts.push(`drains not finished: ${list(draining)}`);
  const blocked = [...joinBlocked].filter(([machine]) => ledger.machines.has(machine)).map(([machine, reason]) => `${machine} (${reason})`);
  if (blocked.length > 0) parts.push(`Nodes held back from joining: ${list(blocked)}`);
  const refused = [...refusals].filter(([machine]) => ledger.machines.has(machine)).map(([machine, reason]) => `${machine} (${reason})`);
  if (refused.length > 0) parts.push(`KubeadmControlPlane refused to remediate: ${list(refused)}`);
  if (parts.length === 0) parts.push(`every Machine Running and Ready; the cluster's last event was ${lastEvent === undefined ? 'none' : `${lastEvent.type} at ${at(lastEvent.t)}`}`);
  return parts.join('; ');
}

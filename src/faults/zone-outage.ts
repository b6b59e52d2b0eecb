/**
 * `zoneOutage`: a zone goes down for every provider serving it (optionally only one cloud or
 * region). The cloud side is the provider's `zoneDown` (CloudFaultHooks, src/cloud/faults.ts):
 * creates in the zone fail with the capacity error and instances booting there do not reach
 * running; instances already running stay listed as running. The workload side is done here:
 * the kubelets of the Nodes in the zone stop posting status (Ready=Unknown after the node-monitor
 * grace period), and kubelets of instances that reached running just before cannot join.
 *
 * When `for` ends the zone comes back: kubelets of Nodes whose instance is still running post
 * status again, and joins that were held back start over (with their join delay) if their
 * instance still runs. Nodes whose kubelet had already stopped before the outage (another fault)
 * stay as they were.
 */

import { must } from '../engine/must.js';
import { hasCloudFaultHooks } from '../cloud/faults.js';
import type { InfrastructureProvider } from '../cloud/provider.js';
import { z } from 'zod';
import { ProviderName } from '../cloud/clouds.js';
import { Identifier, Zone } from '../schema/fields.js';
import type { Node } from '../workload/node.js';
import type { WorkloadCluster } from '../workload/workload-cluster.js';
import { defineFault, withFor, type FaultPlacement, type FaultResolveContext } from './definition.js';
import type { FaultHost } from './host.js';
import { addJoinBlocker, recordJoinBlocked, type JoinRequest } from './join-gate.js';
import { keyOfSpec, providerKeyOf } from './targets.js';
import { For, type FaultCluster, type ResolvedFault } from './spec.js';
import { scheduleWindow } from './window.js';

export const ZoneOutageSchema = z.strictObject({ zone: Zone, cloud: ProviderName.optional(), region: Identifier.optional(), for: For });

export type ZoneOutageFault = ResolvedFault<'zoneOutage', typeof ZoneOutageSchema>;

function servesZone(spec: FaultCluster, zone: string): boolean {
  return spec.zones.includes(zone) || spec.workers.some((pool) => pool.zones.includes(zone));
}

/**
 * What overlapping outages of one zone share: how many are on, the kubelets they stopped and the
 * joins they held. Nothing comes back until the last of them ends.
 */
interface ZoneDown {
  active: number;
  stopped: Array<{ clusterKey: string; cluster: WorkloadCluster; node: Node }>;
  held: JoinRequest[];
}

const zonesDown = new WeakMap<object, Map<string, ZoneDown>>();

function zoneState(host: FaultHost, zone: string): ZoneDown {
  let zones = zonesDown.get(host.sim);
  if (zones === undefined) zonesDown.set(host.sim, (zones = new Map()));
  let state = zones.get(zone);
  if (state === undefined) zones.set(zone, (state = { active: 0, stopped: [], held: [] }));
  return state;
}

export function scheduleZoneOutage(host: FaultHost, fault: ZoneOutageFault): void {
  scheduleWindow(host, fault, () => {
    const { zone } = fault;
    const shared = zoneState(host, zone);
    shared.active++;
    const specs = host.clusterSpecs.filter((spec) =>
      (fault.cloud === undefined || spec.provider === fault.cloud) && (fault.region === undefined || spec.region === fault.region) && servesZone(spec, zone));
    const providers = new Map<string, InfrastructureProvider>();
    for (const spec of specs) providers.set(providerKeyOf(spec), host.providerOf(keyOfSpec(spec)));
    const providerKeys = [...providers.keys()].sort();
    for (const key of providerKeys) {
      const provider = must(providers, key, 'provider');
      if (hasCloudFaultHooks(provider)) provider.zoneDown(zone, true);
    }

    let stopped = 0;
    for (const spec of specs) {
      const clusterKey = keyOfSpec(spec);
      const cluster = host.workload(clusterKey).cluster;
      for (const node of cluster.sortedNodes()) {
        if (node.zone !== zone || node.kubeletStopped) continue;
        cluster.stopKubelet(node);
        shared.stopped.push({ clusterKey, cluster, node });
        stopped++;
      }
    }

    const clusterKeys = new Set(specs.map(keyOfSpec));
    const reason = `zone ${zone} is down`;
    const removeBlocker = addJoinBlocker(host, (request) => {
      if (request.zone !== zone || !clusterKeys.has(request.clusterKey)) return undefined;
      shared.held.push(request);
      recordJoinBlocked(host, fault, request, reason);
      return reason;
    });

    return {
      target: {
        zone, ...(fault.cloud !== undefined ? { cloud: fault.cloud } : {}), ...(fault.region !== undefined ? { region: fault.region } : {}),
        providers: providerKeys, clusters: [...clusterKeys], nodes: stopped,
      },
      end: () => {
        removeBlocker();
        for (const key of providerKeys) {
          const provider = must(providers, key, 'provider');
          if (hasCloudFaultHooks(provider)) provider.zoneDown(zone, false);
        }
        shared.active--;
        if (shared.active > 0) return; // another outage of this zone is still on
        const { stopped: toRestart, held } = shared;
        shared.stopped = [];
        shared.held = [];
        for (const { clusterKey, cluster, node } of toRestart) {
          if (host.providerOf(clusterKey).instanceState(node.providerID) === 'running') cluster.restartKubelet(node);
        }
        for (const request of held) {
          const alive = host.providerOf(request.clusterKey).instanceState(request.providerID) === 'running';
          if (alive && !host.workload(request.clusterKey).cluster.nodes.has(request.nodeName)) host.capi.kubelet.instanceRunning(request);
        }
      },
    };
  });
}

// ---------------------------------------------------------------------------------------------
// The fault table's row

function resolveZoneOutage(f: z.output<typeof ZoneOutageSchema>, base: FaultPlacement, ctx: FaultResolveContext): ZoneOutageFault {
  ctx.checkZone(f.zone, f.cloud, f.region, ['zone']);
  const fault: ZoneOutageFault = { ...base, kind: 'zoneOutage', zone: f.zone };
  if (f.cloud !== undefined) fault.cloud = f.cloud;
  if (f.region !== undefined) fault.region = f.region;
  return withFor(fault, f.for);
}

export const zoneOutage = defineFault({
  kind: 'zoneOutage',
  schema: ZoneOutageSchema,
  resolve: resolveZoneOutage,
  schedule: scheduleZoneOutage,
  label: (fault) => `zoneOutage ${fault.zone}`,
  fuzz: {
    alias: 'zone',
    item(choices, fleet, context) {
      const target = fleet.zones[choices.target % Math.max(fleet.zones.length, 1)];
      return target === undefined ? undefined : { zone: target.zone, cloud: target.cloud, for: context.for };
    },
  },
});

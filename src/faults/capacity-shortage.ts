/**
 * `capacityShortage`: a stock-out in one zone of a cloud (of one instance type, or of every type):
 * creates there fail with the cloud's capacity error (EC2 InsufficientInstanceCapacity, Azure
 * ZonalAllocationFailed, GCE ZONE_RESOURCE_POOL_EXHAUSTED; cloud-facts.md §1.7, §2, §3.1) until
 * `for` ends (CloudFaultHooks.setCapacity). Running instances are not touched. It applies to every
 * provider of the cloud: only those in the zone's region have instances there.
 */

import { hasCloudFaultHooks } from '../cloud/faults.js';
import { z } from 'zod';
import { ProviderName } from '../cloud/clouds.js';
import { NonEmptyString, Zone } from '../schema/fields.js';
import { defineFault, withFor, type FaultPlacement, type FaultResolveContext } from './definition.js';
import type { FaultHost } from './host.js';
import { matchingProviders } from './targets.js';
import { For, type ResolvedFault } from './spec.js';
import { scheduleWindow } from './window.js';

export const CapacityShortageSchema = z.strictObject({ cloud: ProviderName, zone: Zone, instanceType: NonEmptyString.optional(), for: For });

export type CapacityShortageFault = ResolvedFault<'capacityShortage', typeof CapacityShortageSchema>;

export function scheduleCapacityShortage(host: FaultHost, fault: CapacityShortageFault): void {
  scheduleWindow(host, fault, () => {
    const providers = matchingProviders(host, { cloud: fault.cloud });
    for (const { provider } of providers) if (hasCloudFaultHooks(provider)) provider.setCapacity(fault.zone, fault.instanceType, false);
    return {
      target: { cloud: fault.cloud, zone: fault.zone, ...(fault.instanceType !== undefined ? { instanceType: fault.instanceType } : {}), providers: providers.map((p) => p.key) },
      end: () => {
        for (const { provider } of providers) if (hasCloudFaultHooks(provider)) provider.setCapacity(fault.zone, fault.instanceType, true);
      },
    };
  });
}

// ---------------------------------------------------------------------------------------------
// The fault table's row

function resolveCapacityShortage(f: z.output<typeof CapacityShortageSchema>, base: FaultPlacement, ctx: FaultResolveContext): CapacityShortageFault {
  ctx.checkZone(f.zone, f.cloud, undefined, ['zone']);
  const fault: CapacityShortageFault = { ...base, kind: 'capacityShortage', cloud: f.cloud, zone: f.zone };
  if (f.instanceType !== undefined) fault.instanceType = f.instanceType;
  return withFor(fault, f.for);
}

export const capacityShortage = defineFault({
  kind: 'capacityShortage',
  schema: CapacityShortageSchema,
  resolve: resolveCapacityShortage,
  schedule: scheduleCapacityShortage,
  label: (fault) => `capacityShortage ${fault.cloud} ${fault.zone}`,
  fuzz: {
    alias: 'capacity',
    item(choices, fleet, context) {
      const target = fleet.zones[choices.target % Math.max(fleet.zones.length, 1)];
      return target === undefined ? undefined : { cloud: target.cloud, zone: target.zone, for: context.for };
    },
  },
});

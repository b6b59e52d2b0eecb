/**
 * `apiOutage`: every call to a cloud's API fails with a connection error, in the matching providers
 * (cloud, optionally one region), until `for` ends (CloudFaultHooks.setOutage). Creates and
 * deletes stall and are retried by the SDK and the controllers; instances already running are not
 * touched. The docker provider has no API, so an outage does nothing there.
 */

import { hasCloudFaultHooks } from '../cloud/faults.js';
import { z } from 'zod';
import { ProviderName } from '../cloud/clouds.js';
import { Identifier } from '../schema/fields.js';
import { defineFault, withFor, type FaultPlacement, type FaultResolveContext } from './definition.js';
import type { FaultHost } from './host.js';
import { matchingProviders } from './targets.js';
import { For, type ResolvedFault } from './spec.js';
import { scheduleWindow } from './window.js';

export const ApiOutageSchema = z.strictObject({ cloud: ProviderName, region: Identifier.optional(), for: For });

export type ApiOutageFault = ResolvedFault<'apiOutage', typeof ApiOutageSchema>;

export function scheduleApiOutage(host: FaultHost, fault: ApiOutageFault): void {
  scheduleWindow(host, fault, () => {
    const providers = matchingProviders(host, fault);
    for (const { provider } of providers) if (hasCloudFaultHooks(provider)) provider.setOutage(true);
    return {
      target: { cloud: fault.cloud, ...(fault.region !== undefined ? { region: fault.region } : {}), providers: providers.map((p) => p.key) },
      end: () => {
        for (const { provider } of providers) if (hasCloudFaultHooks(provider)) provider.setOutage(false);
      },
    };
  });
}

// ---------------------------------------------------------------------------------------------
// The fault table's row

function resolveApiOutage(f: z.output<typeof ApiOutageSchema>, base: FaultPlacement, ctx: FaultResolveContext): ApiOutageFault {
  ctx.checkCloud(f.cloud, f.region);
  const fault: ApiOutageFault = { ...base, kind: 'apiOutage', cloud: f.cloud };
  if (f.region !== undefined) fault.region = f.region;
  return withFor(fault, f.for);
}

export const apiOutage = defineFault({
  kind: 'apiOutage',
  schema: ApiOutageSchema,
  resolve: resolveApiOutage,
  schedule: scheduleApiOutage,
  label: (fault) => `apiOutage ${[fault.cloud, fault.region].filter(Boolean).join(' ')}`,
  fuzz: undefined,
});

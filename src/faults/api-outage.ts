/**
 * `apiOutage`: every call to a cloud's API fails with a connection error, in the matching providers
 * (cloud, optionally one region), until `for` ends (CloudFaultHooks.setOutage). Creates and
 * deletes stall and are retried by the SDK and the controllers; instances already running are not
 * touched. The docker provider has no API, so an outage does nothing there.
 */

import { hasCloudFaultHooks } from '../cloud/faults.js';
import { z } from 'zod';
import { ProviderName } from '../cloud/overrides.js';
import { Identifier } from '../schema/fields.js';
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

/**
 * `apiBrownout`: a cloud's API fails a fraction (`errorRate`) of the calls it admits with a 5xx,
 * for every action or only those listed, in the matching providers (cloud, and optionally region
 * and account). The providers model what follows: SDK retries, then the controller's requeue
 * (CloudFaultHooks.setBrownout, src/cloud/api-endpoint.ts). `for` ending clears it. The docker
 * provider has no API, so a brownout does nothing there.
 *
 * Overlapping brownouts stack in the provider (a call fails at 1 − Π(1 − rate)); each ends its own.
 */

import { hasCloudFaultHooks } from '../cloud/faults.js';
import { z } from 'zod';
import { ProviderName } from '../cloud/clouds.js';
import { Identifier, NonEmptyString } from '../schema/fields.js';
import { defineFault, withFor, type FaultPlacement, type FaultResolveContext } from './definition.js';
import type { FaultHost } from './host.js';
import { matchingProviders } from './targets.js';
import { For, type ResolvedFault } from './spec.js';
import { scheduleWindow } from './window.js';

export const ApiBrownoutSchema = z.strictObject({
  cloud: ProviderName,
  region: Identifier.optional(),
  account: NonEmptyString.optional(),
  errorRate: z.number().min(0).max(1),
  for: For,
  actions: z.array(Identifier).min(1).optional(),
});

/** `errorRate` 0..1; `actions` unset = every action. */
export type ApiBrownoutFault = ResolvedFault<'apiBrownout', typeof ApiBrownoutSchema>;

export function scheduleApiBrownout(host: FaultHost, fault: ApiBrownoutFault): void {
  scheduleWindow(host, fault, () => {
    const providers = matchingProviders(host, fault);
    const handles: Array<() => void> = [];
    for (const { provider } of providers) {
      if (!hasCloudFaultHooks(provider)) continue;
      const handle = provider.setBrownout(fault.errorRate, fault.actions);
      handles.push(() => provider.clearBrownout(handle));
    }
    return {
      target: {
        cloud: fault.cloud, ...(fault.region !== undefined ? { region: fault.region } : {}), ...(fault.account !== undefined ? { account: fault.account } : {}),
        providers: providers.map((p) => p.key),
      },
      fields: { errorRate: fault.errorRate, ...(fault.actions !== undefined ? { actions: fault.actions } : {}) },
      end: () => {
        for (const clear of handles) clear();
      },
    };
  });
}

// ---------------------------------------------------------------------------------------------
// The fault table's row

function resolveApiBrownout(f: z.output<typeof ApiBrownoutSchema>, base: FaultPlacement, ctx: FaultResolveContext): ApiBrownoutFault {
  ctx.checkCloud(f.cloud, f.region);
  const fault: ApiBrownoutFault = { ...base, kind: 'apiBrownout', cloud: f.cloud, errorRate: f.errorRate };
  if (f.region !== undefined) fault.region = f.region;
  if (f.account !== undefined) fault.account = f.account;
  if (f.actions !== undefined) fault.actions = [...f.actions];
  return withFor(fault, f.for);
}

export const apiBrownout = defineFault({
  kind: 'apiBrownout',
  schema: ApiBrownoutSchema,
  resolve: resolveApiBrownout,
  schedule: scheduleApiBrownout,
  label: (fault) => `apiBrownout ${[fault.cloud, fault.region].filter(Boolean).join(' ')} ${Math.round(fault.errorRate * 100)}%`,
  fuzz: {
    alias: 'brownout',
    item(choices, fleet, context) {
      const cloud = fleet.clouds[choices.target % Math.max(fleet.clouds.length, 1)];
      return cloud === undefined ? undefined : { cloud, errorRate: choices.size / 10, for: context.for };
    },
  },
});

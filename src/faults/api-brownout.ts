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
import type { ApiBrownoutFault } from '../scenario/model.js';
import type { FaultHost } from './host.js';
import { matchingProviders } from './targets.js';
import { scheduleWindow } from './window.js';

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

/**
 * Issue 12 case 10: retry loops stay bounded as the providers' are. A create that fails during a
 * zone outage is retried with controller-runtime's per-item exponential backoff, 5 ms · 2^n capped
 * at 1000 s (client-go util/workqueue/default_rate_limiters.go `DefaultTypedControllerRateLimiter`),
 * and the controller's own status write recording the failure does not cut that wait short (CAPA's
 * status-update predicate, CAPG writes no status, CAPZ writes only a change:
 * src/capi/infrastructure/create-retry.ts). Before this, a zone-outage AWSMachine called
 * RunInstances every 1–2 s (268 times in 45 min in scenarios/zone-outage-during-upgrade.yaml).
 */

import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/simulate.js';
import { ofType } from '../../src/timeline/index.js';
import { scenarioFromYaml } from '../helpers/scenario.js';

const OUTAGE_AT = 20 * 60_000;
const OUTAGE_FOR = 45 * 60_000;

/**
 * The most reconciles one item can start in a window of `length` ms when every one fails and is
 * requeued after 5 ms · 2^failures, capped at 1000 s: the first, then one per backoff step that
 * still ends inside the window (reconcile time only makes the count smaller).
 */
function backoffBound(length: number): number {
  let calls = 1;
  let elapsed = 0;
  for (let failures = 0; ; failures++) {
    elapsed += Math.min(5 * 2 ** failures, 1_000_000);
    if (elapsed > length) return calls;
    calls++;
  }
}

const CLOUDS = [
  { provider: 'aws', zones: '[us-east-1a, us-east-1b]', dead: 'us-east-1a', create: 'RunInstances' },
  { provider: 'azure', zones: '[eastus-1, eastus-2]', dead: 'eastus-1', create: 'VirtualMachines.CreateOrUpdate' },
  { provider: 'gcp', zones: '[us-central1-a, us-central1-b]', dead: 'us-central1-a', create: 'instances.insert' },
] as const;

function run(cloud: (typeof CLOUDS)[number]) {
  return simulate(scenarioFromYaml(`
apiVersion: fleetsim/v1alpha1
kind: Scenario
name: retries
seed: 4
horizon: 4h
clusters:
  - name: c
    provider: ${cloud.provider}
    zones: ${cloud.zones}
    version: v1.34.3
    controlPlane: { replicas: 1 }
    workers:
      - { name: md, kind: MachineDeployment, replicas: 4, failureDomain: ${cloud.dead} }
    healthCheck:
      maxUnhealthy: 100%
      unhealthyConditions:
        - { type: Ready, status: Unknown, timeout: 2m }
faults:
  - at: 20m
    zoneOutage: { zone: ${cloud.dead}, for: 45m }
`));
}

describe('failed creates back off as the provider controllers do (issue 12 case 10)', () => {
  it('the bound follows from the backoff formula: 20 reconciles in 45 minutes', () => {
    // 5 ms · (2^18 − 1) = 1,310.7 s over the first 18 failures, then 1000 s (the cap) ends at
    // 2,310.7 s and the next at 3,310.7 s, past 2,700 s: the first call + 19 retries.
    expect(backoffBound(OUTAGE_FOR)).toBe(20);
    expect(backoffBound(0)).toBe(1);
  });

  it.each(CLOUDS)('$provider: create calls per machine during a 45-minute zone outage stay within the backoff bound', (cloud) => {
    const result = run(cloud);
    const calls = new Map<string, number>();
    const requests = new Map<string, number>();
    for (const e of result.events.filter(ofType('cloud.call'))) {
      if (e.action !== cloud.create || e.object === undefined || e.t < OUTAGE_AT || e.t > OUTAGE_AT + OUTAGE_FOR) continue;
      const object: string = e.object;
      requests.set(object, (requests.get(object) ?? 0) + 1);
      if (e.attempt === 1) calls.set(object, (calls.get(object) ?? 0) + 1);
    }
    // Replacements for the dead zone's workers were tried during the outage, and failed.
    expect(calls.size).toBeGreaterThan(0);
    const bound = backoffBound(OUTAGE_FOR);
    // CAPZ's condition write wakes it once more whenever the failure reason changes.
    const perMachine = cloud.provider === 'azure' ? 2 * bound : bound;
    for (const [object, n] of calls) {
      expect(n, object).toBeLessThanOrEqual(perMachine);
      // Each reconcile's SDK call retries at most 3 times in all (aws standard, azcore, gax budgets).
      expect(requests.get(object)!, object).toBeLessThanOrEqual(3 * perMachine);
    }
    expect(Math.max(...calls.values())).toBeGreaterThan(5); // it did keep trying, with backoff
    if (process.env.FLEETSIM_PRINT_RETRIES) console.log(cloud.provider, 'max calls', Math.max(...calls.values()), 'max requests', Math.max(...requests.values()), 'machines', calls.size);
    expect(result.summary.settled).toBe(true);
  });
});

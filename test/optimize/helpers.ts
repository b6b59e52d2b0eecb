import { smallFleet } from '../sweep/helpers.js';

export { scenarioFile, smallFleet, tmp } from '../sweep/helpers.js';

/**
 * A docker fleet with random node crashes, so runs differ from seed to seed (MachineHealthCheck
 * remediations, availability dips) while each costs well under a second: the optimizer must race
 * through real noise.
 */
export function noisyFleet(options: { name?: string; count?: number } = {}): string {
  return smallFleet({
    name: options.name ?? 'noisy-fleet',
    count: options.count ?? 8,
    extra: 'faults:\n  - nodeFailures: { ratePerNodeHour: 0.1, mode: crash }\n',
  }).replace('replicas: 2', 'replicas: 3').replace('        workers:', `        healthCheck:
          maxUnhealthy: 40%
          nodeStartupTimeout: 10m
          unhealthyConditions:
            - { type: Ready, status: Unknown, timeout: 5m }
        workers:`);
}

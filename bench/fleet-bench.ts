/**
 * A generated fleet of 500 clusters × 20 workers (10,500 Machines with the control planes) doing a
 * full rolling upgrade on the docker provider: wall time, simulated events per second, peak RSS.
 */

import { loadScenarioText } from '../src/scenario/index.js';
import { simulate } from '../src/simulate.js';

/** With `mhc`, every cluster gets a MachineHealthCheck (maxUnhealthy 40 %, node startup 10 min, Ready False/Unknown 5 min). */
export function fleetScenario(clusters: number, workers: number, mhc = false): string {
  const healthCheck = mhc
    ? `
        healthCheck:
          maxUnhealthy: 40%
          nodeStartupTimeout: 10m
          unhealthyConditions:
            - { type: Ready, status: "False", timeout: 5m }
            - { type: Ready, status: Unknown, timeout: 5m }`
    : '';
  return `
apiVersion: fleetsim/v1alpha1
kind: Scenario
name: bench-fleet
seed: 1
horizon: 7d
clusters:
  - generate:
      count: ${clusters}
      name: "c-{index}"
      template:
        provider: docker
        version: v1.34.3
        controlPlane: { replicas: 1 }
        workers:
          - name: md-0
            kind: MachineDeployment
            replicas: ${workers}
            strategy: { type: RollingUpdate, maxSurge: 1, maxUnavailable: 0 }${healthCheck}
operations:
  - at: 10m
    upgrade:
      clusters: { matchLabels: {} }
      version: v1.35.0
`;
}

export interface FleetBenchResult {
  clusters: number;
  machines: number;
  wallSeconds: number;
  simulatedEvents: number;
  eventsPerSecond: number;
  simulatedMakespanMs: number | null;
  settled: boolean;
  peakRssMiB: number;
}

export function fleetBench(clusters = 500, workers = 20): FleetBenchResult {
  const loaded = loadScenarioText(fleetScenario(clusters, workers), 'bench-fleet.yaml');
  if (!loaded.ok) throw new Error(`bench scenario invalid: ${JSON.stringify(loaded.errors)}`);
  const start = process.hrtime.bigint();
  const result = simulate(loaded.scenario);
  const wallSeconds = Number(process.hrtime.bigint() - start) / 1e9;
  return {
    clusters,
    machines: clusters * (workers + 1),
    wallSeconds,
    simulatedEvents: result.summary.events,
    eventsPerSecond: result.summary.events / wallSeconds,
    simulatedMakespanMs: result.summary.fleet.upgradeMakespan,
    settled: result.summary.settled,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
  };
}

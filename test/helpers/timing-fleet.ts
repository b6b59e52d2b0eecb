/**
 * A fleet of single-control-plane AWS clusters with known instance boot and kubelet join
 * distributions, upgraded in one wave at 10m: what calibrate's round trip and backtest's
 * before/after pair simulate, so the timings they should recover are written once.
 */

export interface TimingFleet {
  name: string;
  seed: number;
  clusters: number;
  /** Cluster names are `<prefix>-{index}`. */
  prefix: string;
  workers: number;
}

/** Boot 40 s median / 70 s p95 and join 30 s / 50 s, as the scenario below sets them. */
export const BOOT = { median: 40_000, p95: 70_000 };
export const JOIN = { median: 30_000, p95: 50_000 };

export function timingFleetScenario(fleet: TimingFleet): string {
  return `apiVersion: fleetsim/v1alpha1
kind: Scenario
name: ${fleet.name}
seed: ${fleet.seed}
clouds:
  aws:
    instanceBoot: { distribution: lognormal, median: 40s, p95: 70s }
    kubeletJoin: { distribution: lognormal, median: 30s, p95: 50s }
clusters:
  - generate:
      count: ${fleet.clusters}
      name: "${fleet.prefix}-{index}"
      spread: { provider: [aws] }
      template:
        version: v1.34.3
        controlPlane: { replicas: 1 }
        workers:
          - { name: md-0, kind: MachineDeployment, replicas: ${fleet.workers}, strategy: { maxSurge: 5, maxUnavailable: 0 } }
operations:
  - at: 10m
    upgrade: { clusters: { matchLabels: {} }, version: v1.35.0, waves: { size: ${fleet.clusters} } }
`;
}

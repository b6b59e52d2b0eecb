/**
 * Samples the management cluster's controllers every `interval` of virtual time into
 * `controller.queue` timeline events: queue depth, busy workers, reconciles finished and their mean
 * latency during the interval, and API writes, so reports can draw load over time. A fixed cadence
 * costs a handful of events per simulated hour, whatever the fleet size.
 */

import type { Millis } from '../engine/duration.js';
import type { Simulation } from '../engine/simulation.js';
import type { Controller } from '../kube/controller.js';
import { controllerQueue, type Timeline } from '../timeline/index.js';

export const CONTROLLER_SAMPLE_INTERVAL: Millis = 30_000;

export class ControllerSampler {
  private readonly lastCount = new Map<string, number>();
  private readonly lastTotal = new Map<string, number>();
  private lastWrites = 0;
  /** Highest API write rate seen in one sample interval, per second. */
  peakWritesPerSecond = 0;
  /** Highest reconcile rate of each controller in one sample interval, per second. */
  readonly peakReconcilesPerSecond = new Map<string, number>();

  constructor(
    private readonly sim: Simulation,
    private readonly timeline: Timeline,
    private readonly controllers: readonly Controller[],
    private readonly writes: () => number,
    private readonly interval: Millis = CONTROLLER_SAMPLE_INTERVAL,
    private readonly onTick?: (now: Millis) => void,
  ) {}

  start(): void {
    this.sim.after(this.interval, this.sample, undefined);
  }

  private readonly sample = (): void => {
    const depth: Record<string, number> = {};
    const active: Record<string, number> = {};
    const reconciles: Record<string, number> = {};
    const latencyMeanMs: Record<string, number> = {};
    for (const controller of this.controllers) {
      const name = controller.name;
      const recorder = controller.metrics.latency;
      const count = recorder.count - (this.lastCount.get(name) ?? 0);
      const total = recorder.total - (this.lastTotal.get(name) ?? 0);
      this.lastCount.set(name, recorder.count);
      this.lastTotal.set(name, recorder.total);
      depth[name] = controller.depth;
      active[name] = controller.activeWorkers;
      reconciles[name] = count;
      const rate = (count * 1000) / this.interval;
      if (rate > (this.peakReconcilesPerSecond.get(name) ?? 0)) this.peakReconcilesPerSecond.set(name, rate);
      latencyMeanMs[name] = count === 0 ? 0 : Math.round(total / count);
    }
    const writes = this.writes();
    this.peakWritesPerSecond = Math.max(this.peakWritesPerSecond, ((writes - this.lastWrites) * 1000) / this.interval);
    this.timeline.record(controllerQueue(this.sim.now, { depth, active, reconciles, latencyMeanMs, apiWrites: writes - this.lastWrites }));
    this.lastWrites = writes;
    this.onTick?.(this.sim.now);
    this.sim.after(this.interval, this.sample, undefined);
  };
}

/**
 * Management-cluster controller load over time from the sampled `controller.queue` events
 * (observe/controller-sampler.ts: every 30 s of virtual time, per controller: queue `depth`,
 * `reconciles` finished in the interval and their mean latency `latencyMeanMs`). Samples are
 * merged into at most MAX_POINTS buckets: the deepest queue in a bucket, and the mean latency
 * weighted by reconciles.
 */

import type { Millis } from '../../engine/duration.js';
import type { TimelineEvent } from '../../timeline/index.js';

const MAX_POINTS = 300;

export interface ControllerPoint {
  controller: string;
  t: Millis;
  depth: number;
  reconciles: number;
  /** null when the controller finished no reconcile in the bucket. */
  latencyMs: number | null;
}

interface Sample {
  t: Millis;
  depth: Record<string, number>;
  reconciles: Record<string, number>;
  latency: Record<string, number>;
}

export class ControllerLoad {
  private readonly samples: Sample[] = [];

  observe(event: TimelineEvent): void {
    if (event.type !== 'controller.queue') return;
    this.samples.push({ t: event.t, depth: event.depth, reconciles: event.reconciles, latency: event.latencyMeanMs });
  }

  get sampled(): boolean {
    return this.samples.length > 0;
  }

  /**
   * Points per controller that ever had work (a queue or a reconcile), sorted by controller then
   * time. A bucket's time is its first sample's.
   */
  result(endMs: Millis): ControllerPoint[] {
    const width = Math.max(1, Math.ceil(Math.max(endMs, 1) / MAX_POINTS));
    const controllers = new Set<string>();
    for (const sample of this.samples) {
      for (const [name, depth] of Object.entries(sample.depth)) if (depth > 0) controllers.add(name);
      for (const [name, count] of Object.entries(sample.reconciles)) if (count > 0) controllers.add(name);
    }
    const out: ControllerPoint[] = [];
    for (const controller of [...controllers].sort()) {
      let current: ControllerPoint | undefined;
      let weighted = 0;
      let bucket = -1;
      const flush = (): void => {
        if (current === undefined) return;
        current.latencyMs = current.reconciles === 0 ? null : Math.round(weighted / current.reconciles);
        out.push(current);
      };
      for (const sample of this.samples) {
        const b = Math.floor(sample.t / width);
        const depth = sample.depth[controller] ?? 0;
        const reconciles = sample.reconciles[controller] ?? 0;
        const latency = sample.latency[controller] ?? 0;
        if (current === undefined || b !== bucket) {
          flush();
          current = { controller, t: sample.t, depth, reconciles, latencyMs: null };
          weighted = latency * reconciles;
          bucket = b;
          continue;
        }
        current.depth = Math.max(current.depth, depth);
        current.reconciles += reconciles;
        weighted += latency * reconciles;
      }
      flush();
    }
    return out;
  }
}

/** What a controller counts about itself, for summaries and capacity planning. */

import { quantileSorted } from 'd3-array';
import type { Millis } from '../engine/duration.js';

/**
 * The p-quantile (0..1) of sorted values, as d3-array's quantileSorted (R-7, linear between
 * closest ranks); undefined for none. Sort once, then one call per percentile (deps-perf.md §5).
 */
export function quantileOfSorted(sorted: Float64Array, p: number): number | undefined {
  // d3 reads typed arrays fine; its type declaration asks for an Array.
  return sorted.length === 0 ? undefined : quantileSorted(sorted as unknown as number[], p);
}

/** Keeps every sample in a growable typed array: exact percentiles, 8 bytes a reconcile. */
export class LatencyRecorder {
  private samples = new Float64Array(1024);
  private length = 0;
  private sumOfSamples = 0;

  record(value: Millis): void {
    if (this.length === this.samples.length) {
      const grown = new Float64Array(this.samples.length * 2);
      grown.set(this.samples);
      this.samples = grown;
    }
    this.samples[this.length++] = value;
    this.sumOfSamples += value;
  }

  get count(): number {
    return this.length;
  }

  /** Sum of all samples. */
  get total(): number {
    return this.sumOfSamples;
  }

  get mean(): number {
    return this.length === 0 ? 0 : this.sumOfSamples / this.length;
  }

  /** Sorted copy of the samples. */
  sorted(): Float64Array {
    return this.samples.slice(0, this.length).sort();
  }
}

export interface ControllerMetrics {
  name: string;
  reconciles: number;
  errors: number;
  requeues: number;
  maxDepth: number;
  /** Worker time spent reconciling (sum of reconcile costs). */
  busyMs: Millis;
  /** Resync reconciles of unchanged objects whose logic was not run (they still took a worker and their cost). */
  resyncsElided: number;
  /** Time from a key's enqueue to the end of the reconcile that served it. */
  latency: LatencyRecorder;
}

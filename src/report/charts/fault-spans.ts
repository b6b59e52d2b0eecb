/**
 * Faults as spans of time for the Gantt chart, from `fault.started` / `fault.ended` (faults/
 * window.ts: `fault` is the kind, `index` its place in the scenario's `faults:`, `target` what it
 * hit, `cluster` when it hit one cluster). A fault still open when the run ended ends there.
 * The clusters a fault hit are the event's `cluster`, its target's `clusters`, or the clusters of
 * its target's `providers` (`cloud/account/region`, for a cloud API fault); a fault with none of
 * these (the management cluster), or that hit every cluster, is drawn over the whole fleet.
 */

import type { FaultStarted, TimelineEvent } from '../../timeline/index.js';
import type { FaultSpec } from '../../scenario/model.js';
import { faultLabel } from '../../faults/index.js';
import type { Millis } from '../../engine/duration.js';

export interface FaultSpan {
  label: string;
  start: Millis;
  end: Millis;
  /** Cluster keys the fault hit, or empty for a fault on the whole fleet. */
  clusters: string[];
}


function targetClusters(event: FaultStarted, clustersByProvider: ReadonlyMap<string, readonly string[]>): string[] {
  if (event.cluster !== undefined) return [event.cluster];
  const { clusters, providers } = event.target;
  if (clusters !== undefined) return [...clusters];
  if (providers !== undefined) return providers.flatMap((provider) => [...(clustersByProvider.get(provider) ?? [])]);
  return [];
}

export class FaultSpans {
  /** Open faults by `index`. */
  private readonly open = new Map<string, Omit<FaultSpan, 'end'>>();
  private readonly closed: FaultSpan[] = [];

  /**
   * `faults`: the scenario's list, for labels; `clustersByProvider`: cluster keys by provider key
   * (`cloud/account/region`); `fleetSize`: a fault on this many clusters is drawn over the fleet.
   */
  constructor(private readonly faults: readonly FaultSpec[], private readonly clustersByProvider: ReadonlyMap<string, readonly string[]>, private readonly fleetSize: number) {}

  observe(event: TimelineEvent): void {
    if (event.type !== 'fault.started' && event.type !== 'fault.ended') return;
    const id = `#${event.index}`;
    if (event.type === 'fault.started') {
      const spec = this.faults[event.index];
      const clusters = [...new Set(targetClusters(event, this.clustersByProvider))].sort();
      this.open.set(id, { label: spec !== undefined ? faultLabel(spec) : event.fault, start: event.t, clusters: clusters.length >= this.fleetSize ? [] : clusters });
      return;
    }
    const started = this.open.get(id);
    if (started === undefined) return;
    this.open.delete(id);
    this.closed.push({ ...started, end: event.t });
  }

  /** Every span, faults still open ending at `endedAt`; sorted by start, then label. */
  spans(endedAt: Millis): FaultSpan[] {
    const spans = [...this.closed, ...[...this.open.values()].map((open) => ({ ...open, end: endedAt }))];
    return spans.sort((a, b) => a.start - b.start || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
  }
}

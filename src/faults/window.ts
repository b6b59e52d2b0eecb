/**
 * A fault's life in virtual time: it starts at `at` and, with `for`, ends `for` later. Both
 * instants are counted as pending work with the host, so the run does not settle before a fault
 * has started and (when it has a `for`) ended; each records `fault.started` / `fault.ended` with
 * the fault's kind, index and `target` (outputs.md "timeline.jsonl").
 */

import type { FaultHost } from './host.js';
import type { FaultBase } from './spec.js';
import { faultEnded, faultStarted, type FaultFields, type FaultTarget } from '../timeline/index.js';

export type { FaultFields, FaultTarget };

export function recordFault(host: FaultHost, edge: 'started' | 'ended', fault: Pick<FaultBase, 'kind' | 'index'>, target: FaultTarget, fields: FaultFields = {}): void {
  const event = { fault: fault.kind, index: fault.index, ...fields, target };
  host.timeline.record(edge === 'started' ? faultStarted(host.sim.now, event) : faultEnded(host.sim.now, event));
}

export interface FaultEffect {
  target: FaultTarget;
  fields?: FaultFields;
  /**
   * Undoes the fault when its `for` elapses (faults without `for` are never undone); may return
   * the target for `fault.ended` when it differs from the start's (a rate fault's nodes).
   */
  end?: () => FaultTarget | void;
}

/**
 * Schedules `start` at `fault.at` and, when the fault has `for`, its `end` at `at + for`; records
 * both events with the target `start` returned.
 */
export function scheduleWindow(host: FaultHost, fault: FaultBase, start: () => FaultEffect): void {
  host.pending(1);
  if (fault.for !== undefined) host.pending(1);
  host.sim.at(fault.at, () => {
    const effect = start();
    recordFault(host, 'started', fault, effect.target, effect.fields);
    host.pending(-1);
    if (fault.for === undefined) return;
    host.sim.after(fault.for, () => {
      const ended = effect.end?.();
      recordFault(host, 'ended', fault, ended ?? effect.target, effect.fields);
      host.pending(-1);
    }, undefined);
  }, undefined);
}

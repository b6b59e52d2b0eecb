/**
 * An invariant is a pure function of a run record that returns its violations. Each violation
 * names the simulated time and the objects involved, in a sentence a person can act on.
 */

import { formatDuration } from '../engine/duration.js';
import type { RunRecord } from './record.js';

export interface Violation {
  /** The invariant's name, e.g. `pool-max-surge`. */
  invariant: string;
  /** Virtual time in ms of the violation; null when it concerns the run as a whole. */
  t: number | null;
  /** `Kind/namespace/name` (`namespace/name` for a cluster, the metric for an expectation) of what is involved. */
  objects: string[];
  message: string;
}

export interface Invariant {
  name: string;
  /** One line: what must hold. */
  description: string;
  /** The check needs a second run with the same seed (`RunRecord.replay`). */
  needsReplay?: boolean;
  check(run: RunRecord): Violation[];
}

/** `t=1h2m30s` (or `t=0s`), the way every violation message starts. */
export function at(t: number): string {
  return `t=${formatDuration(t)}`;
}

export function formatViolation(violation: Violation): string {
  return `[${violation.invariant}] ${violation.message}`;
}

/** Runs every invariant over a record; violations in invariant order, then time order. */
export function checkRun(run: RunRecord, invariants: readonly Invariant[]): Violation[] {
  const violations: Violation[] = [];
  for (const invariant of invariants) {
    const found = invariant.check(run);
    found.sort((a, b) => (a.t ?? Number.MAX_SAFE_INTEGER) - (b.t ?? Number.MAX_SAFE_INTEGER));
    violations.push(...found);
  }
  return violations;
}

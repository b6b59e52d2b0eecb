/**
 * The one progress bar of every command (run, sweep, compare, merge, fuzz): a share of the work
 * done and a line of detail, on stderr, redrawn in place. It draws only on a terminal (never into a
 * redirected log or a pipe) and not with --quiet, and only when its text changes.
 */

import { formatDuration, type Millis } from '../engine/duration.js';
import type { SettleProgress } from '../simulate.js';

/** What the bar writes to: process.stderr, or a stand-in in tests. */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

export interface Progress {
  /** `done` of `total` units of work (any unit: runs, a share of a simulation); `detail` follows the bar. */
  update(done: number, total: number, detail?: string): void;
  /** Clears the bar; call once when the work ends (also after an error). */
  done(): void;
}

const BAR_WIDTH = 30;
const CLEAR_LINE = '\r\u001b[2K';
const NO_PROGRESS: Progress = { update() {}, done() {} };

export function progressLine(label: string, done: number, total: number, detail?: string): string {
  const fraction = total > 0 ? Math.min(1, Math.max(0, done / total)) : 1;
  const filled = Math.round(fraction * BAR_WIDTH);
  return `${label} [${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${Math.floor(fraction * 100)}%${detail === undefined || detail === '' ? '' : ` · ${detail}`}`;
}

export function createProgress(stream: ProgressStream, options: { quiet?: boolean; label: string }): Progress {
  if (options.quiet === true || stream.isTTY !== true) return NO_PROGRESS;
  let shown = '';
  return {
    update(done, total, detail) {
      let line = progressLine(options.label, done, total, detail);
      const columns = stream.columns ?? 80;
      if (line.length >= columns) line = line.slice(0, Math.max(0, columns - 1));
      if (line === shown) return;
      shown = line;
      stream.write(`${CLEAR_LINE}${line}`);
    },
    done() {
      if (shown === '') return;
      stream.write(CLEAR_LINE);
      shown = '';
    },
  };
}

/** Whole minutes of virtual time, so the text changes at most once a simulated minute. */
function minutes(ms: Millis): string {
  return formatDuration(Math.floor(ms / 60_000) * 60_000);
}

const PER_MILLE = 1000;

/**
 * A simulation's progress towards settling (not towards its horizon, which a settled run never
 * reaches): operations applied and rollouts finished, with the virtual time reached.
 */
export function simulationProgress(progress: Progress): (now: Millis, horizon: Millis, settling: SettleProgress) => void {
  let best = 0;
  return (now, _horizon, settling) => {
    // A wave that starts more rollouts than expected must not move the bar backwards.
    best = Math.max(best, Math.floor(settling.fraction * PER_MILLE));
    const parts = [
      ...(settling.rollouts > 0 ? [`${settling.rolloutsCompleted}/${settling.rollouts} rollouts done`] : []),
      ...(settling.operations > 0 ? [`${settling.operationsApplied}/${settling.operations} operations applied`] : []),
      `${minutes(now)} simulated`,
    ];
    progress.update(best, PER_MILLE, parts.join(' · '));
  };
}

function formatEta(seconds: number): string {
  if (!Number.isFinite(seconds)) return '—';
  const s = Math.round(seconds);
  return s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m` : s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/**
 * Runs of a sweep (or shards of a merge) done, with the rate and the time left: wall-clock figures,
 * shown on the terminal only (wall-clock-ok: nothing simulated reads them).
 */
export function runsProgress(progress: Progress, unit = 'runs'): (done: number, total: number) => void {
  const start = process.hrtime.bigint(); // wall-clock-ok
  let lastDraw = -1;
  return (done, total) => {
    const elapsed = Number(process.hrtime.bigint() - start) / 1e9; // wall-clock-ok
    // At most ten redraws a second: the rate changes at every run.
    if (done !== total && done !== 0 && elapsed - lastDraw < 0.1) return;
    lastDraw = elapsed;
    const rate = elapsed > 0 ? done / elapsed : 0;
    const eta = rate > 0 ? (total - done) / rate : Number.POSITIVE_INFINITY;
    progress.update(done, total, `${done}/${total} ${unit} · ${rate.toFixed(1)} ${unit}/s · ETA ${formatEta(eta)}`);
  };
}

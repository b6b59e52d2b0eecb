/**
 * The progress bar of a long `fleetsim run`: how far the simulation has got towards its horizon,
 * on stderr, redrawn in place. It writes only to a terminal (never into a redirected log or a
 * pipe) and not with --quiet. It redraws only when the text it shows changes, so it needs no
 * wall clock and costs nothing between redraws.
 */

import { formatDuration, type Millis } from '../engine/duration.js';

/** What the bar writes to: process.stderr, or a stand-in in tests. */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

export interface Progress {
  /** The simulation has reached `now` of `horizon` (virtual ms). */
  update(now: Millis, horizon: Millis): void;
  /** Clears the bar; call once when the run ends (also after an error). */
  done(): void;
}

const BAR_WIDTH = 30;
const CLEAR_LINE = '\r\u001b[2K';
const NO_PROGRESS: Progress = { update() {}, done() {} };

/** Whole minutes of virtual time, so the text changes at most once a simulated minute. */
function minutes(ms: Millis): string {
  return formatDuration(Math.floor(ms / 60_000) * 60_000);
}

export function progressLine(now: Millis, horizon: Millis, label = 'simulating'): string {
  const fraction = horizon > 0 ? Math.min(1, Math.max(0, now / horizon)) : 1;
  const filled = Math.round(fraction * BAR_WIDTH);
  return `${label} [${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${Math.floor(fraction * 100)}% · ${minutes(now)} of ${minutes(horizon)} simulated`;
}

export function createProgress(stream: ProgressStream, options: { quiet?: boolean; label?: string } = {}): Progress {
  if (options.quiet === true || stream.isTTY !== true) return NO_PROGRESS;
  let shown = '';
  return {
    update(now, horizon) {
      let line = progressLine(now, horizon, options.label);
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

/** A one-line status redrawn in place, with the bar's rules: a terminal only, not with --quiet, redrawn only when its text changes. */
export interface StatusLine {
  show(text: string): void;
  done(): void;
}

/** `[######------------------------]` for a fraction from 0 to 1. */
export function barText(fraction: number): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * BAR_WIDTH);
  return `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`;
}

export function createStatusLine(stream: ProgressStream, options: { quiet?: boolean } = {}): StatusLine {
  if (options.quiet === true || stream.isTTY !== true) return { show() {}, done() {} };
  let shown = '';
  return {
    show(text) {
      const columns = stream.columns ?? 80;
      const line = text.length >= columns ? text.slice(0, Math.max(0, columns - 1)) : text;
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

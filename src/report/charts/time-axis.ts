/**
 * One time axis for every chart of a report: the same unit (minutes for short runs, hours for
 * longer ones) and the same domain [0, end], so charts stacked on the page line up in time.
 * Data carry times already converted to the unit (rounded to 3 decimals, so the embedded specs
 * stay small and print the same everywhere).
 */

import { HOUR, MINUTE, type Millis } from '../../engine/duration.js';

export interface TimeAxis {
  unit: 'minutes' | 'hours';
  /** Milliseconds per unit. */
  size: Millis;
  /** End of the domain in ms (the run's end). */
  endMs: Millis;
  /** The smallest step the rounded times can show: a thousandth of the unit, in ms. */
  resolution: Millis;
  /** ms → unit, rounded to 3 decimals. */
  at(ms: Millis): number;
  /** The Vega-Lite x encoding's scale and axis for this axis. */
  scale(): { domain: [number, number]; nice: false; zero: true };
  title: string;
}

/** Runs up to 3 hours read best in minutes; longer ones in hours. */
export function timeAxis(endMs: Millis): TimeAxis {
  const end = Math.max(endMs, MINUTE);
  const unit = end <= 3 * HOUR ? 'minutes' : 'hours';
  const size = unit === 'minutes' ? MINUTE : HOUR;
  const at = (ms: Millis): number => Math.round((ms / size) * 1000) / 1000;
  return {
    unit,
    size,
    resolution: size / 1000,
    endMs: end,
    at,
    scale: () => ({ domain: [0, at(end)], nice: false, zero: true }),
    title: `${unit} since the scenario started`,
  };
}

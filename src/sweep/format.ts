/** How sweep and compare reports print a metric's value, by unit. */

import type { MetricUnit } from './metrics.js';
import { formatElapsed } from '../engine/duration.js';

/** The one duration format of every report (engine/duration.ts formatElapsed). */
export const formatMs = formatElapsed;

/** At most `digits` decimals; values under 1 keep three significant digits so small rates do not print as 0. */
function trimNumber(value: number, digits: number): string {
  if (value !== 0 && Math.abs(value) < 1) return Number(value.toPrecision(3)).toString();
  return Number(value.toFixed(digits)).toString();
}

export function formatMetric(value: number | null | undefined, unit: MetricUnit): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  switch (unit) {
    case 'ms': return formatMs(value);
    case 'ratio': return `${trimNumber(value * 100, 2)}%`;
    case 'boolean': return `${trimNumber(value * 100, 1)}%`;
    case 'perSecond': return trimNumber(value, 3);
    case 'count': return Number.isInteger(value) || Math.abs(value) >= 1000 ? Math.round(value).toLocaleString('en-US') : trimNumber(value, 2);
  }
}

/** A signed difference in the metric's unit: `+12m30s`, `−3.2%`. */
export function formatDifference(value: number | null | undefined, unit: MetricUnit): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  if (value === 0) return '0';
  const text = formatMetric(Math.abs(value), unit === 'boolean' ? 'ratio' : unit);
  return `${value > 0 ? '+' : '−'}${text}`;
}

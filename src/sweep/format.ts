/** How sweep and compare reports print a metric's value, by unit. */

import type { MetricUnit } from './metrics.js';

/** `1h34m36s`, `4m05s`, `12.5s`, `350ms`: seconds are rounded once a value passes a minute. */
export function formatMs(ms: number): string {
  if (ms < 0) return `-${formatMs(-ms)}`;
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(Math.round(ms / 100) / 10).toString()}s`;
  let seconds = Math.round(ms / 1000);
  const days = Math.floor(seconds / 86_400);
  seconds -= days * 86_400;
  const hours = Math.floor(seconds / 3600);
  seconds -= hours * 3600;
  const minutes = Math.floor(seconds / 60);
  seconds -= minutes * 60;
  const two = (n: number) => String(n).padStart(2, '0');
  if (days > 0) return `${days}d${two(hours)}h${two(minutes)}m`;
  if (hours > 0) return `${hours}h${two(minutes)}m${two(seconds)}s`;
  return `${minutes}m${two(seconds)}s`;
}

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

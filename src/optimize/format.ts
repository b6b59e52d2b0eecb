/** How optimize's reports print a figure: the sweep's formats by unit (src/sweep/format.ts), and ∞ for a figure some run never reached. */

import { formatDifference, formatMetric } from '../sweep/format.js';
import type { MetricUnit } from '../sweep/metrics.js';

export function formatFigure(value: number | null | undefined, unit: MetricUnit): string {
  if (value === Infinity) return '∞';
  if (value === -Infinity) return '−∞';
  return formatMetric(value, unit === 'boolean' ? 'ratio' : unit);
}

export function formatChange(value: number | null | undefined, unit: MetricUnit): string {
  if (value === Infinity) return '+∞';
  if (value === -Infinity) return '−∞';
  return formatDifference(value, unit);
}

/** A share as a percentage: 0.953 → 95.3%. */
export function formatShare(share: number): string {
  return `${Number((share * 100).toFixed(1))}%`;
}

/** A setting's value as text: a string as it is, unless it holds control characters (escaped, so no terminal sequence gets through); anything else as JSON. */
export function printable(value: unknown): string {
  if (typeof value !== 'string') return JSON.stringify(value) ?? String(value);
  return /[\u0000-\u001f\u007f-\u009f]/.test(value) ? JSON.stringify(value) : value;
}

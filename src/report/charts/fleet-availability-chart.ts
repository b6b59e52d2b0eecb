/**
 * Fleet-wide availability over time: available worker nodes as a share of the replicas the pools
 * want, capped at 100 % (a surge machine does not make the fleet more than available). Each
 * bucket keeps its lowest value, so a short dip still shows.
 */

import type { AvailabilityPoint } from './cluster-activity.js';
import { bucketWidthFor, downsample } from './downsample.js';
import type { TimeAxis } from './time-axis.js';
import { CHART_CONFIG, CHART_WIDTH } from './style.js';
import { VEGA_LITE_SCHEMA, type TopLevelSpec } from './spec-types.js';

const MAX_POINTS = 500;

export function fleetAvailabilitySpec(points: readonly AvailabilityPoint[], axis: TimeAxis, labelExtent: number): TopLevelSpec | undefined {
  const withDesired = points.filter((p) => p.desired > 0);
  if (withDesired.length === 0) return undefined;
  const ratio = (p: AvailabilityPoint): number => Math.min(1, p.available / p.desired);
  const sampled = downsample(withDesired, bucketWidthFor(axis, MAX_POINTS), (into, later) => (ratio(later) < ratio(into) ? { ...later, t: into.t } : into));
  const rows = sampled.map((p) => ({ t: axis.at(p.t), percent: Math.round(ratio(p) * 1000) / 10, available: p.available, desired: p.desired }));
  const last = rows[rows.length - 1];
  if (last !== undefined && last.t < axis.at(axis.endMs)) rows.push({ ...last, t: axis.at(axis.endMs) });
  const lowest = Math.min(...rows.map((r) => r.percent));
  // Show the dip with some room below it, in steps of 5 %.
  const floor = Math.max(0, Math.floor((lowest - 1) / 5) * 5);
  return {
    $schema: VEGA_LITE_SCHEMA,
    config: CHART_CONFIG,
    data: { values: rows },
    width: CHART_WIDTH,
    height: 110,
    mark: { type: 'area', interpolate: 'step-after', line: { color: '#2171b5', strokeWidth: 1.5 }, color: '#c6dbef', opacity: 0.8, aria: false },
    encoding: {
      x: { field: 't', type: 'quantitative', title: axis.title, scale: axis.scale() },
      y: { field: 'percent', type: 'quantitative', title: 'available (%)', scale: { domain: [floor, 100], zero: false }, axis: { minExtent: labelExtent, maxExtent: labelExtent } },
      y2: { datum: floor },
    },
  };
}

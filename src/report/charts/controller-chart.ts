/**
 * Management-cluster controllers over time: work-queue depth (the deepest in each bucket) and
 * mean reconcile latency, one line per controller that had work.
 */

import type { ControllerPoint } from './controller-load.js';
import type { TimeAxis } from './time-axis.js';
import { CHART_CONFIG, CHART_WIDTH } from './style.js';
import { VEGA_LITE_SCHEMA, type TopLevelSpec } from './spec-types.js';

export interface ControllerChartInput {
  points: readonly ControllerPoint[];
  axis: TimeAxis;
  labelExtent: number;
}

/** Depth as a step line needs only the points where it changes (and each controller's last one). */
function depthRows(points: readonly ControllerPoint[], axis: TimeAxis): Array<{ controller: string; t: number; depth: number }> {
  const rows: Array<{ controller: string; t: number; depth: number }> = [];
  for (let i = 0; i < points.length; i++) {
    const p = points[i] as ControllerPoint;
    const previous = points[i - 1];
    const next = points[i + 1];
    const first = previous === undefined || previous.controller !== p.controller;
    const last = next === undefined || next.controller !== p.controller;
    if (first || last || previous.depth !== p.depth) rows.push({ controller: p.controller, t: axis.at(p.t), depth: p.depth });
  }
  return rows;
}

export function controllerSpec(input: ControllerChartInput): TopLevelSpec | undefined {
  if (input.points.length === 0) return undefined;
  const { axis } = input;
  const latency = input.points.filter((p) => p.latencyMs !== null).map((p) => ({ controller: p.controller, t: axis.at(p.t), seconds: Math.round(p.latencyMs as number) / 1000 }));
  const x = { field: 't', type: 'quantitative' as const, title: null, scale: axis.scale() };
  const axisY = { minExtent: input.labelExtent, maxExtent: input.labelExtent };
  const controllers = [...new Set(input.points.map((p) => p.controller))];
  const color = { field: 'controller', type: 'nominal' as const, title: 'controller', scale: { domain: controllers, scheme: 'tableau10' } };
  return {
    $schema: VEGA_LITE_SCHEMA,
    config: CHART_CONFIG,
    spacing: 10,
    vconcat: [
      {
        data: { values: depthRows(input.points, axis) },
        width: CHART_WIDTH,
        height: 130,
        mark: { type: 'line', interpolate: 'step-after', strokeWidth: 1.5, aria: false },
        encoding: { x, color, y: { field: 'depth', type: 'quantitative', title: 'queue depth', axis: { ...axisY, tickMinStep: 1 } } },
      },
      {
        data: { values: latency },
        width: CHART_WIDTH,
        height: 130,
        mark: { type: 'line', strokeWidth: 1.5, aria: false },
        encoding: { x: { ...x, title: axis.title }, color, y: { field: 'seconds', type: 'quantitative', title: 'reconcile latency (s, mean)', axis: axisY } },
      },
    ],
  };
}

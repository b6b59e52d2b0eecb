/**
 * Cloud API calls per minute by outcome, one row of stacked bars per cloud and region: where
 * the API throttled and when.
 */

import type { Millis } from '../../engine/duration.js';
import { MINUTE } from '../../engine/duration.js';
import type { CallBucket } from './cloud-call-rate.js';
import type { TimeAxis } from './time-axis.js';
import { CHART_CONFIG, CHART_WIDTH, OUTCOMES, OUTCOME_COLORS } from './style.js';
import { VEGA_LITE_SCHEMA, type TopLevelSpec } from './spec-types.js';

export interface CloudCallsChartInput {
  buckets: readonly CallBucket[];
  width: Millis;
  axis: TimeAxis;
  labelExtent: number;
}

const round = (value: number): number => Math.round(value * 1000) / 1000;

export function cloudCallsSpec(input: CloudCallsChartInput): TopLevelSpec | undefined {
  if (input.buckets.length === 0) return undefined;
  const { axis } = input;
  const minutes = input.width / MINUTE;
  const rows = input.buckets.map((b) => {
    const row: Record<string, string | number> = { group: b.group, t: axis.at(b.t) };
    OUTCOMES.forEach((outcome, i) => { row[outcome] = round((b.counts[i] as number) / minutes); });
    return row;
  });
  const bucketInUnit = axis.at(input.width);
  return {
    $schema: VEGA_LITE_SCHEMA,
    config: CHART_CONFIG,
    data: { values: rows },
    transform: [
      { calculate: `datum.t + ${bucketInUnit}`, as: 'end' },
      { fold: [...OUTCOMES], as: ['outcome', 'perMinute'] },
      { filter: 'datum.perMinute > 0' },
      { calculate: `indexof(${JSON.stringify(OUTCOMES)}, datum.outcome)`, as: 'outcomeOrder' },
      // Stacked by hand: a rect spanning x..x2 does not stack by itself.
      { calculate: `datum.group + ': ' + datum.perMinute + ' ' + datum.outcome + ' calls/min at ' + datum.t + ' ${axis.unit === 'hours' ? 'h' : 'min'}'`, as: 'label' },
      { stack: 'perMinute', groupby: ['group', 't'], sort: [{ field: 'outcomeOrder', order: 'ascending' }], as: ['from', 'to'] },
    ],
    facet: { row: { field: 'group', type: 'nominal', title: null, header: { labelAngle: 0, labelOrient: 'top', labelAnchor: 'start', labelFontWeight: 'bold' } } },
    spacing: 10,
    spec: {
      width: CHART_WIDTH,
      height: 90,
      mark: { type: 'rect' },
      encoding: {
        x: { field: 't', type: 'quantitative', title: axis.title, scale: axis.scale() },
        x2: { field: 'end' },
        y: { field: 'to', type: 'quantitative', title: minutes === 1 ? 'calls / min' : `calls / min (${minutes}-min buckets)`, axis: { minExtent: input.labelExtent, maxExtent: input.labelExtent } },
        y2: { field: 'from' },
        color: { field: 'outcome', type: 'nominal', title: 'outcome', scale: { domain: [...OUTCOMES], range: [...OUTCOME_COLORS] } },
        description: { field: 'label' },
        tooltip: { field: 'label' },
      },
    },
    resolve: { scale: { y: 'independent' } },
  };
}

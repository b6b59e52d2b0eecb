/**
 * The fleet Gantt chart: each cluster's rollouts as bars over time, grouped by wave (one row
 * band per wave), coloured by cloud, unfinished rollouts faded, and faults as shaded spans: a
 * lane of their own on top, and shading over the rows they hit (the whole fleet's rows for a
 * fault on a zone, a cloud API or the management cluster).
 */

import { formatElapsed, type Millis } from '../../engine/duration.js';
import type { ClusterSummary } from '../summary.js';
import type { TimeAxis } from './time-axis.js';
import type { FaultSpan } from './fault-spans.js';
import type { WaveGroup } from './wave-groups.js';
import { CHART_CONFIG, CHART_WIDTH, CLOUD_COLORS, FAULT_COLOR, fixedScale } from './style.js';
import { naturalCompare } from './natural-order.js';
import { VEGA_LITE_SCHEMA, type SubSpec, type TopLevelSpec } from './spec-types.js';

export interface GanttInput {
  clusters: readonly ClusterSummary[];
  groups: readonly WaveGroup[];
  faults: readonly FaultSpan[];
  axis: TimeAxis;
  endedAt: Millis;
  label: (key: string) => string;
  /** Width reserved for y-axis labels, the same in every chart so plots line up. */
  labelExtent: number;
}

interface Row {
  layer: 'rollout' | 'fault' | 'fleetFault';
  group: string;
  cluster?: string;
  start: number;
  end: number;
  cloud?: string;
  rollout?: string;
  state?: 'finished' | 'unfinished';
  duration?: string;
  fault?: string;
  /** What hovering the bar says. */
  label?: string;
}

/** Clusters that rolled out, in group order, each group ordered by first rollout start then name. */
function orderedClusters(input: GanttInput): Array<{ group: string; cluster: ClusterSummary }> {
  const byKey = new Map(input.clusters.map((c) => [c.name, c]));
  const groups: readonly WaveGroup[] = input.groups.length > 0 ? input.groups : [{ label: '', clusters: input.clusters.map((c) => c.name) }];
  const out: Array<{ group: string; cluster: ClusterSummary }> = [];
  for (const group of groups) {
    const members = group.clusters.map((key) => byKey.get(key)).filter((c): c is ClusterSummary => c !== undefined && c.rollouts.length > 0);
    members.sort((a, b) => (a.rollouts[0] as { startedAt: number }).startedAt - (b.rollouts[0] as { startedAt: number }).startedAt || naturalCompare(a.name, b.name));
    for (const cluster of members) out.push({ group: group.label, cluster });
  }
  return out;
}

export function ganttRows(input: GanttInput): Row[] {
  const { axis, label } = input;
  const rows: Row[] = [];
  const ordered = orderedClusters(input);
  const groupOf = new Map(ordered.map(({ group, cluster }) => [cluster.name, group]));
  for (const { group, cluster } of ordered) {
    for (const rollout of cluster.rollouts) {
      // A superseded rollout ends when the newer one replaced it (issue 12 case 11), not at the run's end.
      const end = rollout.completedAt ?? rollout.supersededAt ?? input.endedAt;
      rows.push({
        layer: 'rollout', group, cluster: label(cluster.name), start: axis.at(rollout.startedAt), end: axis.at(end), cloud: cluster.cloud,
        rollout: `${rollout.kind} ${rollout.from} → ${rollout.to}`, state: rollout.completedAt === null ? 'unfinished' : 'finished',
        duration: rollout.completedAt !== null ? formatElapsed(end - rollout.startedAt)
          : `${rollout.supersededAt !== undefined ? `superseded by ${rollout.supersededBy} after` : 'unfinished after'} ${formatElapsed(end - rollout.startedAt)}`,
      });
      const row = rows[rows.length - 1] as Row;
      row.label = `${row.cluster}: ${row.rollout}, ${row.duration} (from ${formatElapsed(rollout.startedAt)})`;
    }
  }
  const groups = [...new Set(ordered.map((o) => o.group))];
  for (const fault of input.faults) {
    const span = { layer: 'fault' as const, start: axis.at(fault.start), end: axis.at(fault.end), fault: fault.label };
    if (fault.clusters.length === 0) for (const group of groups) rows.push({ ...span, layer: 'fleetFault', group });
    else {
      for (const key of fault.clusters) {
        const group = groupOf.get(key);
        if (group !== undefined) rows.push({ ...span, group, cluster: label(key), label: `${label(key)}: ${fault.label} from ${formatElapsed(fault.start)} to ${formatElapsed(fault.end)}` });
      }
    }
  }
  return rows;
}

/** Bars ~14 px apart for ordinary fleets; thinner rows with smaller labels beyond 150 clusters. */
function rowStep(rows: number): { step: number; fontSize: number } {
  return rows > 150 ? { step: 8, fontSize: 7 } : { step: 14, fontSize: 11 };
}

/** The faults lane: one bar per fault over the run's time axis (undefined without faults). */
function faultLaneSpec(input: Pick<GanttInput, 'faults' | 'axis' | 'label' | 'labelExtent'>): SubSpec | undefined {
  const { axis } = input;
  const x = { field: 'start', type: 'quantitative' as const, title: axis.title, scale: axis.scale() };
  const spans = input.faults.map((f) => ({
    fault: f.label, start: axis.at(f.start), end: axis.at(f.end),
    label: `${f.label} from ${formatElapsed(f.start)} to ${formatElapsed(f.end)}, on ${f.clusters.length === 0 ? 'the fleet' : f.clusters.map(input.label).join(', ')}`,
  }));
  return spans.length === 0 ? undefined : {
    data: { values: spans },
    width: CHART_WIDTH,
    height: { step: 14 },
    title: 'faults',
    mark: { type: 'bar', color: FAULT_COLOR, opacity: 0.7, height: { band: 0.7 } },
    encoding: { x, x2: { field: 'end' }, y: { field: 'fault', type: 'nominal', title: null, sort: null, axis: { minExtent: input.labelExtent, maxExtent: input.labelExtent } }, description: { field: 'label' }, tooltip: { field: 'label' } },
  };
}

/**
 * The fleet's faults on a timeline of their own, for a run in which nothing rolled out (there is
 * no Gantt to draw them on); undefined without faults.
 */
export function fleetFaultsSpec(input: Pick<GanttInput, 'faults' | 'axis' | 'label' | 'labelExtent'>): TopLevelSpec | undefined {
  const lane = faultLaneSpec(input);
  return lane === undefined ? undefined : { $schema: VEGA_LITE_SCHEMA, config: CHART_CONFIG, vconcat: [lane], spacing: 12 };
}

/** The Gantt spec, or undefined when no cluster rolled out. */
export function fleetGanttSpec(input: GanttInput): TopLevelSpec | undefined {
  const rows = ganttRows(input);
  const rollouts = rows.filter((r) => r.layer === 'rollout');
  if (rollouts.length === 0) return undefined;
  const { axis } = input;
  const clusterCount = new Set(rollouts.map((r) => r.cluster)).size;
  const { step, fontSize } = rowStep(clusterCount);
  const x = { field: 'start', type: 'quantitative' as const, title: axis.title, scale: axis.scale() };
  const y = { field: 'cluster', type: 'nominal' as const, title: null, sort: null, axis: { labelFontSize: fontSize, minExtent: input.labelExtent, maxExtent: input.labelExtent } };
  const clouds = fixedScale(CLOUD_COLORS, rollouts.map((r) => r.cloud as string));
  const grouped = input.groups.length > 0;
  const layer: SubSpec = {
    width: CHART_WIDTH,
    height: { step },
    layer: [
      {
        // Faults on the whole fleet: shading over every row (no y, so they add no rows).
        transform: [{ filter: "datum.layer === 'fleetFault'" }],
        mark: { type: 'rect', color: FAULT_COLOR, opacity: 0.1, aria: false },
        encoding: { x, x2: { field: 'end' } },
      },
      {
        // Rollouts, then the faults that hit single clusters drawn over their rows.
        transform: [{ filter: "datum.layer !== 'fleetFault'" }],
        mark: { type: 'bar', cornerRadius: 2, height: { band: 0.7 } },
        encoding: {
          x, x2: { field: 'end' }, y,
          color: { condition: { test: "datum.layer === 'fault'", value: FAULT_COLOR }, field: 'cloud', type: 'nominal', title: 'cloud', scale: clouds },
          opacity: { condition: [{ test: "datum.layer === 'fault'", value: 0.45 }, { test: "datum.state === 'unfinished'", value: 0.4 }], value: 1 },
          description: { field: 'label' },
          tooltip: { field: 'label' },
        },
      },
    ],
  };
  const gantt: SubSpec = grouped
    ? {
        data: { values: rows },
        facet: { row: { field: 'group', type: 'nominal', sort: null, title: null, header: { labelAngle: 0, labelOrient: 'top', labelAnchor: 'start', labelFontWeight: 'bold' } } },
        spec: layer as never,
        resolve: { scale: { y: 'independent' } },
        spacing: 6,
      }
    : { data: { values: rows }, ...(layer as object) } as SubSpec;
  const faultLane = faultLaneSpec(input);
  return {
    $schema: VEGA_LITE_SCHEMA,
    config: CHART_CONFIG,
    vconcat: faultLane === undefined ? [gantt] : [faultLane, gantt],
    spacing: 12,
  };
}

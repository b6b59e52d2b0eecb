/**
 * Everything the page draws, read in one pass over the timeline: wave groups, fault spans,
 * per-cluster activity for the clusters drawn one by one, fleet availability, cloud API call
 * rates and controller load.
 */

import type { Millis } from '../../engine/duration.js';
import { clusterKeyOf } from '../../kube/keys.js';
import type { ClusterSummary } from '../summary.js';
import { ClusterActivity } from '../charts/cluster-activity.js';
import { CloudCallRate } from '../charts/cloud-call-rate.js';
import { ControllerLoad } from '../charts/controller-load.js';
import { FaultSpans } from '../charts/fault-spans.js';
import { mostInteresting } from '../charts/interesting-clusters.js';
import { clusterLabeler, type ReportInput } from '../charts/report-input.js';
import { timeAxis, type TimeAxis } from '../charts/time-axis.js';
import { WaveGroups } from '../charts/wave-groups.js';

export interface ReportData {
  axis: TimeAxis;
  label: (key: string) => string;
  drawn: ClusterSummary[];
  activity: ClusterActivity;
  waves: WaveGroups;
  faults: FaultSpans;
  calls: CloudCallRate;
  controllers: ControllerLoad;
  endedAt: Millis;
}

export function collectReportData(input: ReportInput, clusterCharts: number): ReportData {
  const { summary } = input;
  const endedAt = summary.endedAt;
  const keys = summary.clusters.map((c) => c.name);
  const keysByName = new Map<string, string[]>();
  const clustersByProvider = new Map<string, string[]>();
  for (const spec of input.scenario.clusters) {
    const key = clusterKeyOf(spec.namespace, spec.name);
    keysByName.set(spec.name, [...(keysByName.get(spec.name) ?? []), key]);
    // Provider keys as the cloud registry names them: cloud/account/region.
    const provider = `${spec.provider}/${spec.account}/${spec.region}`;
    clustersByProvider.set(provider, [...(clustersByProvider.get(provider) ?? []), key]);
  }
  const drawn = mostInteresting(summary.clusters, endedAt, clusterCharts);
  const data: ReportData = {
    axis: timeAxis(endedAt),
    label: clusterLabeler(keys),
    drawn,
    activity: new ClusterActivity(drawn.map((c) => c.name)),
    waves: new WaveGroups(keysByName),
    faults: new FaultSpans(input.scenario.faults, clustersByProvider, keys.length),
    calls: new CloudCallRate(endedAt),
    controllers: new ControllerLoad(),
    endedAt,
  };
  for (const event of input.events) {
    data.activity.observe(event);
    data.waves.observe(event);
    data.faults.observe(event);
    data.calls.observe(event);
    data.controllers.observe(event);
  }
  return data;
}

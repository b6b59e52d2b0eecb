/**
 * What the charts and the HTML page are drawn from: the resolved scenario, its summary and its
 * timeline. A SimulationResult (src/simulate.ts) is one; tests build their own.
 */

import { parseClusterKey } from '../../kube/keys.js';
import type { ClusterSpec, FaultSpec, ObserveSpec } from '../../scenario/model.js';
import type { TimelineEvent } from '../../timeline/index.js';
import type { Summary } from '../summary.js';

export interface ReportInput {
  /** The parts of the resolved Scenario the page reads (a Scenario is one). */
  scenario: {
    name: string;
    description?: string | undefined;
    clusters: ReadonlyArray<Pick<ClusterSpec, 'name' | 'namespace' | 'provider' | 'account' | 'region'>>;
    faults: readonly FaultSpec[];
    observe: ObserveSpec;
  };
  summary: Summary;
  /** Read once, in order (an array, or the streamed timeline file read back incrementally). */
  events: Iterable<TimelineEvent>;
}

/**
 * How a cluster is named on the page: its name when the whole fleet lives in one namespace
 * (the usual case), otherwise `namespace/name`.
 */
export function clusterLabeler(clusterKeys: readonly string[]): (key: string) => string {
  const namespaces = new Set(clusterKeys.map((key) => parseClusterKey(key).namespace));
  if (namespaces.size > 1) return (key) => key;
  return (key) => parseClusterKey(key).name;
}

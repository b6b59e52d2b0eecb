/**
 * Cluster selectors in operations and faults: `{ names: [...] }`, `{ matchLabels: {...} }`, or both
 * (a cluster must then match both). `matchLabels` is a Kubernetes label selector's, matched by
 * capi/label-selector.ts: `matchLabels: {}` selects every cluster, as in Kubernetes.
 */

import { selectorMatches } from '../capi/label-selector.js';
import type { ClusterSelector } from './model.js';

interface Selectable {
  name: string;
  labels: Readonly<Record<string, string>>;
}

export function matchesClusterSelector(selector: ClusterSelector, cluster: Selectable): boolean {
  if (selector.names !== undefined && !selector.names.includes(cluster.name)) return false;
  return selector.matchLabels === undefined || selectorMatches({ matchLabels: selector.matchLabels, matchExpressions: [] }, cluster.labels);
}

/** The names of the clusters the selector picks, in the scenario's cluster order. */
export function resolveClusterSelector(scenario: { clusters: readonly Selectable[] }, selector: ClusterSelector): string[] {
  const names: string[] = [];
  for (const cluster of scenario.clusters) if (matchesClusterSelector(selector, cluster)) names.push(cluster.name);
  return names;
}

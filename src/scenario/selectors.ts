/**
 * Cluster selectors in operations and faults: `{ names: [...] }`, `{ matchLabels: {...} }`, or both
 * (a cluster must then match both). `matchLabels: {}` selects every cluster, as in Kubernetes.
 */

import type { ClusterSelector } from './model.js';

interface Selectable {
  name: string;
  labels: Readonly<Record<string, string>>;
}

export function selectorMatches(selector: ClusterSelector, cluster: Selectable): boolean {
  if (selector.names !== undefined && !selector.names.includes(cluster.name)) return false;
  if (selector.matchLabels !== undefined) {
    for (const [key, value] of Object.entries(selector.matchLabels)) {
      if (cluster.labels[key] !== value) return false;
    }
  }
  return true;
}

/** The names of the clusters the selector picks, in the scenario's cluster order. */
export function resolveClusterSelector(scenario: { clusters: readonly Selectable[] }, selector: ClusterSelector): string[] {
  const names: string[] = [];
  for (const cluster of scenario.clusters) if (selectorMatches(selector, cluster)) names.push(cluster.name);
  return names;
}

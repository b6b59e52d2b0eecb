/**
 * One clusterctl template, many clusters: a `manifests:` entry's own `variables:` (over the
 * scenario's) and `count:`, each instance with `{index}` (1 to count) replaced in the entry's
 * values, as users run `clusterctl generate cluster` once per cluster with its own variables.
 */

export interface ManifestEntryVariables {
  variables?: Readonly<Record<string, string>> | undefined;
  count?: number | undefined;
}

/** The variables of each instance of the entry, in index order. */
export function manifestVariableSets(entry: ManifestEntryVariables, scenarioVariables: Readonly<Record<string, string>>): Array<Record<string, string>> {
  const count = entry.count ?? 1;
  const sets: Array<Record<string, string>> = [];
  for (let index = 1; index <= count; index++) {
    const own = Object.fromEntries(Object.entries(entry.variables ?? {}).map(([name, value]) => [name, value.replaceAll('{index}', String(index))]));
    sets.push({ ...scenarioVariables, ...own });
  }
  return sets;
}

/**
 * The keys the store, the timeline and the reports name things by: an API object is
 * `Kind/namespace/name` (the store key, kube/object.ts keyOf), a workload cluster is
 * `namespace/name`. Kinds, namespaces and names never contain `/` (RFC 1123 names), so each key
 * has one reading; these are the only places that write or read one.
 */

/** `Kind/namespace/name`. */
export type ObjectKey = `${string}/${string}/${string}`;

/** A workload cluster: `namespace/name` of its Cluster object. */
export type ClusterKey = `${string}/${string}`;

export function objectKey(kind: string, namespace: string, name: string): ObjectKey {
  return `${kind}/${namespace}/${name}`;
}

export function clusterKeyOf(namespace: string, name: string): ClusterKey {
  return `${namespace}/${name}`;
}

/**
 * The parts of `Kind/namespace/name`: the kind and namespace up to the first and second `/`, the
 * name the rest. Throws when the key has no kind or fewer than two `/`.
 */
export function parseObjectKey(key: string): { kind: string; namespace: string; name: string } {
  const first = key.indexOf('/');
  const second = first < 0 ? -1 : key.indexOf('/', first + 1);
  if (first <= 0 || second < 0) throw new Error(`not an object key (Kind/namespace/name): ${JSON.stringify(key)}`);
  return { kind: key.slice(0, first), namespace: key.slice(first + 1, second), name: key.slice(second + 1) };
}

/** The parts of `namespace/name`: the namespace up to the first `/`, the name the rest. Throws when there is no `/`. */
export function parseClusterKey(key: string): { namespace: string; name: string } {
  const slash = key.indexOf('/');
  if (slash < 0) throw new Error(`not a cluster key (namespace/name): ${JSON.stringify(key)}`);
  return { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}

/** The key of an object of `kind` in a cluster's namespace (a Node's Machine, a cluster's Cluster object). */
export function objectKeyInCluster(kind: string, cluster: string, name: string): ObjectKey {
  return objectKey(kind, parseClusterKey(cluster).namespace, name);
}

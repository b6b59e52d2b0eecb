/**
 * Lookups that cannot miss: when they do, the model has a bug, and it should stop there with what
 * was missing rather than carry `undefined` on (a cast would). Bad input is the loader's to report.
 */

/** `map.get(key)`, throwing when there is nothing under `key`; `what` names the value in the error. */
export function must<K, V>(map: ReadonlyMap<K, V>, key: K, what: string): V {
  const value = map.get(key);
  if (value === undefined) throw new Error(`${what} ${JSON.stringify(key) ?? String(key)} not found`);
  return value;
}

/** `value`, throwing when it is undefined; for lookups other than a Map's (the object store). */
export function present<V>(value: V | undefined, what: string): V {
  if (value === undefined) throw new Error(`${what} not found`);
  return value;
}

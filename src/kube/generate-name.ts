/**
 * Names made of a base and a random 5-character suffix, as `metadata.generateName` makes them
 * (k8s.io/apiserver/pkg/storage/names/generate.go `simpleNameGenerator.GenerateName`, also what
 * cluster-api@v1.13.5 internal/topology/names/names.go uses for MachineSet and KCP Machines), and
 * retried when the name is taken. The API server retries a generated name that conflicts
 * (staging/src/k8s.io/apiserver/pkg/registry/generic/registry/store.go `Create`, feature
 * RetryGenerateName: 8 attempts); CAPI names Machines client-side, so a conflict fails that
 * reconcile and the next one draws a new name. Here the redraw is immediate: the outcome (a free
 * name, drawn from the same seeded stream) is the same, the failed reconcile is not modelled.
 */

import type { Random } from '../engine/random.js';
import type { ObjectStore } from './store.js';

/** Draws before giving up: far beyond any fleet (27^5 ≈ 14 million suffixes per base name). */
export const MAX_NAME_DRAWS = 1_000;

/** `base` + `-` + a suffix from `random`, redrawn while `taken(name)`. */
export function generateName(random: Random, base: string, taken: (name: string) => boolean): string {
  for (let draw = 0; draw < MAX_NAME_DRAWS; draw++) {
    const name = `${base}-${random.suffix()}`;
    if (!taken(name)) return name;
  }
  throw new Error(`no free name for ${base}-xxxxx after ${MAX_NAME_DRAWS} random suffixes`);
}

/**
 * A name free for every kind in `kinds` in `namespace` (a Machine and the InfraMachine cloned for
 * it share their name, so both must be free).
 */
export function generateObjectName(store: ObjectStore, kinds: readonly string[], namespace: string, base: string, random: Random): string {
  return generateName(random, base, (name) => kinds.some((kind) => store.get(kind, namespace, name) !== undefined));
}

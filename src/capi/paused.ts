/**
 * Every CAPI reconcile starts by skipping paused objects: `cluster.spec.paused` or the
 * `cluster.x-k8s.io/paused` annotation (cluster-api@v1.13.5 util/paused/paused.go
 * `EnsurePausedCondition`; capi-semantics.md §0.3).
 */

import type { KubeObject } from '../kube/object.js';
import { PAUSED_ANNOTATION } from './labels.js';
import type { Cluster } from './types.js';

export function isClusterPaused(cluster: Cluster, object?: KubeObject): boolean {
  if (cluster.spec.paused) return true;
  return object !== undefined && object.metadata.annotations[PAUSED_ANNOTATION] !== undefined;
}

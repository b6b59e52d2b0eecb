/**
 * The shape every simulated API object shares: Kubernetes' ObjectMeta (the fields controllers
 * decide on), a spec and a status. Conditions follow metav1.Condition.
 */

import type { Millis } from '../engine/duration.js';
import { objectKey, type ObjectKey } from './keys.js';

export { objectKey };

export interface OwnerReference {
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
}

export interface ObjectMeta {
  name: string;
  namespace: string;
  uid: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  ownerReferences: OwnerReference[];
  finalizers: string[];
  creationTimestamp: Millis;
  deletionTimestamp?: Millis;
  resourceVersion: number;
  /** Bumped on every spec change, as the API server does. */
  generation: number;
  /**
   * The store key `Kind/namespace/name`, set once at creation: one string per object, so its hash
   * is computed once for every map lookup that follows (not a Kubernetes field).
   */
  readonly key?: ObjectKey;
}

export interface KubeObject<Spec = unknown, Status = unknown> {
  kind: string;
  metadata: ObjectMeta;
  spec: Spec;
  status: Status;
}

export type ConditionStatus = 'True' | 'False' | 'Unknown';

export interface Condition {
  type: string;
  status: ConditionStatus;
  reason?: string;
  message?: string;
  lastTransitionTime: Millis;
}

/** The store key of an object: `Kind/namespace/name`, also the `object` field of timeline events. */
export function keyOf(object: KubeObject): ObjectKey {
  return object.metadata.key ?? objectKey(object.kind, object.metadata.namespace, object.metadata.name);
}

/** Fields a caller supplies when creating an object; the store fills the rest. */
export interface NewObjectMeta {
  name: string;
  namespace: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
}

export function ownerReference(owner: KubeObject, controller = true): OwnerReference {
  return { kind: owner.kind, name: owner.metadata.name, uid: owner.metadata.uid, controller };
}

/** The controlling owner (ownerReferences[].controller), if any. */
export function controllerOf(object: KubeObject): OwnerReference | undefined {
  for (const ref of object.metadata.ownerReferences) if (ref.controller) return ref;
  return undefined;
}

export function isDeleting(object: KubeObject): boolean {
  return object.metadata.deletionTimestamp !== undefined;
}

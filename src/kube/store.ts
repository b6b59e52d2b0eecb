/**
 * A simulated API server and its watch cache in one: objects by key, resourceVersion, finalizers
 * and deletion timestamps, owner-reference garbage collection, watches per kind, and indexes by
 * kind, by owner and by one label the store is given (`namespace/<value>`: CAPI gives its
 * cluster-name label, capi/labels.ts STORE_INDEX) so controllers never scan the whole store.
 */

import type { Millis } from '../engine/duration.js';
import { keyOf, objectKey, type KubeObject, type NewObjectMeta } from './object.js';
import { parseObjectKey } from './keys.js';

/** The label the store indexes, like a field indexer of a controller-runtime cache. */
export interface StoreIndex {
  /** Objects carrying it are listed by `namespace/<value>` (`listByIndex`). */
  label: string;
}

export type WatchEventType = 'added' | 'modified' | 'deleted';
export type WatchHandler = (type: WatchEventType, object: KubeObject) => void;

export interface Clock {
  readonly now: Millis;
}

interface IndexEntry {
  indexKey: string | undefined;
  ownerUids: string[];
}

export class ObjectStore {
  private readonly byKey = new Map<string, KubeObject>();
  /** kind → namespace → name: `get` needs no key string (the hottest lookup of every reconcile). */
  private readonly byName = new Map<string, Map<string, Map<string, KubeObject>>>();
  private readonly byKind = new Map<string, Map<string, KubeObject>>();
  private readonly byKindIndex = new Map<string, Map<string, Map<string, KubeObject>>>();
  private readonly byOwner = new Map<string, Map<string, KubeObject>>();
  private readonly indexEntries = new Map<string, IndexEntry>();
  private readonly watchers = new Map<string, WatchHandler[]>();
  /** Owner uid → the resourceVersion of the last create, update or delete of an object it owns. */
  private readonly ownedChangedAt = new Map<string, number>();
  private resourceVersion = 0;
  private nextUid = 1;
  /** Mutating API requests served (create, update, delete); the manager charges these to its client limit. */
  writes = 0;
  /** Most objects held at once. */
  peakSize = 0;
  /** Objects ever created, per kind. */
  readonly createdByKind = new Map<string, number>();

  constructor(private readonly clock: Clock, private readonly indexed: StoreIndex | undefined = undefined) {}

  get size(): number {
    return this.byKey.size;
  }

  /** The latest resourceVersion handed out: every write raises it. */
  get version(): number {
    return this.resourceVersion;
  }

  /**
   * The resourceVersion of the last create, update or delete of an object that names `ownerUid`
   * among its owner references (0: none yet). A controller that remembers what it computed from
   * an owner's dependents knows in O(1) whether any of them changed since (issue 14).
   */
  dependentsChangedAt(ownerUid: string): number {
    return this.ownedChangedAt.get(ownerUid) ?? 0;
  }

  private touchOwners(uids: readonly string[]): void {
    for (const uid of uids) this.ownedChangedAt.set(uid, this.resourceVersion);
  }

  /** Objects currently stored, per kind, sorted by kind. */
  countsByKind(): Array<[string, number]> {
    return [...this.byKind.entries()].map(([kind, objects]) => [kind, objects.size] as [string, number]).sort((a, b) => (a[0] < b[0] ? -1 : 1));
  }

  watch(kind: string, handler: WatchHandler): void {
    let handlers = this.watchers.get(kind);
    if (handlers === undefined) this.watchers.set(kind, (handlers = []));
    handlers.push(handler);
  }

  create<S, St>(kind: string, meta: NewObjectMeta, spec: S, status: St): KubeObject<S, St> {
    const key = objectKey(kind, meta.namespace, meta.name);
    if (this.byKey.has(key)) throw new Error(`t=${this.clock.now}: ${key} already exists`);
    const object: KubeObject<S, St> = {
      kind,
      metadata: {
        name: meta.name,
        namespace: meta.namespace,
        uid: `uid-${this.nextUid++}`,
        labels: meta.labels ?? {},
        annotations: meta.annotations ?? {},
        ownerReferences: meta.ownerReferences ?? [],
        finalizers: meta.finalizers ?? [],
        creationTimestamp: this.clock.now,
        resourceVersion: ++this.resourceVersion,
        generation: 1,
        key,
      },
      spec,
      status,
    };
    this.byKey.set(key, object);
    if (this.byKey.size > this.peakSize) this.peakSize = this.byKey.size;
    let ofKindByName = this.byName.get(kind);
    if (ofKindByName === undefined) this.byName.set(kind, (ofKindByName = new Map()));
    let ofNamespace = ofKindByName.get(meta.namespace);
    if (ofNamespace === undefined) ofKindByName.set(meta.namespace, (ofNamespace = new Map()));
    ofNamespace.set(meta.name, object);
    let ofKind = this.byKind.get(kind);
    if (ofKind === undefined) this.byKind.set(kind, (ofKind = new Map()));
    ofKind.set(key, object);
    this.index(key, object);
    this.touchOwners(this.indexEntries.get(key)!.ownerUids);
    this.writes++;
    this.createdByKind.set(kind, (this.createdByKind.get(kind) ?? 0) + 1);
    this.notify('added', object);
    return object;
  }

  get<T extends KubeObject = KubeObject>(kind: string, namespace: string, name: string): T | undefined {
    return this.byName.get(kind)?.get(namespace)?.get(name) as T | undefined;
  }

  getByKey<T extends KubeObject = KubeObject>(key: string): T | undefined {
    return this.byKey.get(key) as T | undefined;
  }

  /** All objects of a kind, in creation order. */
  list<T extends KubeObject = KubeObject>(kind: string): IterableIterator<T> {
    return ((this.byKind.get(kind) ?? EMPTY).values()) as IterableIterator<T>;
  }

  /** Objects of a kind whose index label is `namespace/<value>` = `indexKey`, in creation order. */
  listByIndex<T extends KubeObject = KubeObject>(kind: string, indexKey: string): IterableIterator<T> {
    return ((this.byKindIndex.get(kind)?.get(indexKey) ?? EMPTY).values()) as IterableIterator<T>;
  }

  private indexKeyOf(object: KubeObject): string | undefined {
    if (this.indexed === undefined) return undefined;
    const value = object.metadata.labels[this.indexed.label];
    return value === undefined ? undefined : `${object.metadata.namespace}/${value}`;
  }

  /** Objects that name `ownerUid` among their owner references, optionally of one kind. */
  listByOwner<T extends KubeObject = KubeObject>(ownerUid: string, kind?: string): T[] {
    const owned = this.byOwner.get(ownerUid);
    if (owned === undefined) return [];
    const out: T[] = [];
    for (const object of owned.values()) if (kind === undefined || object.kind === kind) out.push(object as T);
    return out;
  }

  /** Whether some object owned by `ownerUid` (of `kind`) satisfies `test`, without building a list; stops at the first. */
  someOwned<T extends KubeObject = KubeObject>(ownerUid: string, kind: string, test: (object: T) => boolean): boolean {
    const owned = this.byOwner.get(ownerUid);
    if (owned === undefined) return false;
    for (const object of owned.values()) if (object.kind === kind && test(object as T)) return true;
    return false;
  }

  /**
   * Records a change the caller made to `object` in place: bumps resourceVersion (and generation
   * when `specChanged`), refreshes indexes and notifies watchers.
   */
  update(object: KubeObject, specChanged = false): void {
    const key = keyOf(object);
    if (this.byKey.get(key) !== object) throw new Error(`t=${this.clock.now}: update of ${key}, which is not in the store`);
    object.metadata.resourceVersion = ++this.resourceVersion;
    if (specChanged) object.metadata.generation++;
    this.reindex(key, object);
    this.touchOwners(this.indexEntries.get(key)!.ownerUids);
    this.writes++;
    this.notify('modified', object);
  }

  /**
   * Deletes an object: with finalizers it gets a deletionTimestamp and stays until they are
   * removed; without, it is gone at once and its dependents are garbage-collected (background
   * propagation, the Kubernetes default).
   */
  delete(object: KubeObject): void {
    const key = keyOf(object);
    if (this.byKey.get(key) !== object) return;
    this.writes++;
    if (object.metadata.finalizers.length > 0) {
      if (object.metadata.deletionTimestamp !== undefined) return;
      object.metadata.deletionTimestamp = this.clock.now;
      object.metadata.resourceVersion = ++this.resourceVersion;
      this.touchOwners(this.indexEntries.get(key)?.ownerUids ?? []);
      this.notify('modified', object);
      return;
    }
    this.remove(key, object);
  }

  addFinalizer(object: KubeObject, finalizer: string): void {
    if (object.metadata.finalizers.includes(finalizer)) return;
    object.metadata.finalizers.push(finalizer);
    this.update(object);
  }

  /** Removes a finalizer; a deleting object with none left disappears. */
  removeFinalizer(object: KubeObject, finalizer: string): void {
    const finalizers = object.metadata.finalizers;
    const index = finalizers.indexOf(finalizer);
    if (index < 0) return;
    finalizers.splice(index, 1);
    if (finalizers.length === 0 && object.metadata.deletionTimestamp !== undefined) {
      this.writes++;
      this.remove(keyOf(object), object);
      return;
    }
    this.update(object);
  }

  private remove(key: string, object: KubeObject): void {
    this.byKey.delete(key);
    this.byName.get(object.kind)?.get(object.metadata.namespace)?.delete(object.metadata.name);
    this.byKind.get(object.kind)?.delete(key);
    const owners = this.indexEntries.get(key)?.ownerUids ?? [];
    this.unindex(key);
    object.metadata.resourceVersion = ++this.resourceVersion;
    this.touchOwners(owners);
    this.notify('deleted', object);
    this.ownedChangedAt.delete(object.metadata.uid);
    const dependents = this.byOwner.get(object.metadata.uid);
    if (dependents !== undefined) {
      this.byOwner.delete(object.metadata.uid);
      for (const dependent of [...dependents.values()]) this.delete(dependent);
    }
  }

  private index(key: string, object: KubeObject): void {
    const indexKey = this.indexKeyOf(object);
    const ownerUids = object.metadata.ownerReferences.map((ref) => ref.uid);
    this.indexEntries.set(key, { indexKey, ownerUids });
    if (indexKey !== undefined) {
      let ofKind = this.byKindIndex.get(object.kind);
      if (ofKind === undefined) this.byKindIndex.set(object.kind, (ofKind = new Map()));
      let ofValue = ofKind.get(indexKey);
      if (ofValue === undefined) ofKind.set(indexKey, (ofValue = new Map()));
      ofValue.set(key, object);
    }
    for (const uid of ownerUids) {
      let owned = this.byOwner.get(uid);
      if (owned === undefined) this.byOwner.set(uid, (owned = new Map()));
      owned.set(key, object);
    }
  }

  private unindex(key: string): void {
    const entry = this.indexEntries.get(key);
    if (entry === undefined) return;
    this.indexEntries.delete(key);
    const { kind } = parseObjectKey(key);
    if (entry.indexKey !== undefined) this.byKindIndex.get(kind)?.get(entry.indexKey)?.delete(key);
    for (const uid of entry.ownerUids) this.byOwner.get(uid)?.delete(key);
  }

  private reindex(key: string, object: KubeObject): void {
    const entry = this.indexEntries.get(key);
    const refs = object.metadata.ownerReferences;
    const indexKey = this.indexKeyOf(object);
    if (entry !== undefined && entry.indexKey === indexKey && entry.ownerUids.length === refs.length && refs.every((ref, i) => ref.uid === entry.ownerUids[i])) return;
    if (entry !== undefined) this.touchOwners(entry.ownerUids);
    this.unindex(key);
    this.index(key, object);
  }

  private notify(type: WatchEventType, object: KubeObject): void {
    const handlers = this.watchers.get(object.kind);
    if (handlers === undefined) return;
    for (const handler of handlers) handler(type, object);
  }
}

const EMPTY = new Map<string, KubeObject>();

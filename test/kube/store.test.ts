import { describe, expect, it } from 'vitest';
import { ObjectStore, type WatchEventType } from '../../src/kube/store.js';
import { ownerReference } from '../../src/kube/object.js';

/** Any label will do: the store knows no CAPI (capi/labels.ts STORE_INDEX gives it the cluster-name label). */
const CLUSTER_NAME_LABEL = 'example.com/group';

function setup() {
  const clock = { now: 0 };
  const store = new ObjectStore(clock, { label: CLUSTER_NAME_LABEL });
  return { clock, store };
}

describe('ObjectStore', () => {
  it('indexes objects by kind, by its index label and by owner', () => {
    const { store } = setup();
    const owner = store.create('MachineSet', { name: 'ms', namespace: 'ns', labels: { [CLUSTER_NAME_LABEL]: 'c1' } }, {}, {});
    const a = store.create('Machine', { name: 'a', namespace: 'ns', labels: { [CLUSTER_NAME_LABEL]: 'c1' }, ownerReferences: [ownerReference(owner)] }, {}, {});
    store.create('Machine', { name: 'b', namespace: 'ns', labels: { [CLUSTER_NAME_LABEL]: 'c2' } }, {}, {});
    expect([...store.list('Machine')].map((m) => m.metadata.name)).toEqual(['a', 'b']);
    expect([...store.listByIndex('Machine', 'ns/c1')].map((m) => m.metadata.name)).toEqual(['a']);
    expect([...store.listByIndex('Machine', 'ns/c2')].map((m) => m.metadata.name)).toEqual(['b']);
    expect(store.listByOwner(owner.metadata.uid).map((m) => m.metadata.name)).toEqual(['a']);
    expect(store.listByOwner(owner.metadata.uid, 'Other')).toEqual([]);
    expect(store.get('Machine', 'ns', 'a')).toBe(a);
    expect(store.countsByKind()).toEqual([['Machine', 2], ['MachineSet', 1]]);
  });

  it('dependentsChangedAt: the version of the last create, update or delete of an owned object', () => {
    const { store } = setup();
    const owner = store.create('MachineSet', { name: 'ms', namespace: 'ns' }, {}, {});
    expect(store.dependentsChangedAt(owner.metadata.uid)).toBe(0);
    const a = store.create('Machine', { name: 'a', namespace: 'ns', ownerReferences: [ownerReference(owner)], finalizers: ['f'] }, {}, {});
    expect(store.dependentsChangedAt(owner.metadata.uid)).toBe(a.metadata.resourceVersion);
    store.update(owner);
    expect(store.dependentsChangedAt(owner.metadata.uid)).toBe(a.metadata.resourceVersion); // the owner's own write is not a dependent's
    store.update(a);
    expect(store.dependentsChangedAt(owner.metadata.uid)).toBe(store.version);
    store.delete(a); // a finalizer holds it: deletionTimestamp set
    expect(store.dependentsChangedAt(owner.metadata.uid)).toBe(store.version);
    store.removeFinalizer(a, 'f'); // gone
    expect(store.dependentsChangedAt(owner.metadata.uid)).toBe(store.version);
  });

  it('re-indexes when owner references change', () => {
    const { store } = setup();
    const first = store.create('Owner', { name: 'o1', namespace: 'ns' }, {}, {});
    const second = store.create('Owner', { name: 'o2', namespace: 'ns' }, {}, {});
    const child = store.create('Child', { name: 'c', namespace: 'ns', ownerReferences: [ownerReference(first)] }, {}, {});
    child.metadata.ownerReferences = [ownerReference(second)];
    store.update(child);
    expect(store.listByOwner(first.metadata.uid)).toEqual([]);
    expect(store.listByOwner(second.metadata.uid)).toEqual([child]);
  });

  it('bumps resourceVersion on every write and generation on spec changes', () => {
    const { store } = setup();
    const object = store.create('Thing', { name: 't', namespace: 'ns' }, { x: 1 }, {});
    const rv = object.metadata.resourceVersion;
    store.update(object);
    expect(object.metadata.resourceVersion).toBeGreaterThan(rv);
    expect(object.metadata.generation).toBe(1);
    store.update(object, true);
    expect(object.metadata.generation).toBe(2);
    expect(store.writes).toBe(3);
  });

  it('keeps an object with finalizers until they are removed, and garbage-collects dependents', () => {
    const { store, clock } = setup();
    const events: Array<[WatchEventType, string]> = [];
    store.watch('Machine', (type, o) => events.push([type, o.metadata.name]));
    const owner = store.create('MachineSet', { name: 'ms', namespace: 'ns' }, {}, {});
    const machine = store.create('Machine', { name: 'm', namespace: 'ns', ownerReferences: [ownerReference(owner)], finalizers: ['f'] }, {}, {});
    clock.now = 5;
    store.delete(owner);
    expect(store.get('MachineSet', 'ns', 'ms')).toBeUndefined();
    expect(machine.metadata.deletionTimestamp).toBe(5);
    expect(store.get('Machine', 'ns', 'm')).toBe(machine);
    store.removeFinalizer(machine, 'f');
    expect(store.get('Machine', 'ns', 'm')).toBeUndefined();
    expect(events).toEqual([['added', 'm'], ['modified', 'm'], ['deleted', 'm']]);
  });

  it('refuses duplicates and updates of objects it does not hold', () => {
    const { store } = setup();
    const object = store.create('Thing', { name: 't', namespace: 'ns' }, {}, {});
    expect(() => store.create('Thing', { name: 't', namespace: 'ns' }, {}, {})).toThrow(/already exists/);
    store.delete(object);
    expect(() => store.update(object)).toThrow(/not in the store/);
  });
});

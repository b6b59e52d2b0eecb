import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { clusterKeyOf, objectKey, objectKeyInCluster, parseClusterKey, parseObjectKey } from '../../src/kube/keys.js';

/** RFC 1123 labels, as scenario names and namespaces are (scenario/schema.ts Name). */
const name = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?$/);
const kind = fc.constantFrom('Machine', 'MachineDeployment', 'KubeadmControlPlane', 'MachinePool', 'Cluster', 'MachineHealthCheck');

describe('object and cluster keys', () => {
  it('read back what they write', () => {
    fc.assert(fc.property(kind, name, name, (k, namespace, n) => {
      expect(parseObjectKey(objectKey(k, namespace, n))).toEqual({ kind: k, namespace, name: n });
      expect(parseClusterKey(clusterKeyOf(namespace, n))).toEqual({ namespace, name: n });
      expect(objectKeyInCluster(k, clusterKeyOf(namespace, 'c'), n)).toBe(objectKey(k, namespace, n));
    }));
  });

  it('write the store and timeline format', () => {
    expect(objectKey('Machine', 'fleet', 'web-0')).toBe('Machine/fleet/web-0');
    expect(clusterKeyOf('fleet', 'web')).toBe('fleet/web');
  });

  it('take a name with a slash as the rest of the key (hostile report input)', () => {
    expect(parseObjectKey('MachineHealthCheck/fleet/<a/b>-mhc')).toEqual({ kind: 'MachineHealthCheck', namespace: 'fleet', name: '<a/b>-mhc' });
    expect(parseClusterKey('fleet/<a/b>')).toEqual({ namespace: 'fleet', name: '<a/b>' });
  });

  it('refuse what is not a key, saying what was expected', () => {
    for (const bad of ['', 'Machine', 'Machine/fleet', '/fleet/x']) expect(() => parseObjectKey(bad)).toThrow(/not an object key \(Kind\/namespace\/name\)/);
    expect(() => parseClusterKey('fleet')).toThrow('not a cluster key (namespace/name): "fleet"');
  });
});

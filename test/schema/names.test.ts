import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { closest, editDistance, rfc1123Error, versionError } from '../../src/schema/names.js';
import { compareVersions } from '../../src/capi/version.js';
import { formatIssue, formatPath } from '../../src/scenario/issues.js';

describe('names, versions and suggestions', () => {
  it('measures edit distance with neighbour swaps counting one', () => {
    expect(editDistance('replcas', 'replicas')).toBe(1);
    expect(editDistance('tow', 'two')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('abc', 'abc')).toBe(0);
  });

  it('is symmetric and zero only for equal strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
      const d = editDistance(a, b);
      expect(editDistance(b, a)).toBe(d);
      expect(d === 0).toBe(a === b);
      expect(d).toBeLessThanOrEqual(Math.max(a.length, b.length));
    }));
  });

  it('suggests close names only', () => {
    expect(closest('seeed', ['seed', 'horizon'])).toBe('seed');
    expect(closest('machine_deployment', ['machineDeployment'])).toBe('machineDeployment');
    expect(closest('zzz', ['upgradeConcurrency'])).toBeUndefined();
    expect(closest('ab', ['xy'])).toBeUndefined();
  });

  it('checks RFC 1123 names', () => {
    expect(rfc1123Error('eks-prod-east')).toBeUndefined();
    expect(rfc1123Error('a')).toBeUndefined();
    expect(rfc1123Error('a'.repeat(63))).toBeUndefined();
    expect(rfc1123Error('a'.repeat(64))).toContain('at most 63');
    expect(rfc1123Error('EKS')).toContain('did you mean "eks"?');
    expect(rfc1123Error('a-')).toContain('expected an RFC 1123 name');
    expect(rfc1123Error('')).toContain('empty');
  });

  it('checks and compares versions', () => {
    expect(versionError('v1.34.3')).toBeUndefined();
    expect(versionError('1.34.3')).toContain('add the "v" prefix');
    expect(versionError('v1.34')).toContain('vMAJOR.MINOR.PATCH');
    expect(compareVersions('v1.35.0', 'v1.34.10')).toBeGreaterThan(0);
    expect(compareVersions('v1.34.10', 'v1.34.9')).toBeGreaterThan(0);
    expect(compareVersions('v1.34.3', 'v1.34.3')).toBe(0);
    expect(compareVersions('v1.35.0-rc.1', 'v1.35.0')).toBeLessThan(0);
  });

  it('formats paths and issues', () => {
    expect(formatPath(['clusters', 2, 'workers', 0, 'replicas'])).toBe('clusters[2].workers[0].replicas');
    expect(formatPath(['clusters', 0, 'labels', 'app.kubernetes.io/name'])).toBe('clusters[0].labels["app.kubernetes.io/name"]');
    expect(formatIssue({ file: 'f.yaml', line: 3, column: 5, path: 'name', message: 'bad' })).toBe('f.yaml:3:5: name: bad');
    expect(formatIssue({ file: 'f.yaml', line: 1, column: 1, path: '', message: 'empty file' })).toBe('f.yaml:1:1: empty file');
  });
});

import { describe, expect, it } from 'vitest';
import { compareVersions, lowestVersion } from '../../src/capi/version.js';

// cluster-api@v1.13.5 util/version Compare without options: semver 2.0.0 precedence.
describe('compareVersions', () => {
  it('orders major, minor and patch numerically', () => {
    expect(compareVersions('v1.35.0', 'v1.34.10')).toBeGreaterThan(0);
    expect(compareVersions('v1.34.10', 'v1.34.9')).toBeGreaterThan(0);
    expect(compareVersions('v1.34.3', 'v1.34.3')).toBe(0);
    expect(compareVersions('1.34.3', 'v1.34.3')).toBe(0);
  });

  it('puts a pre-release before its release and orders pre-releases by their identifiers', () => {
    expect(compareVersions('v1.35.0-rc.1', 'v1.35.0')).toBeLessThan(0);
    expect(compareVersions('v1.35.0-rc.2', 'v1.35.0-rc.10')).toBeLessThan(0);
    expect(compareVersions('v1.35.0-alpha', 'v1.35.0-alpha.1')).toBeLessThan(0);
    expect(compareVersions('v1.35.0-1', 'v1.35.0-alpha')).toBeLessThan(0);
    expect(compareVersions('v1.35.0-beta', 'v1.35.0-alpha.9')).toBeGreaterThan(0);
    expect(lowestVersion(['v1.35.0', 'v1.35.0-rc.1', 'v1.36.0'])).toBe('v1.35.0-rc.1');
  });

  it('ignores build metadata and refuses what is not a version', () => {
    expect(compareVersions('v1.35.0+eks.1', 'v1.35.0')).toBe(0);
    expect(() => compareVersions('v1.35', 'v1.35.0')).toThrow('not a Kubernetes version: "v1.35"');
  });
});

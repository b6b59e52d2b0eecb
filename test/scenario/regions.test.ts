/**
 * Issue 16: regions of imported manifests are checked against each cloud's published list, with a
 * suggestion: a value that cannot be a region is refused, a well-formed name the list lacks is
 * imported with a warning.
 */

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AWS_REGIONS } from '../../src/cloud/aws/regions.js';
import { AZURE_REGIONS } from '../../src/cloud/azure/regions.js';
import { GCP_REGIONS } from '../../src/cloud/gcp/regions.js';
import { DEFAULT_REGION } from '../../src/scenario/defaults.js';
import { formatIssue } from '../../src/scenario/index.js';
import { importManifestClusters as importManifests } from '../../src/scenario/manifests/index.js';
import { regionProblem, regionWarning } from '../../src/scenario/manifests/regions.js';
import { readFixture } from './helpers.js';
import { removeDir, tempDir } from '../helpers/temp.js';

describe('region lists per cloud', () => {
  it('hold each cloud\'s default region and well-known ones, and nothing of another cloud\'s shape', () => {
    for (const [provider, list] of [['aws', AWS_REGIONS], ['gcp', GCP_REGIONS], ['azure', AZURE_REGIONS]] as const) {
      expect(list).toContain(DEFAULT_REGION[provider]);
      expect(new Set(list).size).toBe(list.length);
      for (const region of list) {
        expect(regionProblem(provider, region)).toBeUndefined();
        expect(regionWarning(provider, region)).toBeUndefined();
      }
    }
    expect(AWS_REGIONS).toEqual(expect.arrayContaining(['eu-west-1', 'ap-southeast-2', 'us-gov-west-1']));
    expect(GCP_REGIONS).toEqual(expect.arrayContaining(['europe-west4', 'asia-northeast1']));
    expect(AZURE_REGIONS).toEqual(expect.arrayContaining(['eastus2', 'northeurope']));
  });

  it('refuse a name of the wrong shape with the closest region, and warn about a well-formed unknown one', () => {
    expect(regionProblem('aws', 'us-east1')).toBe('"us-east1" is not a region of aws (expected a name such as us-east-1) (did you mean "us-east-1"?)');
    expect(regionProblem('gcp', 'europe-west-4')).toContain('(did you mean "europe-west4"?)');
    expect(regionProblem('aws', 'eu-west-9')).toBeUndefined();
    expect(regionWarning('aws', 'eu-west-9')).toBe('"eu-west-9" is not in fleetsim\'s list of aws regions (src/cloud/aws/regions.ts) (did you mean "eu-west-1"?); imported as written');
    expect(regionWarning('docker', 'local')).toBeUndefined();
  });
});

describe('importing a CAPA template with its region', () => {
  const importWith = (region: string) => {
    const dir = tempDir('fleetsim-regions-');
    try {
      const file = join(dir, 'cluster.yaml');
      writeFileSync(file, readFixture('manifests/kcp-v1beta2.yaml').replace('region: eu-west-1', `region: ${region}`));
      return importManifests([file], { env: {}, variables: { KUBERNETES_VERSION: 'v1.34.3' } });
    } finally {
      removeDir(dir);
    }
  };

  it('imports a listed region silently, a well-formed unknown one with a warning, and refuses a typo with a suggestion', () => {
    const listed = importWith('eu-central-2');
    expect(listed.ok && listed.clusters[0]?.cluster.region).toBe('eu-central-2');
    expect(listed.warnings.map(formatIssue).join('\n')).not.toContain('regions.ts');
    const unknown = importWith('eu-west-9');
    expect(unknown.ok && unknown.clusters[0]?.cluster.region).toBe('eu-west-9');
    expect(unknown.warnings.map(formatIssue).join('\n')).toContain('"eu-west-9" is not in fleetsim\'s list of aws regions');
    const typo = importWith('euwest1');
    expect(typo.ok).toBe(false);
    if (!typo.ok) expect(typo.errors.map(formatIssue).join('\n')).toContain('"euwest1" is not a region of aws (expected a name such as us-east-1) (did you mean "eu-west-1"?)');
  });
});

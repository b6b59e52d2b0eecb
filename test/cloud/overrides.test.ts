import { describe, expect, it } from 'vitest';
import { SECOND } from '../../src/engine/duration.js';
import { CloudOverrideError, CloudRegistry, validateClouds } from '../../src/cloud/cloud-registry.js';
import { AWS_CATALOG } from '../../src/cloud/aws/defaults.js';
import { applyOverrides } from '../../src/cloud/overrides.js';
import { RandomStreams } from '../../src/engine/random.js';
import { Simulation } from '../../src/engine/simulation.js';

describe('cloud overrides', () => {
  it('reports every problem with its path under clouds', () => {
    const issues = validateClouds({
      aws: {
        api: { RunInstance: { bucket: 20, refillPerSecond: 1 }, mutating: { bucket: 0 } },
        apiLatency: { DescribeInstances: { distribution: 'lognormal', median: 0, p95: 1 } },
        retry: { maxAttempts: 0 },
        quota: { vcpus: 64 },
      },
      gcp: { api: { regionalWrites: { bucket: 3000, refillPerSecond: 10 } } },
      docker: { api: { x: { bucket: 1 } } },
    });
    const byPath = Object.fromEntries(issues.map((issue) => [issue.path, issue.message]));
    expect(Object.keys(byPath).sort()).toEqual([
      'aws.api.RunInstance',
      'aws.api.mutating.bucket',
      'aws.apiLatency.DescribeInstances',
      'aws.quota.vcpus',
      'aws.retry.maxAttempts',
      'docker.api',
      'gcp.api.regionalWrites',
    ]);
    expect(byPath['aws.api.RunInstance']).toContain('did you mean "RunInstances"?');
    expect(byPath['gcp.api.regionalWrites']).toContain('fixed 60 s window');
  });

  it('the registry refuses bad overrides with all their messages', () => {
    const make = () => new CloudRegistry({ sim: new Simulation(), streams: new RandomStreams(1), overrides: { azure: { api: { 'arm.write': { bucket: 5 } } } } });
    expect(make).toThrow(CloudOverrideError);
    expect(make).toThrow(/clouds\.azure\.api\.arm\.write: unknown azure API limit "arm\.write" \(did you mean "arm\.writes"\?\)/);
  });

  it('applies cloud-wide then account overrides', () => {
    const overrides = {
      api: { RunInstances: { bucket: 20, refillPerMinute: 30 } },
      retry: { maxAttempts: 5, maxDelay: 10 * SECOND },
      quota: { instances: 100 },
      accounts: { prod: { api: { RunInstances: { bucket: 50 } }, quota: { instances: 500 } } },
    };
    const base = applyOverrides(AWS_CATALOG, overrides);
    expect(base.limits.RunInstances).toEqual({ kind: 'bucket', capacity: 20, refillPerSecond: 0.5, scope: 'region' });
    expect(base.retry).toEqual({ policy: 'aws-standard', maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 10_000 });
    expect(base.instanceQuota).toBe(100);
    const prod = applyOverrides(AWS_CATALOG, overrides, 'prod');
    expect(prod.limits.RunInstances).toEqual({ kind: 'bucket', capacity: 50, refillPerSecond: 0.5, scope: 'region' });
    expect(prod.instanceQuota).toBe(500);
    expect(AWS_CATALOG.limits.RunInstances).toEqual({ kind: 'bucket', capacity: 5, refillPerSecond: 2, scope: 'region' });
  });

  it('a window limit takes its bucket as the requests per window', () => {
    const registry = new CloudRegistry({ sim: new Simulation(), streams: new RandomStreams(1), overrides: { gcp: { api: { regionalWrites: { bucket: 3000, refillPerMinute: 3000 } } } } });
    expect(registry.catalog('gcp').limits.regionalWrites).toEqual({ kind: 'window', limit: 3000, windowMs: 60_000, scope: 'region' });
  });

  it('node-pool overrides: checked, then applied over the cloud\'s defaults', () => {
    const issues = validateClouds({ azure: { nodePool: { maxSurge: '33' as '33%', onDrainTimeout: 'maybe' as 'fail', soak: -1 } } });
    expect(issues.map((issue) => issue.path).sort()).toEqual(['azure.nodePool.maxSurge', 'azure.nodePool.onDrainTimeout', 'azure.nodePool.soak']);
    const catalog = applyOverrides(AWS_CATALOG, { nodePool: { maxUnavailable: '20%', onDrainTimeout: 'force' } });
    expect(catalog.nodePool).toEqual({ ...AWS_CATALOG.nodePool, maxUnavailable: '20%', onDrainTimeout: 'force' });
    expect(AWS_CATALOG.nodePool.onDrainTimeout).toBe('fail');
  });

  it('node-pool percents are whole, as the node groups resolve them (kube/intstr.ts)', () => {
    expect(validateClouds({ aws: { nodePool: { maxUnavailable: '12.5%' as '12%' } } }).map((issue) => issue.path)).toEqual(['aws.nodePool.maxUnavailable']);
    expect(validateClouds({ aws: { nodePool: { maxUnavailable: '12%' } } })).toEqual([]);
  });
});

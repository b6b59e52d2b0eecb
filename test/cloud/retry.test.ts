import { describe, expect, it } from 'vitest';
import { SECOND } from '../../src/engine/duration.js';
import { Random } from '../../src/engine/random.js';
import type { CallError } from '../../src/cloud/errors.js';
import { AWS_RETRY_COST, AWS_RETRY_QUOTA, AwsStandardRetry } from '../../src/cloud/retry/aws-standard.js';
import { AzcoreRetry } from '../../src/cloud/retry/azcore.js';
import { GaxRetry } from '../../src/cloud/retry/gax.js';
import { cloudCalls, createUntilAccepted, spec, world } from './helpers.js';

const throttle: CallError = { kind: 'throttle', code: 'RequestLimitExceeded', status: 503 };
const serverError: CallError = { kind: 'server', code: 'InternalError', status: 500 };

describe('AWS standard retryer', () => {
  const settings = { policy: 'aws-standard', maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 20_000 } as const;

  it('backs off U[0,1) × 2^n s, capped at 20 s, for at most 3 attempts', () => {
    const random = new Random('jitter');
    const retry = new AwsStandardRetry({ ...settings, maxAttempts: 10 });
    for (let attempt = 1; attempt <= 8; attempt++) {
      const delay = retry.retryDelay(attempt, throttle, random)!;
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThanOrEqual(Math.min(2 ** attempt * 1000, 20_000));
    }
    const three = new AwsStandardRetry(settings);
    expect(three.retryDelay(2, throttle, random)).toBeDefined();
    expect(three.retryDelay(3, throttle, random)).toBeUndefined();
  });

  it('stops retrying when the 500-token retry quota is spent (5 per retry, 10 after a timeout)', () => {
    const random = new Random('quota');
    const retry = new AwsStandardRetry(settings);
    let retries = 0;
    while (retry.retryDelay(1, serverError, random) !== undefined) retries++;
    expect(retries).toBe(AWS_RETRY_QUOTA / AWS_RETRY_COST);
    expect(retry.quota).toBe(0);
    retry.onSuccess(1); // a first-attempt success adds 1 token: still not enough for a retry
    expect(retry.retryDelay(1, serverError, random)).toBeUndefined();
    const timeouts = new AwsStandardRetry(settings);
    timeouts.retryDelay(1, { kind: 'unavailable', code: 'RequestTimeout', status: 0, timeout: true }, random);
    expect(timeouts.quota).toBe(AWS_RETRY_QUOTA - 10);
    timeouts.onSuccess(2); // the retried call succeeded: its cost comes back
    expect(timeouts.quota).toBe(AWS_RETRY_QUOTA);
  });

  it('does not retry capacity or quota errors', () => {
    const retry = new AwsStandardRetry(settings);
    const random = new Random('x');
    expect(retry.retryDelay(1, { kind: 'capacity', code: 'InsufficientInstanceCapacity', status: 500 }, random)).toBeUndefined();
    expect(retry.retryDelay(1, { kind: 'quota', code: 'InstanceLimitExceeded', status: 400 }, random)).toBeUndefined();
  });
});

describe('azcore and gax retryers', () => {
  it('azcore waits (2^n − 1) × 0.8 s × U[0.8, 1.3), or the Retry-After, and gives up past MaxRetryDelay', () => {
    const random = new Random('az');
    const retry = new AzcoreRetry({ policy: 'azcore', maxAttempts: 4, baseDelayMs: 800, maxDelayMs: 60_000 });
    for (let attempt = 1; attempt <= 3; attempt++) {
      const delay = retry.retryDelay(attempt, serverError, random)!;
      expect(delay).toBeGreaterThanOrEqual(Math.floor((2 ** attempt - 1) * 800 * 0.8));
      expect(delay).toBeLessThanOrEqual(Math.ceil((2 ** attempt - 1) * 800 * 1.3));
    }
    expect(retry.retryDelay(4, serverError, random)).toBeUndefined();
    const tooMany = { kind: 'throttle', code: 'TooManyRequests', status: 429 } as const;
    expect(retry.retryDelay(1, { ...tooMany, retryAfterMs: 7000 }, random)).toBe(7000);
    expect(retry.retryDelay(1, { ...tooMany, retryAfterMs: 120_000 }, random)).toBeUndefined();
  });

  it('gax retries UNAVAILABLE with U(0, cur] pauses doubling from 1 s, never 403', () => {
    const random = new Random('gax');
    const retry = new GaxRetry({ policy: 'gax', maxAttempts: 10, baseDelayMs: 1000, maxDelayMs: 30_000 });
    for (let attempt = 1; attempt <= 8; attempt++) {
      const delay = retry.retryDelay(attempt, { kind: 'server', code: 'backendError', status: 503 }, random)!;
      expect(delay).toBeGreaterThan(0);
      expect(delay).toBeLessThanOrEqual(Math.min(1000 * 2 ** (attempt - 1), 30_000));
    }
    expect(retry.retryDelay(1, { kind: 'throttle', code: 'rateLimitExceeded', status: 403 }, random)).toBeUndefined();
  });
});

describe('clients against a failing cloud', () => {
  it('with a 30 % error rate, every create eventually succeeds and the retries are counted', () => {
    // buckets large enough that nothing is throttled: every failure is the brownout's
    const { sim, timeline, registry } = world(3, { overrides: { aws: { api: { RunInstances: { bucket: 1000, refillPerSecond: 100 } } } } });
    const provider = registry.cloudProvider('aws', 'r1');
    provider.setBrownout(0.3);
    const creations = Array.from({ length: 60 }, (_, i) => createUntilAccepted(sim, provider, spec(i)));
    sim.run({ horizon: 3600 * SECOND });
    expect(creations.every((creation) => creation.acceptedAt !== undefined)).toBe(true);
    const runs = cloudCalls(timeline, 'RunInstances');
    const stats = registry.stats()[0]!.actions.find((action) => action.action === 'RunInstances')!;
    const retried = runs.filter((event) => event.attempt > 1).length;
    expect(stats.retries).toBe(retried);
    expect(stats.retries).toBeGreaterThan(0);
    expect(stats.errors).toBe(runs.filter((event) => event.outcome === 'error').length);
    // the SDK absorbs most errors: the controller sees far fewer failures than the cloud returned
    const requeues = creations.reduce((total, creation) => total + creation.failures.length, 0);
    expect(stats.throttled).toBe(0);
    expect(requeues).toBeLessThan(stats.errors / 5);
    expect(runs.filter((event) => event.outcome === 'error').every((event) => event.code === 'InternalError')).toBe(true);
  });

  it('an exhausted AWS retry quota stops retries: exactly 500 / 5 = 100 retries per client', () => {
    const { sim, timeline, registry } = world(4);
    const provider = registry.cloudProvider('aws', 'r1');
    provider.setBrownout(1);
    for (let i = 0; i < 120; i++) createUntilAccepted(sim, provider, spec(i, { cluster: 'fleet/only' }));
    sim.run({ horizon: 20 * 60 * SECOND });
    const runs = cloudCalls(timeline, 'RunInstances');
    const retried = runs.filter((event) => event.attempt > 1);
    expect(retried.length).toBe(AWS_RETRY_QUOTA / AWS_RETRY_COST);
    const lastRetry = retried[retried.length - 1]!.t;
    const later = runs.filter((event) => event.t > lastRetry);
    expect(later.length).toBeGreaterThan(0);
    expect(later.every((event) => event.attempt === 1)).toBe(true);
  });

  it('azcore (retries turned on) honours Azure\'s Retry-After', () => {
    const { sim, timeline, registry } = world(5, {
      overrides: { azure: { retry: { maxAttempts: 4 }, api: { 'arm.writes': { bucket: 1, refillPerSecond: 0.1 } } } },
    });
    const provider = registry.provider('azure', 'r1');
    const creations = [0, 1, 2].map((i) => createUntilAccepted(sim, provider, spec(i)));
    sim.run({ horizon: 3600 * SECOND });
    expect(creations.every((creation) => creation.acceptedAt !== undefined)).toBe(true);
    const puts = cloudCalls(timeline, 'VirtualMachines.CreateOrUpdate');
    const throttled = puts.filter((event) => event.outcome === 'throttled');
    expect(throttled.length).toBeGreaterThan(0);
    for (const event of throttled) {
      expect(event.retryAfterMs).toBeGreaterThanOrEqual(1000);
      // the next attempt of the same object is sent exactly Retry-After after the 429
      const next = puts.find((other) => other.object === event.object && other.attempt === event.attempt + 1)!;
      expect(next.t - (next.latencyMs as number) - event.t).toBe(event.retryAfterMs);
    }
  });

  it('CAPZ (no SDK retries) requeues after the Retry-After of a throttled GET', () => {
    const { sim, timeline, registry } = world(6, { overrides: { azure: { api: { 'arm.reads': { bucket: 1, refillPerSecond: 0.05 } } } } });
    const provider = registry.provider('azure', 'r1');
    const creations = [0, 1].map((i) => createUntilAccepted(sim, provider, spec(i)));
    sim.run({ horizon: 3600 * SECOND });
    const gets = cloudCalls(timeline, 'VirtualMachines.Get').filter((event) => event.outcome === 'throttled');
    expect(gets.length).toBeGreaterThan(0);
    expect(gets.every((event) => event.attempt === 1)).toBe(true);
    const failures = creations.flatMap((creation) => creation.failures);
    expect(failures.map((failure) => failure.retryAfterMs)).toEqual(gets.map((event) => event.retryAfterMs));
    expect(failures.every((failure) => failure.reason === 'TooManyRequests')).toBe(true);
  });

  it('GCP: a 403 rateLimitExceeded is not retried by the client; the provider requeues', () => {
    const { sim, timeline, registry } = world(7, { overrides: { gcp: { api: { regionalWrites: { bucket: 5 } } } } });
    const provider = registry.provider('gcp', 'r1');
    const creations = Array.from({ length: 8 }, (_, i) => createUntilAccepted(sim, provider, spec(i)));
    sim.run({ horizon: 3600 * SECOND });
    const inserts = cloudCalls(timeline, 'instances.insert');
    const throttled = inserts.filter((event) => event.outcome === 'throttled');
    expect(throttled.length).toBeGreaterThan(0);
    expect(throttled.every((event) => event.code === 'rateLimitExceeded')).toBe(true);
    expect(inserts.every((event) => event.attempt === 1)).toBe(true);
    expect(registry.stats()[0]!.retries).toBe(0);
    const requeued = creations.filter((creation) => creation.failures.length > 0);
    expect(requeued.length).toBe(3);
    for (const creation of requeued) expect(creation.failures.every((failure) => failure.reason === 'rateLimitExceeded' && failure.retryAfterMs > 0)).toBe(true);
    // 5 per clock-aligned minute: the requeued three get in with the next window
    const okInserts = inserts.filter((event) => event.outcome === 'ok').map((event) => event.t).sort((a, b) => a - b);
    expect(okInserts.slice(0, 5).every((t) => t < 60 * SECOND)).toBe(true);
    expect(okInserts.slice(5).every((t) => t >= 60 * SECOND)).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { MINUTE, SECOND } from '../../src/engine/duration.js';
import { CAPZ_POLL_TIMING, capzPolls, everyInterval, firstPollAtOrAfter } from '../../src/cloud/poll-schedule.js';
import { WorkerPool } from '../../src/cloud/controller-workers.js';
import { cloudProviderFactory, cloudRegistryFor } from '../../src/cloud/cloud-registry.js';
import { RandomStreams } from '../../src/engine/random.js';
import { Simulation } from '../../src/engine/simulation.js';
import { Timeline } from '../../src/timeline/index.js';
import type { CloudFailure } from '../../src/cloud/provider.js';
import { cloudCalls, createUntilAccepted, spec, world } from './helpers.js';

describe('poll schedules', () => {
  it('CAPZ polls at once and 1 s later inside each 2 s call, and requeues 15 s after the call', () => {
    const schedule = capzPolls(10_000, CAPZ_POLL_TIMING);
    expect([0, 1, 2, 3, 4, 5].map((k) => schedule.time(k) - 10_000)).toEqual([0, 1000, 17_000, 18_000, 34_000, 35_000]);
    expect(firstPollAtOrAfter(schedule, 10_000 + 17_500)).toBe(3);
  });

  it('fixed-interval polls start one interval after the answer', () => {
    const schedule = everyInterval(500, 1000);
    expect([0, 1, 2].map((k) => schedule.time(k))).toEqual([1500, 2500, 3500]);
    expect(firstPollAtOrAfter(schedule, 2500)).toBe(1);
  });
});

describe('instance lifecycle', () => {
  it('AWS: accepted with the answer, running after the boot, deleted when CAPA\'s minute poll sees it terminated', () => {
    const { sim, registry } = world(1);
    const provider = registry.provider('aws', 'us-east-1');
    const creation = createUntilAccepted(sim, provider, spec(0, { zone: 'us-east-1a', region: 'us-east-1' }));
    sim.run({ horizon: 10 * MINUTE });
    expect(creation.providerID).toMatch(/^aws:\/\/\/us-east-1a\/i-[0-9a-f]{17}$/);
    expect(creation.runningAt! - creation.acceptedAt!).toBeGreaterThan(5 * SECOND);
    expect(provider.instanceState(creation.providerID!)).toBe('running');
    let deletedAt: number | undefined;
    const requestedAt = sim.now;
    provider.deleteInstance(creation.providerID!, (failure) => {
      expect(failure).toBeUndefined();
      deletedAt = sim.now;
    });
    sim.run({ horizon: sim.now + 1 * SECOND + 3000 });
    expect(provider.instanceState(creation.providerID!)).toBe('shuttingDown');
    sim.run({ horizon: sim.now + 30 * MINUTE });
    expect(deletedAt! - requestedAt).toBeGreaterThanOrEqual(1 * MINUTE);
    expect(provider.instanceState(creation.providerID!)).toBeUndefined();
  });

  it('counts CAPA\'s describe polls while pending: one a second until it sees the instance running', () => {
    const { sim, registry } = world(2, { overrides: { aws: { instanceBoot: { distribution: 'constant', value: 16_500 } } } });
    const provider = registry.cloudProvider('aws', 'r1');
    createUntilAccepted(sim, provider, spec(0));
    sim.run({ horizon: 5 * MINUTE });
    const describe = provider.stats().actions.find((action) => action.action === 'DescribeInstances')!;
    // polls at +1 s … +17 s: the 17th is the first at or after the 16.5 s boot
    expect(describe.calls).toBe(17);
    expect(describe.idlePolls).toBe(17);
  });

  it('Azure: a capacity failure surfaces on the operation, at a CAPZ poll', () => {
    const { sim, timeline, registry } = world(3, { overrides: { azure: { capacity: [{ zone: 'z1', maxInstances: 0 }] } } });
    const provider = registry.provider('azure', 'r1');
    const failures: Array<{ at: number; failure: CloudFailure }> = [];
    provider.createInstance(spec(0), {
      accepted: () => { throw new Error('must not be accepted'); },
      running: () => { throw new Error('must not run'); },
      failed: (failure) => failures.push({ at: sim.now, failure }),
    });
    sim.run({ horizon: 10 * MINUTE });
    expect(failures).toHaveLength(1);
    expect(failures[0]!.failure.reason).toBe('ZonalAllocationFailed');
    const put = cloudCalls(timeline, 'VirtualMachines.CreateOrUpdate')[0]!;
    expect(put.outcome).toBe('ok');
    const offset = failures[0]!.at - put.t;
    // CAPZ polls at +0, +1 s, then every 17 s (+17, +18, ...)
    expect([0, 1000].includes(offset % 17_000)).toBe(true);
  });

  it('GCP: accepted and running when the insert operation completes; polls every second are charged', () => {
    const { sim, registry } = world(4, { overrides: { gcp: { instanceBoot: { distribution: 'constant', value: 25_000 }, apiLatency: { 'instances.insert': { distribution: 'constant', value: 1000 } } } } });
    const provider = registry.cloudProvider('gcp', 'r1');
    const creation = createUntilAccepted(sim, provider, spec(0));
    sim.run({ horizon: 5 * MINUTE });
    expect(creation.acceptedAt).toBe(1000 + 25_000);
    expect(creation.runningAt).toBe(creation.acceptedAt);
    expect(creation.providerID).toBe('gce://default/z1/m-0000');
    expect(provider.stats().actions.find((action) => action.action === 'zoneOperations.get')!.calls).toBe(25);
  });

  it('capacity limits, quotas and stock-outs fail creates with each cloud\'s code', () => {
    const { sim, registry } = world(5, { overrides: { aws: { capacity: [{ zone: 'z1', instanceType: 'm6i.large', maxInstances: 2 }], quota: { instances: 3 } } } });
    const provider = registry.cloudProvider('aws', 'r1');
    const reasons: string[] = [];
    const create = (i: number, zone: string, instanceType = 'm6i.large') => provider.createInstance(spec(i, { zone, instanceType }), {
      accepted: () => { reasons[i] = 'ok'; },
      running: () => {},
      failed: (failure) => { reasons[i] = failure.reason; },
    });
    create(0, 'z1');
    create(1, 'z1');
    sim.run({ horizon: MINUTE });
    create(2, 'z1');
    create(3, 'z1', 'c7i.large');
    sim.run({ horizon: 2 * MINUTE });
    create(4, 'z2');
    provider.setCapacity('z3', undefined, false);
    create(5, 'z3');
    sim.run({ horizon: 3 * MINUTE });
    expect(reasons).toEqual(['ok', 'ok', 'InsufficientInstanceCapacity', 'ok', 'InstanceLimitExceeded', 'InsufficientInstanceCapacity']);
  });

  it('a zone that is down holds booting instances until it is back, and refuses creates', () => {
    const { sim, registry } = world(6, { overrides: { aws: { instanceBoot: { distribution: 'constant', value: 20_000 } } } });
    const provider = registry.cloudProvider('aws', 'r1');
    const booting = createUntilAccepted(sim, provider, spec(0));
    sim.run({ horizon: 5 * SECOND });
    expect(provider.zoneDown('z1', true)).toEqual([booting.providerID]);
    let refused = '';
    provider.createInstance(spec(1), { accepted: () => {}, running: () => {}, failed: (failure) => { refused = failure.reason; } });
    let runningWhileDown: number | undefined;
    sim.at(MINUTE, () => {
      runningWhileDown = booting.runningAt;
      provider.zoneDown('z1', false);
    }, undefined);
    sim.run({ horizon: 2 * MINUTE });
    expect(refused).toBe('InsufficientInstanceCapacity');
    expect(booting.acceptedAt! + 20_000).toBeLessThan(MINUTE);
    expect(runningWhileDown).toBeUndefined();
    expect(booting.runningAt).toBe(MINUTE);
  });

  it('a crashed instance is terminated; deleting it costs no API call', () => {
    const { sim, registry } = world(7);
    const provider = registry.cloudProvider('aws', 'r1');
    const creation = createUntilAccepted(sim, provider, spec(0));
    sim.run({ horizon: 5 * MINUTE });
    expect(provider.crashInstance(creation.providerID!)).toBe(true);
    expect(provider.crashInstance(creation.providerID!)).toBe(false);
    expect(provider.instanceState(creation.providerID!)).toBe('terminated');
    let done = false;
    provider.deleteInstance(creation.providerID!, () => { done = true; });
    expect(done).toBe(true);
    expect(provider.stats().actions.find((action) => action.action === 'TerminateInstances')).toBeUndefined();
  });

  it('adopted instances run at once and count against capacity', () => {
    const { registry } = world(8, { overrides: { gcp: { capacity: [{ zone: 'z1', maxInstances: 1 }] } } });
    const provider = registry.cloudProvider('gcp', 'r1');
    const id = provider.adoptRunningInstance(spec(0));
    expect(provider.instanceState(id)).toBe('running');
    expect(provider.liveInstances).toBe(1);
  });
});

describe('provider controller workers', () => {
  it('a pool runs at most `size` at once and serves the waiting in order', () => {
    const pool = new WorkerPool(2);
    const started: number[] = [];
    for (let i = 0; i < 5; i++) pool.acquire(() => started.push(i));
    expect(started).toEqual([0, 1]);
    pool.release();
    expect(started).toEqual([0, 1, 2]);
    pool.release();
    pool.release();
    pool.release();
    pool.release();
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(() => pool.release()).toThrow();
  });

  it('CAPG holds a worker while it waits for the insert operation', () => {
    const boot = 25_000;
    const { sim, registry, timeline } = world(9, { overrides: { gcp: { controllerConcurrency: 1, instanceBoot: { distribution: 'constant', value: boot } } } });
    const provider = registry.cloudProvider('gcp', 'r1');
    const first = createUntilAccepted(sim, provider, spec(0));
    createUntilAccepted(sim, provider, spec(1));
    sim.run({ horizon: 5 * MINUTE });
    const inserts = cloudCalls(timeline, 'instances.insert');
    expect(inserts).toHaveLength(2);
    // the second insert is sent only after the first's operation was seen DONE (a 1 s poll)
    expect(inserts[1]!.t - (inserts[1]!.latencyMs as number)).toBeGreaterThanOrEqual(first.acceptedAt!);
    expect(provider.stats().workerWaitMs).toBeGreaterThanOrEqual(boot);
  });
});

describe('cloud.call events', () => {
  it('carry the fields the timeline contract names', () => {
    const { sim, timeline, registry } = world(10);
    createUntilAccepted(sim, registry.provider('aws', 'r1'), spec(0));
    sim.run({ horizon: MINUTE });
    const [event] = cloudCalls(timeline, 'RunInstances');
    expect(event).toMatchObject({ type: 'cloud.call', cluster: 'fleet/c0', object: 'Machine/fleet/m-0000', cloud: 'aws', account: 'default', region: 'r1', action: 'RunInstances', outcome: 'ok', attempt: 1 });
    expect(typeof event!.latencyMs).toBe('number');
    // RunInstances' tightest bucket after one call: the request bucket, 5 − 1
    expect(event!.tokens).toBe(4);
  });

  it('sampling keeps a seeded fraction of the events, and the stats count every call', () => {
    const counts = (callEvents: 'all' | 'none' | { sampled: number }, seed = 1) => {
      const { sim, timeline, registry } = world(seed, { callEvents, overrides: { aws: { api: { RunInstances: { bucket: 1000, refillPerSecond: 100 } } } } });
      for (let i = 0; i < 200; i++) createUntilAccepted(sim, registry.provider('aws', 'r1'), spec(i));
      sim.run({ horizon: 10 * MINUTE });
      const stats = registry.stats()[0]!;
      return { events: cloudCalls(timeline).length, calls: stats.calls - stats.idlePolls, total: stats.calls };
    };
    const all = counts('all');
    const none = counts('none');
    const sampled = counts({ sampled: 0.25 });
    expect(all.events).toBe(all.calls);
    expect(none.events).toBe(0);
    expect(none.total).toBe(all.total);
    expect(sampled.total).toBe(all.total);
    expect(sampled.events).toBeGreaterThan(all.calls * 0.15);
    expect(sampled.events).toBeLessThan(all.calls * 0.35);
    expect(counts({ sampled: 0.25 }).events).toBe(sampled.events);
  });
});

describe('world adapter', () => {
  it('one registry per world context; observe settings choose the cloud.call events', () => {
    const ctx = { sim: new Simulation(), streams: new RandomStreams(1), timeline: new Timeline(), overrides: {}, observe: { cloudCallEvents: 'none' as const, cloudCallSampleRate: 1 } };
    const aws = cloudProviderFactory('aws');
    const provider = aws(ctx, 'prod', 'us-east-1');
    expect(aws(ctx, 'prod', 'us-east-1')).toBe(provider);
    expect(cloudProviderFactory('gcp')(ctx, 'prod', 'us-east-1').kind).toBe('gcp');
    createUntilAccepted(ctx.sim, provider, spec(0));
    ctx.sim.run({ horizon: MINUTE });
    expect(ctx.timeline.counts.get('cloud.call')).toBeUndefined();
    expect(cloudRegistryFor(ctx).stats().map((stats) => `${stats.cloud}/${stats.account}/${stats.region}`)).toEqual(['aws/prod/us-east-1', 'gcp/prod/us-east-1']);
    expect(cloudRegistryFor(ctx).stats()[0]!.calls).toBeGreaterThan(0);
  });

  it('controllerWorkers: false leaves the workers to the controllers\' layer', () => {
    const { sim, registry, timeline } = world(12, { controllerWorkers: false, overrides: { gcp: { instanceBoot: { distribution: 'constant', value: 25_000 } } } });
    const provider = registry.cloudProvider('gcp', 'r1');
    for (let i = 0; i < 30; i++) createUntilAccepted(sim, provider, spec(i));
    sim.run({ horizon: 5 * MINUTE });
    const inserts = cloudCalls(timeline, 'instances.insert');
    // all 30 inserts go out at once: none waits for another's operation
    expect(inserts.every((event) => event.t - event.latencyMs === 0)).toBe(true);
    expect(provider.stats().workerWaitMs).toBe(0);
  });
});

/**
 * Overlapping cloud faults stack: each "on" is ended by its own "off", and the effect lasts until
 * the last overlapping fault ends (faults.ts). Brownouts with different rates act independently.
 */

import { describe, expect, it } from 'vitest';
import { MINUTE, SECOND } from '../../src/engine/duration.js';
import { DockerProvider } from '../../src/cloud/docker/docker-provider.js';
import { RandomStreams } from '../../src/engine/random.js';
import { Simulation } from '../../src/engine/simulation.js';
import { cloudCalls, createUntilAccepted, spec, world } from './helpers.js';

/** Sends one DescribeInstances at `t` and records whether it failed. */
function probe(w: ReturnType<typeof world>, t: number, outcomes: Map<number, string>): void {
  const provider = w.registry.cloudProvider('aws', 'r1');
  w.sim.at(t, () => provider.callApi('DescribeInstances', { cluster: `probe/${t}` }, (result) => {
    outcomes.set(t, result.error?.kind ?? 'ok');
  }), undefined);
}

describe('overlapping cloud faults', () => {
  it('two outages: calls fail until the second one ends, whichever ended first', () => {
    const w = world(1, { overrides: { aws: { retry: { maxAttempts: 1 } } } });
    const provider = w.registry.cloudProvider('aws', 'r1');
    w.sim.at(0, () => provider.setOutage(true), undefined);
    w.sim.at(1 * MINUTE, () => provider.setOutage(true), undefined);
    w.sim.at(2 * MINUTE, () => provider.setOutage(false), undefined); // the first ends
    w.sim.at(4 * MINUTE, () => provider.setOutage(false), undefined); // the second ends
    const outcomes = new Map<number, string>();
    for (const t of [30 * SECOND, 90 * SECOND, 3 * MINUTE, 5 * MINUTE]) probe(w, t, outcomes);
    w.sim.run({ horizon: 10 * MINUTE });
    expect([...outcomes.values()]).toEqual(['unavailable', 'unavailable', 'unavailable', 'ok']);
  });

  it('two brownouts: the shorter one ending does not clear the longer one; handles end their own brownout', () => {
    const w = world(2, { overrides: { aws: { retry: { maxAttempts: 1 } } } });
    const provider = w.registry.cloudProvider('aws', 'r1');
    let long = 0;
    let short = 0;
    w.sim.at(0, () => { long = provider.setBrownout(1); }, undefined);
    w.sim.at(1 * MINUTE, () => { short = provider.setBrownout(0); }, undefined);
    w.sim.at(2 * MINUTE, () => provider.clearBrownout(short), undefined);
    w.sim.at(4 * MINUTE, () => provider.clearBrownout(long), undefined);
    const outcomes = new Map<number, string>();
    for (const t of [30 * SECOND, 90 * SECOND, 3 * MINUTE, 5 * MINUTE]) probe(w, t, outcomes);
    w.sim.run({ horizon: 10 * MINUTE });
    // rate 1 fails every call, with the rate-0 brownout on top or not; then none
    expect([...outcomes.values()]).toEqual(['server', 'server', 'server', 'ok']);
    expect(long).not.toBe(short);
  });

  it('overlapping brownouts combine independently: 1 − (1 − 0.5)(1 − 0.5) = 75 % of calls fail', () => {
    const w = world(3, { overrides: { aws: { retry: { maxAttempts: 1 }, api: { nonMutating: { bucket: 100_000, refillPerSecond: 10_000 } } } } });
    const provider = w.registry.cloudProvider('aws', 'r1');
    provider.setBrownout(0.5);
    provider.setBrownout(0.5, ['DescribeInstances']);
    const outcomes = new Map<number, string>();
    for (let i = 0; i < 4000; i++) probe(w, i * 100, outcomes);
    w.sim.run({ horizon: 10 * MINUTE });
    const failed = [...outcomes.values()].filter((o) => o === 'server').length / outcomes.size;
    expect(failed).toBeGreaterThan(0.72);
    expect(failed).toBeLessThan(0.78);
    expect(cloudCalls(w.timeline, 'DescribeInstances')).toHaveLength(4000);
  });

  it('clearBrownout without a handle ends the oldest brownout', () => {
    const w = world(4, { overrides: { aws: { retry: { maxAttempts: 1 } } } });
    const provider = w.registry.cloudProvider('aws', 'r1');
    provider.setBrownout(0);
    provider.setBrownout(1);
    provider.clearBrownout();
    const outcomes = new Map<number, string>();
    probe(w, 1 * SECOND, outcomes);
    w.sim.run({ horizon: MINUTE });
    expect(outcomes.get(1 * SECOND)).toBe('server');
  });

  it('two stock-outs of a zone: creates fail until both have ended', () => {
    const w = world(5);
    const provider = w.registry.cloudProvider('aws', 'r1');
    provider.setCapacity('z1', undefined, false);
    provider.setCapacity('z1', undefined, false);
    provider.setCapacity('z1', undefined, true);
    const reasons: string[] = [];
    const create = (i: number) => provider.createInstance(spec(i), { accepted: () => reasons.push('ok'), running: () => {}, failed: (f) => reasons.push(f.reason) });
    create(0);
    w.sim.run({ horizon: MINUTE });
    provider.setCapacity('z1', undefined, true);
    create(1);
    w.sim.run({ horizon: 2 * MINUTE });
    expect(reasons).toEqual(['InsufficientInstanceCapacity', 'ok']);
  });

  it('two outages of a zone: booting instances are held until the last one ends', () => {
    const w = world(6, { overrides: { aws: { instanceBoot: { distribution: 'constant', value: 20_000 } } } });
    const provider = w.registry.cloudProvider('aws', 'r1');
    const booting = createUntilAccepted(w.sim, provider, spec(0));
    w.sim.run({ horizon: 5 * SECOND });
    provider.zoneDown('z1', true);
    w.sim.at(10 * SECOND, () => provider.zoneDown('z1', true), undefined);
    w.sim.at(1 * MINUTE, () => provider.zoneDown('z1', false), undefined);
    w.sim.at(3 * MINUTE, () => provider.zoneDown('z1', false), undefined);
    w.sim.run({ horizon: 5 * MINUTE });
    expect(booting.runningAt).toBe(3 * MINUTE);
  });

  it('docker: zone outages and stock-outs stack too', () => {
    const sim = new Simulation();
    const docker = new DockerProvider(sim, new RandomStreams(7));
    const reasons: string[] = [];
    const create = () => docker.createInstance(spec(0), { accepted: () => reasons.push('ok'), running: () => {}, failed: () => reasons.push('refused') });
    docker.zoneDown('z1', true);
    docker.zoneDown('z1', true);
    docker.zoneDown('z1', false);
    create();
    docker.zoneDown('z1', false);
    docker.setCapacity('z1', undefined, false);
    docker.setCapacity('z1', 'm6i.large', false);
    docker.setCapacity('z1', undefined, true);
    create();
    docker.setCapacity('z1', 'm6i.large', true);
    create();
    expect(reasons).toEqual(['refused', 'refused', 'ok']);
  });
});

import { describe, expect, it } from 'vitest';
import { SECOND } from '../../src/engine/duration.js';
import { cloudCalls, createUntilAccepted, spec, world } from './helpers.js';

/** A mixed run: three clouds, throttling, a brownout, creates and deletes. */
function run(seed: number) {
  const { sim, timeline, registry } = world(seed, { overrides: { aws: { api: { RunInstances: { bucket: 10, refillPerSecond: 1 } } }, gcp: { api: { regionalWrites: { bucket: 20 } } } } });
  const clouds = ['aws', 'azure', 'gcp'] as const;
  registry.cloudProvider('azure', 'r1').setBrownout(0.2);
  const creations = Array.from({ length: 90 }, (_, i) => createUntilAccepted(sim, registry.provider(clouds[i % 3]!, 'r1'), spec(i)));
  sim.run({ horizon: 20 * 60 * SECOND });
  for (const [i, creation] of creations.entries()) {
    if (i % 2 === 0 && creation.providerID !== undefined) registry.provider(clouds[i % 3]!, 'r1').deleteInstance(creation.providerID, () => {});
  }
  sim.run({ horizon: 60 * 60 * SECOND });
  return { events: cloudCalls(timeline), stats: registry.stats() };
}

describe('determinism', () => {
  it('the same seed gives the same sequence of cloud.call events and the same stats', () => {
    const first = run(11);
    const second = run(11);
    expect(first.events.length).toBeGreaterThan(200);
    expect(second.events).toEqual(first.events);
    expect(second.stats).toEqual(first.stats);
  });

  it('another seed gives another sequence', () => {
    expect(run(12).events).not.toEqual(run(11).events);
  });
});

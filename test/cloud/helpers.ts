/** Test drivers: a stand-in for the Machine controller that keeps asking until the cloud says yes. */

import { RandomStreams } from '../../src/engine/random.js';
import { Simulation } from '../../src/engine/simulation.js';
import { Timeline, ofType, type CloudCall } from '../../src/timeline/index.js';
import { CloudRegistry, type CloudRegistryOptions } from '../../src/cloud/cloud-registry.js';
import type { CloudFailure, InfrastructureProvider, InstanceSpec } from '../../src/cloud/provider.js';

export interface World {
  sim: Simulation;
  timeline: Timeline;
  registry: CloudRegistry;
}

export function world(seed: number | string, options: Partial<Omit<CloudRegistryOptions, 'sim' | 'streams' | 'timeline'>> = {}): World {
  const sim = new Simulation();
  const timeline = new Timeline();
  const registry = new CloudRegistry({ sim, streams: new RandomStreams(seed), timeline, ...options });
  return { sim, timeline, registry };
}

export function spec(i: number, overrides: Partial<InstanceSpec> = {}): InstanceSpec {
  return {
    cluster: `fleet/c${i % 10}`,
    owner: `Machine/fleet/m-${String(i).padStart(4, '0')}`,
    region: 'r1',
    zone: 'z1',
    instanceType: 'm6i.large',
    image: 'img-1',
    version: 'v1.34.3',
    ...overrides,
  };
}

export interface Creation {
  spec: InstanceSpec;
  providerID?: string;
  acceptedAt?: number;
  runningAt?: number;
  failures: CloudFailure[];
}

/** Creates an instance, requeueing after each failure's retryAfterMs until it is accepted. */
export function createUntilAccepted(sim: Simulation, provider: InfrastructureProvider, instanceSpec: InstanceSpec): Creation {
  const creation: Creation = { spec: instanceSpec, failures: [] };
  const attempt = () => provider.createInstance(instanceSpec, {
    accepted: (providerID) => {
      creation.providerID = providerID;
      creation.acceptedAt = sim.now;
    },
    running: () => {
      creation.runningAt = sim.now;
    },
    failed: (failure) => {
      creation.failures.push(failure);
      sim.after(failure.retryAfterMs, attempt, undefined);
    },
  });
  attempt();
  return creation;
}

export function cloudCalls(timeline: Timeline, action?: string): CloudCall[] {
  return timeline.events.filter(ofType('cloud.call')).filter((event) => action === undefined || event.action === action);
}

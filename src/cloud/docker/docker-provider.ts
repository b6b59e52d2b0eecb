/**
 * The `docker` provider: no API limits, no capacity limits, instance boot and kubelet join from
 * CAPI's in-memory test provider (CAPD in-memory backend: VM 10 s, node 2 s, jitter 0.2, so a Node
 * is Ready 12–14.4 s after creation; capi-semantics.md §9,
 * cluster-api@v1.13.5:test/infrastructure/docker/templates/clusterclass-in-memory.yaml).
 */

import { SECOND, type Millis } from '../../engine/duration.js';
import { makeDistribution, type Distribution, type DistributionSpec } from '../../engine/distribution.js';
import type { RandomStreams, Random } from '../../engine/random.js';
import type { Simulation } from '../../engine/simulation.js';
import type { CloudFailure, CreateInstanceCallbacks, InfrastructureProvider, InstanceSpec, InstanceState, ListedInstance } from '../provider.js';
import { FaultCounter, type CloudFaultHooks } from '../faults.js';

export interface DockerProviderOptions {
  /** Creation to running (the in-memory backend's VM stage: 10 s + U[0,1)·0.2·10 s). */
  instanceBoot?: DistributionSpec | undefined;
  /** Running to Node Ready (node stage: 2 s + U[0,1)·0.2·2 s). */
  kubeletJoin?: DistributionSpec | undefined;
  /** Time to delete a container. */
  instanceDelete?: DistributionSpec | undefined;
}

export const DOCKER_DEFAULTS = {
  instanceBoot: { distribution: 'uniform', min: 10 * SECOND, max: 12 * SECOND },
  kubeletJoin: { distribution: 'uniform', min: 2 * SECOND, max: 2.4 * SECOND },
  instanceDelete: { distribution: 'uniform', min: 1 * SECOND, max: 2 * SECOND },
} as const satisfies Record<string, DistributionSpec>;

interface Instance {
  state: InstanceState;
  spec: InstanceSpec;
}

/**
 * Faults reach docker's instances too: crashes, dead zones and "capacity" (a host that cannot start
 * more containers). It has no API, so brownouts and API outages have no effect on it.
 */
export class DockerProvider implements InfrastructureProvider, CloudFaultHooks {
  readonly kind = 'docker' as const;
  private readonly instances = new Map<string, Instance>();
  private readonly boot: Distribution;
  private readonly join: Distribution;
  private readonly remove: Distribution;
  private readonly random: Random;
  private nextId = 1;
  private readonly downZones = new FaultCounter();
  /** Instances whose boot a dead zone interrupted: they finish booting when the zone is back. */
  private readonly heldByZone = new Map<string, Array<() => void>>();
  private readonly noCapacity = new FaultCounter();

  constructor(
    private readonly sim: Simulation,
    streams: RandomStreams,
    options: DockerProviderOptions = {},
    /** Distinguishes several docker "accounts" in one run (stream names, provider IDs). */
    private readonly scope = 'docker',
  ) {
    this.boot = makeDistribution(options.instanceBoot ?? DOCKER_DEFAULTS.instanceBoot);
    this.join = makeDistribution(options.kubeletJoin ?? DOCKER_DEFAULTS.kubeletJoin);
    this.remove = makeDistribution(options.instanceDelete ?? DOCKER_DEFAULTS.instanceDelete);
    this.random = streams.stream(`${scope}/instances`);
  }

  createInstance(spec: InstanceSpec, callbacks: CreateInstanceCallbacks): void {
    if (this.downZones.has(spec.zone) || this.noCapacity.has(`${spec.zone}/${spec.instanceType}`) || this.noCapacity.has(`${spec.zone}/*`)) {
      callbacks.failed({ reason: `InsufficientCapacity: zone ${spec.zone} cannot start ${spec.instanceType}`, retryAfterMs: 30_000 });
      return;
    }
    const providerID = `docker:////${this.scope}-${this.nextId++}`;
    this.instances.set(providerID, { state: 'pending', spec });
    callbacks.accepted(providerID);
    const boot = (): void => {
      const instance = this.instances.get(providerID);
      if (instance === undefined || instance.state !== 'pending') return;
      if (this.downZones.has(spec.zone)) {
        const held = this.heldByZone.get(spec.zone) ?? [];
        held.push(boot);
        this.heldByZone.set(spec.zone, held);
        return;
      }
      instance.state = 'running';
      callbacks.running(providerID);
    };
    this.sim.after(Math.round(this.boot.sample(this.random)), boot, undefined);
  }

  adoptRunningInstance(spec: InstanceSpec): string {
    const providerID = `docker:////${this.scope}-${this.nextId++}`;
    this.instances.set(providerID, { state: 'running', spec });
    return providerID;
  }

  deleteInstance(providerID: string, done: (failure?: CloudFailure) => void): void {
    const instance = this.instances.get(providerID);
    if (instance === undefined || instance.state === 'terminated') {
      done();
      return;
    }
    instance.state = 'shuttingDown';
    this.sim.after(Math.round(this.remove.sample(this.random)), () => {
      instance.state = 'terminated';
      this.instances.delete(providerID);
      done();
    }, undefined);
  }

  listInstances(): ListedInstance[] {
    return [...this.instances.entries()].map(([providerID, instance]) => ({ providerID, state: instance.state, spec: instance.spec }));
  }

  instanceState(providerID: string): InstanceState | undefined {
    return this.instances.get(providerID)?.state;
  }

  setBrownout(): number {
    return 0;
  }

  clearBrownout(): void {}
  setOutage(): void {}

  /** Stock-outs stack, like a cloud's (faults.ts). */
  setCapacity(zone: string, instanceType: string | undefined, available: boolean): void {
    this.noCapacity.set(`${zone}/${instanceType ?? '*'}`, !available);
  }

  crashInstance(providerID: string): boolean {
    const instance = this.instances.get(providerID);
    if (instance === undefined || instance.state === 'terminated') return false;
    instance.state = 'terminated';
    return true;
  }

  zoneDown(zone: string, on: boolean): string[] {
    if (!this.downZones.set(zone, on)) {
      const held = this.heldByZone.get(zone) ?? [];
      this.heldByZone.delete(zone);
      for (const boot of held) boot();
    }
    const alive: string[] = [];
    for (const [providerID, instance] of this.instances) if (instance.spec.zone === zone && instance.state !== 'terminated') alive.push(providerID);
    return alive;
  }

  kubeletJoinDelay(_spec: InstanceSpec): Millis {
    return Math.round(this.join.sample(this.random));
  }
}

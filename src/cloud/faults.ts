/**
 * What the faults layer can do to a cloud provider. Every method takes effect at the current
 * simulation time.
 *
 * Faults stack: two overlapping faults of the same kind on the same provider both hold until each
 * has ended. Every "on" call is matched by one "off" call (the faults layer calls them in pairs),
 * and the effect lasts until the last overlapping fault ends.
 */

export interface CloudFaultHooks {
  /**
   * A fraction of admitted API calls fail with a 5xx (all actions, or only those listed).
   * Overlapping brownouts act independently (error rate 1 − Π(1 − rate) on actions they share).
   * Returns the handle `clearBrownout` takes to end this one.
   */
  setBrownout(errorRate: number, actions?: readonly string[]): number;
  /** Ends the brownout `handle`; without a handle, the oldest one still active. */
  clearBrownout(handle?: number): void;
  /** While at least one outage is on, every API call fails with a connection error. */
  setOutage(on: boolean): void;
  /**
   * Stock-out: while at least one stock-out of `zone` (and `instanceType`, or any type) is on,
   * creates there fail with the capacity error.
   */
  setCapacity(zone: string, instanceType: string | undefined, available: boolean): void;
  /** The cloud terminates the instance (a crash, a host failure). Returns false if it was not alive. */
  crashInstance(providerID: string): boolean;
  /**
   * A zone goes down (or one of its outages ends): while at least one outage of the zone is on,
   * creates in it fail with the capacity error and instances still booting there do not reach
   * running. Instances already running keep that state (the cloud still lists them); the call
   * returns the provider IDs the caller knows of instances alive in the zone, for it to make
   * their nodes unreachable.
   */
  zoneDown(zone: string, on: boolean): string[];
}

/** Whether a provider takes cloud faults (aws, azure, gcp do; docker does not). */
export function hasCloudFaultHooks(provider: object): provider is CloudFaultHooks {
  const candidate = provider as Partial<CloudFaultHooks>;
  return typeof candidate.setBrownout === 'function' && typeof candidate.zoneDown === 'function' && typeof candidate.crashInstance === 'function';
}

/** Counts of overlapping faults by key: a key is on while its count is above zero. */
export class FaultCounter {
  private readonly counts = new Map<string, number>();

  /** Counts one more fault on `key` (on) or one fewer (off); returns whether `key` is still on. */
  set(key: string, on: boolean): boolean {
    const count = (this.counts.get(key) ?? 0) + (on ? 1 : -1);
    if (count > 0) this.counts.set(key, count);
    else this.counts.delete(key);
    return count > 0;
  }

  has(key: string): boolean {
    return this.counts.has(key);
  }

  get size(): number {
    return this.counts.size;
  }
}

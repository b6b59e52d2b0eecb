/**
 * What the faults layer can do to a cloud provider. Every method takes effect at the current
 * simulation time.
 */

export interface CloudFaultHooks {
  /** A fraction of admitted API calls fail with a 5xx (all actions, or only those listed). */
  setBrownout(errorRate: number, actions?: readonly string[]): void;
  clearBrownout(): void;
  /** While on, every API call fails with a connection error. */
  setOutage(on: boolean): void;
  /** Stock-out: while unavailable, creates in `zone` (of `instanceType`, or any type) fail with the capacity error. */
  setCapacity(zone: string, instanceType: string | undefined, available: boolean): void;
  /** The cloud terminates the instance (a crash, a host failure). Returns false if it was not alive. */
  crashInstance(providerID: string): boolean;
  /**
   * A zone goes down (or comes back): while down, creates in it fail with the capacity error and
   * instances still booting there do not reach running. Instances already running keep that
   * state (the cloud still lists them); the call returns the provider IDs the caller knows of
   * instances alive in the zone, for it to make their nodes unreachable.
   */
  zoneDown(zone: string, on: boolean): string[];
}

/** Whether a provider takes cloud faults (aws, azure, gcp do; docker does not). */
export function hasCloudFaultHooks(provider: object): provider is CloudFaultHooks {
  const candidate = provider as Partial<CloudFaultHooks>;
  return typeof candidate.setBrownout === 'function' && typeof candidate.zoneDown === 'function' && typeof candidate.crashInstance === 'function';
}

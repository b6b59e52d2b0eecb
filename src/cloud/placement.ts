/**
 * Where a cloud region can place an instance now: its live instances per zone and instance type,
 * the zones' capacity limits, the stock-outs and zone outages the fault hooks set (they stack:
 * faults.ts `FaultCounter`), and the account's instance quota. cloud-provider.ts asks it before
 * every create and tells it of every instance that comes and goes.
 */

import { makeError, type CallError, type CloudErrorCatalog } from './errors.js';
import { FaultCounter } from './faults.js';

/** A zone's capacity for an instance type (or all types): creates beyond it fail with the capacity error. */
export interface CapacityLimit {
  zone: string;
  instanceType?: string | undefined;
  maxInstances: number;
}

interface Placed {
  zone: string;
  instanceType: string;
}

export class Placement {
  private readonly liveByZone = new Map<string, number>();
  private readonly liveByZoneType = new Map<string, number>();
  private liveTotal = 0;
  private readonly stockouts = new FaultCounter();
  private readonly downZones = new FaultCounter();

  constructor(
    private readonly capacity: readonly CapacityLimit[],
    private readonly errors: CloudErrorCatalog,
    private readonly quota: number | undefined,
  ) {}

  /** Instances not terminated. */
  get live(): number {
    return this.liveTotal;
  }

  /** One instance more (`delta` 1) or fewer (−1) in its zone. */
  count(spec: Placed, delta: number): void {
    this.liveTotal += delta;
    this.liveByZone.set(spec.zone, (this.liveByZone.get(spec.zone) ?? 0) + delta);
    const key = `${spec.zone}|${spec.instanceType}`;
    this.liveByZoneType.set(key, (this.liveByZoneType.get(key) ?? 0) + delta);
  }

  /** Why the cloud would refuse to place this instance now, or undefined. */
  error(spec: Placed): CallError | undefined {
    const errors = this.errors;
    if (this.downZones.has(spec.zone)) return makeError(errors, 'capacity');
    if (this.stockouts.has(`${spec.zone}|*`) || this.stockouts.has(`${spec.zone}|${spec.instanceType}`)) return makeError(errors, 'capacity');
    for (const limit of this.capacity) {
      if (limit.zone !== spec.zone) continue;
      if (limit.instanceType !== undefined && limit.instanceType !== spec.instanceType) continue;
      const live = limit.instanceType === undefined ? this.liveByZone.get(spec.zone) : this.liveByZoneType.get(`${spec.zone}|${spec.instanceType}`);
      if ((live ?? 0) >= limit.maxInstances) return makeError(errors, 'capacity');
    }
    if (this.quota !== undefined && this.liveTotal >= this.quota) return makeError(errors, 'quota');
    return undefined;
  }

  /** A stock-out of `instanceType` (all types when undefined) in `zone` starts or ends. */
  setStockout(zone: string, instanceType: string | undefined, available: boolean): void {
    this.stockouts.set(`${zone}|${instanceType ?? '*'}`, !available);
  }

  /** A zone outage starts or ends; returns whether the zone is still down (outages stack). */
  setZoneDown(zone: string, on: boolean): boolean {
    return this.downZones.set(zone, on);
  }

  zoneIsDown(zone: string): boolean {
    return this.downZones.has(zone);
  }
}

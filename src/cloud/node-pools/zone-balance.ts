/**
 * Where a node group (EC2 Auto Scaling group, VM scale set, managed instance group) launches its
 * next instance: the zone of its list with the fewest live instances, skipping zones where a
 * launch just failed for lack of capacity. "If an Availability Zone becomes unhealthy or
 * unavailable, Amazon EC2 Auto Scaling launches new instances in an unaffected Availability Zone"
 * (Amazon EC2 Auto Scaling User Guide, "Availability Zone rebalancing" / "Instance distribution");
 * VMSS and MIG regional groups likewise place in the zones that can take the instance. A failed zone
 * is avoided for ZONE_AVOIDANCE after its last failure (ASSUMPTION: the services publish no such
 * figure; the group keeps probing the zone at that pace), then tried again; when every zone has
 * failed, the plain fewest-first pick applies. Rebalancing after the zone recovers is not modelled.
 */

import { MINUTE, type Millis } from '../../engine/duration.js';

/** How long a zone where a launch failed for capacity is left out (ASSUMPTION). */
export const ZONE_AVOIDANCE: Millis = 5 * MINUTE;

export class ZoneBalance {
  private readonly failedAt = new Map<string, Millis>();

  /** A launch in `zone` failed because the zone could not place it. */
  failed(zone: string, now: Millis): void {
    this.failedAt.set(zone, now);
  }

  /** The zone of `zones` with the fewest live instances (`count`), the first on ties, healthy zones first. */
  pick(zones: readonly string[], count: (zone: string) => number, now: Millis): string {
    if (zones.length === 0) throw new Error('node group has no zones');
    const healthy = zones.filter((zone) => {
      const at = this.failedAt.get(zone);
      return at === undefined || now - at >= ZONE_AVOIDANCE;
    });
    const candidates = healthy.length > 0 ? healthy : zones;
    let best = candidates[0] as string;
    let fewest = count(best);
    for (const zone of candidates) {
      const n = count(zone);
      if (n < fewest) {
        best = zone;
        fewest = n;
      }
    }
    return best;
  }
}

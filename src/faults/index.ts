/**
 * Schedules the scenario's faults. The fault catalogue (node failures, zone outages, API
 * brownouts and outages, capacity shortages, bad images, management outages, partitions, drain
 * blockers) is fleetsim issue 5's work; until it lands, a scenario with faults is refused here.
 */

import type { FaultSpec } from '../scenario/model.js';
import type { FaultHost } from './host.js';

export function scheduleFaults(_host: FaultHost, faults: readonly FaultSpec[]): void {
  if (faults.length > 0) throw new Error(`faults are not simulated yet (${faults.map((f) => f.kind).join(', ')})`);
}

export type { FaultHost };

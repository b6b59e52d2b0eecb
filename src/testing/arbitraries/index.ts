/** The arbitraries of fleetsim/testing, grouped as users import them. */

import { cluster, clusters, type FleetOptions } from './fleet.js';
import { scenario, type ScenarioParts } from './scenario.js';

export { strategies, type IntOrPercentOptions, type WavesOptions, type HealthCheckOptions } from './strategies.js';
export { faults, FUZZED_FAULT_KINDS, type FaultKindName, type FaultDraft, type FaultPlan, type ScheduleOptions } from './faults.js';
export type { FleetOptions, ScenarioParts };

export const fleet = { cluster, clusters, scenario };

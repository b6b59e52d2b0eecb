/**
 * fleetsim/testing: property-based regression tests for CAPI fleets, for users' own vitest (or any)
 * suites.
 *
 *   import { fleet, faults, strategies, invariants, checkScenario } from 'fleetsim/testing';
 *   checkScenario(fleet.scenario(base, { faults: faults.swarm(), strategy: strategies.rollingUpdate() }),
 *     invariants.all(), { numRuns: 200, seed: 1 });
 *
 * Arbitraries draw plain scenario objects on a base scenario; invariants are pure functions of a
 * run's timeline, summary and inventory; checkScenario runs the property and, on failure, throws a
 * ScenarioCheckError that prints the shrunk scenario as YAML with the seed and path to replay it.
 */

export { fleet, faults, strategies, FUZZED_FAULT_KINDS } from './arbitraries/index.js';
export type { FleetOptions, ScenarioParts, IntOrPercentOptions, WavesOptions, HealthCheckOptions, FaultKindName, FaultDraft, FaultPlan, ScheduleOptions } from './arbitraries/index.js';
export { invariants, faultsHealedAt, type AllInvariantsOptions, type LivenessOptions } from './invariants/index.js';
export { checkScenario, checkOne, ScenarioCheckError, InvariantViolations, type CheckOptions, type CheckReport } from './check.js';
export { checkRun, formatViolation, type Invariant, type Violation } from './invariant.js';
export { runScenario, takeInventory, type RunOptions, type InstanceLister } from './run.js';
export type { RunRecord, Inventory, InventoryMachine, InventoryInstance, ControllerMutations } from './record.js';
export { scenarioToYaml, loadRaw, ScenarioLoadError } from './raw.js';
export type { RawScenario, RawCluster, RawClusterEntry, RawPool, RawStrategy, RawHealthCheck, RawWaves, RawOperation, RawFault, RawExpectation, RawControlPlane, RawIntOrPercent, RawDuration } from './raw.js';
export { FleetLedger, replayInstants, isAvailable, isDownThroughFault, type MachineView, type PoolView } from './ledger.js';

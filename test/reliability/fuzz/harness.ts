/**
 * One hostile-input case: load the mutant (a scenario, or a scenario importing the mutated
 * manifest), and when it validates, simulate it briefly (at most 2 h of virtual time and 20,000
 * events, fleets of at most 5,000 machines). What counts: a crash (an exception or an "internal
 * error" issue) and an error without a position (line 0).
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenarioText, type LoadResult } from '../../../src/scenario/index.js';
import { simulate } from '../../../src/simulate.js';
import type { Mutant } from './mutants.js';

export const SIMULATION_HORIZON_MS = 2 * 60 * 60 * 1000;
export const SIMULATION_MAX_EVENTS = 20_000;
export const SIMULATION_MAX_MACHINES = 5_000;

export interface CaseOutcome {
  validated: boolean;
  simulated: boolean;
  crash?: string;
  /** Errors reported without a line (a scenario text always has positions). */
  errorsWithoutPosition: number;
}

let scratch: string | undefined;

/** Removes the manifests' scratch directory (made on the first manifest case). */
export function removeScratch(): void {
  if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
  scratch = undefined;
}

function load(mutant: Mutant): LoadResult {
  if (mutant.source.kind === 'scenario') return loadScenarioText(mutant.text, join(mutant.source.dir, `mutant-${mutant.case}.yaml`), { env: {} });
  scratch ??= mkdtempSync(join(tmpdir(), 'fleetsim-fuzz-'));
  const manifest = join(scratch, `manifest-${mutant.case}.yaml`);
  writeFileSync(manifest, mutant.text);
  const scenario = `apiVersion: fleetsim/v1alpha1\nkind: Scenario\nname: fuzz\nhorizon: 2h\nclusters:\n  - manifests: ./manifest-${mutant.case}.yaml\n`;
  return loadScenarioText(scenario, join(scratch, `scenario-${mutant.case}.yaml`), { env: { AWS_REGION: 'us-east-1', KUBERNETES_VERSION: 'v1.34.3' } });
}

export function runCase(mutant: Mutant): CaseOutcome {
  let loaded: LoadResult;
  try {
    loaded = load(mutant);
  } catch (error) {
    return { validated: false, simulated: false, crash: `load threw: ${(error as Error).stack ?? String(error)}`, errorsWithoutPosition: 0 };
  }
  if (!loaded.ok) {
    const internal = loaded.errors.find((e) => e.message.includes('internal error'));
    const outcome: CaseOutcome = { validated: false, simulated: false, errorsWithoutPosition: loaded.errors.filter((e) => e.line === 0).length };
    if (internal !== undefined) outcome.crash = internal.message;
    return outcome;
  }
  const scenario = loaded.scenario;
  const machines = scenario.clusters.reduce((n, c) => n + (c.controlPlane.managed ? 0 : c.controlPlane.replicas) + c.workers.reduce((m, p) => m + p.replicas, 0), 0);
  if (machines > SIMULATION_MAX_MACHINES) return { validated: true, simulated: false, errorsWithoutPosition: 0 };
  scenario.horizon = Math.min(scenario.horizon, SIMULATION_HORIZON_MS);
  scenario.maxEvents = Math.min(scenario.maxEvents, SIMULATION_MAX_EVENTS);
  try {
    simulate(scenario, { keepEvents: false });
  } catch (error) {
    return { validated: true, simulated: true, crash: `simulate threw: ${(error as Error).stack ?? String(error)}`, errorsWithoutPosition: 0 };
  }
  return { validated: true, simulated: true, errorsWithoutPosition: 0 };
}

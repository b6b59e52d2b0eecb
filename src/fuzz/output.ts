/**
 * What `fleetsim fuzz` leaves behind on a failure, in `reports/<name>/fuzz/`:
 * - `minimal.yaml`: the shrunk scenario as a plain scenario file (`fleetsim run` reproduces the run;
 *   `fleetsim fuzz minimal.yaml --runs 0` checks it again), with the violations, the seed and the
 *   replay path as comments at the top;
 * - the report of that run (timeline.jsonl, summary.json, report.md, report.html);
 * - `fuzz.json`: the search's parameters and result, for tools.
 */

import { dirname, isAbsolute, join, relative, resolve as resolvePath } from 'node:path';
import { simulate, writeReports, type SimulateOptions } from '../simulate.js';
import { ensureDirectory, writeFileAtomic } from '../report/write.js';
import { formatDuration } from '../engine/duration.js';
import { formatViolation } from '../testing/invariant.js';
import { cloneRaw, isManifests, loadRaw, scenarioToYaml, type RawScenario } from '../testing/raw.js';
import type { ControllerMutations } from '../testing/record.js';
import type { LoadOptions } from '../scenario/index.js';
import type { FuzzResult } from './fuzz.js';

export interface FuzzOutputOptions {
  dir: string;
  /** The scenario file that was fuzzed. */
  file: string;
  /** The command line that found it, for the header. */
  command: string;
  /** The command line that replays the search. */
  replayCommand: string | undefined;
  mutations?: ControllerMutations;
  load?: LoadOptions;
}

const MAX_NAME = 63;

/** `<name>-minimal`, kept a valid RFC 1123 name. */
export function minimalName(name: string): string {
  const suffix = '-minimal';
  return `${name.slice(0, MAX_NAME - suffix.length).replace(/-+$/, '')}${suffix}`;
}

/** Rewrites `manifests:` paths so they still point at the same files from `dir`. */
function relocateManifests(raw: RawScenario, fromFile: string, dir: string): void {
  for (const entry of raw.clusters) {
    if (!isManifests(entry)) continue;
    const absolute = isAbsolute(entry.manifests) ? entry.manifests : resolvePath(dirname(fromFile), entry.manifests);
    entry.manifests = relative(resolvePath(dir), absolute) || '.';
  }
}

/** Writes minimal.yaml, the run's report and fuzz.json; returns the paths written. */
export async function writeFuzzOutputs(result: FuzzResult, options: FuzzOutputOptions): Promise<string[]> {
  const failure = result.failure;
  if (failure === undefined) return [];
  ensureDirectory(options.dir);
  const minimal = cloneRaw(failure.scenario);
  minimal.name = minimalName(failure.scenario.name);
  relocateManifests(minimal, options.file, options.dir);
  const minimalPath = join(options.dir, 'minimal.yaml');
  const header = [
    result.failsAsWritten ? `${options.file} fails as written; this is its smallest fleet that still fails (\`${options.command}\`).` : `Minimal failing scenario found by \`${options.command}\`.`,
    '',
    ...failure.violations.map(formatViolation),
    '',
    `Reproduce the run:  fleetsim run ${minimalPath}`,
    `Check it again:     fleetsim fuzz ${minimalPath} --runs 0`,
    ...(options.replayCommand === undefined ? [] : [`Replay the search:  ${options.replayCommand}`]),
    ...(options.mutations === undefined ? [] : [`Found with deliberately wrong controllers: ${JSON.stringify(options.mutations)} (test-only)`]),
  ];
  writeFileAtomic(minimalPath, scenarioToYaml(minimal, header));
  const written = [minimalPath];
  const scenario = loadRaw(minimal, minimalPath, options.load);
  const simulateOptions = options.mutations === undefined ? {} : { mutations: options.mutations };
  written.push(...await writeReports(simulate(scenario, simulateOptions as SimulateOptions), options.dir));
  const fuzzJson = join(options.dir, 'fuzz.json');
  writeFileAtomic(fuzzJson, `${JSON.stringify({
    scenario: options.file,
    command: options.command,
    seed: result.seed,
    path: failure.path ?? null,
    runs: result.runs,
    failsAsWritten: result.failsAsWritten,
    invariant: failure.invariant,
    shrinkSteps: failure.shrinkSteps,
    faultKinds: result.kinds,
    faultWindow: { start: formatDuration(result.window.start), length: formatDuration(result.window.length) },
    liveness: formatDuration(result.liveness),
    violations: failure.violations,
    minimal: minimalPath,
  }, null, 2)}\n`);
  written.push(fuzzJson);
  return written;
}

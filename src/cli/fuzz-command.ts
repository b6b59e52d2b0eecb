/**
 * `fleetsim fuzz SCENARIO [--runs N] [--seed S] [--faults nodeFailures,zoneOutage,apiBrownout,capacityShortage,managementOutage]
 * [--swarm] [--strategy] [--max-faults K] [--node-modes crash,kernelPanic,notReady] [--liveness 2h]
 * [--no-expectations] [--path P] [--time-limit 10m] [--out DIR] [--quiet]`: checks the scenario as
 * written, then perturbs it (fault schedule, operation times, seed, optionally strategies) and
 * checks every invariant and the file's `expect:` on each run; on the first failure it shrinks it
 * and writes `minimal.yaml` and the report of its run into `reports/<name>/fuzz/`. Exit codes:
 * 0 nothing failed, 1 a failure was found, 2 bad input.
 */

import { readFileSync } from 'node:fs';
import { join, resolve as resolvePath } from 'node:path';
import type { Argv } from 'yargs';
import { parse } from 'yaml';
import { formatDuration, parseDuration } from '../engine/duration.js';
import { formatIssue, loadScenarioFile } from '../scenario/index.js';
import { fuzz, progressDetail, writeFuzzOutputs } from '../fuzz/index.js';
import type { FaultKind } from '../faults/index.js';
import { FUZZED_FAULT_KINDS, NODE_MODES, parseFaultKinds, type NodeMode } from '../testing/arbitraries/faults.js';
import { formatViolation } from '../testing/invariant.js';
import type { RawScenario } from '../testing/raw.js';
import { scenarioFileArgument, UsageError, type CommandIO } from './io.js';
import { BAD_INPUT, withHelp } from './help.js';
import { parseSeed } from './commands/common.js';
import { createProgress, type ProgressStream } from './progress.js';

interface FuzzArgs {
  scenario: string;
  runs: number | string;
  seed?: string;
  faults: string;
  swarm: boolean;
  strategy: boolean;
  maxFaults?: number | string;
  nodeModes?: string;
  liveness?: string;
  path?: string;
  timeLimit?: string;
  out?: string;
  quiet: boolean;
  expectations?: boolean;
}

function nonNegative(flag: string, value: number | string): number {
  const n = typeof value === 'number' ? value : String(value).trim() === '' ? Number.NaN : Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new UsageError(`--${flag}: expected a non-negative integer, got "${String(value)}"`);
  return n;
}

function parseKinds(text: string): FaultKind[] {
  if (text.trim() === '') throw new UsageError(`--faults: give fault kinds (some of ${FUZZED_FAULT_KINDS.join(', ')}) or none`);
  if (text.trim() === 'none') return [];
  try {
    return parseFaultKinds(text);
  } catch (error) {
    throw new UsageError(`--faults: ${(error as Error).message}`);
  }
}

function parseNodeModes(text: string | undefined): NodeMode[] | undefined {
  if (text === undefined) return undefined;
  const modes = text.split(',').map((m) => m.trim()).filter((m) => m !== '');
  for (const mode of modes) {
    if (!(NODE_MODES as readonly string[]).includes(mode)) throw new UsageError(`--node-modes: unknown mode "${mode}" (expected some of ${NODE_MODES.join(', ')})`);
  }
  if (modes.length === 0) throw new UsageError(`--node-modes: give at least one of ${NODE_MODES.join(', ')}`);
  return [...new Set(modes)] as NodeMode[];
}

function parseDurationFlag(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = parseDuration(value);
  if (typeof parsed !== 'number') throw new UsageError(`--${flag}: ${parsed.error}`);
  return parsed;
}

export async function fuzzCommand(io: CommandIO, args: FuzzArgs, stream: ProgressStream = process.stderr): Promise<number> {
  const runs = nonNegative('runs', args.runs);
  const maxFaults = args.maxFaults === undefined ? undefined : nonNegative('max-faults', args.maxFaults);
  if (args.path !== undefined && !/^\d+(:\d+)*$/.test(args.path)) throw new UsageError(`--path: "${args.path}" is not a counterexample path (digits separated by colons, as fleetsim fuzz prints after "--path")`);
  const kinds = parseKinds(args.faults);
  const nodeModes = parseNodeModes(args.nodeModes);
  const liveness = parseDurationFlag('liveness', args.liveness);
  const timeLimit = parseDurationFlag('time-limit', args.timeLimit);
  const seedFlag = parseSeed(args.seed);
  scenarioFileArgument('fuzz', args.scenario);
  const loaded = loadScenarioFile(args.scenario, { env: process.env });
  for (const warning of loaded.warnings) io.err(`warning: ${formatIssue(warning)}`);
  if (!loaded.ok) {
    for (const error of loaded.errors) io.err(formatIssue(error));
    io.err(`${loaded.errors.length} error${loaded.errors.length === 1 ? '' : 's'}: nothing was fuzzed`);
    return 2;
  }
  const file = resolvePath(args.scenario);
  const base = parse(readFileSync(file, 'utf8')) as RawScenario;
  const seed = seedFlag ?? loaded.scenario.seed;
  const name = loaded.scenario.name;
  const dir = args.out ?? join('reports', name, 'fuzz');
  const flags = [
    `--runs ${runs}`, `--seed ${seed}`, `--faults ${kinds.length === 0 ? 'none' : kinds.join(',')}`,
    ...(args.swarm ? ['--swarm'] : []), ...(args.strategy ? ['--strategy'] : []),
    ...(maxFaults === undefined ? [] : [`--max-faults ${maxFaults}`]),
    ...(nodeModes === undefined ? [] : [`--node-modes ${nodeModes.join(',')}`]),
    ...(args.expectations === false ? ['--no-expectations'] : []),
  ];
  const progress = createProgress(stream, { quiet: args.quiet, label: `fuzz ${name}` });
  const started = process.hrtime.bigint();
  let result;
  try {
    result = fuzz(base, {
      runs, seed, faults: kinds, swarm: args.swarm, strategy: args.strategy, file, load: { env: process.env }, expectations: args.expectations !== false,
      ...(maxFaults === undefined ? {} : { maxFaults }),
      ...(nodeModes === undefined ? {} : { nodeModes }),
      ...(liveness === undefined ? {} : { liveness }),
      ...(args.path === undefined ? {} : { path: args.path }),
      ...(timeLimit === undefined ? {} : { timeLimitMs: timeLimit }),
      onProgress: (p) => {
        const { done, total, detail } = progressDetail(p);
        progress.update(done, total, detail);
      },
    });
  } catch (error) {
    // fast-check refuses a well-formed path that leads nowhere in this search.
    if (args.path !== undefined && error instanceof Error && /replay/i.test(error.message)) {
      throw new UsageError(`--path ${args.path}: no counterexample at that path of this search (replay with the flags printed beside it: --runs, --seed, --faults, …)`);
    }
    throw error;
  } finally {
    progress.done();
  }
  // Wall-clock speed goes to stderr only: stdout stays a pure function of the scenario and flags.
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (!args.quiet) io.err(`${result.runs} perturbed run${result.runs === 1 ? '' : 's'} in ${seconds.toFixed(1)} s (${(result.runs / Math.max(seconds, 1e-3)).toFixed(1)} runs/s)`);
  const livenessFlag = `--liveness ${formatDuration(result.liveness)}`;
  const command = `fleetsim fuzz ${args.scenario} ${flags.join(' ')} ${livenessFlag}`;
  const header = `${name}: fault window ${formatDuration(result.window.start)} + ${formatDuration(result.window.length)}, liveness bound ${formatDuration(result.liveness)}, faults ${kinds.length === 0 ? 'none' : kinds.join(',')}${args.swarm ? ' (swarm)' : ''}, seed ${seed}`;
  io.out(header);
  const failure = result.failure;
  if (failure === undefined) {
    io.out(`${result.runs} perturbed run${result.runs === 1 ? '' : 's'}${result.interrupted ? ' (stopped by --time-limit)' : ''}: every invariant${args.expectations === false ? '' : ' and expectation'} held`);
    return 0;
  }
  const replay = failure.path === undefined ? undefined : `fleetsim fuzz ${args.scenario} ${flags.join(' ')} ${livenessFlag} --path ${failure.path}`;
  const written = await writeFuzzOutputs(result, { dir, file, command, replayCommand: replay, load: { env: process.env } });
  const steps = `${failure.shrinkSteps} step${failure.shrinkSteps === 1 ? '' : 's'}`;
  io.out(result.failsAsWritten ? `the scenario fails as written; its fleet shrunk in ${steps} to:`
    : args.path !== undefined ? `replayed the counterexample at path ${args.path}:`
    : `run ${result.runs} of ${runs} failed; shrunk in ${steps} to:`);
  for (const violation of failure.violations) io.out(`  ${formatViolation(violation)}`);
  io.out(`minimal scenario: ${written[0]}`);
  if (replay !== undefined) io.out(`replay: ${replay}`);
  if (!args.quiet) io.err(`wrote ${written.join(', ')}`);
  return 1;
}

export function registerFuzz(parser: Argv, io: CommandIO, setCode: (code: number) => void): Argv {
  return parser.command('fuzz <scenario>', 'perturb a scenario (faults, timings, seeds) and check the invariants; shrink the first failure to a minimal scenario', (y) => withHelp(y
    .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario file (YAML or JSON)' })
    .option('runs', { type: 'string', default: '100', describe: 'perturbed runs (0: check the file as written only)' })
    .option('seed', { type: 'string', describe: "the search's seed: one non-negative integer from which every perturbed run (and its simulation seed) is drawn (default: the file's seed:)" })
    .option('faults', { type: 'string', default: FUZZED_FAULT_KINDS.join(','), describe: `fault kinds to inject: ${FUZZED_FAULT_KINDS.join(', ')} (or the old node, zone, brownout, capacity, mgmt), or none` })
    .option('swarm', { type: 'boolean', default: false, describe: 'also draw which fault kinds are enabled, per run (swarm testing)' })
    .option('strategy', { type: 'boolean', default: false, describe: 'also vary the rollout strategy of every MachineDeployment' })
    .option('max-faults', { type: 'string', describe: 'most faults per run (default 4, 6 with --swarm)' })
    .option('node-modes', { type: 'string', describe: `node failure modes: ${NODE_MODES.join(', ')} (default all)` })
    .option('liveness', { type: 'string', describe: "how long after the faults heal every rollout must finish (default twice the file's own rollout time, at least 1h)" })
    .option('path', { type: 'string', describe: 'replay one counterexample: the path printed with the seed' })
    .option('time-limit', { type: 'string', describe: 'stop searching after this much wall-clock time, e.g. 10m' })
    .option('out', { type: 'string', describe: 'output directory (default reports/<scenario name>/fuzz/)' })
    .option('expectations', { type: 'boolean', default: true, describe: "check the file's expect: too (--no-expectations: the invariants only)" })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'no progress output on stderr' }), {
    examples: [
      ['$0 fuzz scenarios/mhc-remediation.yaml --runs 200', '200 perturbed runs with every fault kind'],
      ['$0 fuzz scenarios/fleet-upgrade.yaml --faults zone,brownout --swarm --time-limit 10m', 'search for ten minutes with some fault kinds per run'],
    ],
    exitCodes: [[0, 'every invariant and expectation held in every run'], [1, 'a run violated one: the shrunk scenario is in reports/<name>/fuzz/minimal.yaml, with the command that replays it'], BAD_INPUT],
  }),
  async (args) => { setCode(await fuzzCommand(io, args as never)); });
}


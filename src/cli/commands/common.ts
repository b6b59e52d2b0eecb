/**
 * What the commands share: reading a scenario with its grid, flags (seed, seeds, workers,
 * formats), and turning input errors into exit 2.
 */

import { availableParallelism } from 'node:os';
import { formatIssue, loadScenarioFile } from '../../scenario/index.js';
import { decodeText, MAX_FILE_BYTES, parseSource } from '../../scenario/source.js';
import { readRegularFile } from '../../scenario/read-file.js';
import type { Scenario } from '../../scenario/model.js';
import { scenarioFileArgument, UsageError, type CommandIO } from '../io.js';
import { parseSetArgument, SetError, type SetParameter } from '../../sweep/overrides.js';
import { parseSeeds, SeedSpecError } from '../../sweep/seeds.js';
import { buildVariants, mergeParameters, type SweepPlan } from '../../sweep/variants.js';
import { parseShard, ShardSpecError, type Shard } from '../../sweep/runner.js';
import { MergeError } from '../../sweep/merge.js';

/** Most runs in one sweep: merging keeps each run's metrics (~600 bytes) in memory. */
export const MAX_RUNS = 10_000_000;

/** Most worker threads a sweep starts (more than cores only adds memory). */
export const MAX_WORKERS = 256;

/** A bad output location: one line, exit 2, before any work was done. */
export function outputProblem(io: CommandIO, problem: string): number {
  io.err(`fleetsim: --out: ${problem}`);
  return 2;
}

/** Input errors of the sweep library, as exit-2 usage errors. */
export function asUsageError(error: unknown): unknown {
  if (error instanceof SeedSpecError || error instanceof SetError || error instanceof ShardSpecError || error instanceof MergeError) return new UsageError(error.message);
  return error;
}

/**
 * `--seed N`: the one seed that reproduces a command's output (a run, or a fuzz search and every
 * run it derives), default the file's `seed:`. `--seeds` (sweep, compare, k8s-job) is a set of
 * run seeds: a count or a list.
 */
export function parseSeed(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const seed = Number(value);
  if (String(value).trim() === '' || !Number.isSafeInteger(seed) || seed < 0) throw new UsageError(`--seed: expected one non-negative integer, got "${String(value)}" (a sweep takes a set of seeds: fleetsim sweep --seeds 100 or --seeds 17,42,100-199)`);
  return seed;
}

export function parseWorkers(value: unknown): number {
  if (value === undefined) return Math.max(1, availableParallelism());
  const workers = Number(value);
  if (!Number.isSafeInteger(workers) || workers < 1 || workers > MAX_WORKERS) throw new UsageError(`--workers: expected a whole number from 1 to ${MAX_WORKERS}, got "${String(value)}"`);
  return workers;
}

export function parsePositive(flag: string, value: unknown, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1 || n > max) throw new UsageError(`--${flag}: expected a whole number from 1 to ${max.toLocaleString('en-US')}, got "${String(value)}"`);
  return n;
}

export function parseFormatList<F extends string>(value: string, allowed: readonly F[]): F[] {
  const formats = value.split(',').map((f) => f.trim()).filter((f) => f !== '');
  for (const format of formats) if (!(allowed as readonly string[]).includes(format)) throw new UsageError(`--format: "${format}" is not one of ${allowed.join(', ')}`);
  if (formats.length === 0) throw new UsageError(`--format: give at least one of ${allowed.join(', ')}`);
  return formats as F[];
}

export function parseShardFlag(value: unknown): Shard | undefined {
  if (value === undefined) return undefined;
  try {
    return parseShard(String(value));
  } catch (error) {
    throw asUsageError(error);
  }
}

/** `--set` may be given several times; yargs hands a string or a list. */
export function setArguments(value: unknown): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

export interface LoadedScenario {
  file: string;
  text: string;
  raw: unknown;
  scenario: Scenario;
}

/** Loads and validates a scenario file, printing its errors (with line and column); undefined when it is invalid. */
export function loadForSweep(io: CommandIO, file: string, command: string): LoadedScenario | undefined {
  scenarioFileArgument(command, file);
  const loaded = loadScenarioFile(file, { env: process.env });
  for (const warning of loaded.warnings) io.err(`warning: ${formatIssue(warning)}`);
  if (!loaded.ok) {
    for (const error of loaded.errors) io.err(formatIssue(error));
    io.err(`${loaded.errors.length} error${loaded.errors.length === 1 ? '' : 's'}: nothing was run`);
    return undefined;
  }
  const read = readRegularFile(file, MAX_FILE_BYTES);
  const decoded = read.ok ? decodeText(read.bytes, file) : undefined;
  if (decoded === undefined || !decoded.ok) throw new Error(`${file} validated but cannot be read a second time`);
  const text = decoded.text;
  const parsed = parseSource(text, file);
  if (!parsed.ok) throw new Error(`${file} validated but does not parse a second time`);
  return { file, text, raw: parsed.source.value, scenario: loaded.scenario };
}

/**
 * The sweep plan of one scenario file: its grid (the file's `sweep.set`, then `--set`) and seeds
 * (`--seeds`, else the file's `sweep.seeds`, else `defaultSeeds`). Undefined (errors printed) when a
 * setting does not validate.
 */
export function planFromFile(io: CommandIO, loaded: LoadedScenario, sets: readonly string[], seeds: unknown, defaultSeeds: string): SweepPlan | undefined {
  let parameters: SetParameter[];
  let seedList: number[];
  try {
    parameters = mergeParameters(loaded.scenario.sweep?.set, sets.map(parseSetArgument));
    seedList = parseSeeds(seeds === undefined ? loaded.scenario.sweep?.seeds ?? defaultSeeds : String(seeds));
  } catch (error) {
    throw asUsageError(error);
  }
  const variants = buildVariants(loaded.raw, loaded.file, parameters, process.env);
  if (!variants.ok) {
    for (const error of variants.errors) io.err(error);
    io.err(`${variants.errors.length} error${variants.errors.length === 1 ? '' : 's'} in the settings: nothing was run`);
    return undefined;
  }
  const runs = seedList.length * variants.variants.length;
  if (runs > MAX_RUNS) throw new UsageError(`${seedList.length.toLocaleString('en-US')} seeds × ${variants.variants.length} variants = ${runs.toLocaleString('en-US')} runs; at most ${MAX_RUNS.toLocaleString('en-US')} in one sweep (its statistics keep ~600 bytes a run)`);
  return { name: loaded.scenario.name, seeds: seedList, parameters: parameters.map((p) => ({ path: p.path, values: p.values })), variants: variants.variants };
}

/** Wall-clock seconds since `start` (progress and timings only; nothing simulated reads this). */
export function secondsSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

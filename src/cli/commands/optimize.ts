/**
 * `fleetsim optimize SCENARIO --vary PATH=VALUES… (--minimize | --maximize) METRIC[:STAT]
 * [--require 'METRIC[:STAT] OP BOUND']… [--budget N] [--max-seeds N] [--seed S] [--workers N]
 * [--out DIR] [--format json,md,html] [--quiet]`: searches the values for the best plan that meets
 * the requirements and writes plan.yaml, optimize.json, optimize.md and optimize.html
 * (src/optimize/). Exit 0 with a recommendation, 1 when no candidate meets every requirement, 2 on
 * bad input.
 */

import { existsSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Argv } from 'yargs';
import { UsageError, type CommandIO } from '../io.js';
import { createProgress } from '../progress.js';
import type { CommandRegistration } from '../registry.js';
import { checkValues } from '../../optimize/candidates.js';
import { OptimizeInputError } from '../../optimize/errors.js';
import { parseObjective, type Objective } from '../../optimize/objective.js';
import { runOptimize, type OptimizeProgress } from '../../optimize/optimizer.js';
import { parseVaryArguments } from '../../optimize/parameters.js';
import { parseRequirement } from '../../optimize/requirement.js';
import { summarizeOptimize } from '../../optimize/summary.js';
import { renderOptimizeText } from '../../optimize/text.js';
import { OPTIMIZE_FORMATS, writeOptimizeReports, type OptimizeFormat } from '../../optimize/write.js';
import { asUsageError, loadForSweep, outputProblem, parseFormatList, parsePositive, parseWorkers, secondsSince, setArguments } from './common.js';
import { prepareOutputDirectory } from '../../report/output-location.js';
import { withHelp } from '../help.js';

export const DEFAULT_BUDGET = 1000;
export const DEFAULT_MAX_SEEDS = 100;

interface OptimizeArgs {
  scenario: string;
  vary?: unknown;
  minimize?: string;
  maximize?: string;
  require?: unknown;
  budget?: unknown;
  maxSeeds?: unknown;
  seed?: unknown;
  workers?: unknown;
  out?: string;
  format: string;
  quiet: boolean;
}

function usage<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof OptimizeInputError) throw new UsageError(error.message);
    throw asUsageError(error);
  }
}

function objectiveOf(args: OptimizeArgs): Objective {
  if (args.minimize !== undefined && args.maximize !== undefined) throw new UsageError('give either --minimize or --maximize, not both');
  if (args.minimize !== undefined) return usage(() => parseObjective(String(args.minimize), 'minimize'));
  if (args.maximize !== undefined) return usage(() => parseObjective(String(args.maximize), 'maximize'));
  throw new UsageError('give the objective: --minimize METRIC[:STAT] or --maximize METRIC[:STAT], such as --minimize fleet.upgradeMakespan:p95');
}

/** The progress bar's detail (the bar is the budget spent): runs, rounds, seeds and candidates left. */
export function optimizeProgressDetail(p: OptimizeProgress): string {
  return `${p.runs.toLocaleString('en-US')}/${p.budget.toLocaleString('en-US')} runs · stage ${p.stage} round ${p.round} · ${p.seeds} seeds each · ${p.left} of ${p.candidates} candidates left`;
}

async function optimizeCommand(io: CommandIO, args: OptimizeArgs): Promise<number> {
  const formats = parseFormatList<OptimizeFormat>(args.format, OPTIMIZE_FORMATS);
  const workers = parseWorkers(args.workers);
  const parameters = usage(() => parseVaryArguments(setArguments(args.vary)));
  const objective = objectiveOf(args);
  const requirements = usage(() => setArguments(args.require).map(parseRequirement));
  const budget = args.budget === undefined ? DEFAULT_BUDGET : parsePositive('budget', args.budget, 10_000_000);
  const maxSeeds = args.maxSeeds === undefined ? DEFAULT_MAX_SEEDS : parsePositive('max-seeds', args.maxSeeds, 100_000);
  if (maxSeeds < 2) throw new UsageError('--max-seeds: expected at least 2 seeds per candidate');
  let firstSeed: number | undefined;
  if (args.seed !== undefined) {
    firstSeed = Number(args.seed);
    if (!Number.isSafeInteger(firstSeed) || firstSeed < 0) throw new UsageError(`--seed: expected a non-negative integer, got "${String(args.seed)}"`);
  }
  const loaded = loadForSweep(io, args.scenario, 'optimize');
  if (loaded === undefined) return 2;
  const source = { raw: loaded.raw, file: loaded.file, parameters, env: process.env };
  const errors = checkValues(source);
  if (errors.length > 0) {
    for (const error of errors) io.err(error);
    io.err(`${errors.length} error${errors.length === 1 ? '' : 's'} in the --vary values: nothing was run`);
    return 2;
  }
  const outDir = args.out ?? join('reports', loaded.scenario.name, 'optimize');
  const outDirExisted = existsSync(outDir);
  const problem = prepareOutputDirectory(outDir);
  if (problem !== undefined) return outputProblem(io, problem);
  if (!args.quiet) io.err(`optimize ${loaded.scenario.name}: ${parameters.length} parameter${parameters.length === 1 ? '' : 's'}, a budget of ${budget.toLocaleString('en-US')} runs, at most ${maxSeeds} seeds a candidate, on ${workers} worker${workers === 1 ? '' : 's'}`);
  const progress = createProgress(process.stderr, { quiet: args.quiet, label: 'optimize' });
  const tty = process.stderr.isTTY === true;
  let lastRound = '';
  const start = process.hrtime.bigint();
  let run;
  try {
    run = await runOptimize({ name: loaded.scenario.name, source, objective, requirements }, {
      budget, maxSeeds, firstSeed: firstSeed ?? loaded.scenario.seed, workers,
      onProgress: (p) => {
        progress.update(p.runs, p.budget, optimizeProgressDetail(p));
        const round = `${p.stage}/${p.round}`;
        if (!tty && !args.quiet && round !== lastRound) {
          lastRound = round;
          io.err(`optimize: stage ${p.stage} round ${p.round}: ${p.left} of ${p.candidates} candidates in the race, ${p.seeds} seeds each; ${p.runs} of ${p.budget} runs spent`);
        }
      },
    });
  } catch (error) {
    if (error instanceof OptimizeInputError) {
      // Bad input writes nothing: the output directory made for this run goes again (it is still empty).
      if (!outDirExisted) rmdirSync(outDir);
      throw new UsageError(error.message);
    }
    throw error;
  } finally {
    progress.done();
  }
  const summary = summarizeOptimize(run);
  const written = await writeOptimizeReports(outDir, summary, source, formats);
  io.out(renderOptimizeText(summary));
  if (!args.quiet) {
    const seconds = secondsSince(start);
    io.err(`${run.runs} runs in ${seconds.toFixed(1)} s; wrote ${written.join(', ')}`);
  }
  return summary.recommended === null ? 1 : 0;
}

export const registerOptimize: CommandRegistration = (parser: Argv, io, setCode) => parser.command(
  'optimize <scenario>',
  'search rollout settings for the best plan that meets chance constraints (racing over common random numbers)',
  (y) => withHelp(y
    .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario file (YAML or JSON)' })
    .option('vary', { type: 'string', array: true, describe: 'PATH=V1,V2,… or PATH=FROM..TO: a field the optimizer may choose (repeatable)' })
    .option('minimize', { type: 'string', describe: 'METRIC[:STAT] to make as low as possible, such as fleet.upgradeMakespan:p95 (STAT: mean, min, max, pN; default mean)' })
    .option('maximize', { type: 'string', describe: 'METRIC[:STAT] to make as high as possible' })
    .option('require', { type: 'string', array: true, describe: "'METRIC[:STAT] OP BOUND', such as 'cluster.minAvailableRatio:p5 >= 0.8' (repeatable; without :STAT every run must meet it)" })
    .option('budget', { type: 'string', describe: `most runs in all (default ${DEFAULT_BUDGET})` })
    .option('max-seeds', { type: 'string', describe: `most seeds any candidate runs (default ${DEFAULT_MAX_SEEDS})` })
    .option('seed', { type: 'string', describe: 'first seed of the shared list S, S+1, … (default: the scenario\'s seed)' })
    .option('workers', { type: 'string', describe: 'worker threads (default: one per core); the result does not depend on it' })
    .option('out', { type: 'string', describe: 'output directory (default reports/<scenario name>/optimize/)' })
    .option('format', { type: 'string', default: 'json,md,html', describe: 'reports to write besides plan.yaml: json, md, html' })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'no progress or timing on stderr' }), {
    examples: [
      ["$0 optimize S.yaml --vary operations[0].upgrade.waves.size=2..14 --minimize fleet.upgradeMakespan:p95 --require 'fleet.availabilityDip:p95 <= 0.2'", 'the wave size with the lowest p95 makespan that keeps availability'],
      ['$0 optimize S.yaml --vary operations[0].upgrade.waves.pauseBetween=0m,5m,15m --minimize fleet.upgradeMakespan --budget 300', 'a pause between waves, within 300 runs'],
    ],
    exitCodes: [[0, 'a plan meets every requirement: it is printed and written to plan.yaml'], [1, 'no candidate meets the requirements: the closest are printed'], [2, 'bad input: the scenario, a --vary, --require or objective; nothing is run']],
  }),
  async (args) => {
    try {
      setCode(await optimizeCommand(io, args as unknown as OptimizeArgs));
    } catch (error) {
      throw asUsageError(error);
    }
  },
);

/**
 * `fleetsim compare A.yaml B.yaml [--seeds N|LIST] [--set PATH=V]… [--workers N] [--out DIR]
 * [--format json,md,html] [--resamples N] [--quiet]`, or `fleetsim compare S.yaml --set
 * PATH=V1,V2,…` (the grid's first variant against each other one): runs every side over the same
 * seeds and prints each metric's percentiles side by side, the paired difference with a bootstrap
 * 95 % interval, and which side wins (src/sweep/compare.ts).
 */

import { join } from 'node:path';
import type { Argv } from 'yargs';
import { UsageError, type CommandIO } from '../io.js';
import { BAD_INPUT, withHelp } from '../help.js';
import { outputOption, parseOutput, printStructured } from '../output.js';
import { createProgress, runsProgress } from '../progress.js';
import type { CommandRegistration } from '../registry.js';
import { compareVariants, DEFAULT_RESAMPLES } from '../../sweep/compare.js';
import { renderCompareText, writeCompareReports, type CompareFormat } from '../../sweep/compare-report.js';
import { sweepMeta } from '../../sweep/results.js';
import { collectRuns } from '../../sweep/runner.js';
import { prepareOutputDirectory } from '../../report/output-location.js';
import type { SweepPlan } from '../../sweep/variants.js';
import { asUsageError, outputProblem, loadForSweep, parseFormatList, parsePositive, parseWorkers, planFromFile, secondsSince, setArguments } from './common.js';
import { DEFAULT_SEEDS } from './sweep.js';

interface CompareArgs {
  scenarios: string[];
  seeds?: unknown;
  set?: unknown;
  workers?: unknown;
  out?: string;
  format: string;
  resamples?: unknown;
  output?: unknown;
  quiet: boolean;
}

const FORMATS: readonly CompareFormat[] = ['json', 'md', 'html'];

/** Two files: A and B, each with the same single-valued settings. One file: its grid's variants. */
function comparePlan(io: CommandIO, args: CompareArgs): { plan: SweepPlan; names: Map<number, string>; scenarios: Map<number, string>; outName: string } | undefined {
  const sets = setArguments(args.set);
  if (args.scenarios.length > 2) throw new UsageError(`compare takes one scenario with a --set grid, or two scenarios; got ${args.scenarios.length}`);
  if (args.scenarios.length === 2) {
    const sides: SweepPlan[] = [];
    for (const file of args.scenarios) {
      const loaded = loadForSweep(io, file, 'compare');
      if (loaded === undefined) return undefined;
      const plan = planFromFile(io, loaded, sets, args.seeds, DEFAULT_SEEDS);
      if (plan === undefined) return undefined;
      if (plan.variants.length !== 1) throw new UsageError(`with two scenarios, each --set (and the files' sweep.set) must have a single value; ${file} makes ${plan.variants.length} variants`);
      sides.push(plan);
    }
    const [a, b] = sides as [SweepPlan, SweepPlan];
    if (a.seeds.join(',') !== b.seeds.join(',')) throw new UsageError('the two scenarios name different sweep.seeds; give --seeds so both run over the same seeds');
    const label = (file: string, plan: SweepPlan) => `${file}${plan.variants[0]?.settings.length ? ` with ${plan.variants[0]?.label}` : ''}`;
    const plan: SweepPlan = {
      name: `${a.name}-vs-${b.name}`,
      seeds: a.seeds,
      parameters: a.parameters,
      variants: [
        { ...(a.variants[0] as SweepPlan['variants'][number]), id: 0, label: label(args.scenarios[0] as string, a) },
        { ...(b.variants[0] as SweepPlan['variants'][number]), id: 1, label: label(args.scenarios[1] as string, b) },
      ],
    };
    return { plan, names: new Map([[0, 'A'], [1, 'B']]), scenarios: new Map([[0, a.name], [1, b.name]]), outName: plan.name };
  }
  const loaded = loadForSweep(io, args.scenarios[0] as string, 'compare');
  if (loaded === undefined) return undefined;
  const plan = planFromFile(io, loaded, sets, args.seeds, DEFAULT_SEEDS);
  if (plan === undefined) return undefined;
  if (plan.variants.length < 2) throw new UsageError('compare needs two scenarios, or one scenario with a --set grid of at least two variants');
  return {
    plan,
    names: new Map(plan.variants.map((v) => [v.id, `V${v.id}`])),
    scenarios: new Map(plan.variants.map((v) => [v.id, plan.name])),
    outName: plan.name,
  };
}

async function compareCommand(io: CommandIO, args: CompareArgs): Promise<number> {
  const formats = parseFormatList<CompareFormat>(args.format, FORMATS);
  const output = parseOutput(args.output);
  const workers = parseWorkers(args.workers);
  const resamples = args.resamples === undefined ? DEFAULT_RESAMPLES : parsePositive('resamples', args.resamples, 1_000_000);
  const built = comparePlan(io, args);
  if (built === undefined) return 2;
  const { plan } = built;
  const outDir = args.out ?? join('reports', built.outName, 'compare');
  const problem = prepareOutputDirectory(outDir);
  if (problem !== undefined) return outputProblem(io, problem);
  if (!args.quiet) io.err(`compare: ${plan.variants.length} sides × ${plan.seeds.length} seeds on ${workers} worker${workers === 1 ? '' : 's'}`);
  const progress = createProgress(process.stderr, { quiet: args.quiet, label: 'compare' });
  const start = process.hrtime.bigint();
  const meta = sweepMeta(plan);
  const runsPath = join(outDir, 'runs.jsonl');
  let collected;
  try {
    collected = await collectRuns(plan, meta, { workers, runsPath, onProgress: runsProgress(progress) });
  } finally {
    progress.done();
  }
  const { results } = collected;
  const summary = compareVariants({ results, names: built.names, scenarios: built.scenarios, resamples });
  const written = [runsPath, ...await writeCompareReports(outDir, summary, results, formats)];
  if (output === 'table') io.out(renderCompareText(summary));
  else printStructured(io, output, summary);
  if (!args.quiet) io.err(`${plan.variants.length * plan.seeds.length} runs in ${secondsSince(start).toFixed(1)} s; wrote ${written.join(', ')}`);
  return 0;
}

export const registerCompare: CommandRegistration = (parser: Argv, io, setCode) => parser.command(
  'compare <scenarios..>',
  'run two strategies over the same seeds and compare every metric (paired, with bootstrap intervals)',
  (y) => withHelp(outputOption(y
    .positional('scenarios', { type: 'string', array: true, demandOption: true, describe: 'A.yaml B.yaml, or one scenario with a --set grid' })
    .option('seeds', { type: 'string', describe: `the runs' seeds, the same for every side: a count N (seeds 1…N) or a list such as 17,42,100-199 (default ${DEFAULT_SEEDS})` })
    .option('set', { type: 'string', array: true, describe: 'PATH=V1,V2,…: with one scenario, the variants to compare; with two, a setting applied to both' })
    .option('workers', { type: 'string', describe: 'worker threads (default: one per core)' })
    .option('out', { type: 'string', describe: 'output directory (default reports/<A>-vs-<B>/compare/ or reports/<scenario>/compare/)' })
    .option('format', { type: 'string', default: 'json,md,html', describe: 'reports to write: json, md, html' })
    .option('resamples', { type: 'string', describe: `bootstrap resamples (default ${DEFAULT_RESAMPLES})` })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'no progress or timing on stderr' }), 'every metric with both sides, the difference and its interval'), {
    examples: [
      ["$0 compare scenarios/fleet-upgrade.yaml --set 'operations[0].upgrade.waves.size=7,4' --seeds 50", 'waves of 7 against waves of 4, over the same 50 seeds'],
      ['$0 compare waves-of-7.yaml waves-of-4.yaml --seeds 500', 'two strategies written as two files'],
    ],
    exitCodes: [[0, 'both sides ran and the comparison was written (whichever side wins)'], BAD_INPUT],
  }),
  async (args) => {
    try {
      setCode(await compareCommand(io, args as unknown as CompareArgs));
    } catch (error) {
      throw asUsageError(error);
    }
  },
);

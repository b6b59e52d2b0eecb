/**
 * `fleetsim sweep SCENARIO [--seeds N|LIST] [--set PATH=V1,V2]… [--workers N] [--shard I/N]
 * [--out DIR] [--format json,md,html] [--quiet]`: runs the scenario (or every variant of its grid)
 * over many seeds and writes the distributions (src/sweep/runner.ts).
 */

import { join } from 'node:path';
import type { Argv } from 'yargs';
import { UsageError, type CommandIO } from '../io.js';
import { BAD_INPUT, withHelp } from '../help.js';
import { outputOption, parseOutput, printStructured } from '../output.js';
import { createProgress, runsProgress } from '../progress.js';
import type { CommandRegistration } from '../registry.js';
import { formatMetric } from '../../sweep/format.js';
import { HEADLINE_METRICS, variantName } from '../../sweep/markdown.js';
import { runSweep, type CrashedRuns } from '../../sweep/runner.js';
import type { SweepSummary } from '../../sweep/results.js';
import { SWEEP_FORMATS, type SweepFormat } from '../../sweep/write.js';
import { prepareOutputDirectory } from '../../report/output-location.js';
import { asUsageError, outputProblem, loadForSweep, parseFormatList, parseShardFlag, parseWorkers, planFromFile, secondsSince, setArguments } from './common.js';

export const DEFAULT_SEEDS = '100';

interface SweepArgs {
  scenario: string;
  seeds?: unknown;
  set?: unknown;
  workers?: unknown;
  shard?: unknown;
  out?: string;
  format: string;
  output?: unknown;
  quiet: boolean;
}

/** The few lines a terminal shows after a sweep: key percentiles per variant. */
export function sweepTerminalSummary(summary: SweepSummary): string {
  const lines: string[] = [];
  const known = new Map(summary.metrics.map((m) => [m.name, m]));
  for (const variant of summary.variants) {
    const codes = Object.entries(variant.exitCodes).map(([c, n]) => `exit ${c}: ${n}`).join(', ');
    lines.push(`${variantName(variant)} ${variant.settings.length === 0 ? summary.scenario : variant.label} · ${variant.runs} runs (${codes})`);
    const rows = HEADLINE_METRICS.filter((name) => known.has(name)).map((name) => {
      const d = variant.metrics[name];
      const unit = known.get(name)?.unit ?? 'count';
      return [`  ${name}`, `p50 ${formatMetric(d?.p50, unit)}`, `p90 ${formatMetric(d?.p90, unit)}`, `p99 ${formatMetric(d?.p99, unit)}`, `max ${formatMetric(d?.max, unit)}`, d !== undefined && d.missing > 0 ? `(${d.missing} runs without)` : ''];
    });
    const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] as string).length))) ?? [];
    for (const row of rows) lines.push(row.map((cell, c) => cell.padEnd(widths[c] as number)).join('  ').trimEnd());
  }
  return lines.join('\n');
}

/** Crashed runs are listed on stderr (they are in runs.jsonl and counted under exit 70 too). */
export function reportCrashedRuns(io: CommandIO, crashed: CrashedRuns): void {
  if (crashed.count === 0) return;
  io.err(`warning: ${crashed.count} run${crashed.count === 1 ? '' : 's'} crashed (exit 70, a simulator bug; please report it with the scenario and seed); the sweep went on without ${crashed.count === 1 ? 'it' : 'them'}:`);
  for (const run of crashed.first) io.err(`  variant ${run.variant}, seed ${run.seed}: ${run.error}`);
  if (crashed.count > crashed.first.length) io.err(`  … and ${crashed.count - crashed.first.length} more (runs.jsonl lists every one)`);
}

async function sweepCommand(io: CommandIO, args: SweepArgs): Promise<number> {
  const formats = parseFormatList<SweepFormat>(args.format, SWEEP_FORMATS);
  const output = parseOutput(args.output);
  const workers = parseWorkers(args.workers);
  const shard = parseShardFlag(args.shard);
  const loaded = loadForSweep(io, args.scenario, 'sweep');
  if (loaded === undefined) return 2;
  const plan = planFromFile(io, loaded, setArguments(args.set), args.seeds, DEFAULT_SEEDS);
  if (plan === undefined) return 2;
  const runs = plan.seeds.length * plan.variants.length;
  if (shard !== undefined && shard.count > runs) throw new UsageError(`--shard ${shard.index}/${shard.count}: the sweep has only ${runs} runs, fewer than its ${shard.count} shards`);
  const outDir = args.out ?? (shard === undefined ? join('reports', plan.name, 'sweep') : join('reports', plan.name, 'sweep-shards', `shard-${shard.index}-of-${shard.count}`));
  const problem = prepareOutputDirectory(outDir);
  if (problem !== undefined) return outputProblem(io, problem);
  const what = `${plan.seeds.length} seed${plan.seeds.length === 1 ? '' : 's'} × ${plan.variants.length} variant${plan.variants.length === 1 ? '' : 's'}`;
  if (!args.quiet) io.err(`sweep ${plan.name}: ${what}${shard === undefined ? '' : `, shard ${shard.index}/${shard.count}`} on ${Math.min(workers, runs)} worker${workers === 1 ? '' : 's'}`);
  const progress = createProgress(process.stderr, { quiet: args.quiet, label: 'sweep' });
  const start = process.hrtime.bigint();
  let outcome;
  try {
    outcome = await runSweep(plan, { workers, ...(shard === undefined ? {} : { shard }), outDir, formats, onProgress: runsProgress(progress) });
  } finally {
    progress.done();
  }
  const seconds = secondsSince(start);
  if (outcome.summary === undefined) io.out(`shard ${shard?.index}/${shard?.count}: ${outcome.runs} runs written; combine the shards with fleetsim merge`);
  else if (output === 'table') io.out(sweepTerminalSummary(outcome.summary));
  else printStructured(io, output, outcome.summary);
  reportCrashedRuns(io, outcome.crashed);
  if (!args.quiet) {
    io.err(`${outcome.runs} runs in ${seconds.toFixed(1)} s (${(outcome.runs / Math.max(seconds, 1e-9)).toFixed(1)} runs/s, ${((seconds * 1000 * Math.min(workers, outcome.runs || 1)) / Math.max(outcome.runs, 1)).toFixed(0)} ms of worker time a run)`);
    io.err(`wrote ${outcome.written.join(', ')}`);
  }
  return 0;
}

export const registerSweep: CommandRegistration = (parser: Argv, io, setCode) => parser.command(
  'sweep <scenario>',
  'run a scenario over many seeds (and a grid of settings) and write the distributions',
  (y) => withHelp(outputOption(y
    .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario file (YAML or JSON)' })
    .option('seeds', { type: 'string', describe: `the runs' seeds: a count N (seeds 1…N) or a list such as 17,42,100-199 (default: the file's sweep.seeds, else ${DEFAULT_SEEDS})` })
    .option('set', { type: 'string', array: true, describe: 'PATH=V1,V2,…: a scenario field and the values to try (repeatable; the cross product runs)' })
    .option('workers', { type: 'string', describe: 'worker threads (default: one per core)' })
    .option('shard', { type: 'string', describe: 'I/N: run only shard I of N and write a partial result for fleetsim merge' })
    .option('out', { type: 'string', describe: 'output directory (default reports/<scenario name>/sweep/)' })
    .option('format', { type: 'string', default: 'json,md,html', describe: 'reports to write besides runs.jsonl: json, md, html' })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'no progress or timing on stderr' }), 'the percentiles of sweep.json'), {
    examples: [
      ['$0 sweep scenarios/fleet-upgrade.yaml --seeds 100', '100 seeds of the example upgrade: the distribution of its makespan and availability'],
      ["$0 sweep scenarios/fleet-upgrade.yaml --seeds 20 --set 'operations[0].upgrade.waves.size=4,7,14'", 'three wave sizes over the same 20 seeds'],
      ['$0 sweep scenarios/fleet-upgrade.yaml --seeds 1000 --shard 2/8 --out shards/2', 'one eighth of a large sweep on this machine; fleetsim merge combines the shards'],
    ],
    exitCodes: [[0, 'every run was simulated and the reports were written (runs.jsonl records each run\'s own exit code)'], BAD_INPUT],
  }),
  async (args) => {
    try {
      setCode(await sweepCommand(io, args as unknown as SweepArgs));
    } catch (error) {
      throw asUsageError(error);
    }
  },
);

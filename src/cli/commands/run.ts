/**
 * `fleetsim run SCENARIO|- [--seed N] [--out DIR] [--format json,md,html] [--output table|json|yaml]
 * [--max-events N] [--max-memory MB] [--quiet]`: simulates one scenario, prints its summary and
 * writes its reports. The timeline is streamed to its temporary file as the run produces it, so
 * memory stays flat in the run's length; the event limit and the memory guard stop a runaway run
 * with exit 3 (the reports of the partial run are written, marked not settled).
 */

import { join } from 'node:path';
import type { Argv } from 'yargs';
import { formatIssue } from '../../scenario/index.js';
import { simulateStreaming, writeReports, type ReportFormat } from '../../simulate.js';
import { heapGuard } from '../../world/memory-guard.js';
import { BAD_INPUT, withHelp } from '../help.js';
import { UsageError, type CommandIO } from '../io.js';
import { parseDuration } from '../../engine/duration.js';
import { outputOption, parseOutput, printStructured } from '../output.js';
import { createProgress, simulationProgress } from '../progress.js';
import type { CommandRegistration } from '../registry.js';
import { stopDetail, terminalSummary, verdict } from '../terminal-summary.js';
import { outputProblem, parseFormatList, parsePositive, parseSeed } from './common.js';
import { prepareOutputDirectory } from '../../report/output-location.js';
import { loadScenarioArgument, printWarnings } from './scenario-input.js';

const FORMATS: readonly ReportFormat[] = ['json', 'md', 'html', 'capi'];

export function parseFormats(value: string): ReportFormat[] {
  return parseFormatList(value, FORMATS);
}

interface RunArgs {
  scenario: string;
  seed?: unknown;
  out?: string;
  format: string;
  output?: unknown;
  quiet: boolean;
  maxEvents?: unknown;
  maxMemory?: unknown;
  at?: string;
}

/** Most megabytes --max-memory takes (1 TiB). */
const MAX_MEMORY_MB = 1024 * 1024;

async function runCommand(io: CommandIO, args: RunArgs): Promise<number> {
  const formats = parseFormats(args.format);
  const seed = parseSeed(args.seed);
  const output = parseOutput(args.output);
  const maxEvents = args.maxEvents === undefined ? undefined : parsePositive('max-events', args.maxEvents);
  const maxMemory = args.maxMemory === undefined ? undefined : parsePositive('max-memory', args.maxMemory, MAX_MEMORY_MB) * 1024 * 1024;
  const at = parseAt(args.at, formats);
  const { loaded } = loadScenarioArgument(io, args.scenario);
  printWarnings(io, loaded);
  if (!loaded.ok) {
    for (const error of loaded.errors) io.err(formatIssue(error));
    io.err(`${loaded.errors.length} error${loaded.errors.length === 1 ? '' : 's'}: nothing was run`);
    return 2;
  }
  const dir = args.out ?? join('reports', loaded.scenario.name);
  const problem = prepareOutputDirectory(dir);
  if (problem !== undefined) return outputProblem(io, problem);
  const progress = createProgress(process.stderr, { quiet: args.quiet, label: 'simulating' });
  let result;
  try {
    result = await simulateStreaming(loaded.scenario, join(dir, 'timeline.jsonl'), {
      ...(seed === undefined ? {} : { seed }),
      onProgress: simulationProgress(progress),
      limits: { ...(maxEvents === undefined ? {} : { maxEvents }), guard: heapGuard(maxMemory) },
    });
  } finally {
    progress.done();
  }
  const written = await writeReports(result, dir, formats, at === undefined ? {} : { at });
  if (output === 'table') io.out(terminalSummary(result.summary, 40, Math.max(60, process.stdout.columns ?? 100)));
  else printStructured(io, output, result.summary);
  const said = verdict(result.summary, result.exitCode, stopDetail(result.summary, maxEvents ?? loaded.scenario.maxEvents, result.stopDetail));
  if (said !== undefined) io.err(said);
  if (!args.quiet) io.err(`wrote ${written.join(', ')}`);
  return result.exitCode;
}

function parseAt(value: string | undefined, formats: readonly ReportFormat[]): number | undefined {
  if (value === undefined) return undefined;
  if (!formats.includes('capi')) throw new UsageError('--at: only with --format capi (the state at that time as CAPI objects)');
  const ms = parseDuration(value);
  if (typeof ms !== 'number') throw new UsageError(`--at: expected a duration such as 90m or 2h, got "${value}"`);
  return ms;
}

export const registerRun: CommandRegistration = (parser: Argv, io, setCode) => parser.command(
  'run <scenario>',
  'simulate a scenario, print its summary and write its reports',
  (y) => withHelp(outputOption(y
    .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario file (YAML or JSON), or - for standard input' })
    .option('seed', { type: 'string', describe: "the run's seed: one non-negative integer (default: the file's seed:)" })
    .option('out', { type: 'string', describe: 'output directory (default reports/<scenario name>/)' })
    .option('max-events', { type: 'string', describe: "stop the run after this many simulation events, exit 3 (default: the scenario's maxEvents:, 50,000,000)" })
    .option('max-memory', { type: 'string', describe: 'stop the run when its heap exceeds this many MB, exit 3 (default: 85% of the heap limit, node --max-old-space-size)' })
    .option('format', { type: 'string', default: 'json,md,html', describe: 'files to write: json (timeline.jsonl, summary.json), md (report.md), html (report.html), capi (capi.yaml and nodes.yaml: the fleet as `kubectl get -o yaml` prints it, times from startsAt)' })
    .option('at', { type: 'string', describe: 'with --format capi: write the state at this simulated time (90m, 2h) instead of the end state' })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'no progress bar or file list on stderr' }), 'summary.json'), {
    examples: [
      ['$0 run scenarios/fleet-upgrade.yaml', 'simulate the example fleet upgrade into reports/fleet-upgrade/'],
      ['$0 run scenarios/mhc-remediation.yaml --seed 7 --format json --out /tmp/mhc', 'another seed, only timeline.jsonl and summary.json'],
      ['$0 run scenarios/fleet-upgrade.yaml --format capi --at 2h', 'the fleet two hours in, as kubectl prints it (for import, calibrate, backtest)'],
      ['$0 run - --output json < scenario.yaml', 'read the scenario from standard input, print the summary as JSON'],
    ],
    exitCodes: [
      [0, 'every expectation (expect:) holds and the run settled'],
      [1, 'an expectation failed (also when the run did not settle either: 1 outranks 3, and stderr says both)'],
      BAD_INPUT,
      [3, 'the run hit its horizon, its event limit (--max-events) or the memory guard (--max-memory) before the operations settled (the summary says what held each unfinished rollout)'],
    ],
  }),
  async (args) => { setCode(await runCommand(io, args as unknown as RunArgs)); },
);


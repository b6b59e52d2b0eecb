/**
 * `fleetsim merge DIR... [--out DIR] [--format json,md,html] [--quiet]`: combines the partial
 * results of `fleetsim sweep --shard I/N` into the files a single sweep writes (src/sweep/merge.ts).
 * A DIR is a shard's directory or a directory holding shard directories.
 */

import { readRegularFile } from '../../scenario/read-file.js';
import { prepareOutputDirectory } from '../../report/output-location.js';
import { join } from 'node:path';
import type { Argv } from 'yargs';
import type { CommandIO } from '../io.js';
import { withHelp } from '../help.js';
import { createProgress, runsProgress } from '../progress.js';
import type { CommandRegistration } from '../registry.js';
import { findPartialDirs, mergePartials } from '../../sweep/merge.js';
import { SWEEP_FORMATS, type SweepFormat } from '../../sweep/write.js';
import { asUsageError, outputProblem, parseFormatList } from './common.js';
import { reportCrashedRuns, sweepTerminalSummary } from './sweep.js';

interface MergeArgs {
  dirs: string[];
  out?: string;
  format: string;
  quiet: boolean;
}

async function mergeCommand(io: CommandIO, args: MergeArgs): Promise<number> {
  const formats = parseFormatList<SweepFormat>(args.format, SWEEP_FORMATS);
  let outDir = args.out;
  if (outDir === undefined) {
    const first = findPartialDirs(args.dirs)[0] as string;
    const read = readRegularFile(join(first, 'partial.json'), 64 * 1024 * 1024);
    let name = 'sweep';
    try {
      const meta = read.ok ? (JSON.parse(read.bytes.toString('utf8')) as { meta?: { name?: unknown } }).meta : undefined;
      if (typeof meta?.name === 'string' && /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(meta.name)) name = meta.name;
    } catch {
      // mergePartials reports an unreadable partial.json with its reason.
    }
    outDir = join('reports', name, 'sweep');
  }
  const problem = prepareOutputDirectory(outDir);
  if (problem !== undefined) return outputProblem(io, problem);
  const progress = createProgress(process.stderr, { quiet: args.quiet, label: 'merge' });
  let outcome;
  try {
    outcome = await mergePartials(args.dirs, outDir, formats, runsProgress(progress, 'shards'));
  } finally {
    progress.done();
  }
  reportCrashedRuns(io, outcome.crashed);
  io.out(sweepTerminalSummary(outcome.summary));
  if (!args.quiet) io.err(`merged ${outcome.shards} shards, ${outcome.runs} runs; wrote ${outcome.written.join(', ')}`);
  return 0;
}

export const registerMerge: CommandRegistration = (parser: Argv, io, setCode) => parser.command(
  'merge <dirs..>',
  'combine the partial results of sharded sweeps into one sweep result',
  (y) => withHelp(y
    .positional('dirs', { type: 'string', array: true, demandOption: true, describe: 'shard directories, or directories that hold them' })
    .option('out', { type: 'string', describe: 'output directory (default reports/<scenario name>/sweep/)' })
    .option('format', { type: 'string', default: 'json,md,html', describe: 'reports to write besides runs.jsonl: json, md, html' })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'no progress on stderr' }), {
    examples: [
      ['$0 merge shards/', 'every shard directory under shards/ into reports/<scenario>/sweep/'],
      ['$0 merge shards/1 shards/2 --out merged', 'named shard directories into merged/'],
    ],
    exitCodes: [[0, 'the shards were merged into exactly what one sweep writes'], [2, 'bad input: a shard is missing, duplicated, or from another sweep; nothing is written']],
  }),
  async (args) => {
    try {
      setCode(await mergeCommand(io, args as unknown as MergeArgs));
    } catch (error) {
      throw asUsageError(error);
    }
  },
);

/**
 * The `fleetsim` command line: a thin yargs layer over the library API. Exit codes (outputs.md):
 * 0 all expectations hold, 1 an expectation failed, 2 bad input, 3 the run hit its horizon or
 * event guard before settling.
 */

import yargs, { type Argv } from 'yargs';
import { join } from 'node:path';
import { loadScenarioFile, formatIssue, scenarioJsonSchema, defaultsTable } from '../scenario/index.js';
import { simulate, writeReports, type ReportFormat } from '../simulate.js';
import { FLEETSIM_VERSION } from '../version.js';
import { terminalSummary } from './terminal-summary.js';
import { UsageError, type CommandIO } from './io.js';
import { extraCommands } from './registry.js';
import { createProgress } from './progress.js';
import { registerImport } from './import-command.js';
import './fuzz-command.js'; // registers `fleetsim fuzz` through extraCommands
import './commands/index.js'; // registers sweep, compare, merge, k8s-job

const FORMATS: readonly ReportFormat[] = ['json', 'md', 'html'];

export function parseFormats(value: string): ReportFormat[] {
  const formats = value.split(',').map((f) => f.trim()).filter((f) => f !== '');
  for (const format of formats) {
    if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format: "${format}" is not one of ${FORMATS.join(', ')}`);
  }
  if (formats.length === 0) throw new UsageError('--format: give at least one of json, md, html');
  return formats as ReportFormat[];
}

export function parseSeed(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const seed = Number(value);
  if (!Number.isSafeInteger(seed) || seed < 0) throw new UsageError(`--seed: expected a non-negative integer, got "${String(value)}"`);
  return seed;
}

async function runCommand(io: CommandIO, args: { scenario: string; seed?: unknown; out?: string; format: string; quiet: boolean }): Promise<number> {
  const formats = parseFormats(args.format);
  const seed = parseSeed(args.seed);
  const loaded = loadScenarioFile(args.scenario, { env: process.env });
  for (const warning of loaded.warnings) io.err(`warning: ${formatIssue(warning)}`);
  if (!loaded.ok) {
    for (const error of loaded.errors) io.err(formatIssue(error));
    io.err(`${loaded.errors.length} error${loaded.errors.length === 1 ? '' : 's'}: nothing was run`);
    return 2;
  }
  const progress = createProgress(process.stderr, { quiet: args.quiet });
  let result;
  try {
    result = simulate(loaded.scenario, { ...(seed === undefined ? {} : { seed }), onProgress: (now, horizon) => progress.update(now, horizon) });
  } finally {
    progress.done();
  }
  const dir = args.out ?? join('reports', loaded.scenario.name);
  const written = await writeReports(result, dir, formats);
  io.out(terminalSummary(result.summary));
  if (!args.quiet) io.err(`wrote ${written.join(', ')}`);
  return result.exitCode;
}

function validateCommand(io: CommandIO, files: string[]): number {
  let bad = 0;
  for (const file of files) {
    const loaded = loadScenarioFile(file, { env: process.env });
    for (const warning of loaded.warnings) io.err(`warning: ${formatIssue(warning)}`);
    if (loaded.ok) {
      io.out(`${file}: ok (${loaded.scenario.clusters.length} clusters, ${loaded.scenario.operations.length} operations, ${loaded.scenario.faults.length} faults)`);
    } else {
      bad++;
      for (const error of loaded.errors) io.out(formatIssue(error));
      io.out(`${file}: ${loaded.errors.length} error${loaded.errors.length === 1 ? '' : 's'}`);
    }
  }
  return bad > 0 ? 2 : 0;
}

function schemaCommand(io: CommandIO, defaults: boolean): number {
  if (!defaults) {
    io.out(JSON.stringify(scenarioJsonSchema(), null, 2));
    return 0;
  }
  const rows = defaultsTable();
  io.out('| field | default | source |\n| --- | --- | --- |');
  for (const row of rows) io.out(`| ${row.path} | ${row.default} | ${row.source} |`);
  return 0;
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function main(argv: readonly string[], io: CommandIO = { out: (s) => process.stdout.write(`${s}\n`), err: (s) => process.stderr.write(`${s}\n`) }): Promise<number> {
  let code = 0;
  let parser: Argv = yargs([...argv])
    .scriptName('fleetsim')
    .version(FLEETSIM_VERSION)
    .strict()
    .demandCommand(1, 'give a command: run, validate, schema, …')
    .recommendCommands()
    .exitProcess(false)
    .fail((message, error) => {
      throw error instanceof UsageError ? error : new UsageError(message ?? error?.message ?? 'bad command line');
    })
    .command('run <scenario>', 'simulate a scenario and write its reports', (y) => y
      .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario file (YAML or JSON)' })
      .option('seed', { type: 'string', describe: 'overrides the scenario seed' })
      .option('out', { type: 'string', describe: 'output directory (default reports/<scenario name>/)' })
      .option('format', { type: 'string', default: 'json,md,html', describe: 'files to write: json, md, html' })
      .option('quiet', { type: 'boolean', default: false, describe: 'no progress output on stderr' }),
    async (args) => { code = await runCommand(io, args as never); })
    .command('validate <files..>', 'check scenario files and print every error', (y) => y
      .positional('files', { type: 'string', array: true, demandOption: true }),
    (args) => { code = validateCommand(io, args.files as string[]); })
    .command('schema', 'print the scenario JSON Schema', (y) => y
      .option('defaults', { type: 'boolean', default: false, describe: 'print the defaults table with sources instead' }),
    (args) => { code = schemaCommand(io, args.defaults as boolean); });
  parser = registerImport(parser, io, (c) => { code = c; });
  for (const command of extraCommands) parser = command(parser, io, (c) => { code = c; });
  try {
    await parser.parseAsync();
    return code;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`fleetsim: ${error.message}`);
      io.err('run `fleetsim --help` for usage');
      return 2;
    }
    throw error;
  }
}

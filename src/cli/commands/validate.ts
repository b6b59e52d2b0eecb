/** `fleetsim validate FILE...|- [--output table|json|yaml]`: checks scenario files and prints every error with its position. */

import type { Argv } from 'yargs';
import { formatIssue, type ScenarioIssue } from '../../scenario/index.js';
import { withHelp } from '../help.js';
import { UsageError, type CommandIO } from '../io.js';
import { outputOption, parseOutput, printStructured } from '../output.js';
import type { CommandRegistration } from '../registry.js';
import { loadScenarioArgument } from './scenario-input.js';

interface FileReport {
  file: string;
  ok: boolean;
  clusters?: number;
  operations?: number;
  faults?: number;
  errors: ScenarioIssue[];
  warnings: ScenarioIssue[];
}

function validateCommand(io: CommandIO, files: readonly string[], outputFlag: unknown): number {
  const output = parseOutput(outputFlag);
  if (files.length === 0) throw new UsageError('validate: give at least one scenario file, or - for standard input');
  const reports: FileReport[] = [];
  for (const argument of files) {
    const { name, loaded } = loadScenarioArgument(io, argument);
    const report: FileReport = loaded.ok
      ? { file: name, ok: true, clusters: loaded.scenario.clusters.length, operations: loaded.scenario.operations.length, faults: loaded.scenario.faults.length, errors: [], warnings: loaded.warnings }
      : { file: name, ok: false, errors: loaded.errors, warnings: loaded.warnings };
    reports.push(report);
    if (output !== 'table') continue;
    for (const warning of report.warnings) io.err(`warning: ${formatIssue(warning)}`);
    if (report.ok) io.out(`${name}: ok (${report.clusters} clusters, ${report.operations} operations, ${report.faults} faults)`);
    else {
      for (const error of report.errors) io.out(formatIssue(error));
      io.out(`${name}: ${report.errors.length} error${report.errors.length === 1 ? '' : 's'}`);
    }
  }
  if (output !== 'table') printStructured(io, output, reports);
  return reports.some((r) => !r.ok) ? 2 : 0;
}

export const registerValidate: CommandRegistration = (parser: Argv, io, setCode) => parser.command(
  'validate <files..>',
  'check scenario files and print every error (file:line:column: field: what was expected)',
  (y) => withHelp(outputOption(y
    .positional('files', { type: 'string', array: true, demandOption: true, describe: 'scenario files, or - for standard input' }), 'one entry per file with its errors'), {
    examples: [
      ['$0 validate scenarios/*.yaml', 'check every example scenario'],
      ['$0 validate - < scenario.yaml', 'check a scenario read from standard input'],
      ['$0 validate my-fleet.yaml --output json', 'the errors as JSON, for an editor or a CI annotation'],
    ],
    exitCodes: [[0, 'every file is a valid scenario'], [2, 'a file has errors (each printed with file:line:column, field path and what was expected), or a flag is wrong']],
  }),
  (args) => { setCode(validateCommand(io, args.files as string[], args.output)); },
);


/**
 * What every command's `--help` ends with: examples and what its exit codes mean (kubectl and
 * clusterctl habits). The codes are the same across commands (docs/cli.md):
 * 0 success, 1 an expectation (or, for fuzz, an invariant) failed, 2 bad input, 3 a run did not settle.
 */

import type { Argv } from 'yargs';

export type ExitCodes = ReadonlyArray<readonly [number, string]>;

export const BAD_INPUT: readonly [number, string] = [2, 'bad input: a scenario, flag or file is wrong (one line per problem, with file:line:column); nothing is run or written'];

export interface CommandHelp {
  examples: ReadonlyArray<readonly [string, string]>;
  exitCodes: ExitCodes;
  /** A closing remark after the exit codes. */
  note?: string;
}

export function exitCodesText(codes: ExitCodes): string {
  return ['Exit codes:', ...codes.map(([code, meaning]) => `  ${code}  ${meaning}`)].join('\n');
}

export function withHelp<T>(y: Argv<T>, help: CommandHelp): Argv<T> {
  let parser = y;
  for (const [command, description] of help.examples) parser = parser.example(command, description);
  return parser.epilogue([exitCodesText(help.exitCodes), ...(help.note === undefined ? [] : [help.note])].join('\n\n'));
}

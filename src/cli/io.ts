/** What a command reads and writes, so tests can supply and capture it; and the error that means "bad command line" (exit 2). */

import { readFileSync } from 'node:fs';

export interface CommandIO {
  out(text: string): void;
  err(text: string): void;
  /** The whole of standard input, for a scenario given as `-` (default: fd 0). */
  readStdin?: () => string;
}

export class UsageError extends Error {}

/** Where `-` (standard input) stands in the argument list once main() has read it: yargs drops a bare `-`. */
export const STDIN = '\u0000stdin';

/** The name a scenario read from standard input has in messages. */
export const STDIN_NAME = '<stdin>';

export function readStdin(io: CommandIO): string {
  return io.readStdin === undefined ? readFileSync(0, 'utf8') : io.readStdin();
}

/** A scenario argument of a command that reads its file more than once (sweep, compare, fuzz, k8s-job): `-` does not work there. */
export function scenarioFileArgument(command: string, value: string): string {
  if (value === STDIN) throw new UsageError(`${command} reads the scenario file itself (its workers and pods read it again), so "-" (standard input) does not work here; save it to a file, or use run or validate`);
  return value;
}

/** Reading the scenario a command names: a file, or standard input for `-`. */

import { formatIssue, loadScenarioFile, loadScenarioText, type LoadResult } from '../../scenario/index.js';
import { readStdin, STDIN, STDIN_NAME, type CommandIO } from '../io.js';

export function loadScenarioArgument(io: CommandIO, argument: string): { name: string; loaded: LoadResult } {
  if (argument === STDIN) return { name: STDIN_NAME, loaded: loadScenarioText(readStdin(io), STDIN_NAME, { env: process.env }) };
  return { name: argument, loaded: loadScenarioFile(argument, { env: process.env }) };
}

export function printWarnings(io: CommandIO, loaded: LoadResult): void {
  for (const warning of loaded.warnings) io.err(`warning: ${formatIssue(warning)}`);
}

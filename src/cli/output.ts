/** `--output table|json|yaml`: the terminal summary for a person, or the same figures for a script. */

import { stringify } from 'yaml';
import type { Argv } from 'yargs';
import { UsageError, type CommandIO } from './io.js';

export type OutputFormat = 'table' | 'json' | 'yaml';

export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'json', 'yaml'];

export function outputOption<T>(y: Argv<T>, what: string): Argv<T> {
  return y.option('output', { alias: 'o', type: 'string', default: 'table', describe: `table (for a person), json or yaml (${what}, for a script)` });
}

export function parseOutput(value: unknown): OutputFormat {
  const format = String(value ?? 'table');
  if (!(OUTPUT_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--output: "${format}" is not one of ${OUTPUT_FORMATS.join(', ')}`);
  return format as OutputFormat;
}

/** Prints `value` as JSON or YAML on stdout. */
export function printStructured(io: CommandIO, format: 'json' | 'yaml', value: unknown): void {
  io.out(format === 'json' ? JSON.stringify(value, null, 2) : stringify(value, { lineWidth: 0 }).trimEnd());
}

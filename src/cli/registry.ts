/** Commands defined in their own modules (import, sweep, compare, fuzz, …) register here. */

import type { Argv } from 'yargs';
import type { CommandIO } from './io.js';

export type CommandRegistration = (parser: Argv, io: CommandIO, setCode: (code: number) => void) => Argv;

export const extraCommands: CommandRegistration[] = [];

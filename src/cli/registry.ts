/** How a command adds itself to the parser (src/cli/main.ts lists them in order). */

import type { Argv } from 'yargs';
import type { CommandIO } from './io.js';

export type CommandRegistration = (parser: Argv, io: CommandIO, setCode: (code: number) => void) => Argv;

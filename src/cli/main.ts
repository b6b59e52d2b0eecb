/**
 * The `fleetsim` command line: a thin yargs layer over the library API. Every command has
 * `-h`/`--help` (also `fleetsim help CMD`) with examples and its exit codes; `fleetsim completion`
 * prints a bash/zsh completion script. Exit codes, the same for every command: 0 success, 1 an
 * expectation (fuzz: an invariant) failed, 2 bad input, 3 a run hit its horizon or event guard
 * before settling; a failed expectation outranks not settling.
 */

import yargs, { type Argv } from 'yargs';
import { FLEETSIM_VERSION } from '../version.js';
import { removeTemporariesOnSignals } from '../report/write.js';
import { terminalSafe } from './terminal-text.js';
import { STDIN, UsageError, type CommandIO } from './io.js';
import { exitCodesText } from './help.js';
import type { CommandRegistration } from './registry.js';
import { describeUnknown, flagsOfHelp, unknownArguments } from './flag-suggestions.js';
import { closest } from '../schema/names.js';
/**
 * A command's registration, imported only when it is needed (issue 14: module loading was 0.4 s of
 * every CLI run): the command a line names loads alone; help, completion and a mistyped command
 * load them all. (`parseFormats` and `parseSeed` are no longer re-exported from here: importing
 * them loaded every command; they live in cli/commands/run.ts and cli/commands/common.ts.)
 */
interface LazyCommand {
  name: string;
  load: () => Promise<CommandRegistration>;
}

/** In the order `fleetsim --help` lists them. */
const COMMANDS: readonly LazyCommand[] = [
  { name: 'run', load: async () => (await import('./commands/run.js')).registerRun },
  { name: 'validate', load: async () => (await import('./commands/validate.js')).registerValidate },
  { name: 'schema', load: async () => (await import('./commands/schema.js')).registerSchema },
  { name: 'import', load: async () => (await import('./import-command.js')).registerImport },
  { name: 'sweep', load: async () => (await import('./commands/sweep.js')).registerSweep },
  { name: 'compare', load: async () => (await import('./commands/compare.js')).registerCompare },
  { name: 'merge', load: async () => (await import('./commands/merge.js')).registerMerge },
  { name: 'k8s-job', load: async () => (await import('./commands/k8s-job.js')).registerK8sJob },
  { name: 'fuzz', load: async () => (await import('./fuzz-command.js')).registerFuzz },
  { name: 'optimize', load: async () => (await import('./commands/optimize.js')).registerOptimize },
  { name: 'calibrate', load: async () => (await import('./commands/calibrate.js')).registerCalibrate },
  { name: 'backtest', load: async () => (await import('./commands/backtest.js')).registerBacktest },
];

/** The registrations a command line needs: its command's alone when it names one without asking for help, else all. */
async function registrationsFor(argv: readonly string[]): Promise<CommandRegistration[]> {
  const word = argv.find((a) => !a.startsWith('-'));
  const wantsHelp = argv.includes('--help') || argv.includes('-h');
  const one = COMMANDS.find((c) => c.name === word);
  const needed = one !== undefined && !wantsHelp ? [one] : COMMANDS;
  return Promise.all(needed.map((c) => c.load()));
}

const EPILOGUE = [
  exitCodesText([
    [0, 'success: every expectation holds'],
    [1, 'an expectation failed (expect:; for fuzz, an invariant); it outranks 3 when both hold'],
    [2, 'bad input: a scenario, flag or file is wrong; nothing is run or written'],
    [3, 'a run hit its horizon or event guard before its operations settled'],
  ]),
  '`fleetsim help CMD` or `fleetsim CMD --help` shows a command\'s flags, examples and exit codes. Scenario format: docs/scenario-format.md in the package.',
].join('\n\n');

/** Help is as wide as the terminal, at most 100 columns; 100 off a terminal, so captured help does not depend on where it ran. */
function helpWidth(): number {
  return Math.min(100, process.stdout.isTTY === true ? process.stdout.columns : 100);
}

async function buildParser(io: CommandIO, setCode: (code: number) => void, argv: readonly string[]): Promise<Argv> {
  const registrations = await registrationsFor(argv);
  let parser: Argv = yargs([...argv])
    .scriptName('fleetsim')
    .version(FLEETSIM_VERSION)
    .help('help')
    .alias('help', 'h')
    .wrap(helpWidth())
    .strict()
    .demandCommand(1, 'give a command (fleetsim --help lists them)')
    .recommendCommands()
    .exitProcess(false)
    .epilogue(EPILOGUE)
    .fail((message, error) => {
      // The completion command is not a command yargs's strict mode knows.
      if (argv[0] === 'completion' && message === 'Unknown argument: completion') return;
      if (error !== undefined && error !== null) throw error;
      throw new UsageError(message ?? 'bad command line');
    });
  for (const register of registrations) parser = register(parser, io, setCode);
  return parser
    .completion('completion', 'print a bash or zsh completion script: fleetsim completion >> ~/.bashrc')
    .command('help [command]', "show a command's flags, examples and exit codes", (y) => y
    .positional('command', { type: 'string', describe: 'the command' }),
  async (args) => {
    const wanted = args.command === undefined ? undefined : String(args.command);
    if (wanted !== undefined && !COMMAND_NAMES.includes(wanted)) {
      const near = closest(wanted, COMMAND_NAMES);
      throw new UsageError(`help: unknown command "${wanted}"${near === undefined ? '' : ` (did you mean ${near}?)`}`);
    }
    setCode(await main(wanted === undefined ? ['--help'] : [wanted, '--help'], io));
  });
}

/** The help text of `command` (or of fleetsim itself), as `--help` prints it. */
async function helpText(command: string | undefined): Promise<string> {
  let text = '';
  const silent: CommandIO = { out: () => {}, err: () => {} };
  const argv = command === undefined ? ['--help'] : [command, '--help'];
  await (await buildParser(silent, () => {}, argv)).parseAsync(argv, {}, (_error, _args, output) => { text += output; });
  return text;
}

const COMMAND_NAMES = ['run', 'validate', 'schema', 'import', 'sweep', 'compare', 'merge', 'k8s-job', 'fuzz', 'optimize', 'calibrate', 'backtest', 'help', 'completion'];

async function explainUnknown(words: string[], argv: readonly string[], command: string | undefined): Promise<string[]> {
  const known = flagsOfHelp(await helpText(command));
  const others = new Map<string, string[]>();
  for (const other of COMMAND_NAMES.filter((c) => c !== command && c !== 'help' && c !== 'completion')) {
    for (const flag of flagsOfHelp(await helpText(other))) {
      if (known.includes(flag)) continue;
      others.set(flag, [...(others.get(flag) ?? []), other]);
    }
  }
  return describeUnknown(words, argv, command, known, others);
}

/** yargs's messages in fleetsim's words, with a suggestion where one helps. */
async function explain(message: string, argv: readonly string[], command: string | undefined, known: string | undefined): Promise<string[]> {
  const recommended = /^Did you mean (.+)\?$/.exec(message);
  if (recommended !== null) return [`unknown command "${command}" (did you mean ${recommended[1]}?)`];
  const words = unknownArguments(message);
  if (words !== undefined && known === undefined && command !== undefined && words.includes(command)) return [`unknown command "${command}" (fleetsim --help lists them)`];
  if (words !== undefined) return explainUnknown(words, argv, known);
  const required = /^Missing required arguments?: (.+)$/.exec(message);
  if (required !== null) return [`${known === undefined ? '' : `${known}: `}missing required flag${required[1]?.includes(',') ? 's' : ''} ${(required[1] as string).split(', ').map((f) => `--${f}`).join(', ')}`];
  if (/^Not enough non-option arguments/.test(message) && known !== undefined) {
    const usage = (await helpText(known)).split('\n')[0];
    return [`${known}: an argument is missing: ${usage}`];
  }
  return [message];
}

/** stdout and stderr of the process; a reader that went away (`fleetsim schema | head`) ends the output quietly. */
function processIO(): CommandIO {
  let closed = false;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    closed = true;
  });
  return {
    out: (s) => { if (!closed) process.stdout.write(`${terminalSafe(s)}\n`); },
    err: (s) => process.stderr.write(`${terminalSafe(s)}\n`),
  };
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function main(argv: readonly string[], io: CommandIO = processIO()): Promise<number> {
  removeTemporariesOnSignals();
  // yargs drops a bare `-`; it stands for standard input (run, validate).
  const args = argv.map((a) => (a === '-' ? STDIN : a));
  const command = args.find((a) => !a.startsWith('-'));
  const known = command !== undefined && COMMAND_NAMES.includes(command) && command !== 'help' ? command : undefined;
  let code = 0;
  let printed = '';
  try {
    await (await buildParser(io, (c) => { code = c; }, args)).parseAsync(args, {}, (_error, _args, output) => { printed += output; });
    if (printed !== '') io.out(printed.trimEnd());
    return code;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    const lines = await explain(error.message, argv, command, known);
    for (const line of lines) io.err(`fleetsim: ${line}`);
    io.err(`run \`fleetsim ${known === undefined ? '' : `${known} `}--help\` for usage`);
    return 2;
  }
}

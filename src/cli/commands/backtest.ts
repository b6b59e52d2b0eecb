/**
 * `fleetsim backtest [BEFORE] AFTER [NODES...] [--since T] [--seed N] [--output table|json|yaml]`:
 * rebuilds the rollout between two dumps (or from one dump taken after it) and compares it with
 * fleetsim's forecast of the same change.
 */

import type { Argv } from 'yargs';
import { backtestFiles, renderBacktest } from '../../backtest/index.js';
import { formatIssue } from '../../scenario/index.js';
import { BAD_INPUT, withHelp } from '../help.js';
import type { CommandIO } from '../io.js';
import { outputOption, parseOutput, printStructured } from '../output.js';
import type { CommandRegistration } from '../registry.js';
import { parseSeed } from './common.js';

interface BacktestArgs { dumps: string[]; seed?: unknown; since?: unknown; output?: unknown }

function backtestCommand(io: CommandIO, args: BacktestArgs): number {
  const output = parseOutput(args.output);
  const seed = parseSeed(args.seed);
  let since: number | undefined;
  if (args.since !== undefined) {
    since = Date.parse(String(args.since));
    if (!Number.isFinite(since)) {
      io.err(`fleetsim backtest: --since: expected an RFC 3339 time such as 2026-01-05T00:00:00Z, got ${JSON.stringify(String(args.since))}`);
      return 2;
    }
  }
  const outcome = backtestFiles(args.dumps, { ...(seed === undefined ? {} : { seed }), ...(since === undefined ? {} : { since }) });
  if (!outcome.ok) {
    for (const error of outcome.errors) io.err(formatIssue(error));
    return 2;
  }
  if (output === 'table') io.out(renderBacktest(outcome.result));
  else printStructured(io, output, outcome.result);
  return 0;
}

export const registerBacktest: CommandRegistration = (parser: Argv, io, setCode) => parser.command(
  'backtest <dumps..>',
  'rebuild a real rollout from dumps before and after it (or one dump after it), and compare it with the forecast fleetsim makes of it',
  (y) => withHelp(outputOption(y
    .positional('dumps', { type: 'string', array: true, demandOption: true, describe: 'kubectl get … -A -o yaml dumps: the one before the rollout and the one after it, or only the one after it; files of Nodes may follow' })
    .option('since', { type: 'string', describe: 'one dump: count rollouts that started at or after this RFC 3339 time (default: within a day of the newest)' })
    .option('seed', { type: 'string', describe: "the forecast's seed: one non-negative integer (default 1)" }), 'the comparison'), {
    examples: [
      ['$0 backtest before.yaml after.yaml nodes.yaml', 'forecast vs actual per cluster and pool, and the fleet\'s median and worst error'],
      ['$0 backtest after.yaml nodes.yaml', 'the same from one dump taken after the rollout (its newest MachineSets carry the times)'],
    ],
    exitCodes: [[0, 'the comparison was printed'], BAD_INPUT],
  }),
  (args) => { setCode(backtestCommand(io, args as unknown as BacktestArgs)); },
);

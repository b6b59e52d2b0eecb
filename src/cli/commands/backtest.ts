/**
 * `fleetsim backtest BEFORE AFTER [NODES...] [--seed N] [--output table|json|yaml]`: rebuilds the
 * rollout between two dumps and compares it with fleetsim's forecast of the same change.
 */

import type { Argv } from 'yargs';
import { backtest, renderBacktest } from '../../backtest/index.js';
import { formatIssue } from '../../scenario/index.js';
import { BAD_INPUT, withHelp } from '../help.js';
import type { CommandIO } from '../io.js';
import { outputOption, parseOutput, printStructured } from '../output.js';
import type { CommandRegistration } from '../registry.js';
import { parseSeed } from './common.js';

interface BacktestArgs { before: string; after: string[]; seed?: unknown; output?: unknown }

function backtestCommand(io: CommandIO, args: BacktestArgs): number {
  const output = parseOutput(args.output);
  const seed = parseSeed(args.seed);
  const outcome = backtest([args.before], args.after, seed === undefined ? {} : { seed });
  if (!outcome.ok) {
    for (const error of outcome.errors) io.err(formatIssue(error));
    return 2;
  }
  if (output === 'table') io.out(renderBacktest(outcome.result));
  else printStructured(io, output, outcome.result);
  return 0;
}

export const registerBacktest: CommandRegistration = (parser: Argv, io, setCode) => parser.command(
  'backtest <before> <after..>',
  'rebuild a real rollout from dumps before and after it, and compare it with the forecast fleetsim makes of it',
  (y) => withHelp(outputOption(y
    .positional('before', { type: 'string', demandOption: true, describe: 'kubectl get … -A -o yaml dump taken before the rollout' })
    .positional('after', { type: 'string', array: true, demandOption: true, describe: 'the dump taken after it (and, optionally, the workload clusters\' Nodes)' })
    .option('seed', { type: 'string', describe: "the forecast's seed: one non-negative integer (default 1)" }), 'the comparison'), {
    examples: [
      ['$0 backtest before.yaml after.yaml nodes.yaml', 'forecast vs actual per cluster and pool, and the fleet\'s median and worst error'],
    ],
    exitCodes: [[0, 'the comparison was printed'], BAD_INPUT],
  }),
  (args) => { setCode(backtestCommand(io, args as unknown as BacktestArgs)); },
);

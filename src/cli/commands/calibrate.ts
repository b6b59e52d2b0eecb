/**
 * `fleetsim calibrate DUMP... [--out FILE] [--output table|json|yaml]`: fits boot and join times
 * (and reports drains) from `kubectl get … -o yaml` dumps of Machines and Nodes, and prints a
 * `clouds:` block to paste into a scenario.
 */

import type { Argv } from 'yargs';
import { calibrateFiles, renderCalibration } from '../../calibrate/index.js';
import { formatIssue } from '../../scenario/index.js';
import { prepareOutputFile } from '../../report/output-location.js';
import { writeFileAtomic } from '../../report/write.js';
import { BAD_INPUT, withHelp } from '../help.js';
import type { CommandIO } from '../io.js';
import { outputOption, parseOutput, printStructured } from '../output.js';
import type { CommandRegistration } from '../registry.js';

interface CalibrateArgs { dumps: string[]; out?: string; output?: unknown }

function calibrateCommand(io: CommandIO, args: CalibrateArgs): number {
  const output = parseOutput(args.output);
  if (args.out !== undefined) {
    const problem = prepareOutputFile(args.out);
    if (problem !== undefined) {
      io.err(`fleetsim: --out: ${problem}`);
      return 2;
    }
  }
  const outcome = calibrateFiles(args.dumps);
  if (!outcome.ok) {
    for (const error of outcome.errors) io.err(formatIssue(error));
    return 2;
  }
  for (const warning of outcome.warnings) io.err(`warning: ${formatIssue(warning)}`);
  if (output !== 'table') {
    printStructured(io, output, outcome.result);
    return 0;
  }
  const text = renderCalibration(outcome.result, args.dumps);
  if (args.out === undefined) io.out(text.trimEnd());
  else {
    writeFileAtomic(args.out, text);
    io.err(`wrote ${args.out}`);
  }
  return 0;
}

export const registerCalibrate: CommandRegistration = (parser: Argv, io, setCode) => parser.command(
  'calibrate <dumps..>',
  "fit boot and join times from a fleet's Machines (and Nodes) and print a clouds: block for a scenario",
  (y) => withHelp(outputOption(y
    .positional('dumps', { type: 'string', array: true, demandOption: true, describe: 'kubectl get … -A -o yaml dumps: Clusters, Machines, InfraMachines, infrastructure clusters; Nodes (kubectl get nodes -o yaml) optional' })
    .option('out', { type: 'string', describe: 'write the clouds: block to this file instead of stdout' }), 'the fits'), {
    examples: [
      ['$0 calibrate fleet.yaml nodes.yaml', 'print a clouds: block fitted to the fleet, with sample sizes and KS statistics'],
      ['$0 run scenarios/fleet-upgrade.yaml --format capi --out /tmp/up && $0 calibrate /tmp/up/capi.yaml /tmp/up/nodes.yaml', "calibrate from fleetsim's own output"],
    ],
    exitCodes: [[0, 'the fits were printed (what could not be fitted is listed with the reason)'], BAD_INPUT],
  }),
  (args) => { setCode(calibrateCommand(io, args as unknown as CalibrateArgs)); },
);

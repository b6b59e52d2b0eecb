/**
 * `fleetsim import MANIFEST... [--name N] [--set VAR=value] [--out FILE]`: turns CAPI YAML into a
 * scenario file a user can edit. Kinds fleetsim does not model are listed as warnings.
 */

import type { Argv } from 'yargs';
import { manifestsToScenarioYaml } from '../scenario/manifests/index.js';
import { formatIssue } from '../scenario/index.js';
import { writeFileAtomic } from '../report/write.js';
import { prepareOutputFile } from '../report/output-location.js';
import { UsageError, type CommandIO } from './io.js';
import { BAD_INPUT, withHelp } from './help.js';

export function parseVariables(values: readonly string[]): Record<string, string> {
  const variables: Record<string, string> = {};
  for (const value of values) {
    const eq = value.indexOf('=');
    if (eq <= 0) throw new UsageError(`--var: expected NAME=value, got "${value}"`);
    variables[value.slice(0, eq)] = value.slice(eq + 1);
  }
  return variables;
}

export function importCommand(io: CommandIO, args: { manifests: string[]; name?: string; var: string[]; out?: string }): number {
  if (args.out !== undefined) {
    const problem = prepareOutputFile(args.out);
    if (problem !== undefined) {
      io.err(`fleetsim: --out: ${problem}`);
      return 2;
    }
  }
  const options = { variables: parseVariables(args.var), env: process.env, ...(args.name === undefined ? {} : { name: args.name }) };
  const result = manifestsToScenarioYaml(args.manifests, options);
  for (const warning of result.warnings) io.err(`warning: ${formatIssue(warning)}`);
  if (!result.ok) {
    for (const error of result.errors) io.err(formatIssue(error));
    return 2;
  }
  if (args.out === undefined) io.out(result.yaml.trimEnd());
  else {
    writeFileAtomic(args.out, result.yaml);
    io.err(`wrote ${args.out}`);
  }
  return 0;
}

export function registerImport(parser: Argv, io: CommandIO, setCode: (code: number) => void): Argv {
  return parser.command('import <manifests..>', 'turn CAPI manifests (Cluster, MachineDeployment, MachinePool, KCP, MHC, CAPA/CAPZ/CAPG kinds) into a scenario', (y) => withHelp(y
    .positional('manifests', { type: 'string', array: true, demandOption: true, describe: 'CAPI YAML files (clusterctl generate output, or what you keep in Git)' })
    .option('name', { type: 'string', describe: 'scenario name (default "imported")' })
    .option('var', { type: 'string', array: true, default: [], describe: 'clusterctl variable NAME=value for ${NAME} substitution' })
    .option('out', { type: 'string', describe: 'write the scenario to this file instead of stdout' }), {
    examples: [
      ['$0 import scenarios/capi/eks-prod-east.yaml', 'print a scenario with that cluster'],
      ['$0 import cluster.yaml --var CLUSTER_NAME=prod-1 --var KUBERNETES_VERSION=v1.34.3 --out prod.yaml', 'substitute clusterctl variables and write the scenario to a file'],
    ],
    exitCodes: [[0, 'the scenario was printed or written (kinds fleetsim does not model are listed as warnings)'], BAD_INPUT],
  }),
  (args) => { setCode(importCommand(io, args as never)); });
}

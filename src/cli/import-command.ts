/**
 * `fleetsim import MANIFEST... [--name N] [--set VAR=value] [--out FILE]`: turns CAPI YAML into a
 * scenario file a user can edit. Kinds fleetsim does not model are listed as warnings.
 */

import type { Argv } from 'yargs';
import { readFileSync } from 'node:fs';
import { manifestsToScenarioYaml } from '../scenario/manifests/index.js';
import { templateVariables } from '../scenario/manifests/substitute.js';
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

interface ImportArgs {
  manifests: string[];
  name?: string;
  var: string[];
  out?: string;
  'kubernetes-version'?: string;
  'worker-machine-count'?: number;
  'control-plane-machine-count'?: number;
  'target-namespace'?: string;
  'list-variables'?: boolean;
}

/**
 * clusterctl generate cluster's flags as the variables its templates read (cluster-api@v1.13.5
 * cmd/clusterctl/cmd/generate_cluster.go: KUBERNETES_VERSION, CONTROL_PLANE_MACHINE_COUNT,
 * WORKER_MACHINE_COUNT, NAMESPACE); a --var of the same name wins.
 */
function clusterctlVariables(args: ImportArgs): Record<string, string> {
  const out: Record<string, string> = {};
  if (args['kubernetes-version'] !== undefined) out.KUBERNETES_VERSION = args['kubernetes-version'];
  if (args['control-plane-machine-count'] !== undefined) out.CONTROL_PLANE_MACHINE_COUNT = String(args['control-plane-machine-count']);
  if (args['worker-machine-count'] !== undefined) out.WORKER_MACHINE_COUNT = String(args['worker-machine-count']);
  if (args['target-namespace'] !== undefined) out.NAMESPACE = args['target-namespace'];
  for (const flag of ['worker-machine-count', 'control-plane-machine-count'] as const) {
    const value = args[flag];
    if (value !== undefined && !(Number.isInteger(value) && value >= 0)) throw new UsageError(`--${flag}: expected a whole number ≥ 0, got ${String(value)}`);
  }
  return out;
}

/** `--list-variables`: what the templates need, one line a variable (clusterctl's habit). */
function listVariables(io: CommandIO, files: readonly string[]): number {
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      io.err(`${file}: manifest file not found`);
      return 2;
    }
    const variables = templateVariables(text);
    if (files.length > 1) io.out(`${file}:`);
    const required = variables.filter((v) => v.fallback === undefined);
    const optional = variables.filter((v) => v.fallback !== undefined);
    io.out('Required Variables:');
    for (const v of required) io.out(`  - ${v.name}`);
    io.out('Optional Variables:');
    for (const v of optional) io.out(`  - ${v.name.padEnd(Math.max(...optional.map((o) => o.name.length)) + 1)} (defaults to "${v.fallback ?? ''}")`);
  }
  return 0;
}

export function importCommand(io: CommandIO, args: ImportArgs): number {
  if (args['list-variables'] === true) return listVariables(io, args.manifests);
  if (args.out !== undefined) {
    const problem = prepareOutputFile(args.out);
    if (problem !== undefined) {
      io.err(`fleetsim: --out: ${problem}`);
      return 2;
    }
  }
  const options = {
    variables: { ...clusterctlVariables(args), ...parseVariables(args.var) }, env: process.env,
    ...(args.name === undefined ? {} : { name: args.name }),
    ...(args['target-namespace'] === undefined ? {} : { defaultNamespace: args['target-namespace'] }),
    ...(args['kubernetes-version'] === undefined ? {} : { kubernetesVersion: args['kubernetes-version'] }),
  };
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
    .option('out', { type: 'string', describe: 'write the scenario to this file instead of stdout' })
    .option('kubernetes-version', { type: 'string', describe: "clusterctl's flag: KUBERNETES_VERSION, and the version of a cluster whose manifests set none (GKE templates)" })
    .option('worker-machine-count', { type: 'number', describe: "clusterctl's flag: WORKER_MACHINE_COUNT" })
    .option('control-plane-machine-count', { type: 'number', describe: "clusterctl's flag: CONTROL_PLANE_MACHINE_COUNT" })
    .option('target-namespace', { type: 'string', describe: "clusterctl's flag: NAMESPACE, and the namespace of objects that name none" })
    .option('list-variables', { type: 'boolean', describe: 'print the variables the templates use (required, then optional with their defaults) and exit' }), {
    examples: [
      ['$0 import scenarios/capi/eks-prod-east.yaml', 'print a scenario with that cluster'],
      ['$0 import cluster.yaml --var CLUSTER_NAME=prod-1 --var KUBERNETES_VERSION=v1.34.3 --out prod.yaml', 'substitute clusterctl variables and write the scenario to a file'],
      ['$0 import cluster-template.yaml --list-variables', 'what a clusterctl template needs, one line a variable'],
      ['$0 import cluster-template-gke.yaml --var CLUSTER_NAME=gke-1 --kubernetes-version v1.34.3 --worker-machine-count 3', "clusterctl generate cluster's flags"],
    ],
    exitCodes: [[0, 'the scenario was printed or written (kinds fleetsim does not model are listed as warnings)'], BAD_INPUT],
  }),
  (args) => { setCode(importCommand(io, args as unknown as ImportArgs)); });
}

/**
 * `fleetsim k8s-job SCENARIO --image IMAGE [--seeds N|LIST] [--set PATH=V1,V2]… [--parallelism P]
 * [--completions N] [--workers-per-pod W] [--memory 1Gi] [--namespace NS] [--claim NAME]
 * [--claim-size SIZE] [--storage-class SC] [--no-create-claim] [--backoff-limit-per-index K]
 * [--merge]`: prints the Kubernetes objects that run the sweep as an Indexed Job, one shard per
 * pod index (src/sweep/k8s-job.ts); with --merge, the Job that merges the shards afterwards.
 * The scenario and its grid are validated first, so a bad setting fails here, not in 50 pods.
 */

import { readRegularFile } from '../../scenario/read-file.js';
import { dirname, isAbsolute, normalize, resolve, sep } from 'node:path';
import type { Argv } from 'yargs';
import { UsageError, type CommandIO } from '../io.js';
import { BAD_INPUT, withHelp } from '../help.js';
import type { CommandRegistration } from '../registry.js';
import { defaultClaimSize, imageReferenceError, k8sJobManifests, manifestYaml, MAX_CONFIGMAP_BYTES, shellQuote } from '../../sweep/k8s-job.js';
import { asUsageError, loadForSweep, parsePositive, planFromFile, setArguments } from './common.js';
import { DEFAULT_SEEDS } from './sweep.js';

interface K8sJobArgs {
  scenario: string;
  image: string;
  seeds?: unknown;
  set?: unknown;
  parallelism: unknown;
  completions?: unknown;
  workersPerPod: unknown;
  memory: string;
  namespace?: string;
  claim?: string;
  claimSize?: string;
  storageClass?: string;
  createClaim: boolean;
  backoffLimitPerIndex: unknown;
  merge: boolean;
}

/**
 * The CAPI manifest files a scenario imports (`clusters[i].manifests`), read to ship beside it. They
 * must sit under the scenario's folder: the pod mounts them at the same relative paths.
 */
function manifestFiles(scenarioFile: string, raw: unknown): Array<{ path: string; text: string }> {
  const entries = (raw as { clusters?: unknown }).clusters;
  const out: Array<{ path: string; text: string }> = [];
  if (!Array.isArray(entries)) return out;
  entries.forEach((entry, i) => {
    const path = (entry as { manifests?: unknown } | null)?.manifests;
    if (typeof path !== 'string') return;
    const relative = normalize(path);
    if (isAbsolute(path) || relative.split(sep).includes('..')) {
      throw new UsageError(`${scenarioFile}: clusters[${i}].manifests: "${path}" is outside the scenario's folder; k8s-job ships files at their paths relative to the scenario, so keep them under its folder`);
    }
    if (out.some((f) => f.path === relative)) return;
    const read = readRegularFile(resolve(dirname(scenarioFile), relative), MAX_CONFIGMAP_BYTES + 1);
    if (!read.ok) throw new UsageError(`${scenarioFile}: clusters[${i}].manifests: ${path}: ${read.message}`);
    out.push({ path: relative.split(sep).join('/'), text: read.bytes.toString('utf8') });
  });
  return out;
}

const QUANTITY = /^\d+(\.\d+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

function k8sJobCommand(io: CommandIO, args: K8sJobArgs): number {
  const parallelism = parsePositive('parallelism', args.parallelism, 100_000);
  const completions = args.completions === undefined ? parallelism : parsePositive('completions', args.completions, 100_000);
  const workersPerPod = parsePositive('workers-per-pod', args.workersPerPod, 256);
  const backoffLimitPerIndex = Number(args.backoffLimitPerIndex);
  if (!Number.isSafeInteger(backoffLimitPerIndex) || backoffLimitPerIndex < 0) throw new UsageError(`--backoff-limit-per-index: expected a whole number ≥ 0, got "${String(args.backoffLimitPerIndex)}"`);
  if (parallelism > completions) throw new UsageError(`--parallelism ${parallelism} is more than --completions ${completions} (the number of shards): at most ${completions} pods can run`);
  if (args.image.trim() === '') throw new UsageError('--image: give the container image that has fleetsim (see the Dockerfile)');
  const imageError = imageReferenceError(args.image);
  if (imageError !== undefined) throw new UsageError(`--image: ${imageError}`);
  for (const [flag, value] of [['memory', args.memory], ['claim-size', args.claimSize]] as const) {
    if (value !== undefined && !QUANTITY.test(value)) throw new UsageError(`--${flag}: expected a Kubernetes quantity such as 1Gi or 512Mi, got "${value}"`);
  }
  for (const [flag, value] of [['namespace', args.namespace], ['claim', args.claim], ['storage-class', args.storageClass]] as const) {
    if (value !== undefined && !DNS_LABEL.test(value)) throw new UsageError(`--${flag}: expected a Kubernetes name (lower-case letters, digits and -), got "${value}"`);
  }
  const loaded = loadForSweep(io, args.scenario, 'k8s-job');
  if (loaded === undefined) return 2;
  const files = manifestFiles(loaded.file, loaded.raw);
  const bytes = Buffer.byteLength(loaded.text) + files.reduce((n, f) => n + Buffer.byteLength(f.text), 0);
  if (bytes > MAX_CONFIGMAP_BYTES) throw new UsageError(`${args.scenario} and the manifests it imports come to ${(bytes / 1024 / 1024).toFixed(1)} MiB, more than a ConfigMap holds (1 MiB); use generators for large fleets`);
  const sets = setArguments(args.set);
  const plan = planFromFile(io, loaded, sets, args.seeds, DEFAULT_SEEDS);
  if (plan === undefined) return 2;
  const runs = plan.seeds.length * plan.variants.length;
  if (completions > runs) throw new UsageError(`--completions ${completions}: the sweep has only ${runs} runs; use at most ${runs} shards`);
  const seeds = args.seeds === undefined ? loaded.scenario.sweep?.seeds ?? DEFAULT_SEEDS : String(args.seeds);
  const manifests = k8sJobManifests({
    name: plan.name, scenarioText: loaded.text, files, seeds, sets, image: args.image, parallelism, completions, workersPerPod,
    memory: args.memory, claim: args.claim ?? `fleetsim-${plan.name}-results`.slice(0, 63).replace(/-+$/, ''),
    claimSize: args.claimSize ?? defaultClaimSize(runs), createClaim: args.createClaim, backoffLimitPerIndex,
    ...(args.namespace === undefined ? {} : { namespace: args.namespace }),
    ...(args.storageClass === undefined ? {} : { storageClass: args.storageClass }),
  });
  const ns = args.namespace === undefined ? '' : ` -n ${args.namespace}`;
  if (args.merge) {
    io.out(manifestYaml([
      `fleetsim merge step for the sweep of ${plan.name}: apply once job/${manifests.sweepJobName} has completed.`,
      `The merged runs.jsonl, sweep.json, sweep.md and sweep.html land in ${manifests.mergedPath} on the results volume.`,
    ], [manifests.merge]));
    return 0;
  }
  const extra = sets.map((s) => ` --set ${shellQuote(s)}`).join('') + (args.seeds === undefined ? '' : ` --seeds ${shellQuote(String(args.seeds))}`);
  io.out(manifestYaml([
    `fleetsim sweep of ${plan.name}: ${plan.seeds.length} seeds × ${plan.variants.length} variant${plan.variants.length === 1 ? '' : 's'} = ${runs} runs,`,
    `${completions} shards (Indexed Job completions), ${parallelism} pods at a time, ${workersPerPod} worker thread${workersPerPod === 1 ? '' : 's'} each.`,
    '',
    'Run it:',
    `  kubectl apply${ns} -f sweep.yaml`,
    `  kubectl wait${ns} --for=condition=complete --timeout=24h job/${manifests.sweepJobName}`,
    `  fleetsim k8s-job ${shellQuote(args.scenario)} --image ${shellQuote(args.image)}${extra} --merge | kubectl apply${ns} -f -`,
    `  kubectl wait${ns} --for=condition=complete --timeout=1h job/${manifests.mergeJobName}`,
    `The merged result is in ${manifests.mergedPath} on the ${manifests.sweep.some((o) => o.kind === 'PersistentVolumeClaim') ? '' : 'existing '}ReadWriteMany volume claimed as ${args.claim ?? `fleetsim-${plan.name}-results`}.`,
  ], manifests.sweep));
  return 0;
}

export const registerK8sJob: CommandRegistration = (parser: Argv, io, setCode) => parser.command(
  'k8s-job <scenario>',
  'print a Kubernetes Indexed Job that runs a sweep in shards (and, with --merge, the merge step)',
  (y) => withHelp(y
    .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario file (shipped in a ConfigMap)' })
    .option('image', { type: 'string', demandOption: true, describe: 'container image with fleetsim (built from the Dockerfile)' })
    .option('seeds', { type: 'string', describe: `the runs' seeds: a count N or a list (default: the file's sweep.seeds, else ${DEFAULT_SEEDS})` })
    .option('set', { type: 'string', array: true, describe: 'PATH=V1,V2,…: the grid, as for sweep' })
    .option('parallelism', { type: 'string', default: '10', describe: 'pods running at once' })
    .option('completions', { type: 'string', describe: 'shards (pod indexes); default: --parallelism' })
    .option('workers-per-pod', { type: 'string', default: '1', describe: 'worker threads per pod (the CPU each pod requests)' })
    .option('memory', { type: 'string', default: '1Gi', describe: 'memory per pod (request and limit)' })
    .option('namespace', { type: 'string', describe: 'namespace of the objects' })
    .option('claim', { type: 'string', describe: 'PersistentVolumeClaim for the results (ReadWriteMany; default fleetsim-<scenario>-results)' })
    .option('claim-size', { type: 'string', describe: 'its size (default: estimated from the number of runs)' })
    .option('storage-class', { type: 'string', describe: 'its storage class (one that offers ReadWriteMany)' })
    .option('create-claim', { type: 'boolean', default: true, describe: 'print the PersistentVolumeClaim too (--no-create-claim when it exists)' })
    .option('backoff-limit-per-index', { type: 'string', default: '2', describe: 'retries of one failed shard' })
    .option('merge', { type: 'boolean', default: false, describe: 'print the merge Job instead (apply it once the sweep Job completed)' }), {
    examples: [
      ['$0 k8s-job scenarios/fleet-upgrade.yaml --image REGISTRY/fleetsim:0.1.0 --seeds 100000 --parallelism 50 > sweep.yaml', 'the ConfigMap, claim and Indexed Job of a 100,000-seed sweep'],
      ['$0 k8s-job scenarios/fleet-upgrade.yaml --image REGISTRY/fleetsim:0.1.0 --seeds 100000 --parallelism 50 --merge | kubectl apply -f -', 'then the Job that merges the shards'],
    ],
    exitCodes: [[0, 'the objects were printed (the scenario and its grid are valid)'], BAD_INPUT],
  }),
  (args) => {
    try {
      setCode(k8sJobCommand(io, args as unknown as K8sJobArgs));
    } catch (error) {
      throw asUsageError(error);
    }
  },
);

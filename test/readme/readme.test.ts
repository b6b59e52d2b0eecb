/**
 * README.md, run as written. Every shell command of its code blocks and every `npx …` / `npm …`
 * command of its prose runs verbatim, in document order, in a copy of the built package (so its
 * reports land in a temp dir, not in the repository) and must exit 0; every TypeScript block is
 * type-checked and run (a block that calls `it(` with vitest, as a user's test file); every YAML
 * block is saved as `scenarios/<its name>.yaml` and validated; the command synopsis is checked
 * against each command's `--help`. What cannot run here is listed in NOT_RUNNABLE with the reason,
 * and the list may hold nothing the README no longer says.
 */

import { beforeAll, describe, expect, it } from 'vitest';
import { cpSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { tempDir } from '../helpers/temp.js';
import { runCli } from '../e2e/helpers.js';
import { readmeItems, shellCommands, stages } from './markdown-blocks.js';

const README = readFileSync('README.md', 'utf8');
const items = readmeItems(README);

/** Commands of the README this suite does not run, and why; each is run elsewhere or needs what a test machine has not. */
const NOT_RUNNABLE: Readonly<Record<string, string>> = {
  'npm ci': 'installs node_modules from the lock file, replacing the install this suite runs from; .ci/run runs it verbatim on every CI run',
  'npm test': 'is this suite (it would run itself); .ci/run runs it verbatim',
  'npm run test:fast': 'is the fast half of this suite',
  'npm run test:long': 'is this suite\'s property tests with ten times the runs (tens of minutes)',
  'npm run docs': 'rewrites the generated tables of docs/scenario-format.md; test/scenario/reference.test.ts checks it would change nothing',
  'npm run bench': 'measures wall-clock speed for minutes; timings stay out of the test suite, which must not depend on the machine\'s speed',
  'docker build -t REGISTRY/fleetsim:0.1.0 .': 'needs a Docker daemon; test/packaging checks the Dockerfile against package.json',
  'docker push REGISTRY/fleetsim:0.1.0': 'needs a Docker daemon and a registry',
  'kubectl get clusters,kubeadmcontrolplanes,machinedeployments,machinesets,machinepools,machines,machinehealthchecks,awsclusters,awsmachinetemplates,awsmachines,azureclusters,azuremachinetemplates,azuremachines,gcpclusters,gcpmachinetemplates,gcpmachines -A -o yaml > fleet.yaml': 'needs a management cluster; test/scenario/live-import.test.ts imports such a dump, and the README block after it runs import, calibrate and backtest on fleetsim\'s own --format capi output',
  'kubectl --kubeconfig workload.kubeconfig get nodes -o yaml > nodes.yaml': 'needs a workload cluster; test/calibrate reads such Nodes (nodes.yaml of --format capi)',
  'kubectl apply -f sweep.yaml': 'needs a Kubernetes cluster; test/sweep/k8s-job.test.ts validates the objects k8s-job prints',
  'kubectl wait --for=condition=complete --timeout=24h job/fleetsim-fleet-upgrade-sweep': 'needs a Kubernetes cluster',
  'kubectl apply -f -': 'needs a Kubernetes cluster; the k8s-job output it reads is checked here to be YAML objects',
  'kubectl wait --for=condition=complete --timeout=1h job/fleetsim-fleet-upgrade-merge': 'needs a Kubernetes cluster',
};

/**
 * What of the repository a user has after `npm ci` (which builds dist/): copied, with the same
 * node_modules. The sources come too: the first `npx fleetsim` in a directory installs the package
 * into npx's cache, which runs its `prepare` (the build) as in a fresh clone.
 */
const PACKAGE = ['package.json', 'package-lock.json', 'README.md', 'tsconfig.json', 'tsconfig.build.json', 'bin', 'src', 'dist', 'scenarios'];

const copy = tempDir('fleetsim-readme-');

beforeAll(() => {
  for (const entry of PACKAGE) cpSync(entry, join(copy, entry), { recursive: true });
  symlinkSync(resolve('node_modules'), join(copy, 'node_modules'), 'dir');
});

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command line with sh in the copy, as a reader would at a prompt. npm's cache (where npx
 * installs the package it runs, and npm's logs) is the copy's own, so it goes with the copy.
 */
function sh(command: string): Promise<Ran> {
  return new Promise((done, fail) => {
    const env = { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', npm_config_cache: join(copy, '.npm-cache') };
    const child = spawn('sh', ['-c', command], { cwd: copy, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk; });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

function expectSuccess(ran: Ran, what: string): void {
  expect(ran.code, `${what} exited ${ran.code}\n--- stderr\n${ran.stderr.slice(-4000)}\n--- stdout\n${ran.stdout.slice(-2000)}`).toBe(0);
}

function notRunnable(stage: string, line: number): void {
  const reason = NOT_RUNNABLE[stage];
  it(`line ${line}: not run here: ${stage} (${reason})`, () => {
    expect(reason, `${stage} is neither runnable here nor listed in NOT_RUNNABLE`).toBeDefined();
  });
}

/** Commands already run, with their line: a command the prose repeats (`npm start`) runs once. */
const ran = new Map<string, number>();

/** One command line: its stages run one after the other; a stage piped into one that cannot run here runs alone and must print YAML objects. */
function commandLine(command: string, line: number): void {
  const parts = stages(command);
  parts.forEach((part, k) => {
    if (part.text in NOT_RUNNABLE) {
      notRunnable(part.text, line);
      return;
    }
    if (ran.has(part.text)) return;
    ran.set(part.text, line);
    const next = parts[k + 1];
    if (next !== undefined && next.after === '|' && !(next.text in NOT_RUNNABLE)) throw new Error(`README.md:${line}: the test does not run pipelines between two runnable commands: ${command}`);
    if (part.after === '|') throw new Error(`README.md:${line}: a runnable command reads a pipe: ${command}`);
    it(`line ${line}: ${part.text}`, async () => {
      const ran = await sh(part.text);
      expectSuccess(ran, part.text);
      if (next?.after === '|') {
        const documents = parseAllDocuments(ran.stdout);
        expect(documents.length).toBeGreaterThan(0);
        for (const document of documents) expect(document.errors).toEqual([]);
      }
    });
  });
}

const typescriptFiles: string[] = [];

function typescriptBlock(text: string, line: number): void {
  const isTest = /^\s*it\(/m.test(text);
  const file = isTest ? `readme-${line}.test.ts` : `readme-${line}.ts`;
  typescriptFiles.push(file);
  it(`line ${line}: the TypeScript block runs (${isTest ? 'as a vitest test file' : 'with tsx'})`, async () => {
    writeFileSync(join(copy, file), text);
    expectSuccess(await sh(isTest ? `npx vitest run ${file}` : `npx tsx ${file}`), file);
  });
}

function yamlBlock(text: string, line: number): void {
  it(`line ${line}: the YAML block is a valid scenario (saved as scenarios/<its name>.yaml)`, async () => {
    const name = (parse(text) as { name?: unknown }).name;
    expect(typeof name, 'the YAML block names its scenario').toBe('string');
    const file = `scenarios/${String(name)}.yaml`;
    writeFileSync(join(copy, file), text);
    const ran = await sh(`npx fleetsim validate ${file}`);
    expectSuccess(ran, `fleetsim validate ${file}`);
    expect(ran.stdout).toContain(`${file}: ok`);
  });
}

/** `npx fleetsim CMD [--flag …]` lines: each command exists and has every flag the line shows. */
function synopsisBlock(text: string, line: number): void {
  const commands = text.split('\n').map((l) => /^npx fleetsim (\S+)/.exec(l)).filter((m) => m !== null).map((m) => m[1] as string);
  it(`line ${line}: the command synopsis lists every command, each with flags its --help has`, async () => {
    const top = await runCli(['--help']);
    const listed = [...top.out.matchAll(/^ {2}fleetsim (\S+)/gm)].map((m) => m[1] as string);
    expect(listed.length).toBeGreaterThan(5);
    for (const command of listed.filter((c) => c !== 'help')) expect(commands, `the synopsis lacks ${command}`).toContain(command);
    for (const entry of text.split('\n')) {
      const command = /^npx fleetsim (\S+)/.exec(entry)?.[1];
      if (command === undefined) continue;
      const help = await runCli([command, '--help']);
      expect(help.code, `fleetsim ${command} --help`).toBe(0);
      for (const flag of entry.replace(/#.*$/, '').match(/--[a-z][a-z-]*/g) ?? []) expect(help.out, `fleetsim ${command} --help has ${flag}`).toContain(flag);
    }
  });
}

describe('README.md, run as written', () => {
  for (const item of items) {
    switch (item.kind) {
      case 'sh':
        for (const { command, line } of shellCommands(item.text, item.line)) commandLine(command, line);
        break;
      case 'inline':
        commandLine(item.text, item.line);
        break;
      case 'ts':
        typescriptBlock(item.text, item.line);
        break;
      case 'yaml':
        yamlBlock(item.text, item.line);
        break;
      case 'text':
        if (!/^npx fleetsim /m.test(item.text)) throw new Error(`README.md:${item.line}: a text block the test does not know how to check`);
        synopsisBlock(item.text, item.line);
        break;
      default:
        throw new Error(`README.md:${item.line}: a \`${item.kind}\` block the test does not know how to run`);
    }
  }

  it('type-checks its TypeScript blocks against the package\'s types', async () => {
    writeFileSync(join(copy, 'tsconfig.readme.json'), JSON.stringify({
      compilerOptions: { target: 'ES2022', lib: ['ES2023'], module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, types: ['node'] },
      files: typescriptFiles,
    }));
    expectSuccess(await sh('npx tsc -p tsconfig.readme.json'), 'tsc');
  });

  it('lists as not runnable only commands the README shows', () => {
    for (const command of Object.keys(NOT_RUNNABLE)) expect(README, `NOT_RUNNABLE names "${command}", which the README no longer shows`).toContain(command);
  });
});

/**
 * `fleetsim fuzz` end to end: it finds a failure the file does not have as written, shrinks it, and
 * writes a minimal.yaml that validates and reproduces the same violation when run; the printed
 * seed and path replay the same counterexample; the progress bar shows runs, failures and shrink
 * steps; bad input exits 2.
 */

import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import '../../src/cli/fuzz-command.js';
import { fuzzCommand } from '../../src/cli/fuzz-command.js';
import { main } from '../../src/cli/main.js';
import { progressDetail } from '../../src/fuzz/index.js';
import { progressLine } from '../../src/cli/progress.js';
import { loadScenarioFile, formatIssue } from '../../src/scenario/index.js';
import { checkRun, invariants, runScenario } from '../../src/testing/index.js';
import { tempDir } from '../helpers/temp.js';

const tmp = (): string => tempDir('fleetsim-fuzz-');

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/**
 * Two clusters whose pools roll fast with the file's wide surge; slower strategies (--strategy)
 * break the 8-minute bound on a cluster's upgrade.
 */
const SCENARIO = `
apiVersion: fleetsim/v1alpha1
kind: Scenario
name: fuzz-e2e
seed: 7
clusters:
  - name: a
    provider: docker
    version: v1.34.3
    controlPlane: { replicas: 1 }
    workers:
      - { name: p1, replicas: 4, strategy: { maxSurge: 4, maxUnavailable: 0 } }
      - { name: p2, replicas: 3, strategy: { maxSurge: 3, maxUnavailable: 0 } }
  - name: b
    provider: docker
    version: v1.34.3
    controlPlane: { replicas: 1 }
    workers:
      - { name: p1, replicas: 4, strategy: { maxSurge: 4, maxUnavailable: 0 } }
operations:
  - at: 5m
    upgrade: { clusters: { names: [a, b] }, version: v1.35.0 }
expect:
  - { metric: cluster.upgradeDuration, max: 8m }
`;

function scenarioFile(text = SCENARIO): string {
  const file = join(tmp(), 'fuzz-e2e.yaml');
  writeFileSync(file, text);
  return file;
}

/** The body of a YAML file without its comment header. */
const body = (path: string) => readFileSync(path, 'utf8').split('\n').filter((line) => !line.startsWith('#')).join('\n');

describe('fleetsim fuzz', () => {
  it('finds a failure, shrinks it, and writes a minimal.yaml that reproduces it; seed and path replay it', async () => {
    const file = scenarioFile();
    const out = tmp();
    const found = await cli(['fuzz', file, '--runs', '100', '--faults', 'none', '--strategy', '--out', out, '--quiet']);
    expect(found.code).toBe(1);
    expect(found.out).toMatch(/^fuzz-e2e: fault window 5m \+ 30m, liveness bound 1h, faults none, seed 7$/m);
    expect(found.out).toMatch(/run \d+ of 100 failed; shrunk in \d+ steps? to:/);
    expect(found.out).toContain('[expectations] expect cluster.upgradeDuration ≤ 8m failed');
    const minimal = join(out, 'minimal.yaml');
    for (const name of ['minimal.yaml', 'summary.json', 'timeline.jsonl', 'report.md', 'fuzz.json']) expect(existsSync(join(out, name)), name).toBe(true);

    // minimal.yaml is a plain scenario file: it validates, and running it shows the same violation.
    const loaded = loadScenarioFile(minimal);
    expect(loaded.ok ? [] : loaded.errors.map(formatIssue)).toEqual([]);
    if (!loaded.ok) return;
    expect(loaded.scenario.name).toBe('fuzz-e2e-minimal');
    expect(loaded.scenario.clusters).toHaveLength(1);
    const fuzzJson = JSON.parse(readFileSync(join(out, 'fuzz.json'), 'utf8'));
    const violations = checkRun(runScenario(loaded.scenario), [invariants.expectations()]);
    expect(violations.map((v) => v.message)).toEqual(fuzzJson.violations.map((v: { message: string }) => v.message));
    const run = await cli(['run', minimal, '--out', tmp(), '--format', 'json', '--quiet']);
    expect(run.code).toBe(1);
    // And `fuzz --runs 0` checks it again as written.
    const again = await cli(['fuzz', minimal, '--runs', '0', '--out', tmp(), '--quiet']);
    expect(again.code).toBe(1);
    expect(again.out).toContain('the scenario fails as written');

    // The printed replay command (seed and path) gives back the same counterexample.
    const replay = /^replay: fleetsim (fuzz .*)$/m.exec(found.out)?.[1];
    expect(replay).toBeDefined();
    const args = replay!.split(' ').map((a) => (a === file ? file : a));
    const replayOut = tmp();
    const replayed = await cli([...args, '--out', replayOut, '--quiet']);
    expect(replayed.code).toBe(1);
    expect(replayed.out).toContain(`replayed the counterexample at path ${fuzzJson.path}`);
    expect(body(join(replayOut, 'minimal.yaml'))).toBe(body(minimal));
  });

  it('exits 0 when every invariant and expectation holds', async () => {
    const file = scenarioFile(SCENARIO.replace('max: 8m', 'max: 2h'));
    const result = await cli(['fuzz', file, '--runs', '5', '--faults', 'node,mgmt', '--node-modes', 'kernelPanic,notReady', '--out', tmp(), '--quiet']);
    expect(result.code).toBe(0);
    expect(result.out).toContain('5 perturbed runs: every invariant and expectation held');
  });

  it('draws a progress bar of runs, failures and shrink steps on a terminal', async () => {
    const file = scenarioFile();
    const frames: string[] = [];
    const stream = { isTTY: true, columns: 200, write: (text: string) => { frames.push(text); } };
    const io = { out: () => {}, err: () => {} };
    const code = await fuzzCommand(io, { scenario: file, runs: 100, faults: 'none', swarm: false, strategy: true, quiet: false, out: tmp() }, stream);
    expect(code).toBe(1);
    const text = frames.join('');
    expect(text).toContain('fuzz fuzz-e2e [');
    expect(text).toContain('0/100 runs · 0 failures · checking the file as written');
    expect(text).toMatch(/1 failure · shrinking: \d+ steps? \(\d+ tried\)/);
    expect(frames.at(-1)).toBe('\r\u001b[2K');
  });

  it('the bar line: runs done of the total, failures, and the phase', () => {
    const line = (p: Parameters<typeof progressDetail>[0]) => {
      const { done, total, detail } = progressDetail(p);
      return progressLine('fuzz fleet', done, total, detail);
    };
    const progress = { phase: 'search' as const, runs: 50, total: 200, failures: 0, shrinkSteps: 0, shrinkRuns: 0 };
    // 50 of 200 = 25 %: 7.5 of the 30 marks, rounded to 8.
    expect(line(progress)).toBe(`fuzz fleet [${'#'.repeat(8)}${'-'.repeat(22)}] 25% · 50/200 runs · 0 failures · searching`);
    expect(line({ ...progress, phase: 'shrink', runs: 73, failures: 1, shrinkSteps: 4, shrinkRuns: 31 }))
      .toBe(`fuzz fleet [${'#'.repeat(11)}${'-'.repeat(19)}] 36% · 73/200 runs · 1 failure · shrinking: 4 steps (31 tried)`);
  });

  it('exits 2 on bad flags or a bad file', async () => {
    const file = scenarioFile();
    const bogus = await cli(['fuzz', file, '--faults', 'node,meteor']);
    expect(bogus.code).toBe(2);
    expect(bogus.err).toContain('--faults: unknown fault kind "meteor" (expected some of nodeFailures, zoneOutage, apiBrownout, capacityShortage, managementOutage)');
    expect((await cli(['fuzz', file, '--node-modes', 'melt'])).err).toContain('--node-modes: unknown mode "melt"');
    expect((await cli(['fuzz', file, '--liveness', 'soon'])).code).toBe(2);
    const broken = scenarioFile(SCENARIO.replace('replicas: 4, strategy', 'replicas: -4, strategy'));
    const bad = await cli(['fuzz', broken]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/clusters\[0\]\.workers\[0\]\.replicas/);
  });
});

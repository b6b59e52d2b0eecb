/** `fleetsim optimize` end to end: its files, its exit codes, determinism across workers, plan.yaml reproducing the figures, bad input. */

import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runCli } from '../e2e/helpers.js';
import { renderOptimizeHtml } from '../../src/optimize/html.js';
import type { OptimizeSummary } from '../../src/optimize/summary.js';
import { noisyFleet, scenarioFile, smallFleet, tmp } from './helpers.js';

const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');

const SEARCH = [
  '--vary', 'operations[0].upgrade.waves.size=1..8',
  '--vary', 'clusters[*].workers[*].strategy.maxUnavailable=0,1',
  '--minimize', 'fleet.upgradeMakespan:p95',
  '--require', 'cluster.minAvailableRatio:p5 >= 0.6',
  '--require', 'mhc.shortCircuits:max <= 0',
  '--budget', '300', '--max-seeds', '12', '--seed', '3',
];

describe('fleetsim optimize', () => {
  it('recommends a plan, writes its files, and writes the same bytes with 1 and 2 workers', async () => {
    const file = scenarioFile(noisyFleet());
    const one = tmp();
    const two = tmp();
    const a = await runCli(['optimize', file, ...SEARCH, '--workers', '1', '--out', one]);
    expect(a.code, a.err).toBe(0);
    const b = await runCli(['optimize', file, ...SEARCH, '--workers', '2', '--out', two, '--quiet']);
    expect(b.code, b.err).toBe(0);
    expect(b.err).toBe('');
    expect(readdirSync(one).sort()).toEqual(['optimize.html', 'optimize.json', 'optimize.md', 'plan.yaml']);
    for (const name of readdirSync(one)) expect(read(two, name), name).toBe(read(one, name));
    expect(b.out).toBe(a.out);

    // The terminal: the plan, its objective with an interval, each requirement, runner-ups, why the others lost, the budget.
    expect(a.out).toMatch(/^recommended: size=\d, maxUnavailable=[01]$/m);
    expect(a.out).toMatch(/fleet\.upgradeMakespan:p95 = \S+ \(95% interval \S+ to \S+\) over 12 seeds \(3-14\); the best survivor in [\d.]+% of bootstrap resamples/);
    expect(a.out).toMatch(/✓ cluster\.minAvailableRatio:p5 >= 0\.6: /);
    expect(a.out).toMatch(/✓ mhc\.shortCircuits:max <= 0: /);
    expect(a.out).toMatch(/^runner-ups/m);
    expect(a.out).toMatch(/^eliminated:\n(  .+: .+\n)+/m);
    expect(a.out).toMatch(/fleet\.upgradeMakespan:p95 \+\S+ \(95% interval \S+ to \S+\) against #\d+ \(size=\d, maxUnavailable=[01]\), after \d+ seeds/);
    expect(a.out).toMatch(/^runs: \d+ of a budget of 300, against 192 for an exhaustive sweep of the 16 combinations over 12 seeds/m);
    // Not a terminal: one progress line per round on stderr, then the timing.
    expect(a.err).toMatch(/^optimize: stage 0 round 0: 10 of 10 candidates in the race, 5 seeds each; 0 of 300 runs spent$/m);
    expect(a.err).toMatch(/\d+ runs in [\d.]+ s; wrote /);

    const summary = JSON.parse(read(one, 'optimize.json')) as OptimizeSummary;
    expect(summary.kind).toBe('fleetsim-optimize');
    expect(summary.budget.runs).toBeLessThanOrEqual(300);
    expect(summary.budget.runs).toBe(summary.candidates.reduce((n, c) => n + c.runs, 0));
    expect(summary.budget.runs).toBe(summary.budget.rounds.reduce((n, r) => n + r.runs, 0));
    const statuses = new Set(summary.candidates.map((c) => c.status));
    expect(statuses.has('recommended')).toBe(true);
    for (const c of summary.candidates) expect(c.reason.length).toBeGreaterThan(0);
    const html = await renderOptimizeHtml(summary);
    expect(html.warnings).toEqual([]);
    for (const chart of ['risk-0', 'pareto', 'runs-per-candidate', 'runs-per-round']) expect(html.html).toContain(`data-chart="${chart}"`);
    expect(html.html).not.toMatch(/<script(?![^>]*type="application\/json")/);
    expect(html.html).toContain("default-src 'none'");
    expect(read(one, 'optimize.md')).toMatch(/## Recommendation[\s\S]*## Candidates[\s\S]*## How the budget was spent[\s\S]*## Pareto front[\s\S]*## Method/);
  }, 600_000);

  it('writes a plan.yaml that validates and reproduces the reported figures with run and sweep', async () => {
    const file = scenarioFile(noisyFleet());
    const out = tmp();
    const result = await runCli(['optimize', file, ...SEARCH, '--workers', '2', '--out', out, '--format', 'json', '--quiet']);
    expect(result.code, result.err).toBe(0);
    const summary = JSON.parse(read(out, 'optimize.json')) as OptimizeSummary;
    const recommended = summary.recommended!;
    const plan = join(out, 'plan.yaml');
    const document = parse(read(out, 'plan.yaml'));
    expect(document.seed).toBe(3);
    expect(document.sweep).toEqual({ seeds: recommended.seeds.spec });
    expect(document.operations[0].upgrade.waves.size).toBe(recommended.settings[0]?.value);
    expect(document.clusters[0].generate.template.workers[0].strategy.maxUnavailable).toBe(recommended.settings[1]?.value);

    const validated = await runCli(['validate', plan]);
    expect(validated.code, validated.out).toBe(0);

    // `run` reruns the first seed: the same makespan, the same exit code.
    const runDir = tmp();
    const single = await runCli(['run', plan, '--out', runDir, '--format', 'json', '--quiet']);
    expect(single.code).toBe(recommended.firstRun.exitCode);
    const runSummary = JSON.parse(read(runDir, 'summary.json'));
    expect(runSummary.seed).toBe(recommended.firstRun.seed);
    expect(runSummary.fleet.upgradeMakespan).toBe(recommended.firstRun.objective);

    // `sweep` reruns every seed the figures come from: the same p95 and the same availability low point.
    const sweepDir = tmp();
    const swept = await runCli(['sweep', plan, '--workers', '2', '--out', sweepDir, '--format', 'json', '--quiet']);
    expect(swept.code, swept.err).toBe(0);
    const sweep = JSON.parse(read(sweepDir, 'sweep.json'));
    expect(sweep.seeds.spec).toBe(recommended.seeds.spec);
    const makespan = sweep.variants[0].metrics['fleet.upgradeMakespan'];
    expect(makespan.missing).toBe(0);
    expect(makespan.p95).toBe(recommended.objective.value);
    // cluster.minAvailableRatio:p5 = 1 − the p95 of cluster.worstAvailabilityDip (R-7 percentiles are symmetric).
    expect(recommended.requirements[0]?.value).toBeCloseTo(1 - sweep.variants[0].metrics['cluster.worstAvailabilityDip'].p95, 6);
    expect(recommended.requirements[1]?.value).toBe(sweep.variants[0].metrics['fleet.shortCircuits'].max);
  }, 600_000);

  it('exits 1 when nothing meets every requirement, showing the closest candidates and writing no plan', async () => {
    const file = scenarioFile(smallFleet());
    const out = tmp();
    const result = await runCli(['optimize', file, '--vary', 'clusters[*].workers[*].strategy.maxUnavailable=1,2', '--minimize', 'fleet.upgradeMakespan', '--require', 'cluster.minAvailableRatio:p5 >= 0.8', '--max-seeds', '6', '--workers', '1', '--out', out, '--quiet']);
    expect(result.code, result.err).toBe(1);
    expect(result.out).toMatch(/^no candidate meets every requirement; the closest:\n  maxUnavailable=1: cluster\.minAvailableRatio:p5 50%/m);
    expect(result.out).toMatch(/breaks cluster\.minAvailableRatio:p5 >= 0\.8/);
    expect(existsSync(join(out, 'plan.yaml'))).toBe(false);
    expect(JSON.parse(read(out, 'optimize.json')).outcome).toBe('infeasible');
  }, 300_000);

  it('refuses bad --vary, --require, --minimize and flags with one clear line and exit 2, writing nothing', async () => {
    const file = scenarioFile(smallFleet());
    const base = ['--vary', 'operations[0].upgrade.waves.size=1..4', '--minimize', 'fleet.upgradeMakespan:p95'];
    const cases: Array<[string[], RegExp]> = [
      [['--vary', 'operations[0].upgrade.waves.size', '--minimize', 'fleet.upgradeMakespan'], /--vary operations\[0\]\.upgrade\.waves\.size: expected PATH=VALUES/],
      [['--vary', 'operations[0].upgrade.waves.size=9..2', '--minimize', 'fleet.upgradeMakespan'], /the range runs backwards/],
      [['--vary', 'operations[0].upgrade.wave.size=1..4', '--minimize', 'fleet.upgradeMakespan'], /operations\[0\]\.upgrade\.wave: unknown field "wave" \(did you mean "waves"\?\)/],
      [['--vary', 'operations[0].upgrade.waves.size=2,lots', '--minimize', 'fleet.upgradeMakespan'], /waves\.size=lots: .*operations\[0\]\.upgrade\.waves\.size: expected a wave size/],
      [['--vary', 'clusters[5].version=v1.35.0', '--minimize', 'fleet.upgradeMakespan'], /--vary clusters\[5\]\.version: clusters has 1 entry, so \[5\] does not exist/],
      [['--minimize', 'fleet.upgradeMakespan'], /give at least one --vary/],
      [['--vary', 'operations[0].upgrade.waves.size=1..4'], /give the objective: --minimize METRIC\[:STAT\] or --maximize/],
      [[...base, '--maximize', 'fleet.clustersUpgraded'], /either --minimize or --maximize, not both/],
      [['--vary', 'operations[0].upgrade.waves.size=1..4', '--minimize', 'fleet.makespan:p95'], /--minimize fleet\.makespan: not a metric \(did you mean "fleet\.upgradeMakespan"( or "fleet\.imageRolloutMakespan")?\?\)/],
      [['--vary', 'operations[0].upgrade.waves.size=1..4', '--minimize', 'fleet.upgradeMakespan:p200'], /":p200" is not a statistic/],
      [[...base, '--require', 'cluster.minAvailableRatio >> 0.8'], /--require 'cluster\.minAvailableRatio >> 0\.8': expected 'METRIC\[:STAT\] OP BOUND'/],
      [[...base, '--require', 'cluster.minAvailabilityRatio:p5 >= 0.8'], /--require cluster\.minAvailabilityRatio: not a metric \(did you mean "cluster\.minAvailableRatio"\?\)/],
      [[...base, '--require', 'fleet.upgradeMakespan:p95 <= soon'], /the bound "soon" is not a number or a duration/],
      [[...base, '--budget', '0'], /--budget: expected a whole number from 1/],
      [[...base, '--budget', '12'], /--budget 12: the first round needs 20 runs \(4 candidates × 5 seeds\)/],
      [[...base, '--max-seeds', '1'], /--max-seeds: expected at least 2 seeds/],
      [[...base, '--seed', '-3'], /--seed: expected a non-negative integer/],
      [[...base, '--workers', '0'], /--workers: expected a whole number from 1/],
      [[...base, '--format', 'pdf'], /--format: "pdf" is not one of json, md, html/],
      [[...base, '--require', 'management.controller.nosuch.maxQueueDepth:max <= 3', '--max-seeds', '5'], /management\.controller\.nosuch\.maxQueueDepth: no run produced this metric; the controllers are /],
    ];
    for (const [args, expected] of cases) {
      const out = join(tmp(), 'never');
      const result = await runCli(['optimize', file, '--out', out, '--workers', '1', '--quiet', ...args]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.err, args.join(' ')).toMatch(expected);
      expect(result.err.split('\n')[0], args.join(' ')).toMatch(/^(fleetsim: |with |.*: )/);
      expect(result.err, args.join(' ')).not.toMatch(/\n\s+at /);
      expect(existsSync(out), args.join(' ')).toBe(false);
    }
  }, 300_000);

  it('sets aside settings that change nothing, and prints no terminal sequence a value carries', async () => {
    const file = scenarioFile(smallFleet());
    const out = tmp();
    // The description changes no run: the second candidate has the first one's figures on every seed.
    const result = await runCli(['optimize', file, '--vary', 'description=plain,x\u001b[2Jy', '--minimize', 'fleet.upgradeMakespan', '--max-seeds', '5', '--workers', '1', '--out', out, '--quiet']);
    expect(result.code, result.err).toBe(0);
    expect(result.out).not.toMatch(/\u001b/);
    expect(result.out).toContain('description="x\\u001b[2Jy": the same figures as #0 (description=plain) on each of its 5 seeds');
    const summary = JSON.parse(read(out, 'optimize.json')) as OptimizeSummary;
    expect(summary.candidates.map((c) => c.status)).toEqual(['recommended', 'same']);
    expect(read(out, 'optimize.md')).not.toMatch(/\u001b/);
  }, 300_000);
});

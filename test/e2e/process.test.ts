/**
 * The command line as a process: a closed pipe ends its output quietly, nothing is drawn into a
 * pipe or a log, and the exit code reaches the shell; the progress a run reports is its progress
 * towards settling.
 */

import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { loadScenarioFile } from '../../src/scenario/index.js';
import { simulate, type SettleProgress } from '../../src/simulate.js';
import { scenarioFile, smallFleet, tmp } from '../sweep/helpers.js';

function fleetsim(args: string[], options: { closeStdoutAfter?: number } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['bin/fleetsim.js', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      // A reader such as `head -c N` that stops reading: the pipe closes under the writer.
      if (options.closeStdoutAfter !== undefined && stdout.length >= options.closeStdoutAfter) child.stdout.destroy();
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

describe('fleetsim as a process', () => {
  it('`fleetsim schema | head` ends quietly when the reader goes away', async () => {
    const ran = await fleetsim(['schema'], { closeStdoutAfter: 1 });
    expect(ran.code).toBe(0);
    expect(ran.stderr).toBe('');
  });

  it('draws no progress into a pipe: stderr holds only its one-line messages', async () => {
    const file = scenarioFile(smallFleet());
    const out = tmp();
    const sweep = await fleetsim(['sweep', file, '--seeds', '3', '--workers', '1', '--format', 'json', '--out', join(out, 'sweep')]);
    expect(sweep.code).toBe(0);
    expect(sweep.stderr).not.toMatch(/\r|\u001b|\[#*-*\]/);
    expect(sweep.stderr.split('\n').filter((l) => l !== '').map((l) => l.split(' ')[0])).toEqual(['sweep', '3', 'wrote']);
    const run = await fleetsim(['run', file, '--format', 'json', '--out', join(out, 'run')]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^wrote \S+timeline\.jsonl, \S+summary\.json, \S+manifest\.json\n$/);
  });

  it('passes the exit code to the shell: 3 for a run that stops at its horizon', async () => {
    const ran = await fleetsim(['run', scenarioFile(smallFleet().replace('horizon: 2d', 'horizon: 15m')), '--format', 'json', '--out', tmp(), '--quiet']);
    expect(ran.code).toBe(3);
  });
});

describe('a run\'s progress', () => {
  it('is measured towards settling: it ends at 100 % when the run settles, long before its horizon', () => {
    const loaded = loadScenarioFile('scenarios/zone-outage-during-upgrade.yaml');
    if (!loaded.ok) throw new Error('the example does not load');
    const seen: Array<{ now: number; horizon: number; settling: SettleProgress }> = [];
    const result = simulate(loaded.scenario, { onProgress: (now, horizon, settling) => seen.push({ now, horizon, settling }) });
    expect(result.summary.settled).toBe(true);
    const last = seen.at(-1);
    expect(last?.settling.fraction).toBe(1);
    expect(last?.settling.rolloutsCompleted).toBe(last?.settling.rollouts);
    expect(last?.settling.operationsApplied).toBe(loaded.scenario.operations.length);
    // What the bar used to show: the share of the horizon, which a settled run never gets near.
    expect((last?.now ?? 0) / (last?.horizon ?? 1)).toBeLessThan(0.5);
    // Before the operation the run has done nothing towards settling.
    expect(seen[0]?.settling.fraction).toBeLessThan(0.5);
  });
});

/**
 * Scenario load time per MB (issue 19 defect 2): generated valid scenarios of 1, 2, 4 and 5 MB
 * (bench/large-scenario.ts), loaded from text as `fleetsim validate` does, best of 2, wall and CPU
 * time. Linear loading keeps ms/MB flat; the 4 MB / 1 MB ratio is the test's (under 6).
 */

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenarioText } from '../src/scenario/index.js';
import { largeScenarioYaml } from './large-scenario.js';

export interface LoadRow {
  megabytes: number;
  clusters: number;
  wallMs: number;
  cpuMs: number;
}

function once(text: string): { wallMs: number; cpuMs: number; clusters: number } {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  const result = loadScenarioText(text, 'large.yaml');
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  const used = process.cpuUsage(cpu);
  if (!result.ok) throw new Error(`the generated scenario does not validate: ${result.errors[0]?.message}`);
  return { wallMs, cpuMs: (used.user + used.system) / 1000, clusters: result.scenario.clusters.length };
}

export function loadBench(sizes: readonly number[] = [1, 2, 4, 5]): LoadRow[] {
  once(largeScenarioYaml(128 * 1024)); // warm up
  return sizes.map((megabytes) => {
    const text = largeScenarioYaml(megabytes * 1024 * 1024);
    const a = once(text);
    const b = once(text);
    return { megabytes, clusters: a.clusters, wallMs: Math.min(a.wallMs, b.wallMs), cpuMs: Math.min(a.cpuMs, b.cpuMs) };
  });
}

/** `fleetsim validate` on the generated 5 MB scenario, as a user runs it (compiled CLI, new process): wall and CPU seconds. */
export function validateCliBench(megabytes = 5): { wallSeconds: number; cpuSeconds: number } | undefined {
  if (!existsSync('dist/cli/main.js')) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'fleetsim-bench-'));
  try {
    const file = join(dir, 'large.yaml');
    writeFileSync(file, largeScenarioYaml(megabytes * 1024 * 1024));
    const script = `const t=process.hrtime.bigint();const {main}=await import(${JSON.stringify(`${process.cwd()}/dist/cli/main.js`)});const io={out(){},err(){},readStdin(){return ''}};const code=await main(['validate',${JSON.stringify(file)}],io);const u=process.cpuUsage();console.log(JSON.stringify({code,wall:Number(process.hrtime.bigint()-t)/1e9,cpu:(u.user+u.system)/1e6}))`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    const result = JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as { code?: number; wall: number; cpu: number };
    if (result.code !== 0) throw new Error(`fleetsim validate of the generated scenario exited ${result.code}: ${run.stderr}`);
    return { wallSeconds: result.wall, cpuSeconds: result.cpu };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function printLoadBench(rows: readonly LoadRow[]): void {
  console.log('scenario load: generated valid scenarios (one mapping of many keys, clusters merging an anchor), best of 2');
  console.log('     MB  clusters    wall ms   wall ms/MB    cpu ms/MB');
  for (const row of rows) {
    console.log(`  ${String(row.megabytes).padStart(5)}  ${String(row.clusters).padStart(8)}  ${row.wallMs.toFixed(0).padStart(9)}  ${(row.wallMs / row.megabytes).toFixed(0).padStart(11)}  ${(row.cpuMs / row.megabytes).toFixed(0).padStart(11)}`);
  }
  const one = rows.find((r) => r.megabytes === 1);
  const four = rows.find((r) => r.megabytes === 4);
  if (one !== undefined && four !== undefined) console.log(`  4 MB / 1 MB cpu time: ${(four.cpuMs / one.cpuMs).toFixed(2)} (linear 4, test limit 6)`);
  const five = rows.find((r) => r.megabytes === 5);
  if (five !== undefined) console.log(`  5 MB: ${(five.wallMs / 1000).toFixed(1)} s wall, ${(five.cpuMs / 1000).toFixed(1)} s CPU (target < 5 s)`);
  const cli = validateCliBench();
  if (cli !== undefined) console.log(`  fleetsim validate, 5 MB (compiled CLI, new process): ${cli.wallSeconds.toFixed(1)} s wall, ${cli.cpuSeconds.toFixed(1)} s CPU (target < 5 s)`);
}

/** The same sweep gives the same bytes whatever the number of workers or shards. */

import { describe, expect, it } from 'vitest';
import { cpSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runSweep } from '../../src/sweep/runner.js';
import { mergePartials } from '../../src/sweep/merge.js';
import { planOf, smallFleet, tmp } from './helpers.js';

const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');

describe('sweep determinism', () => {
  const plan = planOf(smallFleet(), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], ['operations[0].upgrade.waves.size=1,4']);

  it('writes byte-identical files with 1 and 2 workers, and as 3 shards merged', async () => {
    const one = tmp();
    const two = tmp();
    const shards = tmp();
    const merged = tmp();
    await runSweep(plan, { workers: 1, outDir: one, formats: ['json', 'md', 'html'] });
    await runSweep(plan, { workers: 2, outDir: two, formats: ['json', 'md'] });
    for (let index = 1; index <= 3; index++) {
      const outcome = await runSweep(plan, { workers: 2, shard: { index, count: 3 }, outDir: join(shards, `shard-${index}`) });
      expect(outcome.summary).toBeUndefined();
      expect(readdirSync(join(shards, `shard-${index}`)).sort()).toEqual(['partial.json', 'runs.jsonl']);
    }
    const outcome = await mergePartials([shards], merged, ['json', 'md', 'html']);
    expect(outcome.shards).toBe(3);
    expect(outcome.runs).toBe(22);

    const sweepJson = read(one, 'sweep.json');
    expect(read(two, 'sweep.json')).toBe(sweepJson);
    expect(read(merged, 'sweep.json')).toBe(sweepJson);
    expect(read(two, 'runs.jsonl')).toBe(read(one, 'runs.jsonl'));
    expect(read(merged, 'runs.jsonl')).toBe(read(one, 'runs.jsonl'));
    expect(read(merged, 'sweep.md')).toBe(read(one, 'sweep.md'));
    expect(read(merged, 'sweep.html')).toBe(read(one, 'sweep.html'));

    // The content is what the sweep ran: 2 variants × 11 seeds, one line a run in task order.
    const summary = JSON.parse(sweepJson);
    expect(summary.variants.map((v: { runs: number }) => v.runs)).toEqual([11, 11]);
    expect(summary.seeds).toEqual({ spec: '1-11', count: 11 });
    const lines = read(one, 'runs.jsonl').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => `${l.variant}:${l.seed}`)).toEqual([...[0, 1].flatMap((v) => plan.seeds.map((s) => `${v}:${s}`))]);
    // No shard leaves its mark in the merged files.
    expect(sweepJson).not.toMatch(/shard/i);
  });

  it('does not keep a sharded run out of the merge: a missing or repeated shard is refused', async () => {
    const shards = tmp();
    for (const index of [1, 3]) await runSweep(plan, { workers: 1, shard: { index, count: 3 }, outDir: join(shards, `s${index}`) });
    await expect(mergePartials([shards], tmp(), ['json'])).rejects.toThrow(/missing shard 2 of 3/);
    const copy = tmp();
    cpSync(join(shards, 's1'), join(copy, 's1-again'), { recursive: true });
    await expect(mergePartials([shards, copy], tmp(), ['json'])).rejects.toThrow(/shard 1\/3 is given twice/);
    const other = tmp();
    await runSweep(planOf(smallFleet(), [1, 2, 3]), { workers: 1, shard: { index: 2, count: 3 }, outDir: other });
    await expect(mergePartials([shards, other], tmp(), ['json'])).rejects.toThrow(/is from another sweep/);
  });
});

/** TaskPool: threads kept across task lists give each list's records in task order, as one thread does. */

import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadScenarioObject } from '../../src/scenario/index.js';
import type { Scenario } from '../../src/scenario/model.js';
import type { RunRecord } from '../../src/sweep/metrics.js';
import { TaskPool, type TaskList } from '../../src/sweep/pool.js';
import { smallFleet } from './helpers.js';

function scenario(size: number): Scenario {
  const loaded = loadScenarioObject(parse(smallFleet({ waves: `{ size: ${size}, pauseBetween: 5m }` })), 'test.yaml');
  if (!loaded.ok) throw new Error('invalid test scenario');
  return loaded.scenario;
}

const list = (tasks: Array<[number, number]>): TaskList => ({ length: tasks.length, at: (i) => ({ variant: tasks[i]![0], seed: tasks[i]![1] }) });

async function collect(pool: TaskPool, tasks: Array<[number, number]>, scenarios: Map<number, Scenario>): Promise<RunRecord[]> {
  const records: RunRecord[] = [];
  await pool.run(list(tasks), { scenarios, onRecord: (record, position) => { expect(position).toBe(records.length); records.push(record); } });
  return records;
}

describe('TaskPool', () => {
  it('reuses its threads across task lists, adding scenarios as they come, with the records of one thread', async () => {
    const first = new Map([[0, scenario(1)]]);
    const second = new Map([[0, scenario(1)], [7, scenario(4)]]);
    const firstTasks: Array<[number, number]> = [[0, 1], [0, 2], [0, 3]];
    const secondTasks: Array<[number, number]> = [[7, 1], [0, 4], [7, 2], [7, 3]];
    const threaded = new TaskPool(2);
    const inline = new TaskPool(1);
    try {
      const a = [...await collect(threaded, firstTasks, first), ...await collect(threaded, secondTasks, second)];
      const b = [...await collect(inline, firstTasks, first), ...await collect(inline, secondTasks, second)];
      expect(a.map((r) => `${r.variant}:${r.seed}`)).toEqual([...firstTasks, ...secondTasks].map(([v, s]) => `${v}:${s}`));
      expect(a).toEqual(b);
      // The two scenarios differ (waves of 1 against waves of 4), so the records show which one ran.
      expect(a[3]?.metrics['fleet.upgradeMakespan']).not.toBe(a[0]?.metrics['fleet.upgradeMakespan']);
    } finally {
      await threaded.close();
      await inline.close();
    }
  }, 120_000);
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { renderTextTable } from '../../src/cli/text-table.js';
import { terminalOrder } from '../../src/cli/terminal-summary.js';

describe('terminal tables', () => {
  it('fit the width by shortening the shrinkable columns', () => {
    fc.assert(fc.property(fc.array(fc.string({ minLength: 1, maxLength: 80 }), { minLength: 1, maxLength: 20 }), fc.integer({ min: 60, max: 160 }), (names, width) => {
      const text = renderTextTable({ header: ['cluster', 'wave', 'took'], rows: names.map((n) => [n.replace(/\s/g, 'x'), '0', '3h00m18s']), shrinkable: [0] }, width);
      for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(width);
    }));
  });

  it('sort rows by wave, then start, then name in natural order', () => {
    const rollout = (wave: number | undefined, startedAt: number) => ({ kind: 'upgrade', from: 'a', to: 'b', startedAt, completedAt: null, duration: null, machinesReplaced: 0, ...(wave === undefined ? {} : { wave }) });
    const cluster = (name: string, rollouts: ReturnType<typeof rollout>[]) => ({ name, rollouts }) as never;
    const order = terminalOrder([
      cluster('default/tenant-10', [rollout(1, 5)]), cluster('default/tenant-2', [rollout(1, 5)]), cluster('default/idle', []),
      cluster('default/tenant-1', [rollout(0, 9)]), cluster('default/early', [rollout(1, 1)]),
    ]).map((c: { name: string }) => c.name);
    expect(order).toEqual(['default/tenant-1', 'default/early', 'default/tenant-2', 'default/tenant-10', 'default/idle']);
  });
});

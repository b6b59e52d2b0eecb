/** The optimizer's progress line on a terminal: rounds, candidates left, runs spent; nothing elsewhere. */

import { describe, expect, it } from 'vitest';
import { barText, createStatusLine } from '../../src/cli/progress.js';
import { optimizeProgressLine } from '../../src/cli/commands/optimize.js';

function stream(isTTY: boolean, columns = 200): { isTTY: boolean; columns: number; written: string[]; write(text: string): void } {
  return { isTTY, columns, written: [], write(text: string) { this.written.push(text); } };
}

describe('optimize progress', () => {
  it('shows the runs spent against the budget, the round and the candidates left', () => {
    const line = optimizeProgressLine({ stage: 1, round: 2, seeds: 12, left: 3, candidates: 17, runs: 250, budget: 1000 });
    expect(line).toBe(`optimize ${barText(0.25)} 250/1,000 runs · stage 1 round 2 · 12 seeds each · 3 of 17 candidates left`);
    expect(barText(0.25)).toBe(`[${'#'.repeat(8)}${'-'.repeat(22)}]`);
    expect(barText(2)).toBe(`[${'#'.repeat(30)}]`);
  });

  it('redraws in place only when the text changes, fits the terminal, clears itself, and writes nothing off a terminal or with --quiet', () => {
    const out = stream(true, 30);
    const status = createStatusLine(out);
    status.show('a line much longer than thirty columns of terminal');
    status.show('a line much longer than thirty columns of terminal');
    status.show('short');
    status.done();
    expect(out.written).toEqual(['\r\u001b[2Ka line much longer than thirt', '\r\u001b[2Kshort', '\r\u001b[2K']);
    for (const [other, quiet] of [[stream(false), false], [stream(true), true]] as const) {
      const silent = createStatusLine(other, { quiet });
      silent.show('x');
      silent.done();
      expect(other.written).toEqual([]);
    }
  });
});

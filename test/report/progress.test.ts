import { describe, expect, it } from 'vitest';
import { createProgress, progressLine, simulationProgress } from '../../src/cli/progress.js';
import type { SettleProgress } from '../../src/simulate.js';

function stream(isTTY: boolean, columns = 120): { isTTY: boolean; columns: number; written: string[]; write(text: string): void } {
  return { isTTY, columns, written: [], write(text: string) { this.written.push(text); } };
}

const HOUR = 3_600_000;
const settling = (fraction: number, rest: Partial<SettleProgress> = {}): SettleProgress => ({ operationsApplied: 1, operations: 1, rolloutsCompleted: 7, rollouts: 28, fraction, ...rest });

describe('progress bar', () => {
  it('shows the share of the work done and a line of detail', () => {
    // 12 of 48: a quarter of the 30 marks.
    expect(progressLine('sweep', 12, 48, '12/48 runs')).toBe(`sweep [${'#'.repeat(8)}${'-'.repeat(22)}] 25% · 12/48 runs`);
    expect(progressLine('merge', 0, 0)).toBe(`merge [${'#'.repeat(30)}] 100%`);
  });

  it('writes nothing when stderr is not a terminal, or with --quiet', () => {
    for (const [out, quiet] of [[stream(false), false], [stream(true), true]] as const) {
      const progress = createProgress(out, { quiet, label: 'simulating' });
      progress.update(1, 10, 'x');
      progress.done();
      expect(out.written).toEqual([]);
    }
  });

  it('redraws in place only when the text changes, and clears itself when done', () => {
    const out = stream(true);
    const progress = createProgress(out, { label: 'simulating' });
    progress.update(1, 10, 'a');
    progress.update(1, 10, 'a');
    progress.update(2, 10, 'a');
    progress.done();
    expect(out.written).toHaveLength(3);
    expect(out.written[0]).toMatch(/^\r\u001b\[2Ksimulating \[/);
    expect(out.written[2]).toBe('\r\u001b[2K');
  });

  it('fits a narrow terminal', () => {
    const out = stream(true, 40);
    createProgress(out, { label: 'simulating' }).update(1, 2, 'a long line of detail that does not fit');
    expect((out.written[0] as string).replace('\r\u001b[2K', '').length).toBeLessThan(40);
  });

  it('measures a run by its progress towards settling, never backwards, not by its horizon', () => {
    const out = stream(true);
    const update = simulationProgress(createProgress(out, { label: 'simulating' }));
    update(4 * HOUR, 48 * HOUR, settling(0.5));
    // Later rollouts that were not expected make the share smaller: the bar holds.
    update(5 * HOUR, 48 * HOUR, settling(0.4, { rolloutsCompleted: 9, rollouts: 40 }));
    update(6 * HOUR, 48 * HOUR, settling(1, { rolloutsCompleted: 40, rollouts: 40 }));
    const lines = out.written.map((w) => w.replace('\r\u001b[2K', ''));
    expect(lines[0]).toBe(`simulating [${'#'.repeat(15)}${'-'.repeat(15)}] 50% · 7/28 rollouts done · 1/1 operations applied · 4h simulated`);
    expect(lines[1]).toMatch(/ 50% · 9\/40 rollouts done/);
    expect(lines[2]).toMatch(/ 100% · 40\/40 rollouts done · 1\/1 operations applied · 6h simulated$/);
  });
});

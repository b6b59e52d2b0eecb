import { describe, expect, it } from 'vitest';
import { createProgress, progressLine } from '../../src/cli/progress.js';

function stream(isTTY: boolean, columns = 100): { isTTY: boolean; columns: number; written: string[]; write(text: string): void } {
  return { isTTY, columns, written: [], write(text: string) { this.written.push(text); } };
}

const HOUR = 3_600_000;

describe('progress bar', () => {
  it('shows the share of the horizon reached and the virtual time', () => {
    expect(progressLine(12 * HOUR, 48 * HOUR)).toBe(`simulating [${'#'.repeat(8)}${'-'.repeat(22)}] 25% · 12h of 2d simulated`);
    expect(progressLine(0, 0)).toContain('100%');
  });

  it('writes nothing when stderr is not a terminal, or with --quiet', () => {
    for (const [out, quiet] of [[stream(false), false], [stream(true), true]] as const) {
      const progress = createProgress(out, { quiet });
      progress.update(HOUR, 10 * HOUR);
      progress.done();
      expect(out.written).toEqual([]);
    }
  });

  it('redraws in place only when the text changes, and clears itself when done', () => {
    const out = stream(true);
    const progress = createProgress(out);
    progress.update(60_000, 10 * HOUR);
    progress.update(60_500, 10 * HOUR);
    progress.update(120_000, 10 * HOUR);
    progress.done();
    expect(out.written).toHaveLength(3);
    expect(out.written[0]).toMatch(/^\r\u001b\[2Ksimulating \[/);
    expect(out.written[2]).toBe('\r\u001b[2K');
  });

  it('fits a narrow terminal', () => {
    const out = stream(true, 40);
    createProgress(out).update(HOUR, 2 * HOUR);
    expect((out.written[0] as string).replace('\r\u001b[2K', '').length).toBeLessThan(40);
  });
});

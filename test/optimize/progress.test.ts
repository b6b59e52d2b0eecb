/** The optimizer's progress: the bar is the budget spent; the detail has rounds, seeds and candidates left. */

import { describe, expect, it } from 'vitest';
import { progressLine } from '../../src/cli/progress.js';
import { optimizeProgressDetail } from '../../src/cli/commands/optimize.js';

describe('optimize progress', () => {
  it('shows the runs spent against the budget, the round and the candidates left', () => {
    const detail = optimizeProgressDetail({ stage: 1, round: 2, seeds: 12, left: 3, candidates: 17, runs: 250, budget: 1000 });
    expect(detail).toBe('250/1,000 runs · stage 1 round 2 · 12 seeds each · 3 of 17 candidates left');
    expect(progressLine('optimize', 250, 1000, detail)).toBe(`optimize [${'#'.repeat(8)}${'-'.repeat(22)}] 25% · ${detail}`);
  });
});

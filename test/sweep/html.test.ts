import { describe, expect, it } from 'vitest';
import { runSweep } from '../../src/sweep/runner.js';
import { summarizeSweep } from '../../src/sweep/results.js';
import { renderSweepHtml } from '../../src/sweep/sweep-page.js';
import { renderCompareHtml } from '../../src/sweep/compare-report.js';
import { compareVariants } from '../../src/sweep/compare.js';
import { planOf, smallFleet, tmp } from './helpers.js';

describe('sweep.html and compare.html', () => {
  it('render every chart without a vega warning, with no script and no network load', async () => {
    const plan = planOf(smallFleet(), [1, 2, 3, 4, 5, 6], ['operations[0].upgrade.waves.size=1,2,4']);
    const outcome = await runSweep(plan, { workers: 1, outDir: tmp(), formats: ['json'] });
    const results = outcome.results!;
    const sweep = await renderSweepHtml(summarizeSweep(results), results);
    expect(sweep.warnings).toEqual([]);
    // Distribution charts and the capacity trends across the numeric parameter.
    for (const chart of ['makespan-cdf', 'makespan-histogram', 'trend-fleet-upgradeMakespan']) expect(sweep.html).toContain(`data-chart="${chart}"`);
    expect(sweep.html).toMatch(/<svg[^>]*>/);
    expect(sweep.html).not.toMatch(/<script(?![^>]*type="application\/json")/);
    expect(sweep.html).not.toMatch(/(src|href)="https?:/);
    expect(sweep.html).toContain("default-src 'none'");

    const compare = await renderCompareHtml(compareVariants({ results, names: new Map([[0, 'V0'], [1, 'V1'], [2, 'V2']]), scenarios: new Map(), resamples: 200 }), results);
    expect(compare.warnings).toEqual([]);
    expect(compare.html).toContain('data-chart="forest-v1-vs-v0"');
  });
});

/**
 * report.html in a real browser: Debian's chromium, headless, renders a multi-cloud run's report
 * (waves, MHC decisions, faults, cloud calls). Every chart must have drawn an SVG with marks,
 * the page must log no error and request nothing but itself, and a full-page screenshot is saved
 * for a person to look at. `.ci/run` installs chromium; without it the test fails on CI (CI=true)
 * and, on a developer's machine, passes saying so with how to install it (it does not hide as a
 * skipped test).
 */

import { describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadScenarioFile } from '../../src/scenario/index.js';
import { simulate } from '../../src/simulate.js';
import { writeHtmlReport } from '../../src/report/html/index.js';
import { Chromium, findChromium, withoutChromium } from './browser/chromium.js';
import { chartsOf } from './page-helpers.js';
import { tempDir } from '../helpers/temp.js';

/** Where the screenshots go (reports/ is git-ignored): the whole page, and its first screenful at full size. */
export const SCREENSHOT = resolve('reports/browser-test/report.png');
export const SCREENSHOT_TOP = resolve('reports/browser-test/report-top.png');

interface ChartCheck {
  id: string;
  svgs: number;
  marks: number;
  width: number;
  height: number;
}

/** Runs in the page: each chart figure's SVG count, drawn mark items and rendered size. */
const CHECK_CHARTS = `[...document.querySelectorAll('figure.chart')].map((figure) => {
  const svg = figure.querySelector('.svg > svg');
  const box = svg ? svg.getBoundingClientRect() : { width: 0, height: 0 };
  return {
    id: figure.dataset.chart,
    svgs: figure.querySelectorAll('.svg > svg').length,
    marks: svg ? [...svg.querySelectorAll('g.role-mark')].reduce((n, g) => n + g.querySelectorAll('path, rect, circle, line, text').length, 0) : 0,
    width: box.width,
    height: box.height,
  };
})`;

describe('report.html in headless chromium', () => {
  it('draws every chart with marks, logs no error, loads nothing else, and is screenshotted', async () => {
    const binary = findChromium();
    if (binary === undefined) {
      const missing = withoutChromium(process.env);
      if (missing.fail) throw new Error(missing.message);
      console.warn(missing.message);
      return;
    }
    const loaded = loadScenarioFile('test/report/fixtures/report-fleet.yaml', { env: {} });
    if (!loaded.ok) throw new Error('test/report/fixtures/report-fleet.yaml does not load');
    const dir = tempDir('fleetsim-browser-');
    const browser = await Chromium.launch(binary);
    try {
      const path = await writeHtmlReport(simulate(loaded.scenario), dir);
      const expected = chartsOf(readFileSync(path, 'utf8')).map((c) => c.id);
      const url = pathToFileURL(path).href;
      await browser.open(url);
      const charts = await browser.evaluate<ChartCheck[]>(CHECK_CHARTS);
      const screenshot = await browser.screenshot();
      mkdirSync(resolve(SCREENSHOT, '..'), { recursive: true });
      writeFileSync(SCREENSHOT, screenshot);
      writeFileSync(SCREENSHOT_TOP, await browser.screenshot({ x: 0, y: 0, width: 1200, height: 1400 }));
      console.log(`report.html screenshots: ${SCREENSHOT} (whole page), ${SCREENSHOT_TOP} (top)`);

      expect(charts.map((c) => c.id)).toEqual(expected);
      expect(expected).toEqual(expect.arrayContaining(['fleet-gantt', 'fleet-availability', 'cluster-1', 'cloud-calls', 'controllers']));
      for (const chart of charts) {
        expect(chart.svgs, chart.id).toBe(1);
        expect(chart.marks, chart.id).toBeGreaterThan(0);
        expect(chart.width, chart.id).toBeGreaterThan(100);
        expect(chart.height, chart.id).toBeGreaterThan(50);
      }
      expect(browser.problems).toEqual([]);
      expect(browser.requests).toEqual([url]);
      expect(screenshot.subarray(1, 4).toString()).toBe('PNG');
    } finally {
      await browser.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

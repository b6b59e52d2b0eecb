/** The one-line progress bar of `fleetsim fuzz`: runs done, failures found, shrink steps. */

import type { FuzzProgress } from './fuzz.js';

const WIDTH = 24;

export function renderProgress(name: string, progress: FuzzProgress): string {
  const done = progress.phase === 'base' ? 0 : Math.min(progress.runs, progress.total);
  const filled = progress.total === 0 ? WIDTH : Math.round((done / progress.total) * WIDTH);
  const bar = `${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}`;
  const phase = progress.phase === 'base' ? 'checking the file as written'
    : progress.phase === 'shrink' ? `shrinking: ${progress.shrinkSteps} step${progress.shrinkSteps === 1 ? '' : 's'} (${progress.shrinkRuns} tried)`
    : 'searching';
  return `fuzz ${name} [${bar}] ${done}/${progress.total} runs · ${progress.failures} failure${progress.failures === 1 ? '' : 's'} · ${phase}`;
}

/** What the progress bar of `fleetsim fuzz` shows: runs done of the total, failures found, the phase. */

import type { FuzzProgress } from './fuzz.js';

export function progressDetail(progress: FuzzProgress): { done: number; total: number; detail: string } {
  const done = progress.phase === 'base' ? 0 : Math.min(progress.runs, progress.total);
  const phase = progress.phase === 'base' ? 'checking the file as written'
    : progress.phase === 'shrink' ? `shrinking: ${progress.shrinkSteps} step${progress.shrinkSteps === 1 ? '' : 's'} (${progress.shrinkRuns} tried)`
    : 'searching';
  return { done, total: progress.total, detail: `${done}/${progress.total} runs · ${progress.failures} failure${progress.failures === 1 ? '' : 's'} · ${phase}` };
}

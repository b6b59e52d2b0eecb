/** `expectations`: every expectation of the scenario's `expect:` holds (summary.json `expectations`). */

import { formatDuration } from '../../engine/duration.js';
import { isDurationMetric } from '../../scenario/metrics.js';
import type { Invariant } from '../invariant.js';

function show(metric: string, value: number | null | undefined): string {
  if (value === null || value === undefined) return 'not measured';
  return isDurationMetric(metric) ? formatDuration(value) : String(value);
}

export function expectations(): Invariant {
  return {
    name: 'expectations',
    description: "every expectation in the scenario's expect: holds",
    check(run) {
      return run.summary.expectations.filter((e) => !e.pass).map((e) => {
        const bounds = [e.min === undefined ? '' : `≥ ${show(e.metric, e.min)}`, e.max === undefined ? '' : `≤ ${show(e.metric, e.max)}`].filter((b) => b !== '').join(' and ');
        return {
          invariant: 'expectations',
          t: null,
          objects: [e.metric],
          message: `expect ${e.metric} ${bounds} failed: the run measured ${show(e.metric, e.value)}`,
        };
      });
    },
  };
}

/**
 * `deterministic`: two runs of the same scenario with the same seed produce the same timeline and
 * the same summary (architecture.md: output is a pure function of scenario, seed and version).
 * Needs the record's `replay` (runScenario with `replay: true`).
 */

import { at, type Invariant } from '../invariant.js';

const SHOWN = 300;

function short(value: unknown): string {
  const text = JSON.stringify(value) ?? 'nothing';
  return text.length <= SHOWN ? text : `${text.slice(0, SHOWN)}…`;
}

export function deterministic(): Invariant {
  return {
    name: 'deterministic',
    description: 'the same scenario and seed give the same timeline and summary',
    needsReplay: true,
    check(run) {
      if (run.replay === undefined) {
        return [{ invariant: 'deterministic', t: null, objects: [], message: 'no second run to compare with (run the scenario with replay: true)' }];
      }
      const first = run.events;
      const second = run.replay.events;
      const length = Math.max(first.length, second.length);
      for (let i = 0; i < length; i++) {
        const a = first[i];
        const b = second[i];
        if (a !== undefined && b !== undefined && JSON.stringify(a) === JSON.stringify(b)) continue;
        const t = Math.min(a?.t ?? Number.MAX_SAFE_INTEGER, b?.t ?? Number.MAX_SAFE_INTEGER);
        return [{
          invariant: 'deterministic', t, objects: [],
          message: `${at(t)}: two runs of seed ${run.seed} differ at timeline event #${i}: first ${short(a)}, second ${short(b)}`,
        }];
      }
      const summaryA = JSON.stringify(run.summary);
      const summaryB = JSON.stringify(run.replay.summary);
      if (summaryA === summaryB) return [];
      let i = 0;
      while (i < summaryA.length && summaryA[i] === summaryB[i]) i++;
      return [{
        invariant: 'deterministic', t: null, objects: [],
        message: `two runs of seed ${run.seed} have the same timeline but different summaries, from character ${i}: first …${summaryA.slice(Math.max(0, i - 40), i + 80)}…, second …${summaryB.slice(Math.max(0, i - 40), i + 80)}…`,
      }];
    },
  };
}

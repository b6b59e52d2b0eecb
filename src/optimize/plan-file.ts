/**
 * plan.yaml: the scenario file with the recommended values applied (through the sweep's override
 * machinery, src/sweep/overrides.ts, so `[*]` and generator templates behave as in a sweep), its
 * `seed:` set to the first seed of the search and `sweep.seeds` to the seeds the recommendation's
 * figures come from. `fleetsim run plan.yaml` therefore reruns the recommendation's first run and
 * `fleetsim sweep plan.yaml` all of them. Relative `manifests:` paths are rewritten for the
 * directory plan.yaml is written to. Comments of the original file are not kept.
 */

import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { stringify } from 'yaml';
import { applySetting } from '../sweep/overrides.js';
import type { MetricUnit } from '../sweep/metrics.js';
import type { CandidateSource } from './candidates.js';
import { formatFigure, printable } from './format.js';
import { settingOf } from './parameters.js';
import type { OptimizeSummary } from './summary.js';

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A manifests: path relative to the scenario file, as seen from `planDir`. */
function rebase(path: string, scenarioFile: string, planDir: string): string {
  if (isAbsolute(path)) return path;
  const moved = relative(resolve(planDir), resolve(dirname(resolve(scenarioFile)), path)).split(sep).join('/');
  return moved.startsWith('.') ? moved : `./${moved}`;
}

export function planYaml(source: CandidateSource, summary: OptimizeSummary, planDir: string): string {
  const recommended = summary.recommended;
  if (recommended === null) throw new Error('plan.yaml needs a recommendation');
  const document = structuredClone(source.raw) as Record<string, unknown>;
  source.parameters.forEach((parameter, d) => {
    const value = recommended.settings[d]?.value;
    applySetting(document, settingOf(parameter, value), value);
  });
  const seedList = recommended.seeds.spec;
  document.seed = summary.method.firstSeed;
  document.sweep = { seeds: seedList };
  if (Array.isArray(document.clusters)) {
    for (const entry of document.clusters) {
      if (isMapping(entry) && typeof entry.manifests === 'string') entry.manifests = rebase(entry.manifests, source.file, planDir);
    }
  }
  const objective = recommended.objective;
  const unit = summary.objective.unit as MetricUnit;
  const shown = (v: number | null, u: MetricUnit) => formatFigure(v === null ? Infinity : v, u);
  const header = [
    `fleetsim optimize: the recommended plan for ${summary.scenario} (fleetsim ${summary.fleetsimVersion}), from ${source.file}`,
    ...recommended.settings.map((s) => `  ${s.path} = ${printable(s.value)}`),
    `${summary.objective.direction} ${summary.objective.text}: ${shown(objective.value, unit)} (95% interval ${objective.interval.map((v) => shown(v, unit)).join(' to ')}) over seeds ${seedList}`,
    ...summary.requirements.map((r, k) => `  ${r.text}: ${shown(recommended.requirements[k]?.value ?? null, r.unit as MetricUnit)}`),
    `fleetsim run plan.yaml reruns seed ${summary.method.firstSeed}; fleetsim sweep plan.yaml reruns seeds ${seedList}.`,
  ];
  return `${header.map((line) => `# ${line}`.trimEnd()).join('\n')}\n${stringify(document, { lineWidth: 0 })}`;
}

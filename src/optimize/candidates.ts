/**
 * A candidate plan: one value per `--vary` parameter, applied to the scenario file's document and
 * validated like a sweep variant (src/sweep/variants.ts), so a value that makes no valid scenario
 * is reported at its field. The runs it has had so far are kept in seed order (the optimizer's
 * seeds are one list shared by every candidate: common random numbers).
 */

import type { Scenario } from '../scenario/model.js';
import type { RunRecord } from '../sweep/metrics.js';
import { buildVariants, type Setting } from '../sweep/variants.js';
import { printable } from './format.js';
import { asVaryMessage, settingOf, type SearchParameter } from './parameters.js';
import { coarseValues, type Point } from './space.js';

export interface Candidate {
  /** In order of creation: the first stage's grid, then each stage's new points. */
  id: number;
  point: Point;
  settings: Setting[];
  /** `size=7, pauseBetween=15m`: each parameter by its last field name (its full path when two share one). */
  label: string;
  /** The stage that added it (0: the first grid). */
  stage: number;
  /** Undefined when the settings make no valid scenario (`invalid` says why). */
  scenario?: Scenario;
  invalid?: string;
  /** Runs so far, record k on seed k of the shared list. */
  records: RunRecord[];
}

/** The last field name of each path (`waves.size` → `size`), or the full path where two parameters would share a name. */
export function shortNames(parameters: readonly SearchParameter[]): string[] {
  const last = parameters.map((p) => {
    const fields = p.steps.filter((s): s is string => typeof s === 'string' && s !== '*');
    return fields[fields.length - 1] ?? p.path;
  });
  return last.map((name, i) => (last.indexOf(name) === last.lastIndexOf(name) ? name : (parameters[i] as SearchParameter).path));
}

export interface CandidateSource {
  /** The scenario file's parsed document. */
  raw: unknown;
  /** Where it was read from (resolves relative `manifests:` paths, names errors). */
  file: string;
  parameters: readonly SearchParameter[];
  env?: Record<string, string | undefined>;
}

/** The scenario of `point`, or the reason it is not valid. */
export function buildCandidate(source: CandidateSource, point: Point, id: number, stage: number, names: readonly string[]): Candidate {
  const settings = source.parameters.map((p, d) => ({ path: p.path, value: point[d] }));
  const label = settings.map((s, d) => `${names[d]}=${printable(s.value)}`).join(', ');
  const built = buildVariants(source.raw, source.file, source.parameters.map((p, d) => settingOf(p, point[d])), source.env ?? process.env);
  if (!built.ok) return { id, point, settings, label, stage, invalid: built.errors.map(asVaryMessage).join('; '), records: [] };
  const variant = built.variants[0];
  if (variant === undefined) throw new Error('buildVariants returned no variant for a single point');
  return { id, point, settings, label, stage, scenario: variant.scenario, records: [] };
}

/** The values checked before anything runs: every value of a list; a range's ends and first-stage values (its other values are checked when tried). */
function valuesToCheck(parameter: SearchParameter): unknown[] {
  if (parameter.kind === 'list') return parameter.values;
  return [...new Set([parameter.from, ...coarseValues(parameter), parameter.to])];
}

/**
 * Checks each value of each parameter on its own (the others as the file has them), so a value
 * that can never be valid stops the command before anything runs. Returns the messages.
 */
export function checkValues(source: CandidateSource): string[] {
  const errors: string[] = [];
  const seen = new Set<string>();
  for (const parameter of source.parameters) {
    for (const value of valuesToCheck(parameter)) {
      const built = buildVariants(source.raw, source.file, [settingOf(parameter, value)], source.env ?? process.env);
      if (built.ok) continue;
      for (const error of built.errors.map(asVaryMessage)) {
        if (!seen.has(error)) errors.push(error);
        seen.add(error);
      }
    }
  }
  return errors;
}

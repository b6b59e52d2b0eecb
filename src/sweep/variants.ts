/**
 * A parameter grid: the cross product of every `--set` (and `sweep: { set: … }`) parameter's values,
 * first parameter outermost. Each variant is the scenario file with its settings applied to the raw
 * document, then validated by the loader, so a wrong value is reported at its field.
 */

import { createHash } from 'node:crypto';
import { loadScenarioObject } from '../scenario/index.js';
import type { Scenario } from '../scenario/model.js';
import type { ScenarioIssue } from '../scenario/issues.js';
import { FLEETSIM_VERSION } from '../version.js';
import { applySetting, formatSteps, SetError, setParameterFromFile, type SetParameter } from './overrides.js';
import { formatSeeds } from './seeds.js';

/** More variants than this in one grid is refused. */
export const MAX_VARIANTS = 10_000;

export interface Setting {
  path: string;
  value: unknown;
}

export interface Variant {
  id: number;
  /** `operations[0].upgrade.waves.size=4, clusters[*].workers[*].strategy.maxSurge=1`; the scenario name when there is no grid. */
  label: string;
  settings: Setting[];
  scenario: Scenario;
}

export interface SweepPlan {
  /** The scenario's name: reports go to reports/<name>/. */
  name: string;
  seeds: number[];
  parameters: Array<{ path: string; values: unknown[] }>;
  variants: Variant[];
}

export type VariantsResult = { ok: true; variants: Variant[] } | { ok: false; errors: string[] };

export function formatValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function settingsLabel(settings: readonly Setting[]): string {
  return settings.map((s) => `${s.path}=${formatValue(s.value)}`).join(', ');
}

/** The file's `sweep.set` parameters, then the command line's; a command-line path replaces the file's. */
export function mergeParameters(fromFile: Record<string, unknown[]> | undefined, fromCli: readonly SetParameter[]): SetParameter[] {
  const merged: SetParameter[] = [];
  for (const [path, values] of Object.entries(fromFile ?? {})) merged.push(setParameterFromFile(path, values));
  for (const parameter of fromCli) {
    const at = merged.findIndex((p) => p.path === parameter.path);
    if (at >= 0) merged[at] = parameter;
    else merged.push(parameter);
  }
  return merged;
}

function issueText(issue: ScenarioIssue): string {
  const where = issue.line > 0 ? `${issue.file}:${issue.line}:${issue.column}` : issue.file;
  return issue.path === '' ? `${where}: ${issue.message}` : `${where}: ${issue.path}: ${issue.message}`;
}

/**
 * Every combination of the parameters' values, applied to a copy of `raw` and validated.
 * `raw` is the parsed file (its plain value); `file` resolves relative `manifests:` paths.
 */
export function buildVariants(raw: unknown, file: string, parameters: readonly SetParameter[], env: Record<string, string | undefined> = process.env): VariantsResult {
  const total = parameters.reduce((n, p) => n * p.values.length, 1);
  if (total > MAX_VARIANTS) return { ok: false, errors: [`the grid has ${total.toLocaleString('en-US')} variants; at most ${MAX_VARIANTS.toLocaleString('en-US')} in one sweep`] };
  const errors: string[] = [];
  const seen = new Set<string>();
  const fail = (message: string) => {
    if (!seen.has(message)) errors.push(message);
    seen.add(message);
  };
  // A validation error is reported once for the grid, with the variants it appears in, not once per cell.
  const invalid = new Map<string, string[]>();
  const variants: Variant[] = [];
  for (let id = 0; id < total; id++) {
    // Mixed radix, first parameter outermost.
    const settings: Setting[] = [];
    let rest = id;
    for (let p = parameters.length - 1; p >= 0; p--) {
      const parameter = parameters[p] as SetParameter;
      settings.unshift({ path: parameter.path, value: parameter.values[rest % parameter.values.length] });
      rest = Math.floor(rest / parameter.values.length);
    }
    const document = structuredClone(raw);
    let applied = true;
    settings.forEach((setting, p) => {
      if (!applied) return;
      try {
        applySetting(document, parameters[p] as SetParameter, setting.value);
      } catch (error) {
        if (!(error instanceof SetError)) throw error;
        fail(error.message);
        applied = false;
      }
    });
    if (!applied) continue;
    const loaded = loadScenarioObject(document, file, { env });
    if (!loaded.ok) {
      for (const issue of loaded.errors) {
        const text = issueText(issue);
        if (!invalid.has(text)) invalid.set(text, []);
        invalid.get(text)?.push(settingsLabel(settings));
      }
      continue;
    }
    variants.push({ id, label: settings.length === 0 ? loaded.scenario.name : settingsLabel(settings), settings, scenario: loaded.scenario });
  }
  for (const [text, labels] of invalid) {
    const first = labels[0] as string;
    if (first === '') fail(text);
    else if (labels.length === 1) fail(`with --set ${first}: ${text}`);
    else if (labels.length === total) fail(`in all ${total} variants of the grid (--set ${parameters.map((p) => p.path).join(', --set ')}): ${text}`);
    else fail(`with --set ${first} and ${labels.length - 1} more of the grid's ${total} variants: ${text}`);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, variants };
}

/** Canonical JSON: keys sorted, so equal values hash equally whatever their key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Identifies a sweep: fleetsim's version, the seeds and every variant's resolved scenario (where the
 * file was read from left out). Partial results merge only when their ids are equal.
 */
export function sweepId(plan: SweepPlan): string {
  const hash = createHash('sha256');
  hash.update(`fleetsim ${FLEETSIM_VERSION}\nseeds ${formatSeeds(plan.seeds)}\n`);
  for (const variant of plan.variants) {
    const { source: _source, ...scenario } = variant.scenario;
    hash.update(`${variant.label}\n${canonical(scenario)}\n`);
  }
  return hash.digest('hex').slice(0, 32);
}

export { formatSteps };

/**
 * What a sweep keeps in memory: per variant, one column of numbers per metric with a slot per seed
 * (8 bytes a value; NaN where a run did not produce the figure). No run's summary or timeline is
 * kept, so memory grows only by a few hundred bytes per run. Slots are addressed by seed, so the
 * columns come out the same whatever order the runs finished in.
 */

import { FLEETSIM_VERSION } from '../version.js';
import { compareMetricNames, metricInfo, type MetricInfo, type RunRecord } from './metrics.js';
import { describe, type Distribution } from './statistics.js';
import { formatSeeds } from './seeds.js';
import type { Setting, SweepPlan } from './variants.js';
import { sweepId } from './variants.js';

/** A sweep without its scenarios: what partial results carry and sweep.json describes. */
export interface SweepMeta {
  id: string;
  name: string;
  seeds: number[];
  parameters: Array<{ path: string; values: unknown[] }>;
  variants: Array<{ id: number; label: string; settings: Setting[] }>;
}

export function sweepMeta(plan: SweepPlan): SweepMeta {
  return {
    id: sweepId(plan),
    name: plan.name,
    seeds: plan.seeds,
    parameters: plan.parameters,
    variants: plan.variants.map((v) => ({ id: v.id, label: v.label, settings: v.settings })),
  };
}

export class SweepResults {
  private readonly slot = new Map<number, number>();
  private readonly columns: Array<Map<string, Float64Array>>;
  private readonly exitCodes: Array<Map<number, number>>;
  private readonly filled: number[];

  constructor(readonly meta: SweepMeta) {
    meta.seeds.forEach((seed, i) => this.slot.set(seed, i));
    this.columns = meta.variants.map(() => new Map());
    this.exitCodes = meta.variants.map(() => new Map());
    this.filled = meta.variants.map(() => 0);
  }

  private variantIndex(id: number): number {
    const index = this.meta.variants.findIndex((v) => v.id === id);
    if (index < 0) throw new Error(`a run of variant ${id}, which is not in this sweep`);
    return index;
  }

  add(record: RunRecord): void {
    const v = this.variantIndex(record.variant);
    const slot = this.slot.get(record.seed);
    if (slot === undefined) throw new Error(`a run of seed ${record.seed}, which is not in this sweep`);
    const columns = this.columns[v] as Map<string, Float64Array>;
    for (const [name, value] of Object.entries(record.metrics)) {
      let column = columns.get(name);
      if (column === undefined) {
        column = new Float64Array(this.meta.seeds.length).fill(metricInfo(name).zeroWhenAbsent === true ? 0 : Number.NaN);
        columns.set(name, column);
      }
      column[slot] = value === null ? Number.NaN : value;
    }
    const codes = this.exitCodes[v] as Map<number, number>;
    codes.set(record.exitCode, (codes.get(record.exitCode) ?? 0) + 1);
    this.filled[v] = (this.filled[v] as number) + 1;
  }

  /** Every metric name any run produced, fixed ones first. */
  metricNames(): string[] {
    const names = new Set<string>();
    for (const columns of this.columns) for (const name of columns.keys()) names.add(name);
    return [...names].sort(compareMetricNames);
  }

  /** The values of one metric for one variant, a slot per seed (NaN: missing). */
  column(variantId: number, name: string): Float64Array {
    const v = this.variantIndex(variantId);
    const column = this.columns[v]?.get(name);
    if (column !== undefined) return column;
    return new Float64Array(this.meta.seeds.length).fill(metricInfo(name).zeroWhenAbsent === true ? 0 : Number.NaN);
  }

  runs(variantId: number): number {
    return this.filled[this.variantIndex(variantId)] as number;
  }

  exitCodeCounts(variantId: number): Record<string, number> {
    const codes = this.exitCodes[this.variantIndex(variantId)] as Map<number, number>;
    return Object.fromEntries([...codes.entries()].sort(([a], [b]) => a - b).map(([code, n]) => [String(code), n]));
  }
}

export interface VariantSummary {
  id: number;
  label: string;
  settings: Setting[];
  runs: number;
  /** Runs per exit code: 0 expectations held, 1 one failed, 3 not settled. */
  exitCodes: Record<string, number>;
  metrics: Record<string, Distribution>;
}

export interface SweepSummary {
  kind: 'fleetsim-sweep';
  fleetsimVersion: string;
  scenario: string;
  sweepId: string;
  seeds: { spec: string; count: number };
  parameters: Array<{ path: string; values: unknown[] }>;
  metrics: MetricInfo[];
  variants: VariantSummary[];
}

/** sweep.json's content: nothing in it depends on workers, shards or wall time. */
export function summarizeSweep(results: SweepResults): SweepSummary {
  const meta = results.meta;
  const names = results.metricNames();
  return {
    kind: 'fleetsim-sweep',
    fleetsimVersion: FLEETSIM_VERSION,
    scenario: meta.name,
    sweepId: meta.id,
    seeds: { spec: formatSeeds(meta.seeds), count: meta.seeds.length },
    parameters: meta.parameters,
    metrics: names.map((name) => {
      const { zeroWhenAbsent: _zero, ...described } = metricInfo(name);
      return described;
    }),
    variants: meta.variants.map((variant) => ({
      id: variant.id,
      label: variant.label,
      settings: variant.settings,
      runs: results.runs(variant.id),
      exitCodes: results.exitCodeCounts(variant.id),
      metrics: Object.fromEntries(names.map((name) => [name, describe(results.column(variant.id, name))])),
    })),
  };
}

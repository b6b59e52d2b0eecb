/**
 * Runs a sweep: every variant over every seed (common random numbers: the same seeds for each
 * variant, so a difference comes from the setting, not the draw), or one shard's share of those
 * runs. Task k of the full sweep is variant ⌊k / seeds⌋ with seed seeds[k mod seeds]; shard I of N
 * takes the tasks with k mod N = I − 1, so every shard gets a share of every variant.
 *
 * A full sweep writes runs.jsonl (one record a line, in task order), sweep.json, sweep.md and
 * sweep.html; a shard writes its runs.jsonl and partial.json, which `merge` combines into the
 * same files, byte for byte.
 */

import { join } from 'node:path';
import { beginFileSet, ensureDirectory, writeFileAtomic, type FileEntry } from '../report/write.js';
import { rmSync } from 'node:fs';
import { FLEETSIM_VERSION } from '../version.js';
import type { RunRecord } from './metrics.js';
import { runTasks, type TaskList } from './pool.js';
import { JsonlWriter } from './jsonl.js';
import { SweepResults, sweepMeta, summarizeSweep, type SweepMeta, type SweepSummary } from './results.js';
import type { SweepPlan } from './variants.js';
import { finishSweepDirectory, type SweepFormat } from './write.js';

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

export class ShardSpecError extends Error {}

/** `I/N` with 1 ≤ I ≤ N. */
export function parseShard(text: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (match === null) throw new ShardSpecError(`--shard "${text}": expected I/N, such as 2/8 (shard 2 of 8)`);
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1) throw new ShardSpecError(`--shard ${text}: the number of shards must be at least 1`);
  if (index < 1 || index > count) throw new ShardSpecError(`--shard ${text}: the shard number must be between 1 and ${count}`);
  return { index, count };
}

/** The tasks of a sweep, or of one shard of it, in task order. */
export function sweepTasks(meta: Pick<SweepMeta, 'seeds' | 'variants'>, shard?: Shard): TaskList {
  const seeds = meta.seeds.length;
  const total = seeds * meta.variants.length;
  const step = shard?.count ?? 1;
  const first = shard === undefined ? 0 : shard.index - 1;
  const length = first >= total ? 0 : Math.ceil((total - first) / step);
  return {
    length,
    at(position) {
      const k = first + position * step;
      return { variant: (meta.variants[Math.floor(k / seeds)] as { id: number }).id, seed: meta.seeds[k % seeds] as number };
    },
  };
}

/** partial.json: a shard's description, so `merge` can check the shards belong together and are all there. */
export interface PartialManifest {
  kind: 'fleetsim-sweep-partial';
  fleetsimVersion: string;
  shard: Shard;
  /** Runs in the whole sweep and in this shard. */
  totalRuns: number;
  runs: number;
  /** The shard's runs.jsonl as written (size and SHA-256): merge refuses a runs.jsonl of another sweep or shard. */
  runsFile?: FileEntry;
  meta: SweepMeta;
}

/** One runs.jsonl line; key order fixed so the same run always prints the same bytes. */
export function recordLine(record: RunRecord): string {
  const line = { variant: record.variant, seed: record.seed, exitCode: record.exitCode, stopReason: record.stopReason, metrics: record.metrics };
  return JSON.stringify(record.error === undefined ? line : { ...line, error: record.error });
}

export interface SweepRunOptions {
  workers: number;
  shard?: Shard;
  /** The sweep's directory; a shard writes into it as is. */
  outDir: string;
  formats?: readonly SweepFormat[];
  onProgress?: (done: number, total: number) => void;
}

/** The runs that crashed (a simulator bug each), the first few kept with their message. */
export class CrashedRuns {
  static readonly KEEP = 20;
  count = 0;
  readonly first: Array<{ variant: number; seed: number; error: string }> = [];

  add(record: RunRecord): void {
    if (record.error === undefined) return;
    this.count++;
    if (this.first.length < CrashedRuns.KEEP) this.first.push({ variant: record.variant, seed: record.seed, error: record.error });
  }
}

export interface SweepOutcome {
  meta: SweepMeta;
  crashed: CrashedRuns;
  /** The metric columns (a full sweep; a shard keeps none: merge computes the statistics). */
  results?: SweepResults;
  /** Present for a full sweep, not for a shard. */
  summary?: SweepSummary;
  written: string[];
  runs: number;
}

/**
 * Runs a plan's tasks (all, or one shard's), streaming each record to `runsPath` in task order and
 * into the returned columns.
 */
export async function collectRuns(plan: SweepPlan, meta: SweepMeta, options: { workers: number; shard?: Shard; runsPath: string; onProgress?: (done: number, total: number) => void }): Promise<{ results: SweepResults; runs: number; crashed: CrashedRuns; runsFile: FileEntry }>;
export async function collectRuns(plan: SweepPlan, meta: SweepMeta, options: { workers: number; shard?: Shard; runsPath: string; onProgress?: (done: number, total: number) => void; keepColumns: false }): Promise<{ results: undefined; runs: number; crashed: CrashedRuns; runsFile: FileEntry }>;
export async function collectRuns(plan: SweepPlan, meta: SweepMeta, options: { workers: number; shard?: Shard; runsPath: string; onProgress?: (done: number, total: number) => void; keepColumns?: boolean }): Promise<{ results: SweepResults | undefined; runs: number; crashed: CrashedRuns; runsFile: FileEntry }> {
  const tasks = sweepTasks(meta, options.shard);
  const results = options.keepColumns === false ? undefined : new SweepResults(meta);
  const writer = new JsonlWriter(options.runsPath);
  const crashed = new CrashedRuns();
  options.onProgress?.(0, tasks.length);
  try {
    await runTasks(tasks, {
      workers: options.workers,
      scenarios: new Map(plan.variants.map((v) => [v.id, v.scenario])),
      onRecord: (record, position) => {
        writer.line(recordLine(record));
        results?.add(record);
        crashed.add(record);
        options.onProgress?.(position + 1, tasks.length);
      },
    });
  } catch (error) {
    writer.abort();
    throw error;
  }
  const runsFile = writer.close();
  return { results, runs: tasks.length, crashed, runsFile };
}

export async function runSweep(plan: SweepPlan, options: SweepRunOptions): Promise<SweepOutcome> {
  const meta = sweepMeta(plan);
  ensureDirectory(options.outDir);
  const runsPath = join(options.outDir, 'runs.jsonl');
  const common = { workers: options.workers, runsPath, ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }) };
  if (options.shard !== undefined) {
    // partial.json is the shard's manifest: removed first, written last, naming its runs.jsonl's content.
    rmSync(join(options.outDir, 'partial.json'), { force: true });
    // A shard's statistics would be thrown away: merge computes them from every shard's runs.
    const { runs, crashed, runsFile } = await collectRuns(plan, meta, { ...common, shard: options.shard, keepColumns: false });
    const manifest: PartialManifest = {
      kind: 'fleetsim-sweep-partial', fleetsimVersion: FLEETSIM_VERSION, shard: options.shard,
      totalRuns: meta.seeds.length * meta.variants.length, runs, runsFile, meta,
    };
    const path = join(options.outDir, 'partial.json');
    writeFileAtomic(path, `${JSON.stringify(manifest)}\n`);
    return { meta, written: [runsPath, path], runs, crashed };
  }
  beginFileSet(options.outDir);
  const { results, runs, crashed, runsFile } = await collectRuns(plan, meta, common);
  const summary = summarizeSweep(results);
  const written = [runsPath, ...await finishSweepDirectory(options.outDir, 'sweep', runsFile, summary, results, options.formats ?? ['json', 'md', 'html'])];
  return { meta, results, summary, written, runs, crashed };
}

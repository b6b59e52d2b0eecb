/**
 * `fleetsim merge DIR...`: combines the partial results of a sharded sweep into the runs.jsonl,
 * sweep.json, sweep.md and sweep.html a single machine would have written, byte for byte. The
 * shards' runs.jsonl files are read line by line, in task order (task k is in shard k mod N + 1),
 * so memory does not grow with the number of runs beyond the metric columns.
 */

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { must } from '../engine/must.js';
import { ensureDirectory } from '../report/write.js';
import { FLEETSIM_VERSION } from '../version.js';
import { JsonlWriter, LineReader } from './jsonl.js';
import type { RunRecord } from './metrics.js';
import { SweepResults, summarizeSweep, type SweepSummary } from './results.js';
import { sweepTasks, type PartialManifest } from './runner.js';
import { writeSweepReports, type SweepFormat } from './write.js';

export class MergeError extends Error {}

interface Partial {
  dir: string;
  manifest: PartialManifest;
}

/** The directories holding a partial.json: each DIR itself, or else its subdirectories that do. */
export function findPartialDirs(dirs: readonly string[]): string[] {
  const found: string[] = [];
  for (const dir of dirs) {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new MergeError(`${dir}: not a directory`);
    if (existsSync(join(dir, 'partial.json'))) {
      found.push(dir);
      continue;
    }
    const inside = readdirSync(dir).sort().map((name) => join(dir, name)).filter((sub) => statSync(sub).isDirectory() && existsSync(join(sub, 'partial.json')));
    if (inside.length === 0) throw new MergeError(`${dir}: no partial.json in it or in its subdirectories (write partial results with fleetsim sweep --shard I/N)`);
    found.push(...inside);
  }
  return [...new Set(found)];
}

function readManifest(dir: string): Partial {
  const path = join(dir, 'partial.json');
  let manifest: PartialManifest;
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8')) as PartialManifest;
  } catch (error) {
    throw new MergeError(`${path}: not readable as JSON (${(error as Error).message})`);
  }
  if (manifest?.kind !== 'fleetsim-sweep-partial' || typeof manifest.meta?.id !== 'string' || typeof manifest.shard?.count !== 'number') {
    throw new MergeError(`${path}: not a fleetsim partial sweep result`);
  }
  if (manifest.fleetsimVersion !== FLEETSIM_VERSION) {
    throw new MergeError(`${path}: written by fleetsim ${manifest.fleetsimVersion}; merge it with that version (this is ${FLEETSIM_VERSION})`);
  }
  if (!existsSync(join(dir, 'runs.jsonl'))) throw new MergeError(`${dir}: partial.json without runs.jsonl (was the shard interrupted?)`);
  return { dir, manifest };
}

/** Checks the partials belong to one sweep and hold every shard once; returns them by shard number. */
export function checkPartials(partials: readonly Partial[]): Partial[] {
  if (partials.length === 0) throw new MergeError('no partial results to merge');
  const first = (partials[0] as Partial).manifest;
  const byShard = new Map<number, Partial>();
  for (const partial of partials) {
    const m = partial.manifest;
    if (m.meta.id !== first.meta.id) {
      throw new MergeError(`${partial.dir} is from another sweep (id ${m.meta.id}, scenario ${m.meta.name}) than ${(partials[0] as Partial).dir} (id ${first.meta.id}, scenario ${first.meta.name})`);
    }
    if (m.shard.count !== first.shard.count) throw new MergeError(`${partial.dir} is shard ${m.shard.index}/${m.shard.count}, but ${(partials[0] as Partial).dir} is one of ${first.shard.count} shards`);
    const twin = byShard.get(m.shard.index);
    if (twin !== undefined) throw new MergeError(`shard ${m.shard.index}/${m.shard.count} is given twice: ${twin.dir} and ${partial.dir}`);
    byShard.set(m.shard.index, partial);
  }
  const missing: number[] = [];
  for (let i = 1; i <= first.shard.count; i++) if (!byShard.has(i)) missing.push(i);
  if (missing.length > 0) {
    const shown = missing.length > 20 ? `${missing.slice(0, 20).join(', ')}, … (${missing.length} in all)` : missing.join(', ');
    throw new MergeError(`missing shard${missing.length === 1 ? '' : 's'} ${shown} of ${first.shard.count}: every shard must have finished before merging`);
  }
  return [...byShard.keys()].sort((a, b) => a - b).map((i) => must(byShard, i, 'shard'));
}

export interface MergeOutcome {
  summary: SweepSummary;
  written: string[];
  runs: number;
  shards: number;
}

export async function mergePartials(dirs: readonly string[], outDir: string, formats: readonly SweepFormat[], onProgress?: (done: number, total: number) => void): Promise<MergeOutcome> {
  const partials = checkPartials(findPartialDirs(dirs).map(readManifest));
  const meta = (partials[0] as Partial).manifest.meta;
  const count = partials.length;
  const tasks = sweepTasks(meta);
  const readers = partials.map((p) => new LineReader(join(p.dir, 'runs.jsonl')));
  ensureDirectory(outDir);
  const runsPath = join(outDir, 'runs.jsonl');
  const writer = new JsonlWriter(runsPath);
  const results = new SweepResults(meta);
  try {
    for (let k = 0; k < tasks.length; k++) {
      const reader = readers[k % count] as LineReader;
      const line = reader.next();
      const expected = tasks.at(k);
      if (line === undefined) throw new MergeError(`${reader.path} ends early: no run for variant ${expected.variant}, seed ${expected.seed} (was the shard interrupted?)`);
      let record: RunRecord;
      try {
        record = JSON.parse(line) as RunRecord;
      } catch {
        throw new MergeError(`${reader.path}:${reader.lineNumber}: not a JSON line`);
      }
      if (record.variant !== expected.variant || record.seed !== expected.seed) {
        throw new MergeError(`${reader.path}:${reader.lineNumber}: expected the run of variant ${expected.variant}, seed ${expected.seed}; found variant ${record.variant}, seed ${record.seed}`);
      }
      writer.line(line);
      results.add(record);
      onProgress?.(k + 1, tasks.length);
    }
    for (const reader of readers) {
      if (reader.next() !== undefined) throw new MergeError(`${reader.path}: more runs than its shard holds`);
    }
  } catch (error) {
    writer.abort();
    throw error;
  } finally {
    for (const reader of readers) reader.close();
  }
  writer.close();
  const summary = summarizeSweep(results);
  const written = [runsPath, ...await writeSweepReports(outDir, summary, results, formats)];
  return { summary, written, runs: tasks.length, shards: count };
}

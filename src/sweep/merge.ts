/**
 * `fleetsim merge DIR...`: combines the partial results of a sharded sweep into the runs.jsonl,
 * sweep.json, sweep.md and sweep.html a single machine would have written, byte for byte. The
 * shards' runs.jsonl files are read line by line, in task order (task k is in shard k mod N + 1),
 * so memory does not grow with the number of runs beyond the metric columns.
 */

import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { must } from '../engine/must.js';
import { readRegularFile } from '../scenario/read-file.js';
import { beginFileSet, ensureDirectory } from '../report/write.js';
import { FLEETSIM_VERSION } from '../version.js';
import { JsonlWriter, LineReader, NotAFileError } from './jsonl.js';
import { isKnownMetricName, type RunRecord } from './metrics.js';
import { SweepResults, summarizeSweep, type SweepSummary } from './results.js';
import { CrashedRuns, recordLine, sweepTasks, type PartialManifest } from './runner.js';
import { finishSweepDirectory, type SweepFormat } from './write.js';

/** partial.json is small (the sweep's description); anything bigger is not one. */
const MAX_PARTIAL_BYTES = 64 * 1024 * 1024;

const Int = z.number().int().safe();
const Name = z.string().max(1024);
const FileEntrySchema = z.strictObject({ name: Name, bytes: Int.nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) });
/** A shard's partial.json, checked as input: merge never trusts what it reads from a shared volume. */
const PartialSchema = z.strictObject({
  kind: z.literal('fleetsim-sweep-partial'),
  fleetsimVersion: z.string().max(100),
  shard: z.strictObject({ index: Int.positive(), count: Int.positive() }).refine((s) => s.index <= s.count, 'the shard number is above the count'),
  totalRuns: Int.nonnegative(),
  runs: Int.nonnegative(),
  runsFile: FileEntrySchema.optional(),
  meta: z.strictObject({
    id: z.string().max(200),
    name: Name,
    seeds: z.array(Int.nonnegative()).max(10_000_000),
    parameters: z.array(z.strictObject({ path: Name, values: z.array(z.unknown()) })),
    variants: z.array(z.strictObject({ id: Int.nonnegative(), label: z.string().max(100_000), settings: z.array(z.unknown()) })).min(1),
  }),
});
const MetricValue = z.number().refine(Number.isFinite, 'expected a finite number').nullable();
const RecordSchema = z.strictObject({
  variant: Int.nonnegative(),
  seed: Int.nonnegative(),
  exitCode: Int.min(0).max(255),
  stopReason: z.string().max(200),
  metrics: z.record(z.string(), MetricValue),
  error: z.string().max(1000).optional(),
});

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'not valid';
  const path = issue.path.map(String).join('.');
  return `${path === '' ? '' : `${path}: `}${issue.message}`;
}

/** Keys that must never come from a file: JSON.parse keeps them as own properties, later spreads would not. */
function hasPrototypeKey(text: string): boolean {
  return /"(__proto__|constructor|prototype)"\s*:/.test(text);
}

/** One runs.jsonl line as a checked record, or the reason it is not one. */
export function parseRunLine(line: string): { ok: true; record: RunRecord } | { ok: false; message: string } {
  if (hasPrototypeKey(line)) return { ok: false, message: 'a key __proto__, constructor or prototype is not allowed' };
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { ok: false, message: 'not a JSON line' };
  }
  const parsed = RecordSchema.safeParse(value);
  if (!parsed.success) return { ok: false, message: `not a run record: ${firstIssue(parsed.error)}` };
  const record = parsed.data as RunRecord;
  const unknown = Object.keys(record.metrics).find((name) => !isKnownMetricName(name));
  if (unknown !== undefined) return { ok: false, message: `unknown metric ${JSON.stringify(unknown.slice(0, 80))}` };
  if (recordLine(record) !== line) return { ok: false, message: 'not written as fleetsim writes a run (edited?)' };
  return { ok: true, record };
}

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
  const read = readRegularFile(path, MAX_PARTIAL_BYTES);
  if (!read.ok) throw new MergeError(`${path}: ${read.message}`);
  const text = read.bytes.toString('utf8');
  if (hasPrototypeKey(text)) throw new MergeError(`${path}: not a fleetsim partial sweep result (a key __proto__, constructor or prototype)`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new MergeError(`${path}: not readable as JSON (${(error as Error).message})`);
  }
  if ((value as { kind?: unknown } | null)?.kind !== 'fleetsim-sweep-partial') throw new MergeError(`${path}: not a fleetsim partial sweep result`);
  const checked = PartialSchema.safeParse(value);
  if (!checked.success) throw new MergeError(`${path}: not a fleetsim partial sweep result: ${firstIssue(checked.error)}`);
  const manifest = checked.data as PartialManifest;
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
  crashed: CrashedRuns;
  written: string[];
  runs: number;
  shards: number;
}

export async function mergePartials(dirs: readonly string[], outDir: string, formats: readonly SweepFormat[], onProgress?: (done: number, total: number) => void): Promise<MergeOutcome> {
  const partials = checkPartials(findPartialDirs(dirs).map(readManifest));
  const meta = (partials[0] as Partial).manifest.meta;
  const count = partials.length;
  const tasks = sweepTasks(meta);
  let readers: LineReader[];
  try {
    readers = partials.map((p) => new LineReader(join(p.dir, 'runs.jsonl')));
  } catch (error) {
    if (error instanceof NotAFileError) throw new MergeError(error.message);
    throw error;
  }
  const hashes = partials.map(() => createHash('sha256'));
  const bytes = partials.map(() => 0);
  ensureDirectory(outDir);
  beginFileSet(outDir);
  const runsPath = join(outDir, 'runs.jsonl');
  const writer = new JsonlWriter(runsPath);
  const results = new SweepResults(meta);
  const crashed = new CrashedRuns();
  try {
    for (let k = 0; k < tasks.length; k++) {
      const reader = readers[k % count] as LineReader;
      const line = reader.next();
      const expected = tasks.at(k);
      if (line === undefined) throw new MergeError(`${reader.path} ends early: no run for variant ${expected.variant}, seed ${expected.seed} (was the shard interrupted?)`);
      hashes[k % count]!.update(`${line}\n`);
      bytes[k % count] = (bytes[k % count] as number) + Buffer.byteLength(line) + 1;
      const parsed = parseRunLine(line);
      if (!parsed.ok) throw new MergeError(`${reader.path}:${reader.lineNumber}: ${parsed.message}`);
      const record = parsed.record;
      if (record.variant !== expected.variant || record.seed !== expected.seed) {
        throw new MergeError(`${reader.path}:${reader.lineNumber}: expected the run of variant ${expected.variant}, seed ${expected.seed}; found variant ${record.variant}, seed ${record.seed}`);
      }
      writer.line(line);
      results.add(record);
      crashed.add(record);
      onProgress?.(k + 1, tasks.length);
    }
    readers.forEach((reader, i) => {
      if (reader.next() !== undefined) throw new MergeError(`${reader.path}: more runs than its shard holds`);
      // The runs.jsonl beside partial.json must be the one that shard wrote (not another sweep's, half-replaced).
      const recorded = partials[i]!.manifest.runsFile;
      if (recorded !== undefined && (recorded.bytes !== bytes[i] || recorded.sha256 !== hashes[i]!.digest('hex'))) {
        throw new MergeError(`${reader.path}: does not match its partial.json (another sweep's or shard's runs, or an interrupted write); run that shard again`);
      }
    });
  } catch (error) {
    writer.abort();
    throw error;
  } finally {
    for (const reader of readers) reader.close();
  }
  const runsFile = writer.close();
  const summary = summarizeSweep(results);
  const written = [runsPath, ...await finishSweepDirectory(outDir, 'sweep', runsFile, summary, results, formats)];
  return { summary, written, runs: tasks.length, shards: count, crashed };
}

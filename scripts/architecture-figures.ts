#!/usr/bin/env -S npx tsx
// The before/after figures of issue 13 ("one restructuring, guarded by a tidy test"), measured on
// two trees of src/: a git commit (default c7157f6, the first round's final state, the last commit
// before issue 13's work) and the working tree.
//
//   npx tsx scripts/architecture-figures.ts [BEFORE_REF]
//
// The figures are heuristics over source text (the tidy test's own import parser, test/tidy/checks.ts,
// and the regular expressions below); each prints the files it counted so a reader can check it:
// - upward edges: imports (static, re-export, dynamic, type-only too) from a folder to a folder
//   above it in today's layer order (test/tidy/layers.ts);
// - cycles: strongly connected groups of folders in the import graph;
// - payload casts: `as` casts applied to an event or an event's field (`event.x as T`, `e as T`, `(e as any)`);
// - string comparisons of event types: `.type === 'a.b'`, `case 'a.b':`, `'a.b' === x.type`, and
//   whether the compiler checks them (it does when the event type is a closed union: no `string & {}`);
// - files to touch to add a fault kind / a cloud: files that name every fault kind but one or
//   more (a switch, a list, a schema a new kind must join), and files outside src/cloud/<kind>/
//   that name at least three of the four clouds; plus the new kind's own file or folder.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { type SourceFile, stripComments, unitCycles, unitEdges, ranks } from '../test/tidy/checks.js';
import { LAYERS } from '../test/tidy/layers.js';

const ROOT = join(import.meta.dirname, '..');
const FAULT_KINDS = ['apiBrownout', 'apiOutage', 'badImage', 'capacityShortage', 'drainBlocker', 'managementOutage', 'nodeFailures', 'partition', 'zoneOutage'];
const CLOUDS = ['aws', 'azure', 'gcp', 'docker'];

function readTree(root: string): SourceFile[] {
  const out: SourceFile[] = [];
  const walk = (path: string): void => {
    for (const name of readdirSync(path).sort()) {
      const full = join(path, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.ts')) out.push({ path: relative(root, full).split('\\').join('/'), text: readFileSync(full, 'utf8') });
    }
  };
  walk(join(root, 'src'));
  return out;
}

function treeAt(ref: string): SourceFile[] {
  const dir = mkdtempSync(join(tmpdir(), 'fleetsim-figures-'));
  try {
    const archive = execFileSync('git', ['archive', ref, 'src'], { cwd: ROOT, maxBuffer: 1 << 28 });
    execFileSync('tar', ['-x', '-C', dir], { input: archive });
    return readTree(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const CAST = /\b(?:e|ev|evt|event|\w+Event)\b(?:\??\.\w+|\[[^\]\n]+\])*\s+as\s+(?!const\b)|\(\s*(?:e|ev|evt|event)\s+as\s+/g;
const TYPE_COMPARISON = /\.type\s*[!=]==?\s*'[a-z][a-zA-Z]*\.[a-zA-Z.]+'|'[a-z][a-zA-Z]*\.[a-zA-Z.]+'\s*[!=]==?\s*[\w.]*\.type\b|\bcase\s+'[a-z][a-zA-Z]*\.[a-zA-Z]+[a-zA-Z.]*'\s*:/g;

interface Figures {
  upward: string[];
  cycles: string[][];
  casts: Map<string, number>;
  comparisons: Map<string, number>;
  comparisonsChecked: boolean;
  faultFiles: string[];
  cloudFiles: string[];
}

function countBy(files: readonly SourceFile[], pattern: RegExp): Map<string, number> {
  const counts = new Map<string, number>();
  for (const file of files) {
    const n = [...stripComments(file.text).matchAll(pattern)].length;
    if (n > 0) counts.set(file.path, n);
  }
  return counts;
}

function names(text: string, word: string): boolean {
  return new RegExp(`['"\`]${word}['"\`]|\\b${word}\\s*[:?(]|\\b${word}\\b`).test(text);
}

function measure(files: readonly SourceFile[]): Figures {
  const edges = unitEdges(files);
  const rank = ranks(LAYERS);
  const upward = edges.filter((e) => (rank.get(e.toUnit) ?? -1) > (rank.get(e.fromUnit) ?? Number.POSITIVE_INFINITY)).map((e) => `${e.from} → ${e.to}`);
  const code = files.map((f) => ({ path: f.path, text: stripComments(f.text) }));
  const faultFiles = code.filter((f) => FAULT_KINDS.filter((k) => names(f.text, k)).length >= FAULT_KINDS.length - 1).map((f) => f.path);
  const cloudFiles = code.filter((f) => !CLOUDS.some((c) => f.path.startsWith(`src/cloud/${c}/`)) && CLOUDS.filter((c) => new RegExp(`['"]${c}['"]|\\b${c}\\s*:`).test(f.text)).length >= 3).map((f) => f.path);
  // The event type is checked when the timeline's event type has no open string escape hatch.
  const comparisonsChecked = !files.some((f) => /^src\/(observe\/timeline|timeline\/)/.test(f.path) && /\|\s*\(string\s*&\s*\{\}\)/.test(stripComments(f.text)));
  return { upward, cycles: unitCycles(edges), casts: countBy(files, CAST), comparisons: countBy(files, TYPE_COMPARISON), comparisonsChecked, faultFiles, cloudFiles };
}

const total = (m: Map<string, number>): number => [...m.values()].reduce((a, b) => a + b, 0);

function detail(label: string, figures: Figures): string {
  const lines = [`## ${label}`];
  lines.push(`upward edges (${figures.upward.length}):`, ...figures.upward.map((e) => `  ${e}`));
  lines.push(`cycles (${figures.cycles.length}):`, ...figures.cycles.map((c) => `  ${c.join(' ↔ ')}`));
  lines.push(`payload casts (${total(figures.casts)}):`, ...[...figures.casts].map(([f, n]) => `  ${f}: ${n}`));
  lines.push(`event-type string comparisons (${total(figures.comparisons)}):`, ...[...figures.comparisons].map(([f, n]) => `  ${f}: ${n}`));
  lines.push(`files naming every fault kind (${figures.faultFiles.length}):`, ...figures.faultFiles.map((f) => `  ${f}`));
  lines.push(`files outside src/cloud/<kind>/ naming the clouds (${figures.cloudFiles.length}):`, ...figures.cloudFiles.map((f) => `  ${f}`));
  return lines.join('\n');
}

const beforeRef = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? 'c7157f6';
const before = measure(treeAt(beforeRef));
const now = measure(readTree(ROOT));
const rows: [string, string | number, string | number][] = [
  ['upward edges (imports against the layer order)', before.upward.length, now.upward.length],
  ['import cycles between folders', before.cycles.length, now.cycles.length],
  ['payload casts (`as` on an event or its fields)', total(before.casts), total(now.casts)],
  ['string comparisons of event types', total(before.comparisons), total(now.comparisons)],
  ['  … of them checked by tsc', before.comparisonsChecked ? 'all' : 'none', now.comparisonsChecked ? 'all' : 'none'],
  ['files to touch to add a fault kind (+1: its own file)', before.faultFiles.length + 1, now.faultFiles.length + 1],
  ['files to touch to add a cloud (+1: its own folder)', before.cloudFiles.length + 1, now.cloudFiles.length + 1],
];
process.stdout.write(`| figure | before (${beforeRef}) | now |\n|---|---:|---:|\n${rows.map((r) => `| ${r.join(' | ')} |`).join('\n')}\n`);
if (process.argv.includes('--detail') || process.env.FIGURES_DETAIL === '1') process.stdout.write(`\n${detail(`before (${beforeRef})`, before)}\n\n${detail('now', now)}\n`);

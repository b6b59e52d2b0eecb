/**
 * The tidy test (after TigerBeetle's src/tidy.zig): the tree's shape, checked on every run.
 * - imports go down the layer order (LAYERS, written once here; the README's Layout matches it);
 * - no import cycle between src folders;
 * - every event type src uses is in the catalogue, and every catalogue type is in docs/timeline.md;
 * - no module-level mutable state outside ALLOWED_MODULE_STATE, each entry with its reason;
 * - files ≤ 400 lines and functions ≤ 70 lines, beyond test/tidy/ratchet.json (which only goes down);
 * - every CAPI rule file cites the source it follows.
 * Each rule is also run on a small input that breaks it (the last block), so it is known to fail.
 */

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TIMELINE_EVENT_TYPES } from '../src/timeline/index.js';
import {
  eventTypeProblems,
  functionSizes,
  layerViolations,
  measureSizes,
  moduleMutableState,
  ratchet,
  readmeLayers,
  uncitedCapiFiles,
  unitCycles,
  unitEdges,
  unitOf,
  type Sizes,
  type SourceFile,
} from './tidy/checks.js';

/**
 * The layer order, bottom first: a unit (a folder of src/, or a file at its root) imports only
 * from its own layer's units or lower ones. Units of one layer may import each other (no cycles).
 * The README's "## Layout" paragraph lists the same layers in the same order.
 */
const LAYERS: readonly (readonly string[])[] = [
  ['version.ts'],
  ['engine'],
  ['schema'],
  ['kube'],
  ['timeline'],
  ['workload'],
  ['cloud'],
  ['capi'],
  ['faults'],
  ['scenario'],
  ['observe'],
  ['fleet'],
  ['world'],
  ['report'],
  ['simulate.ts'],
  ['backtest', 'calibrate', 'fuzz', 'sweep', 'testing'],
  ['optimize'],
  ['cli', 'index.ts'],
];

/**
 * Module-level state that is allowed, with the reason. Everything else a run could share with the
 * next (a top-level `let`, a top-level collection something mutates) fails the test.
 */
const ALLOWED_MODULE_STATE: Record<string, string> = {
  'src/capi/kubeadmcontrolplane/remediation.ts:lastRefusal': 'WeakMap side table keyed by a run\'s Machine objects: per run, collected with it',
  'src/capi/machinehealthcheck/controller.ts:externalRemediators': 'extension point for external remediation kinds (none built in: requests then wait); an embedding program registers one before it runs',
  'src/capi/machineset/memo.ts:byStore': 'WeakMap side table keyed by a run\'s ObjectStore: per run',
  'src/capi/machineset/memo.ts:memos': 'WeakMap side table keyed by a run\'s MachineSet objects: per run, collected with it',
  'src/capi/machinehealthcheck/target-cache.ts:memories': 'WeakMap side table keyed by a run\'s MachineHealthCheck objects: per run, collected with it',
  'src/capi/machinehealthcheck/target-cache.ts:registries': 'WeakMap side table keyed by a run\'s ObjectStore: per run',
  'src/capi/machinepool/infra-pool-controller.ts:hosts': 'WeakMap side table keyed by a run\'s CapiContext: per run',
  'src/capi/machinepool/node-pools.ts:providers': 'WeakMap side table keyed by a run\'s CapiContext: per run',
  'src/capi/machinepool/node-pools.ts:nodePoolProviderFactories': 'registry of node-pool factories per provider; tests replace a row and restore it (test/capi/machinepool.test.ts). To move into the clouds table (src/cloud/clouds.ts)',
  'src/capi/topology/workers.ts:workerAdapters': 'registry filled at import time by the topology worker kinds (MachineDeployment here, MachinePool in capi/machinepool/topology.ts); never changed during a run',
  'src/cloud/cloud-registry.ts:registries': 'WeakMap side table keyed by a run\'s cloud host: per run',
  'src/faults/partition.ts:partitions': 'WeakMap side table keyed by a run\'s WorkloadCluster: per run',
  'src/faults/zone-outage.ts:zonesDown': 'WeakMap side table keyed by a run\'s host: per run',
  'src/report/charts/vega-render.ts:compiled': 'compiled and parsed chart shapes (specs without their data), once per process, bounded; no simulation state',
  'src/report/charts/vega-render.ts:modules': 'lazy import of vega, loaded once per process; no simulation state',
  'src/report/temporary-files.ts:handlers': 'process-wide signal handlers that remove temporary report files on exit',
  'src/report/temporary-files.ts:live': 'process-wide set of temporary report files to remove on exit',
  'src/report/temporary-files.ts:onSignals': 'process-wide: whether the signal handlers are installed',
  'src/scenario/importer.ts:registered': 'the manifest importer, registered once by the package entry so scenario/ need not import the importer\'s dependencies',
  'src/simulate.ts:reportRenderers': 'renderers of report formats, filled at import time; the CLI and library read it',
  'src/sweep/worker.ts:scenarios': 'a sweep worker process\'s cache of resolved scenarios by id; one worker process per sweep',
  'src/testing/arbitraries/scenario.ts:resolvedFleets': 'a cache of resolved example fleets for property tests (pure function of the file)',
};

/** Files and functions over these sizes are listed in test/tidy/ratchet.json, which may only go down. */
const MAX_FILE_LINES = 400;
const MAX_FUNCTION_LINES = 70;

/** CAPI files that are plumbing, not rules, so they cite no source. */
const CAPI_NOT_RULES: Record<string, string> = {
  'src/capi/machine/phase-events.ts': 'records machine.phase on the timeline; no CAPI rule',
  'src/capi/machinepool/build.ts': 'builds a scenario\'s starting MachinePools and the operator actions on them',
  'src/capi/machinepool/node-pool-provider.ts': 're-exports the node-group contract from src/cloud',
  'src/capi/machinepool/node-pools.ts': 'picks a cluster\'s node-pool provider from the clouds table',
};

const ROOT = join(import.meta.dirname, '..');

function sourceFiles(dir: string): SourceFile[] {
  const out: SourceFile[] = [];
  const walk = (path: string): void => {
    for (const name of readdirSync(path).sort()) {
      const full = join(path, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.ts')) out.push({ path: relative(ROOT, full).split('\\').join('/'), text: readFileSync(full, 'utf8') });
    }
  };
  walk(join(ROOT, dir));
  return out;
}

const SRC = sourceFiles('src');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const TIMELINE_DOCS = readFileSync(join(ROOT, 'docs/timeline.md'), 'utf8');
const RATCHET = JSON.parse(readFileSync(join(ROOT, 'test/tidy/ratchet.json'), 'utf8')) as { files: Sizes; functions: Sizes };

function ratchetMessage(what: string, verdict: ReturnType<typeof ratchet>): string {
  const parts: string[] = [];
  if (verdict.added.length > 0) parts.push(`new ${what} over the limit (split them):\n  ${verdict.added.join('\n  ')}`);
  if (verdict.grown.length > 0) parts.push(`${what} in test/tidy/ratchet.json grew (split them):\n  ${verdict.grown.join('\n  ')}`);
  if (verdict.shrunk.length > 0) parts.push(`${what} shrank: lower test/tidy/ratchet.json to match:\n  ${verdict.shrunk.join('\n  ')}`);
  return parts.join('\n');
}

describe('tidy: the tree', () => {
  const edges = unitEdges(SRC);

  it('imports go down the layer order', () => {
    const units = [...new Set(SRC.map((f) => unitOf(f.path)))].sort();
    expect(layerViolations(edges, LAYERS, units)).toEqual([]);
  });

  it("the README's Layout section lists the same layers in the same order", () => {
    expect(readmeLayers(README)).toEqual(LAYERS.map((layer) => [...layer].sort()));
  });

  it('no import cycle between src folders', () => {
    expect(unitCycles(edges)).toEqual([]);
  });

  it('every event type used is in the catalogue and documented in docs/timeline.md', () => {
    expect(eventTypeProblems(SRC, TIMELINE_EVENT_TYPES, TIMELINE_DOCS)).toEqual([]);
  });

  it('no module-level mutable state outside the allow-list, and the allow-list has no stale entries', () => {
    const found = moduleMutableState(SRC);
    expect(found.filter((entry) => !(entry in ALLOWED_MODULE_STATE))).toEqual([]);
    expect(Object.keys(ALLOWED_MODULE_STATE).filter((entry) => !found.includes(entry))).toEqual([]);
  });

  it(`files over ${MAX_FILE_LINES} lines and functions over ${MAX_FUNCTION_LINES} lines only shrink (test/tidy/ratchet.json)`, () => {
    const sizes = measureSizes(SRC);
    const files = ratchet(sizes.files, RATCHET.files, MAX_FILE_LINES);
    const functions = ratchet(sizes.functions, RATCHET.functions, MAX_FUNCTION_LINES);
    const message = [ratchetMessage('files', files), ratchetMessage('functions', functions)].filter((m) => m !== '').join('\n');
    expect(message).toBe('');
  });

  it('every CAPI rule file cites the source it follows', () => {
    const uncited = uncitedCapiFiles(SRC);
    expect(uncited.filter((path) => !(path in CAPI_NOT_RULES))).toEqual([]);
    expect(Object.keys(CAPI_NOT_RULES).filter((path) => !uncited.includes(path))).toEqual([]);
  });
});

describe('tidy: each rule fails on an input that breaks it', () => {
  const file = (path: string, text: string): SourceFile => ({ path, text });

  it('an upward import, a file in no layer', () => {
    const files = [file('src/engine/a.ts', "import { x } from '../world/b.js';\n"), file('src/world/b.ts', 'export const x = 1;\n'), file('src/nowhere/c.ts', "import type { x } from '../engine/a.js';\n")];
    const problems = layerViolations(unitEdges(files), [['engine'], ['world']], ['engine', 'nowhere', 'world']);
    expect(problems).toHaveLength(2);
    expect(problems.join('\n')).toContain('src/engine/a.ts imports src/world/b.ts');
    expect(problems.join('\n')).toContain('src/nowhere is in no layer');
  });

  it('an upward re-export and dynamic import are imports too; a comment is not', () => {
    const files = [file('src/engine/a.ts', "export { y } from '../world/b.js';\nconst m = await import('../world/c.js');\n// import { z } from '../world/d.js';\n")];
    expect(unitEdges(files).map((e) => e.to)).toEqual(['src/world/b.ts', 'src/world/c.ts']);
  });

  it('a cycle between folders, through a third one', () => {
    const files = [file('src/a/x.ts', "import '../b/y.js';\n"), file('src/b/y.ts', "import { z } from '../c/z.js';\n"), file('src/c/z.ts', "import { x } from '../a/x.js';\n"), file('src/d/w.ts', "import { x } from '../a/x.js';\n")];
    expect(unitCycles(unitEdges(files))).toEqual([['a', 'b', 'c']]);
  });

  it('a README whose layout differs', () => {
    const readme = '# x\n\n## Layout\n\n`src/engine` → `src/kube` (on `src/engine`), `src/world` → `src/cli`.\n\nMore.\n';
    expect(readmeLayers(readme)).toEqual([['engine'], ['kube', 'world'], ['cli']]);
    expect(readmeLayers(readme)).not.toEqual([['engine'], ['kube'], ['world'], ['cli']]);
  });

  it('an event type not in the catalogue, and one not documented', () => {
    const files = [file('src/world/w.ts', "if (event.type === 'machine.phse') return;\nswitch (e.type) { case 'wave.started': break; }\nconst note = 'summary.json';\n")];
    const problems = eventTypeProblems(files, ['wave.started', 'machine.phase'], '| `wave.started` | a wave started |\n');
    expect(problems).toEqual([
      "src/world/w.ts:1 uses event type 'machine.phse', which is not in TIMELINE_EVENTS (src/timeline/events/*.ts)",
      "event type 'machine.phase' is not documented in docs/timeline.md: run `npm run docs:timeline`",
    ]);
  });

  it('module-level mutable state: a let, a mutated Map, a pushed array; a read-only table is fine', () => {
    const files = [
      file('src/a/x.ts', 'let count = 0;\nexport const registry = new Map<string, number>();\nconst seen: string[] = [];\nconst TABLE = new Set([1, 2]);\nexport function f(): void {\n  let local = 1;\n  seen.push(String(local));\n  TABLE.has(1);\n}\n'),
      file('src/b/y.ts', "import { registry } from '../a/x.js';\nregistry.set('k', 1);\n"),
    ];
    expect(moduleMutableState(files)).toEqual(['src/a/x.ts:count', 'src/a/x.ts:registry', 'src/a/x.ts:seen']);
  });

  it('a file and a function that grew past the ratchet, a new offender, and a shrunk one', () => {
    const body = (n: number): string => `export function long(): number {\n${'  x++;\n'.repeat(n - 2)}}\n`;
    expect(functionSizes(body(72))).toEqual([{ name: 'long', line: 1, lines: 72 }]);
    const sizes = measureSizes([file('src/a/x.ts', body(75)), file('src/a/y.ts', body(80)), file('src/a/z.ts', body(71))]);
    const verdict = ratchet(sizes.functions, { 'src/a/x.ts#long': 74, 'src/a/z.ts#long': 72, 'src/a/gone.ts#f': 90 }, 70);
    expect(verdict.grown).toEqual(['src/a/x.ts#long: 75 lines, the ratchet allows 74']);
    expect(verdict.added).toEqual(['src/a/y.ts#long: 80 lines (limit 70)']);
    expect(verdict.shrunk).toHaveLength(2);
    expect(ratchet(sizes.files, {}, 76).added).toEqual(['src/a/y.ts: 80 lines (limit 76)']);
  });

  it('function sizes: methods, arrows, multi-line headers; one-line bodies and comments do not count', () => {
    const text = [
      'export class A {',
      '  private run(',
      '    a: number,',
      '  ): void {',
      '    if (a) {',
      '      return;',
      '    }',
      '  }',
      '}',
      'const f = (x: number): number => {',
      '  return x;',
      '};',
      'function g(): void { return; }',
      '// function h() {',
    ].join('\n');
    expect(functionSizes(text)).toEqual([
      { name: 'run', line: 2, lines: 7 },
      { name: 'f', line: 10, lines: 3 },
    ]);
  });

  it('a CAPI rule file without a citation; setup.ts rows and files outside a kind folder are not rule files', () => {
    const files = [
      file('src/capi/machineset/x.ts', '/** Deletes the oldest Machine first. */\n'),
      file('src/capi/machineset/y.ts', '/** As cluster-api internal/controllers/machineset/machineset_delete_policy.go oldestDeletePolicy. */\n'),
      file('src/capi/machineset/setup.ts', 'export const row = {};\n'),
      file('src/capi/types.ts', 'export type T = 1;\n'),
    ];
    expect(uncitedCapiFiles(files)).toEqual(['src/capi/machineset/x.ts']);
  });
});

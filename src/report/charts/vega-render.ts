/**
 * Vega-Lite spec → SVG string in Node, with no canvas (deps-perf.md §3): compile with vega-lite,
 * parse into a vega View with the 'none' renderer, `toSVG()`, then `finalize()`. vega and
 * vega-lite are ESM with top-level await and cost ~0.7 s to load, so they are imported on first
 * use only: commands that write no HTML never load them.
 *
 * Without canvas, vega estimates text width as 0.8 × characters × font size (about 1.5× real
 * Helvetica); charts here set generous label limits so that estimate does not truncate names.
 * The upside: the SVG does not depend on installed fonts, so it is the same on every machine.
 *
 * Warnings from vega-lite and vega are collected and returned, not printed: the CLI's stderr
 * belongs to the CLI, and tests assert that the report's charts compile without any.
 */

import type { TopLevelSpec } from 'vega-lite';
import type { LoggerInterface } from 'vega';

interface VegaModules {
  compile: typeof import('vega-lite').compile;
  parse: typeof import('vega').parse;
  View: typeof import('vega').View;
}

let modules: Promise<VegaModules> | undefined;

function loadVega(): Promise<VegaModules> {
  modules ??= Promise.all([import('vega-lite'), import('vega')]).then(([vl, vega]) => ({ compile: vl.compile, parse: vega.parse, View: vega.View }));
  return modules;
}

/** A vega logger that keeps warnings and errors instead of printing them. */
function collectingLogger(messages: string[]): LoggerInterface {
  let level = 2;
  const logger: LoggerInterface = {
    level(value?: number) {
      if (value === undefined) return level;
      level = value;
      return logger;
    },
    error(...args: unknown[]) { messages.push(`error: ${args.map(String).join(' ')}`); return logger; },
    warn(...args: unknown[]) { if (level >= 2) messages.push(`warning: ${args.map(String).join(' ')}`); return logger; },
    info() { return logger; },
    debug() { return logger; },
  };
  return logger;
}

export interface RenderedSvg {
  svg: string;
  /** vega-lite and vega warnings, in the order they came. */
  warnings: string[];
}

/** A spec with its inline data taken out: `data: { values }` becomes `data: { name: 'fleetsim_<i>' }`, in walk order. */
interface Skeleton {
  key: string;
  spec: TopLevelSpec;
  values: unknown[][];
}

function skeletonOf(spec: TopLevelSpec): Skeleton {
  const values: unknown[][] = [];
  const strip = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(strip);
    if (node === null || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(node)) {
      const data = value as { values?: unknown } | null;
      if (field === 'data' && data !== null && typeof data === 'object' && Array.isArray(data.values) && Object.keys(data).length === 1) {
        out[field] = { name: `fleetsim_${values.length}` };
        values.push(data.values as unknown[]);
      } else out[field] = strip(value);
    }
    return out;
  };
  const skeleton = strip(spec) as TopLevelSpec;
  return { key: JSON.stringify(skeleton), spec: skeleton, values };
}

/**
 * Compiled and parsed charts by shape (the spec without its data), once per process (issue 14):
 * a report's per-cluster charts share a few shapes, and a sweep renders the same shapes for every
 * run; only the data and the SVG are made per chart. Bounded: an unusual process with many shapes
 * starts the cache again.
 */
const compiled = new Map<string, { runtime: ReturnType<VegaModules['parse']>; warnings: string[] }>();
const MAX_SHAPES = 256;

/** Renders one Vega-Lite spec to a standalone SVG string. */
export async function renderSvg(spec: TopLevelSpec): Promise<RenderedSvg> {
  const { compile, parse, View } = await loadVega();
  const skeleton = skeletonOf(spec);
  let entry = compiled.get(skeleton.key);
  if (entry === undefined) {
    const compileWarnings: string[] = [];
    const logger = collectingLogger(compileWarnings);
    entry = { runtime: parse(compile(skeleton.spec, { logger }).spec), warnings: compileWarnings };
    if (compiled.size >= MAX_SHAPES) compiled.clear();
    compiled.set(skeleton.key, entry);
  }
  const warnings = [...entry.warnings];
  const view = new View(entry.runtime, { renderer: 'none', logger: collectingLogger(warnings) });
  skeleton.values.forEach((values, i) => view.data(`fleetsim_${i}`, values as object[]));
  try {
    return { svg: await view.toSVG(), warnings };
  } finally {
    view.finalize();
  }
}

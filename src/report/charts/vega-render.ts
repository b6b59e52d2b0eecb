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

/** Renders one Vega-Lite spec to a standalone SVG string. */
export async function renderSvg(spec: TopLevelSpec): Promise<RenderedSvg> {
  const { compile, parse, View } = await loadVega();
  const warnings: string[] = [];
  const logger = collectingLogger(warnings);
  const view = new View(parse(compile(spec, { logger }).spec), { renderer: 'none', logger });
  try {
    return { svg: await view.toSVG(), warnings };
  } finally {
    view.finalize();
  }
}

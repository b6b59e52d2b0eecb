/**
 * The tidy checks (in the spirit of TigerBeetle's src/tidy.zig): plain functions over file texts,
 * so test/tidy.test.ts can run them on the tree and on small inputs that break each rule. They
 * read source as text, line by line, the way the tree is formatted (2-space indents, a closing
 * brace at its opener's indent); they are heuristics, not a parser, and say so where it matters.
 */

/** One source file: its path from the repository root (`src/world/world.ts`) and its text. */
export interface SourceFile {
  path: string;
  text: string;
}

// ---------------------------------------------------------------------------------------------
// Imports and layers

/** The unit a file belongs to: its folder under src/ (`world`), or the file itself for a file at src/'s root (`simulate.ts`). */
export function unitOf(path: string): string {
  const parts = path.replace(/^src\//, '').split('/');
  return parts.length > 1 ? parts[0]! : parts[0]!;
}

const IMPORT = /(?:^|[\s;])(?:import|export)\s(?:type\s)?[^'";]*?\bfrom\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm;

/** The src files a file imports (static, re-exports, dynamic with a literal, side-effect), as repository paths. */
export function importsOf(file: SourceFile): string[] {
  const out: string[] = [];
  for (const match of stripComments(file.text).matchAll(IMPORT)) {
    const specifier = match[1] ?? match[2] ?? match[3];
    if (specifier === undefined || !specifier.startsWith('.')) continue;
    out.push(resolvePath(file.path, specifier).replace(/\.js$/, '.ts'));
  }
  return out;
}

function resolvePath(from: string, specifier: string): string {
  const parts = from.split('/').slice(0, -1);
  for (const part of specifier.split('/')) {
    if (part === '.' || part === '') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return parts.join('/');
}

export interface ImportEdge {
  from: string;
  to: string;
  fromUnit: string;
  toUnit: string;
}

/** Every import between two different units of src/. */
export function unitEdges(files: readonly SourceFile[]): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const file of files) {
    if (!file.path.startsWith('src/')) continue;
    for (const to of importsOf(file)) {
      if (!to.startsWith('src/')) continue;
      const fromUnit = unitOf(file.path);
      const toUnit = unitOf(to);
      if (fromUnit !== toUnit) edges.push({ from: file.path, to, fromUnit, toUnit });
    }
  }
  return edges;
}

/** The rank of each unit in a layer order (units in one layer share a rank). */
export function ranks(layers: readonly (readonly string[])[]): Map<string, number> {
  const rank = new Map<string, number>();
  layers.forEach((layer, i) => {
    for (const unit of layer) rank.set(unit, i);
  });
  return rank;
}

/** Imports that go up the order, and units the order does not name. */
export function layerViolations(edges: readonly ImportEdge[], layers: readonly (readonly string[])[], units: readonly string[]): string[] {
  const rank = ranks(layers);
  const problems: string[] = [];
  for (const unit of units) if (!rank.has(unit)) problems.push(`src/${unit} is in no layer: add it to LAYERS in test/tidy.test.ts and to the README's Layout section`);
  for (const edge of edges) {
    const from = rank.get(edge.fromUnit);
    const to = rank.get(edge.toUnit);
    if (from === undefined || to === undefined) continue;
    if (to > from) problems.push(`${edge.from} imports ${edge.to}: ${edge.fromUnit} is below ${edge.toUnit} in the layer order`);
  }
  return problems;
}

/** Cycles between units (strongly connected components of more than one unit), each sorted. */
export function unitCycles(edges: readonly ImportEdge[]): string[][] {
  const next = new Map<string, Set<string>>();
  for (const edge of edges) {
    if (!next.has(edge.fromUnit)) next.set(edge.fromUnit, new Set());
    if (!next.has(edge.toUnit)) next.set(edge.toUnit, new Set());
    next.get(edge.fromUnit)!.add(edge.toUnit);
  }
  // Tarjan's algorithm, over units in sorted order so the answer does not depend on file order.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let counter = 0;
  const visit = (unit: string): void => {
    index.set(unit, counter);
    low.set(unit, counter);
    counter++;
    stack.push(unit);
    onStack.add(unit);
    for (const to of [...next.get(unit)!].sort()) {
      if (!index.has(to)) {
        visit(to);
        low.set(unit, Math.min(low.get(unit)!, low.get(to)!));
      } else if (onStack.has(to)) low.set(unit, Math.min(low.get(unit)!, index.get(to)!));
    }
    if (low.get(unit) === index.get(unit)) {
      const component: string[] = [];
      let top: string;
      do {
        top = stack.pop()!;
        onStack.delete(top);
        component.push(top);
      } while (top !== unit);
      if (component.length > 1) components.push(component.sort());
    }
  };
  for (const unit of [...next.keys()].sort()) if (!index.has(unit)) visit(unit);
  return components;
}

/**
 * The layers the README's "## Layout" section names: its first paragraph, split on `→`, each
 * part's backticked `src/…` names (without `src/`). A name in parentheses is an aside, not a layer.
 */
export function readmeLayers(readme: string): string[][] {
  const section = /^## Layout\n+([\s\S]*?)(?:\n\n|(?![\s\S]))/m.exec(readme);
  if (!section) return [];
  return section[1]!
    .replace(/\([^)]*\)/g, '')
    .split('→')
    .map((part) => [...part.matchAll(/`src\/([^`]+)`/g)].map((m) => m[1]!.replace(/\/$/, '')).sort());
}

// ---------------------------------------------------------------------------------------------
// Timeline event types

/** Where a string is an event type: compared with or assigned to `type`, a `case`, `ofType(…)`, `counts.get(…)`. */
const EVENT_TYPE_USE = /(?:\btype\s*(?:===|!==|:)\s*|\bcase\s+|\bofType\(\s*|\bcounts\.get\(\s*)'([a-z][a-zA-Z]*\.[a-zA-Z.]+)'/g;

/** The dotted event-type strings a file uses where an event type goes, with their lines. */
export function eventTypesUsed(file: SourceFile): { type: string; line: number }[] {
  const uses: { type: string; line: number }[] = [];
  const text = stripComments(file.text);
  for (const match of text.matchAll(EVENT_TYPE_USE)) uses.push({ type: match[1]!, line: lineAt(text, match.index) });
  return uses;
}

/** Event types used but not in the catalogue, and catalogue types docs/timeline.md does not list. */
export function eventTypeProblems(files: readonly SourceFile[], catalogue: readonly string[], docs: string): string[] {
  const known = new Set(catalogue);
  const problems: string[] = [];
  for (const file of files) {
    for (const use of eventTypesUsed(file)) {
      if (!known.has(use.type)) problems.push(`${file.path}:${use.line} uses event type '${use.type}', which is not in TIMELINE_EVENTS (src/timeline/events/*.ts)`);
    }
  }
  for (const type of catalogue) {
    if (!docs.includes(`| \`${type}\` |`)) problems.push(`event type '${type}' is not documented in docs/timeline.md: run \`npm run docs:timeline\``);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Module-level mutable state

const MODULE_LET = /^(?:export\s+)?(?:let|var)\s+([A-Za-z_$][\w$]*)/gm;
const MODULE_COLLECTION = /^(export\s+)?const\s+([A-Za-z_$][\w$]*)\s*(:[^=\n]+)?=\s*(?:new\s+(?:Map|Set|WeakMap|WeakSet|Array)\b|\[|\{)/gm;
const MUTATORS = '(?:set|add|delete|clear|push|pop|shift|unshift|splice|sort|reverse|fill)';

/**
 * Module-level state a run could share with the next: a top-level `let`/`var`, or a top-level
 * `const` Map, Set, WeakMap, array or object literal that some file mutates (`.set(`, `.push(`,
 * `x[k] =`, …), or exports as a Map or Set not typed read-only. Read-only lookup tables built once
 * are fine. Returns `path:name` entries.
 */
export function moduleMutableState(files: readonly SourceFile[]): string[] {
  const found: string[] = [];
  const texts = files.map((f) => stripComments(f.text));
  files.forEach((file, i) => {
    const text = texts[i]!;
    for (const match of text.matchAll(MODULE_LET)) found.push(`${file.path}:${match[1]}`);
    for (const match of text.matchAll(MODULE_COLLECTION)) {
      const name = match[2]!;
      // An exported Map, Set or array not typed read-only is a registry any importer may change.
      const exportedCollection = match[1] !== undefined && !/^:\s*Readonly|^:\s*readonly/.test(match[3] ?? '') && !/=\s*[{[]\s*$/.test(match[0]);
      if (exportedCollection && /new\s/.test(match[0])) {
        found.push(`${file.path}:${name}`);
        continue;
      }
      const mutation = new RegExp(`(?<![\\w$.])${escapeRegExp(name)}(?:\\.${MUTATORS}\\(|\\[[^\\]\\n]+\\]\\s*=[^=]|\\.[\\w$]+\\s*=[^=])`);
      // The declaring file, unless a local of the same name shadows it; another file, if it imports the name.
      const local = new RegExp(`^[ \\t]+(?:const|let|var)\\s+${escapeRegExp(name)}\\b`, 'm');
      const imported = new RegExp(`import\\s[^;]*\\b${escapeRegExp(name)}\\b[^;]*from`);
      const mutated = texts.some((t, j) => t.includes(name) && (j === i ? !local.test(t) : imported.test(t)) && mutation.test(t));
      if (mutated) found.push(`${file.path}:${name}`);
    }
  });
  return found.sort();
}

function escapeRegExp(text: string): string {
  return text.replace(/[$]/g, '\\$');
}

// ---------------------------------------------------------------------------------------------
// Sizes

/** A file's line count (a final newline does not start a line). */
export function lineCount(text: string): number {
  if (text === '') return 0;
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

const FUNCTION_HEADER = [
  /^(\s*)(?:export\s+)?(?:default\s+)?(?:async\s+)?function\s*\*?\s*([A-Za-z_$][\w$]*)?\s*[<(]/,
  /^(\s*)(?:export\s+)?(?:const|let)\s+([A-Za-z_$][\w$]*)\s*(?::[^=]+)?=\s*(?:async\s+)?(?:function\b|(?:<[^>]*>)?\([^)]*\)?.*=>\s*\{?\s*$|[A-Za-z_$][\w$]*\s*=>\s*\{\s*$)/,
  /^(\s+)(?:(?:public|private|protected|static|async|override|readonly|get|set)\s+)*(?!(?:if|for|while|switch|catch|return|function|else|do|try|new|await|typeof)\b)([A-Za-z_$#][\w$]*)\s*(?:<[^>]*>)?\([^;]*$/,
];

export interface FunctionSize {
  name: string;
  line: number;
  lines: number;
}

/**
 * Function lengths, from the line of the header to the line of the closing brace: a function
 * declaration, a `const f = (…) => {` or a class method, whose body closes on the first later line
 * at the header's indent that starts with `}`. Nested functions are measured too.
 */
export function functionSizes(text: string): FunctionSize[] {
  const lines = stripComments(text).split('\n');
  const sizes: FunctionSize[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const header = FUNCTION_HEADER.map((re) => re.exec(line)).find((m) => m !== null);
    if (!header) continue;
    const indent = header[1]!.length;
    const open = openingLine(lines, i, indent);
    if (open === undefined) continue;
    if (oneLineBody(lines[open]!)) continue;
    const close = closingLine(lines, open, indent);
    if (close === undefined) continue;
    sizes.push({ name: header[2] ?? '(anonymous)', line: i + 1, lines: close - i + 1 });
  }
  return sizes;
}

/** The line (from the header on) that opens the body, before the header's statement ends; undefined for a declaration without a body. */
function openingLine(lines: readonly string[], header: number, indent: number): number | undefined {
  for (let j = header; j < Math.min(lines.length, header + 20); j++) {
    const line = lines[j]!;
    if (j > header && indentOf(line) <= indent && !/^\s*[)}>\]]/.test(line)) return undefined;
    if (/\{\s*$/.test(line)) return j;
    if (/;\s*$/.test(line)) return undefined;
  }
  return undefined;
}

function oneLineBody(line: string): boolean {
  return /\{[^{}]*\}\s*;?\s*$/.test(line);
}

function closingLine(lines: readonly string[], open: number, indent: number): number | undefined {
  for (let j = open + 1; j < lines.length; j++) {
    const line = lines[j]!;
    if (line.trim() === '') continue;
    if (indentOf(line) === indent && /^\s*\}/.test(line)) return j;
    if (indentOf(line) < indent) return undefined;
  }
  return undefined;
}

function indentOf(line: string): number {
  return /^\s*/.exec(line)![0].length;
}

/** An entry of the size ratchet: a file's lines (`path`), or a function's (`path#name`). */
export type Sizes = Record<string, number>;

export interface RatchetVerdict {
  /** Offenders over the limit that the ratchet does not list. */
  added: string[];
  /** Listed offenders that grew. */
  grown: string[];
  /** Listed offenders that shrank or are gone: lower the ratchet. */
  shrunk: string[];
}

/** Compares measured sizes over `limit` with the checked-in ratchet: it may only go down. */
export function ratchet(measured: Sizes, allowed: Sizes, limit: number): RatchetVerdict {
  const verdict: RatchetVerdict = { added: [], grown: [], shrunk: [] };
  for (const [key, size] of Object.entries(measured)) {
    if (size <= limit) continue;
    const was = allowed[key];
    if (was === undefined) verdict.added.push(`${key}: ${size} lines (limit ${limit})`);
    else if (size > was) verdict.grown.push(`${key}: ${size} lines, the ratchet allows ${was}`);
  }
  for (const [key, was] of Object.entries(allowed)) {
    const size = measured[key];
    if (size === undefined || size < was) verdict.shrunk.push(`${key}: ${size === undefined ? 'gone or within the limit' : `${size} lines`}, the ratchet says ${was}: lower it`);
    else if (size <= limit) verdict.shrunk.push(`${key}: ${size} lines, within the limit: remove it from the ratchet`);
  }
  return verdict;
}

/** Every file's size and every function's, keyed as the ratchet keys them. A name used twice in a file gets `#name@2`, …. */
export function measureSizes(files: readonly SourceFile[]): { files: Sizes; functions: Sizes } {
  const fileSizes: Sizes = {};
  const functions: Sizes = {};
  for (const file of files) {
    fileSizes[file.path] = lineCount(file.text);
    const seen = new Map<string, number>();
    for (const fn of functionSizes(file.text)) {
      const n = (seen.get(fn.name) ?? 0) + 1;
      seen.set(fn.name, n);
      const key = `${file.path}#${fn.name}${n > 1 ? `@${n}` : ''}`;
      functions[key] = Math.max(functions[key] ?? 0, fn.lines);
    }
  }
  return { files: fileSizes, functions };
}

// ---------------------------------------------------------------------------------------------
// CAPI citations

/**
 * A citation of the source a rule follows: a cluster-api (or provider) repository path or Go file,
 * a CAPI label or API group, a provider named by its short name, or the research notes' CAPI section.
 */
export const CITATION = /cluster-api|\b[\w/-]+\.go\b|cluster\.x-k8s\.io|\bCAP[AZGD]\b|capi-semantics\.md|docs\/proposals\//;

/** CAPI rule files (src/capi/<kind>/*.ts but the table rows in setup.ts) that cite no source. */
export function uncitedCapiFiles(files: readonly SourceFile[]): string[] {
  return files
    .filter((f) => /^src\/capi\/[^/]+\/.+\.ts$/.test(f.path) && !f.path.endsWith('/setup.ts'))
    .filter((f) => !CITATION.test(f.text))
    .map((f) => f.path)
    .sort();
}

// ---------------------------------------------------------------------------------------------
// Text helpers

/**
 * The text with comments blanked (line structure kept), strings and template literals left as
 * they are. Good enough for formatted TypeScript: a `//` or `/*` inside a string is recognised as
 * a string, and a regular expression literal holding a quote is the one case it can misread.
 */
export function stripComments(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    const d = text[i + 1];
    if (c === '/' && d === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && d === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? text.length : end + 2;
      out += text.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else if (c === "'" || c === '"' || c === '`') {
      const start = i;
      i++;
      while (i < text.length && text[i] !== c && !(c !== '`' && text[i] === '\n')) i += text[i] === '\\' ? 2 : 1;
      i++;
      out += text.slice(start, i);
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * Mutants of the example scenarios and the seed CAPI manifests, for the hostile-input fuzz (issue
 * 19): case N is always the same mutant (a seeded generator per case), so a failure is replayed by
 * its number. Two kinds of edits: on the YAML text (lines deleted, duplicated, indented, cut, a
 * token inserted) and on the parsed value (a node deleted, duplicated, replaced by an awkward
 * value, wrapped in a list, a key renamed), written back as YAML.
 */

import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';

export interface Source {
  name: string;
  kind: 'scenario' | 'manifest';
  /** The file's directory (a scenario's `manifests:` are relative to it). */
  dir: string;
  text: string;
}

const root = resolve(import.meta.dirname, '../../..');
const SEED_MANIFESTS = '/work/shared/examples/seed-manifests';

export function sources(): Source[] {
  const out: Source[] = [];
  const scenarios = join(root, 'scenarios');
  for (const file of readdirSync(scenarios).filter((f) => f.endsWith('.yaml')).sort()) {
    out.push({ name: `scenarios/${file}`, kind: 'scenario', dir: scenarios, text: readFileSync(join(scenarios, file), 'utf8') });
  }
  // The seed manifests: the shared copy when present, else the copy kept in the tests.
  let manifests = SEED_MANIFESTS;
  try {
    readdirSync(manifests);
  } catch {
    manifests = join(root, 'test/scenario/fixtures/seed-manifests');
  }
  for (const file of readdirSync(manifests).filter((f) => f.endsWith('.yaml')).sort()) {
    out.push({ name: `seed-manifests/${file}`, kind: 'manifest', dir: manifests, text: readFileSync(join(manifests, file), 'utf8') });
  }
  return out;
}

/** mulberry32: a small seeded generator, one per case. */
export function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOKENS = ['x', ': ', '- ', '{', '}', '[', ']', '&a ', '*a', '<<: *a', '---', '#', '"', "'", '\t', '?', '|', '>', '!!binary ', '%YAML 1.1', '${V}', '\r', '\u2028', '\u001b[2J', '@here', '__proto__: 1', '0x10', '1e309', '-1', '99999999999'];

const VALUES: unknown[] = [
  null, 0, -1, 1.5, 1e308, -1e308, 2 ** 53, 1e9, 100_000, '', ' ', '5', '25%', '150%', 'v1.0.0', 'v99.99.99', '1h', '0s', '-5m', '999999h',
  'Bad Name', 'a'.repeat(70), 'x'.repeat(2000), '\r# heading', 'line\nbreak', '\u001b]52;c;ZXZpbA==\u0007', '@everyone #1', '__proto__', 'constructor',
  true, false, [], {}, [1, 2], { x: 1 }, 'aws', 'azure', 'gcp', 'docker', 'MachinePool', 'MachineDeployment', 'crash', 'kernelPanic', 'Ready', 'False',
  { distribution: 'lognormal', median: 0, p95: 0 }, { distribution: 'uniform', min: 5, max: 1 }, 'us-east-1', ['us-east-1a', 'us-east-1a'],
];

type Path = Array<string | number>;

function paths(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  if (prefix.length > 0) out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...prefix, i], out));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) paths(v, [...prefix, k], out);
  return out;
}

function at(root: unknown, path: Path): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], root);
}

function mutateValue(value: unknown, random: () => number): unknown {
  const root = structuredClone(value);
  const edits = 1 + Math.floor(random() * 3);
  for (let e = 0; e < edits; e++) {
    const all = paths(root);
    if (all.length === 0) break;
    const path = all[Math.floor(random() * all.length)]!;
    const parent = at(root, path.slice(0, -1)) as Record<string | number, unknown> | unknown[];
    const key = path[path.length - 1]!;
    const pick = random();
    if (pick < 0.2) {
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete (parent as Record<string, unknown>)[key];
    } else if (pick < 0.35) {
      if (Array.isArray(parent)) parent.splice(key as number, 0, structuredClone(parent[key as number]));
      else (parent as Record<string, unknown>)[`${String(key)}-copy`] = structuredClone((parent as Record<string, unknown>)[key]);
    } else if (pick < 0.8) {
      (parent as Record<string | number, unknown>)[key] = structuredClone(VALUES[Math.floor(random() * VALUES.length)]);
    } else if (pick < 0.9) {
      (parent as Record<string | number, unknown>)[key] = [(parent as Record<string | number, unknown>)[key]];
    } else if (!Array.isArray(parent)) {
      const moved = (parent as Record<string, unknown>)[key];
      delete (parent as Record<string, unknown>)[key];
      (parent as Record<string, unknown>)[String(key).slice(1) || 'k'] = moved;
    }
  }
  return root;
}

function mutateText(text: string, random: () => number): string {
  const lines = text.split('\n');
  const edits = 1 + Math.floor(random() * 4);
  for (let e = 0; e < edits && lines.length > 0; e++) {
    const i = Math.floor(random() * lines.length);
    const pick = random();
    if (pick < 0.2) lines.splice(i, 1);
    else if (pick < 0.4) lines.splice(i, 0, lines[i]!);
    else if (pick < 0.55) lines[i] = `  ${lines[i]}`;
    else if (pick < 0.7) lines[i] = lines[i]!.replace(/^ {1,2}/, '');
    else if (pick < 0.8) lines[i] = lines[i]!.slice(0, Math.floor(random() * lines[i]!.length));
    else {
      const line = lines[i]!;
      const cut = Math.floor(random() * (line.length + 1));
      lines[i] = `${line.slice(0, cut)}${TOKENS[Math.floor(random() * TOKENS.length)]}${line.slice(cut)}`;
    }
  }
  return lines.join('\n');
}

export interface Mutant {
  case: number;
  source: Source;
  /** The mutated scenario or manifest text. */
  text: string;
  how: 'text' | 'value';
}

/** Case `n` over `list` (the sources, in order). */
export function mutant(n: number, list: readonly Source[]): Mutant {
  const random = generator(0x9e3779b9 ^ n);
  const source = list[n % list.length]!;
  if (random() < 0.5) return { case: n, source, text: mutateText(source.text, random), how: 'text' };
  let value: unknown;
  try {
    const docs = source.kind === 'manifest' ? source.text.split(/^---$/m) : [source.text];
    const index = Math.floor(random() * docs.length);
    value = parse(docs[index]!);
    const mutated = stringify(mutateValue(value, random), { lineWidth: 0 });
    docs[index] = source.kind === 'manifest' && index > 0 ? `\n${mutated}` : mutated;
    return { case: n, source, text: docs.join('---'), how: 'value' };
  } catch {
    return { case: n, source, text: mutateText(source.text, random), how: 'text' };
  }
}

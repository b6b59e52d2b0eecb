/**
 * Two promises of issue 13's "Done when", checked by compiling small files against the project:
 * - misspelling an event type fails `tsc`, in an emitter (a constructor, a `record` of a literal)
 *   and in a consumer (`===`, `case`, `ofType`);
 * - a fault kind without its row in the fault table (src/faults/index.ts) fails `tsc` wherever it
 *   is named (the kind's resolved type, a scenario's raw fault, the kinds the table knows).
 * Each fixture line marked `// error TSnnnn` must fail with that code; every unmarked line must
 * compile, and each fixture has a correctly spelled twin that compiles, so the test fails if the
 * compiler stops checking (an escape hatch like `string & {}` comes back, a kind list is widened).
 */

import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const DIR = join(ROOT, 'test', 'tidy', `.compile-fixtures-${process.pid}`);

const FIXTURES: Record<string, string> = {
  'events.ts': `
import { mhcRemediation, ofType, Timeline, type TimelineEvent } from '../../../src/timeline/index.js';
import * as events from '../../../src/timeline/index.js';
declare const timeline: Timeline;
declare const event: TimelineEvent;
declare const all: readonly TimelineEvent[];
const fields = { cluster: 'default/a', object: 'Machine/default/m', machine: 'Machine/default/m', by: 'MachineSet' } as const;
// emitters
timeline.record(mhcRemediation(0, fields));
timeline.record(events.mhcRemediaton(0, fields)); // error TS2551
timeline.record({ ...mhcRemediation(0, fields), type: 'mhc.remediation' });
timeline.record({ ...mhcRemediation(0, fields), type: 'mhc.remediaton' }); // error TS2820
// consumers
if (event.type === 'mhc.remediation') console.log(event.machine);
if (event.type === 'mhc.remediaton') console.log(event); // error TS2367
switch (event.type) {
  case 'mhc.shortCircuit': break;
  case 'mhc.shortCircuits': break; // error TS2678
  default: break;
}
console.log(all.filter(ofType('mhc.remediation')).length);
console.log(all.filter(ofType('mhc.remediatoin')).length); // error TS2345
`,
  'faults.ts': `
import { FAULTS, type FaultKind, type FaultOf } from '../../../src/faults/index.js';
import type { RawFault } from '../../../src/testing/raw.js';
type Partition = FaultOf<'partition'>;
type DiskFull = FaultOf<'diskFull'>; // error TS2344
const known: FaultKind = 'zoneOutage';
const unknown: FaultKind = 'diskFull'; // error TS2322
console.log(FAULTS.partition.kind);
console.log(FAULTS.diskFull); // error TS2339
const raw: RawFault = { at: '1m', partition: { clusters: { names: ['a'] }, for: '5m' } };
const rawNew: RawFault = { at: '1m', diskFull: { clusters: { names: ['a'] } } }; // error TS2353
export type { Partition, DiskFull };
export { known, unknown, raw, rawNew };
`,
};

interface Diagnostic {
  file: string;
  line: number;
  code: string;
}

function compile(): Diagnostic[] {
  mkdirSync(DIR, { recursive: true });
  for (const [name, text] of Object.entries(FIXTURES)) writeFileSync(join(DIR, name), text.trimStart());
  writeFileSync(join(DIR, 'tsconfig.json'), JSON.stringify({ extends: '../../../tsconfig.json', include: [], files: Object.keys(FIXTURES) }));
  let output = '';
  try {
    output = execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(DIR, 'tsconfig.json'), '--pretty', 'false'], { cwd: ROOT, encoding: 'utf8' });
  } catch (error) {
    output = String((error as { stdout?: string }).stdout ?? '');
  }
  const diagnostics: Diagnostic[] = [];
  for (const match of output.matchAll(/([^\s(]+)\((\d+),\d+\): error (TS\d+)/g)) {
    diagnostics.push({ file: match[1]!.split('/').pop()!, line: Number(match[2]), code: match[3]! });
  }
  return diagnostics;
}

function expected(): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const [file, text] of Object.entries(FIXTURES)) {
    text.trimStart().split('\n').forEach((line, i) => {
      const mark = /\/\/ error (TS\d+)/.exec(line);
      if (mark) out.push({ file, line: i + 1, code: mark[1]! });
    });
  }
  return out;
}

const key = (d: Diagnostic): string => `${d.file}:${d.line} ${d.code}`;

describe('the compiler checks event types and fault kinds', () => {
  afterAll(() => rmSync(DIR, { recursive: true, force: true }));

  it('fails on each misspelled event type and each fault kind without a row, and on nothing else', () => {
    const got = compile().map(key).sort();
    expect(got).toEqual(expected().map(key).sort());
  }, 120_000);
});

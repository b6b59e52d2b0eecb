#!/usr/bin/env node
// Byte-identity guard for refactors and optimisations (DEVELOPERS: "Refactors keep output
// byte-identical"). Runs every example scenario through the built CLI and compares the results.
//
//   node scripts/example-outputs.mjs snapshot DIR            # timeline.jsonl + summary.json per example
//   node scripts/example-outputs.mjs compare DIR_A DIR_B     # byte-for-byte
//   node scripts/example-outputs.mjs compare DIR_A DIR_B --decisions
//
// --decisions compares what the simulated fleet did, not how much bookkeeping it took: it drops
// the `controller.queue` samples from the timeline and the `events` and `management` figures from
// summary.json (an optimisation that removes no-op events changes those and nothing else).
// Build first (`npm run build`); the script runs `bin/fleetsim.js` from dist/.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const [command, a, b, ...rest] = process.argv.slice(2);

function examples() {
  return readdirSync(join(root, 'scenarios')).filter((f) => f.endsWith('.yaml')).sort();
}

function snapshot(dir) {
  mkdirSync(dir, { recursive: true });
  for (const file of examples()) {
    const out = join(dir, file.replace(/\.yaml$/, ''));
    try {
      execFileSync(process.execPath, [join(root, 'bin/fleetsim.js'), 'run', join(root, 'scenarios', file), '--out', out, '--format', 'json', '--quiet'], { stdio: ['ignore', 'ignore', 'inherit'] });
    } catch (error) {
      // Exit 1 (an expectation failed) and 3 (horizon) still write their reports: compare those too.
      if (error.status !== 1 && error.status !== 3) throw error;
    }
    process.stdout.write(`${file}\n`);
  }
}

function canonicalTimeline(text, decisions) {
  if (!decisions) return text;
  return text.split('\n').filter((line) => !line.includes('"type":"controller.queue"')).join('\n');
}

function canonicalSummary(text, decisions) {
  if (!decisions) return text;
  const summary = JSON.parse(text);
  delete summary.events;
  delete summary.management;
  return JSON.stringify(summary, null, 2);
}

function firstDifference(x, y) {
  const xs = x.split('\n');
  const ys = y.split('\n');
  for (let i = 0; i < Math.max(xs.length, ys.length); i++) {
    if (xs[i] !== ys[i]) return `line ${i + 1}:\n  - ${(xs[i] ?? '<missing>').slice(0, 300)}\n  + ${(ys[i] ?? '<missing>').slice(0, 300)}`;
  }
  return 'identical';
}

function compare(left, right, decisions) {
  let differ = 0;
  for (const file of examples()) {
    const name = file.replace(/\.yaml$/, '');
    for (const [output, canonical] of [['timeline.jsonl', canonicalTimeline], ['summary.json', canonicalSummary]]) {
      const pathA = join(left, name, output);
      const pathB = join(right, name, output);
      if (!existsSync(pathA) || !existsSync(pathB)) {
        process.stdout.write(`MISSING ${name}/${output}\n`);
        differ++;
        continue;
      }
      const x = canonical(readFileSync(pathA, 'utf8'), decisions);
      const y = canonical(readFileSync(pathB, 'utf8'), decisions);
      if (x === y) process.stdout.write(`same    ${name}/${output}\n`);
      else {
        differ++;
        process.stdout.write(`DIFFERS ${name}/${output} at ${firstDifference(x, y)}\n`);
      }
    }
  }
  process.stdout.write(differ === 0 ? 'all outputs identical\n' : `${differ} output(s) differ\n`);
  return differ === 0 ? 0 : 1;
}

if (command === 'snapshot' && a !== undefined) snapshot(resolve(a));
else if (command === 'compare' && a !== undefined && b !== undefined) process.exitCode = compare(resolve(a), resolve(b), rest.includes('--decisions'));
else {
  process.stderr.write('usage: example-outputs.mjs snapshot DIR | compare DIR_A DIR_B [--decisions]\n');
  process.exitCode = 2;
}

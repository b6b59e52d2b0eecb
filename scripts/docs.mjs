// `npm run docs`: rewrites the generated sections of docs/scenario-format.md (field reference,
// metrics) from the built schema; test/scenario/reference.test.ts fails when they are stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { regenerateSections } from '../dist/scenario/reference.js';

const file = new URL('../docs/scenario-format.md', import.meta.url);
const before = readFileSync(file, 'utf8');
const after = regenerateSections(before);
writeFileSync(file, after);
console.log(after === before ? 'docs/scenario-format.md is up to date' : 'docs/scenario-format.md: generated sections rewritten');

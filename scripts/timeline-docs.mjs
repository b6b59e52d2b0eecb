#!/usr/bin/env node
// Writes docs/timeline.md from the timeline event catalogue (src/timeline). Run through
// `npm run docs:timeline`, which builds dist/ first; test/timeline/reference.test.ts fails when
// the file is not current.
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { timelineReference } = await import(join(root, 'dist/timeline/reference.js'));
mkdirSync(join(root, 'docs'), { recursive: true });
writeFileSync(join(root, 'docs/timeline.md'), timelineReference());
process.stdout.write('docs/timeline.md\n');

/**
 * The timeline's reference and the README agree with the event catalogue, and a real run writes
 * only what the catalogue documents: every field of every line is a documented field of its type,
 * and every field not marked optional is there.
 */

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadScenarioFile, formatIssue } from '../../src/scenario/index.js';
import { simulate } from '../../src/simulate.js';
import { TIMELINE_EVENTS, TIMELINE_EVENT_TYPES, type TimelineEvent } from '../../src/timeline/index.js';
import { timelineReference } from '../../src/timeline/reference.js';

/** The event types the README's "What a run writes" lists after "Types:" (asides in parentheses left out). */
function readmeTypes(): string[] {
  const readme = readFileSync('README.md', 'utf8');
  const start = readme.indexOf('Types: ', readme.indexOf('## What a run writes'));
  expect(start).toBeGreaterThan(0);
  const paragraph = readme.slice(start, readme.indexOf('\n\n', start)).replace(/\([^)]*\)/g, '');
  return [...paragraph.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
}

describe('docs/timeline.md', () => {
  it('is what the catalogue renders (run `npm run docs:timeline` after changing src/timeline)', () => {
    expect(readFileSync(join('docs', 'timeline.md'), 'utf8')).toBe(timelineReference());
  });

  it('has a section for every event type', () => {
    const sections = [...timelineReference().matchAll(/^### `([^`]+)`$/gm)].map((m) => m[1]);
    expect(sections).toEqual([...TIMELINE_EVENT_TYPES]);
  });
});

describe('the README', () => {
  it('lists exactly the catalogue\'s event types, each once', () => {
    const listed = readmeTypes();
    expect(new Set(listed).size).toBe(listed.length);
    expect([...listed].sort()).toEqual([...TIMELINE_EVENT_TYPES].sort());
  });
});

describe('a run', () => {
  function fields(event: TimelineEvent): { documented: Set<string>; required: string[] } {
    const entry: { fields: Readonly<Record<string, unknown>> } = TIMELINE_EVENTS[event.type];
    const names = Object.keys(entry.fields);
    return { documented: new Set(['t', 'type', ...names]), required: names.filter((name) => typeof entry.fields[name] === 'string') };
  }

  it.each(['mhc-remediation.yaml', 'zone-outage-during-upgrade.yaml'])('%s writes only documented fields, the required ones always', (file) => {
    const loaded = loadScenarioFile(join('scenarios', file));
    if (!loaded.ok) throw new Error(loaded.errors.map(formatIssue).join('\n'));
    const problems = new Set<string>();
    const seen = new Set<string>();
    for (const event of simulate(loaded.scenario).events) {
      seen.add(event.type);
      const { documented, required } = fields(event);
      for (const key of Object.keys(event)) if (!documented.has(key)) problems.add(`${event.type} writes undocumented ${key}`);
      for (const key of required) if (!(key in event)) problems.add(`${event.type} lacks ${key}`);
    }
    expect([...problems]).toEqual([]);
    expect(seen.size).toBeGreaterThan(8);
  }, 60_000);
});

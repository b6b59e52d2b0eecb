/**
 * docs/timeline.md, rendered from the catalogue: `npm run docs:timeline` writes it, and a test
 * fails when the file in the repository is not what this renders.
 */

import { TIMELINE_FAMILIES } from './catalogue.js';
import type { OptionalField } from './event.js';
import { FAULT_TARGET_FIELDS } from './events/fault.js';

const HEADER = `# timeline.jsonl

<!-- Generated from the event catalogue (src/timeline) by \`npm run docs:timeline\`; do not edit by hand. -->

\`timeline.jsonl\` has one JSON object a line, in simulation order. Every line has \`t\`, the virtual
time in integer milliseconds since the scenario started, and \`type\`, one of the types below; most
also have \`cluster\` (the workload cluster, \`namespace/name\`) and \`object\` (the object the event is
about, \`Kind/namespace/name\`). Each type's fields are listed in the order its lines usually write
them (read them by name: a few sources order them differently); an optional field is left out when
it does not apply.

The timeline is complete on its own: at t=0 it records the starting fleet (a \`machine.created\`
and, for a Node that is up, a \`node.condition\` Ready=True for every Machine that exists when the
scenario starts, and a \`pool.replicas\` for every pool), so the fleet's state at any instant can
be rebuilt from the events alone. New types and new optional fields may be added; a type or a
field is not renamed or removed without saying so.
`;

/** A table cell: one line, no column separator. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

function fieldLine(name: string, doc: string | OptionalField): string {
  return typeof doc === 'string' ? `| \`${name}\` | ${cell(doc)} |` : `| \`${name}\` (optional) | ${cell(doc.optional)} |`;
}

/** Any entry, as the renderer reads it. */
type Entries = Readonly<Record<string, { description: string; fields: Readonly<Record<string, string | OptionalField>> }>>;

export function timelineReference(): string {
  const families: ReadonlyArray<{ title: string; events: Entries }> = TIMELINE_FAMILIES;
  const out: string[] = [HEADER, '## Types', '', '| type | what it records |', '| --- | --- |'];
  for (const family of families) {
    for (const [type, entry] of Object.entries(family.events)) out.push(`| \`${type}\` | ${cell(entry.description)} |`);
  }
  for (const family of families) {
    out.push('', `## ${family.title}`);
    for (const [type, entry] of Object.entries(family.events)) {
      out.push('', `### \`${type}\``, '', `${entry.description[0]!.toUpperCase()}${entry.description.slice(1)}.`, '', '| field | holds |', '| --- | --- |');
      for (const [name, doc] of Object.entries(entry.fields)) out.push(fieldLine(name, doc));
    }
  }
  out.push('', '### A fault\'s `target`', '', 'The keys a fault\'s kind fills in; the others are left out.', '', '| key | holds |', '| --- | --- |');
  for (const [name, doc] of Object.entries(FAULT_TARGET_FIELDS)) out.push(fieldLine(name, doc));
  return `${out.join('\n')}\n`;
}

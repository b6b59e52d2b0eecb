/** `fleetsim schema [--defaults]`: the scenario format's JSON Schema, or every default with its source. */

import type { Argv } from 'yargs';
import { defaultsTable, scenarioJsonSchema } from '../../scenario/index.js';
import { withHelp } from '../help.js';
import type { CommandIO } from '../io.js';
import type { CommandRegistration } from '../registry.js';

function schemaCommand(io: CommandIO, defaults: boolean): number {
  if (!defaults) {
    io.out(JSON.stringify(scenarioJsonSchema(), null, 2));
    return 0;
  }
  io.out([
    'Every default of a scenario and of the clouds\' models, with its source. `capi-semantics §N` and `cloud-facts §N` are sections of',
    'docs/sources/capi-semantics.md and docs/sources/cloud-facts.md in this package; `cluster-api@v1.13.5:path Function` (or CAPA@,',
    'CAPZ@, CAPG@ with a commit) names the function in that project\'s source; ASSUMPTION and UNCONFIRMED mark values no source gives,',
    'each a scenario field you can set. docs/scenario-format.md describes the fields.',
    '',
    '| field | default | source |',
    '| --- | --- | --- |',
  ].join('\n'));
  for (const row of defaultsTable()) io.out(`| ${row.path} | ${row.default} | ${row.source} |`);
  return 0;
}

export const registerSchema: CommandRegistration = (parser: Argv, io, setCode) => parser.command(
  'schema',
  'print the JSON Schema of the scenario format (for editors), or the defaults with their sources',
  (y) => withHelp(y
    .option('defaults', { type: 'boolean', default: false, describe: 'print every default (scenario fields and the clouds\' models) with its source, as a Markdown table' }), {
    examples: [
      ['$0 schema > scenario.schema.json', 'a schema file for editor completion (yaml-language-server)'],
      ['$0 schema --defaults | grep RunInstances', 'where a default comes from'],
    ],
    exitCodes: [[0, 'printed'], [2, 'a flag is wrong']],
  }),
  (args) => { setCode(schemaCommand(io, args.defaults as boolean)); },
);

#!/usr/bin/env node
// fleetsim command line: runs the compiled CLI (built by `npm run build`, which `npm ci` runs via `prepare`).
import { main } from '../dist/cli/main.js';

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error) => {
    process.stderr.write(`fleetsim: internal error: ${error && error.message ? error.message : String(error)}\n`);
    if (process.env.FLEETSIM_DEBUG) process.stderr.write(`${error && error.stack}\n`);
    process.exitCode = 70;
  },
);

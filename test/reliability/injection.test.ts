/**
 * Issue 19 defect 6: text from a scenario cannot inject Markdown (a lone CR made headings and broke
 * tables; @mentions and #refs stayed live in report.md) or terminal escape sequences (clear the
 * screen, set the clipboard) into what fleetsim prints.
 */

import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mdEscape } from '../../src/report/markdown.js';
import { terminalSafe } from '../../src/cli/terminal-text.js';
import { runCli } from '../e2e/helpers.js';
import { scenarioFile, smallFleet, tmp } from '../sweep/helpers.js';

const ESC = '\u001b';

describe('Markdown', () => {
  it('turns every line break into a space, drops control characters and escapes markup', () => {
    expect(mdEscape('a\r# Heading\u2028| x | y |\n- item')).toBe('a # Heading \\| x \\| y \\| - item');
    expect(mdEscape(`${ESC}[2Jbold **x** <b>`)).toBe('\\[2Jbold \\*\\*x\\*\\* \\<b\\>');
  });

  it('neutralises @mentions and #references', () => {
    expect(mdEscape('ping @octocat about #123 and org/repo#7')).toBe('ping @\u200boctocat about #\u200b123 and org/repo#\u200b7');
  });

  it('keeps a hostile description on one line of report.md', async () => {
    const description = 'Fleet\r# Injected heading\r| a | b |\r@everyone see #1';
    const file = scenarioFile(smallFleet({ count: 1 }).replace('seed: 1\n', `seed: 1\ndescription: ${JSON.stringify(description)}\n`));
    const out = tmp();
    const result = await runCli(['run', file, '--out', out, '--quiet', '--format', 'md']);
    expect(result.code, result.err).toBe(0);
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    expect(md).not.toMatch(/\r/);
    expect(md.split('\n').filter((line) => line.startsWith('#'))).toEqual(md.split('\n').filter((line) => /^#+ (fleetsim|[A-Z])/.test(line)));
    expect(md).not.toMatch(/^# Injected/m);
    expect(md).not.toMatch(/@everyone|#1\b/);
  });
});

describe('the terminal', () => {
  it('shows control characters as ?', () => {
    expect(terminalSafe(`a${ESC}]52;c;ZXZpbA==\u0007b\r\nc\td`)).toBe('a?]52;c;ZXZpbA==?b\nc\td');
  });

  it('never prints an escape sequence from a scenario, in errors or summaries', () => {
    const file = scenarioFile(`apiVersion: fleetsim/v1alpha1\nkind: Scenario\nname: x\nclusters:\n  - { name: a, provider: "${'\\e'}[2J${'\\e'}]52;c;ZXZpbA==${'\\a'}aws", version: v1.34.3 }\n`);
    const result = spawnSync(process.execPath, ['bin/fleetsim.js', 'validate', file], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stdout).toContain('[2J');
    expect(result.stdout + result.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });
});

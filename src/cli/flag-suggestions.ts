/**
 * A mistyped flag gets a suggestion: yargs says "Unknown argument: seeds"; fleetsim says
 * `unknown flag --seeds (did you mean --seed?)`, and names the commands that do have the flag.
 */

import { closest } from '../schema/names.js';

/** The words of yargs's "Unknown argument(s): a, b" message, or undefined for another message. */
export function unknownArguments(message: string): string[] | undefined {
  const match = /^Unknown arguments?: (.*)$/.exec(message);
  if (match === null) return undefined;
  const words = (match[1] as string).split(', ').map((w) => w.trim()).filter((w) => w !== '');
  // yargs also reports the camelCase twin of a dashed flag (max-faultz, maxFaultz): keep the one typed.
  const dashed = new Set(words.filter((w) => w.includes('-')).map((w) => w.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())));
  return words.filter((w) => !dashed.has(w));
}

/** The `--flags` a help text lists. */
export function flagsOfHelp(help: string): string[] {
  return [...new Set(help.match(/--[a-z][a-z0-9-]*/g) ?? [])];
}

/**
 * One line per unknown word: a flag with the closest flag of this command, and which other
 * commands take it; a word that is not a flag (an extra positional) as such.
 */
export function describeUnknown(words: readonly string[], argv: readonly string[], command: string | undefined, known: readonly string[], others: ReadonlyMap<string, readonly string[]>): string[] {
  return words.map((word) => {
    const typed = argv.find((a) => a === `--${word}` || a.startsWith(`--${word}=`) || a === `-${word}`);
    if (typed === undefined) return `unexpected argument "${word}"${command === undefined ? '' : ` (fleetsim ${command} takes no more positional arguments)`}`;
    const flag = typed.startsWith('--') ? `--${word}` : `-${word}`;
    const near = closest(flag, known);
    const elsewhere = others.get(flag) ?? [];
    const hints = [
      ...(near === undefined ? [] : [`did you mean ${near}?`]),
      ...(elsewhere.length === 0 ? [] : [`${flag} is a flag of ${elsewhere.join(', ')}`]),
    ];
    return `unknown flag ${flag}${command === undefined ? '' : ` for ${command}`}${hints.length === 0 ? '' : ` (${hints.join('; ')})`}`;
  });
}

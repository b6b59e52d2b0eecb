/**
 * What the README test reads out of README.md: fenced code blocks (with their language and line)
 * and the commands written inline (`npx …` / `npm …` code spans in the prose), in document order,
 * and how a shell block splits into the commands a reader would type.
 */

export interface ReadmeItem {
  /** `sh`, `ts`, `yaml`, `text`, … for a fenced block; `inline` for a command in the prose. */
  kind: string;
  text: string;
  /** 1-based line of the block's first content line, or of the inline span. */
  line: number;
}

const FENCE = /^```(\S*)\s*$/;
const INLINE_COMMAND = /`((?:npx|npm) [^`]+)`/g;

export function readmeItems(markdown: string): ReadmeItem[] {
  const items: ReadmeItem[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i] as string);
    if (open !== null) {
      const start = i + 1;
      let end = start;
      while (end < lines.length && lines[end] !== '```') end++;
      if (end === lines.length) throw new Error(`README.md:${i + 1}: a code block that is never closed`);
      items.push({ kind: open[1] === '' ? 'text' : (open[1] as string), text: lines.slice(start, end).join('\n'), line: start + 1 });
      i = end;
      continue;
    }
    for (const match of (lines[i] as string).matchAll(INLINE_COMMAND)) items.push({ kind: 'inline', text: match[1] as string, line: i + 1 });
  }
  return items;
}

/** Index of a `#` that starts a comment: at the line start or after a blank, outside quotes. */
function commentStart(line: string): number {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"') {
      quote = c;
    } else if (c === '#' && (i === 0 || /\s/.test(line[i - 1] as string))) {
      return i;
    }
  }
  return -1;
}

/** The commands of a shell block: comments dropped, `\` continuations joined, blank lines skipped. */
export function shellCommands(block: string, firstLine: number): Array<{ command: string; line: number }> {
  const commands: Array<{ command: string; line: number }> = [];
  let pending: { command: string; line: number } | undefined;
  block.split('\n').forEach((raw, k) => {
    const cut = commentStart(raw);
    const line = (cut < 0 ? raw : raw.slice(0, cut)).trimEnd();
    const continued = line.endsWith('\\');
    const text = continued ? line.slice(0, -1).trimEnd() : line;
    if (pending === undefined) {
      if (text.trim() === '') return;
      pending = { command: text.trim(), line: firstLine + k };
    } else {
      pending.command += ` ${text.trim()}`;
    }
    if (!continued) {
      commands.push(pending);
      pending = undefined;
    }
  });
  if (pending !== undefined) commands.push(pending);
  return commands;
}

/**
 * Splits a command line at `&&` and `|` outside quotes: the stages a reader runs one after the
 * other (or pipes). Returns each stage and the operator before it.
 */
export function stages(command: string): Array<{ text: string; after: '' | '&&' | '|' }> {
  const out: Array<{ text: string; after: '' | '&&' | '|' }> = [];
  let quote: string | undefined;
  let current = '';
  let after: '' | '&&' | '|' = '';
  for (let i = 0; i < command.length; i++) {
    const c = command[i] as string;
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
      current += c;
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    if (c === '&' && command[i + 1] === '&') {
      out.push({ text: current.trim(), after });
      after = '&&';
      current = '';
      i++;
      continue;
    }
    if (c === '|' && command[i + 1] !== '|') {
      out.push({ text: current.trim(), after });
      after = '|';
      current = '';
      continue;
    }
    current += c;
  }
  out.push({ text: current.trim(), after });
  return out;
}

/**
 * Enough of npm's semver ranges to check `engines.node` fields: `||` alternatives of
 * space-separated comparators (`>=`, `>`, `<=`, `<`, `=`), caret and tilde ranges, and x-ranges
 * (`20`, `6.*`). Partial versions fill with 0.
 */

type Version = [number, number, number];

function parse(text: string): { version: Version; parts: number } {
  const parts = text.replace(/^v/, '').split('.').filter((p) => p !== '' && p !== '*' && p.toLowerCase() !== 'x');
  const numbers = parts.map(Number);
  return { version: [numbers[0] ?? 0, numbers[1] ?? 0, numbers[2] ?? 0], parts: parts.length };
}

function compare(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  return 0;
}

/** The version after the last one an x-range or a caret/tilde admits. */
function bump(version: Version, at: number): Version {
  const next: Version = [...version];
  next[at] = (next[at] as number) + 1;
  for (let i = at + 1; i < 3; i++) next[i] = 0;
  return next;
}

function comparator(version: Version, token: string): boolean {
  const match = /^(>=|<=|>|<|=|\^|~)?(.+)$/.exec(token);
  if (match === null) throw new Error(`not a version comparator: ${token}`);
  const [, op = '', rest = ''] = match;
  const { version: bound, parts } = parse(rest);
  const c = compare(version, bound);
  switch (op) {
    case '>=': return c >= 0;
    case '>': return c > 0;
    case '<=': return c <= 0;
    case '<': return c < 0;
    case '^': {
      const at = bound[0] !== 0 || parts === 1 ? 0 : bound[1] !== 0 || parts === 2 ? 1 : 2;
      return c >= 0 && compare(version, bump(bound, at)) < 0;
    }
    case '~': return c >= 0 && compare(version, bump(bound, parts >= 2 ? 1 : 0)) < 0;
    default: return parts === 3 ? c === 0 : c >= 0 && compare(version, bump(bound, Math.max(0, parts - 1))) < 0;
  }
}

export function satisfies(version: string, range: string): boolean {
  const v = parse(version).version;
  return range.split('||').some((alternative) => {
    const tokens = alternative.trim().replace(/(>=|<=|>|<|=)\s+/g, '$1').split(/\s+/).filter((t) => t !== '');
    return tokens.length === 0 || tokens.every((token) => comparator(v, token));
  });
}

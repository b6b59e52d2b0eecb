/**
 * Name and version rules shared by the schema and the resolver, and "did you mean" suggestions.
 */

/**
 * A Kubernetes object name as a DNS label (RFC 1123): lowercase alphanumerics and '-', starting and
 * ending with an alphanumeric, at most 63 characters (k8s.io/apimachinery validation.IsDNS1123Label).
 */
export const RFC1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const RFC1123_MAX_LENGTH = 63;

/** Returns why `name` is not an RFC 1123 label, or undefined when it is one. */
export function rfc1123Error(name: string): string | undefined {
  if (name.length === 0) return 'expected a name (RFC 1123: lowercase letters, digits and "-"), found an empty string';
  if (name.length > RFC1123_MAX_LENGTH) return `expected a name of at most ${RFC1123_MAX_LENGTH} characters (RFC 1123), found ${name.length} characters`;
  if (!RFC1123_LABEL.test(name)) {
    const hint = name.toLowerCase() !== name && RFC1123_LABEL.test(name.toLowerCase()) ? ` (did you mean "${name.toLowerCase()}"?)` : '';
    return `expected an RFC 1123 name (lowercase letters, digits and "-", starting and ending with a letter or digit), found "${name}"${hint}`;
  }
  return undefined;
}

/** Kubernetes versions as CAPI writes them: `vMAJOR.MINOR.PATCH` (pre-release/build suffixes allowed). */
export const VERSION = /^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

export function versionError(version: string): string | undefined {
  if (VERSION.test(version)) return undefined;
  if (VERSION.test(`v${version}`)) return `expected a version such as v1.34.3, found "${version}" (add the "v" prefix: "v${version}")`;
  return `expected a version such as v1.34.3 (vMAJOR.MINOR.PATCH), found "${version}"`;
}

/**
 * Edit distance counting insertions, deletions, substitutions and swaps of two neighbouring
 * characters (optimal string alignment), stopping early once it exceeds `limit`.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = new Array<number>(b.length + 1);
  let current = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) {
        value = Math.min(value, before[j - 2]! + 1);
      }
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit) return limit + 1;
    [before, previous, current] = [previous, current, before];
  }
  return previous[b.length]!;
}

/**
 * The closest candidate to `word`: edit distance ≤ 2 (a swap of neighbours counts 1) (≤ 1 for words of 3 characters or fewer), or the
 * same word ignoring case, `-` and `_`. Ties go to the candidate listed first.
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const normalize = (s: string) => s.toLowerCase().replace(/[-_]/g, '');
  const limit = word.length <= 3 ? 1 : 2;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate === word) continue;
    const distance = normalize(candidate) === normalize(word) ? 0 : editDistance(word.toLowerCase(), candidate.toLowerCase(), limit);
    if (distance <= limit && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** ` (did you mean "x"?)` or an empty string. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const match = closest(word, candidates);
  return match === undefined ? '' : ` (did you mean "${match}"?)`;
}

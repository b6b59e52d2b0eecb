/**
 * How the scenario format words what it found and what it expected, shared by every layer that
 * declares its part of the file (cloud overrides, faults, clusters) and by the loader.
 */

/** A value as a message quotes it: `"text"`, `12`, `a list`, `a mapping`, `null`. */
export const describeValue = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'a mapping' : typeof value === 'string' ? `"${value}"` : String(value);

/**
 * A custom message for a present but wrong value; a missing value falls through to the loader's
 * error map, which says "required field is missing".
 */
export function whenPresent(message: (input: unknown) => string | undefined) {
  return (issue: { input?: unknown }) => (issue.input === undefined ? undefined : message(issue.input));
}

const LIST_LIMIT = 3;

/** `a, b, c` or `a, b, c and 4 more`. */
export const listNames = (names: readonly string[]): string =>
  names.length <= LIST_LIMIT ? names.join(', ') : `${names.slice(0, LIST_LIMIT).join(', ')} and ${names.length - LIST_LIMIT} more`;

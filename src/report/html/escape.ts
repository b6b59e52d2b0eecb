/**
 * Escaping for report.html. Every string that comes from the scenario (names, descriptions,
 * versions, fault targets) goes through one of these before it reaches the page.
 */

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for an element's content or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] as string);
}

/**
 * JSON to embed in a `<script type="application/json">` element: `<`, `>` and `&` are written as
 * \u escapes so no string in it can close the element (`</script>`) or open a comment, and the
 * JSON still parses to the same value. U+2028/2029 are escaped for older JavaScript parsers.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Prepares vega's SVG for inlining in the page:
 * - ids (clip paths, gradients) get the chart's prefix, so two charts never share an id;
 * - coordinates in tags are rounded to 2 decimals (vega writes up to 17 digits), which keeps a
 *   large fleet's page small and changes nothing visible;
 * - a mark with an aria-label (vega writes one from the spec's tooltip fields) also gets a
 *   `<title>` child, which browsers show on hover: tooltips with no script. vega has already
 *   escaped the label for an attribute, which is also valid escaped element text.
 */

const MARK_WITH_LABEL = /<(path|circle|rect|line|text|image)(\s[^>]*?)?\saria-label="([^"]*)"([^>]*?)\/>/g;
const LONG_DECIMAL = /-?\d+\.\d{3,}/g;

function round2(match: string): string {
  const value = Math.round(Number(match) * 100) / 100;
  return String(Object.is(value, -0) ? 0 : value);
}

export function inlineSvg(svg: string, chartId: string): string {
  return svg
    .replace(/<[^>]+>/g, (tag) => tag.replace(/\s(d|transform|x|y|x2|y2|width|height|points)="([^"]*)"/g, (_m, name: string, value: string) => ` ${name}="${value.replace(LONG_DECIMAL, round2)}"`))
    .replace(/\sid="([^"]+)"/g, (_m, id: string) => ` id="${chartId}-${id}"`)
    .replace(/url\(#([^)]+)\)/g, (_m, id: string) => `url(#${chartId}-${id})`)
    .replace(/href="#([^"]+)"/g, (_m, id: string) => `href="#${chartId}-${id}"`)
    .replace(MARK_WITH_LABEL, (_m, tag: string, before: string | undefined, label: string, after: string) =>
      `<${tag}${before ?? ''} aria-label="${label}"${after}><title>${label}</title></${tag}>`);
}

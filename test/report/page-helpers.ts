/** Reading report.html in tests: its charts, their SVGs and specs, and what the page would load. */

export interface PageChart {
  id: string;
  svg: string;
  spec: unknown;
}

/** Every chart figure of the page with its inline SVG and embedded Vega-Lite spec. */
export function chartsOf(html: string): PageChart[] {
  const charts: PageChart[] = [];
  const figure = /<figure class="chart" id="chart-([^"]+)" data-chart="[^"]+">([\s\S]*?)<\/figure>/g;
  for (const match of html.matchAll(figure)) {
    const body = match[2] as string;
    const svg = /<div class="svg">([\s\S]*?)<\/div>\n<script/.exec(body)?.[1] ?? '';
    const json = /<script type="application\/json" class="vega-lite-spec" data-chart="[^"]+">([\s\S]*?)<\/script>/.exec(body)?.[1];
    charts.push({ id: match[1] as string, svg, spec: json === undefined ? undefined : JSON.parse(json) });
  }
  return charts;
}

/** Mark items vega drew (rects, paths, symbols, lines, text of the data marks, not axes or legends). */
export function markCount(svg: string): number {
  let count = 0;
  const groups = /<g class="mark-[a-z]+ role-mark[^"]*"[^>]*>([\s\S]*?)<\/g>/g;
  for (const match of svg.matchAll(groups)) count += ((match[1] as string).match(/<(path|rect|circle|line|text|polygon)\b/g) ?? []).length;
  return count;
}

/** The page with its JSON spec blocks removed: what a browser parses as markup and might run or load. */
export function markupOnly(html: string): string {
  return html.replace(/<script type="application\/json" class="vega-lite-spec" data-chart="[^"]+">[\s\S]*?<\/script>/g, '');
}

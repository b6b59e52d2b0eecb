/**
 * The look every fleetsim page shares (run report, sweep, compare): one self-contained style sheet,
 * and a Content-Security-Policy that lets the page load nothing from the network.
 */

/** Layout, typography, charts and tables common to every page. */
export const BASE_STYLE = `
:root { color-scheme: light; --fg: #1d2330; --muted: #5b6472; --line: #e3e6ea; --pass: #1a7f37; --fail: #c62828; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: #fafbfc; }
header, main, footer { max-width: 1120px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 24px; }
h1 { font-size: 24px; margin: 0 0 6px; }
h2 { font-size: 19px; margin: 36px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 15px; margin: 22px 0 6px; }
p { margin: 6px 0; }
.meta, .note, figcaption p { color: var(--muted); }
nav { margin: 14px 0 0; display: flex; flex-wrap: wrap; gap: 4px 16px; }
nav a { color: #0b5cad; text-decoration: none; }
figure.chart { margin: 16px 0 26px; padding: 12px 14px; background: #fff; border: 1px solid var(--line); border-radius: 6px; }
figure.chart h3 { margin: 0 0 4px; }
figure.chart .svg { overflow-x: auto; margin-top: 8px; }
figure.chart svg { display: block; max-width: none; height: auto; }
.table-wrap { overflow-x: auto; }
table.data { border-collapse: collapse; margin: 6px 0 14px; background: #fff; font-size: 13px; }
table.data th, table.data td { border: 1px solid var(--line); padding: 3px 8px; text-align: left; white-space: nowrap; }
table.data th { background: #f1f3f5; font-weight: 600; }
table.data tbody tr:nth-child(even) { background: #fafbfc; }
footer { margin: 40px auto 32px; color: var(--muted); font-size: 12px; }
code { font-size: 12px; }
`.trim();

/** Nothing from the network: inline styles and data: images and fonts only. */
export const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:";

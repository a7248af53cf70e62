/**
 * The comparison report's stylesheet, inlined in the file: a light page for the screen and a
 * print stylesheet (A4 margins, no claim block or chart split across pages, table headers
 * repeated, colours kept). Stance colours are the light theme's (renderer/styles/claims.css);
 * every stance is also written as a word.
 */
export const REPORT_CSS = `
:root {
  --ink: #1f2328;
  --muted: #57606a;
  --rule: #d0d7de;
  --soft: #f6f8fa;
  --accent: #0b4f8a;
  --stance-asserted: #1565c0;
  --stance-reported: #8a6d00;
  --stance-denied: #8b1a12;
  --stance-questioned: #b0389f;
  --stance-none: #68727e;
}
* { box-sizing: border-box; }
html { background: #fff; color: var(--ink); font-size: 15px; }
body {
  margin: 0 auto;
  padding: 2rem 2.5rem 3rem;
  max-width: 78rem;
  font: 1rem/1.5 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "Liberation Sans", "DejaVu Sans", sans-serif;
}
h1, h2, h3, h4 { line-height: 1.25; margin: 0; }
h1 { font-size: 1.9rem; margin: 0.1rem 0 0.4rem; }
h2 { font-size: 1.35rem; margin: 2.2rem 0 0.6rem; padding-bottom: 0.25rem; border-bottom: 2px solid var(--ink); }
h3 { font-size: 1.05rem; margin-bottom: 0.3rem; }
h4 { font-size: 0.95rem; margin: 0.7rem 0 0.3rem; }
p { margin: 0.3rem 0; }
a { color: var(--accent); }
.kicker { text-transform: uppercase; letter-spacing: 0.08em; font-size: 0.75rem; color: var(--muted); font-weight: 600; }
.generated, .lead, .claim-meta, .muted, .why, .date, .status, .cue, .as { color: var(--muted); }
.lead { max-width: 70ch; font-size: 0.9rem; margin-bottom: 0.6rem; }
.report-header { border-bottom: 1px solid var(--rule); padding-bottom: 0.8rem; }
nav ol { display: flex; flex-wrap: wrap; gap: 0.3rem 1.2rem; list-style: none; padding: 0; margin: 0.6rem 0 0; font-size: 0.9rem; }
nav li { counter-increment: section; }
nav li::before { content: counter(section) ". "; color: var(--muted); }
table { border-collapse: collapse; width: 100%; font-size: 0.88rem; margin: 0.4rem 0 0.8rem; }
caption { text-align: left; color: var(--muted); font-size: 0.85rem; padding-bottom: 0.3rem; caption-side: top; }
th, td { text-align: left; vertical-align: top; padding: 0.35rem 0.5rem; border: 1px solid var(--rule); }
thead th { background: var(--soft); font-weight: 600; }
tbody th { font-weight: 600; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
.nowrap, .corpus td:nth-child(4) { white-space: nowrap; }
.origin { color: var(--muted); overflow-wrap: anywhere; font-size: 0.8rem; }
.matrix { table-layout: fixed; }
.matrix .corner { width: 22%; }
.matrix thead th .outlet { display: block; }
.matrix thead th .date { display: block; font-weight: 400; font-size: 0.78rem; }
.matrix tbody th a { color: inherit; text-decoration: none; }
.matrix td { overflow-wrap: anywhere; }
.matrix td.empty { color: var(--muted); }
.mention + .mention { margin-top: 0.35rem; padding-top: 0.35rem; border-top: 1px dashed var(--rule); }
.dash { color: var(--muted); }
.source { font-weight: 600; }
.stance {
  display: inline-flex; align-items: center; gap: 0.3em;
  padding: 0 0.45em; border: 1.5px solid var(--stance-color, var(--stance-none)); border-radius: 999px;
  font-size: 0.8rem; line-height: 1.45; white-space: nowrap; color: var(--ink); background: #fff;
}
.stance::before {
  content: ""; width: 0.6em; height: 0.6em; border-radius: 50%;
  background: var(--stance-color, var(--stance-none));
}
.stance.small { font-size: 0.72rem; border-width: 1px; }
.stance-asserted { --stance-color: var(--stance-asserted); }
.stance-reported { --stance-color: var(--stance-reported); }
.stance-denied { --stance-color: var(--stance-denied); }
.stance-questioned { --stance-color: var(--stance-questioned); }
.stance-none { --stance-color: var(--stance-none); }
.chart-figure { margin: 0.8rem 0 1.2rem; }
.chart-figure figcaption { font-weight: 600; margin-bottom: 0.4rem; }
.chart { display: block; max-width: 100%; height: auto; }
.numbers { width: auto; min-width: 50%; }
.claim-block { border: 1px solid var(--rule); border-left: 4px solid var(--accent); border-radius: 4px; padding: 0.8rem 1rem; margin: 0.9rem 0; }
.outlet-evidence { margin-top: 0.5rem; }
.outlet-evidence h4 .doc-title, .outlet-evidence h4 .date { font-weight: 400; color: var(--muted); }
.quote-block { margin: 0.3rem 0 0.6rem 0.2rem; }
blockquote { margin: 0.3rem 0; padding: 0.3rem 0.8rem; border-left: 3px solid var(--rule); background: var(--soft); font-style: italic; }
ul.sources { margin: 0.2rem 0 0; padding-left: 1.2rem; font-size: 0.88rem; }
p.sources { font-size: 0.88rem; }
.stance-line { color: var(--muted); font-size: 0.85rem; }
.arrow { color: var(--muted); }
.forms { margin: 0; padding-left: 1rem; }
.entities td, .entities th { font-size: 0.85rem; }
.report-footer { margin-top: 2.5rem; padding-top: 0.6rem; border-top: 1px solid var(--rule); color: var(--muted); font-size: 0.8rem; }

@page { size: A4; margin: 16mm 14mm 18mm; }
@media print {
  html { font-size: 9.5pt; }
  body { padding: 0; max-width: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  nav { display: none; }
  a { color: inherit; text-decoration: none; }
  h2 { break-after: avoid; page-break-after: avoid; margin-top: 1.2rem; }
  h3, h4 { break-after: avoid; page-break-after: avoid; }
  .claim-block, .chart-figure, .quote-block, tr, blockquote { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  .claim-block { border-left-width: 3px; }
}
`;

/**
 * The comparison report: what an analyst sends to an editor, as ONE self-contained HTML string
 * (no scripts, no external resources; a Content-Security-Policy that forbids them anyway) that
 * reads on screen and prints cleanly to PDF. It holds the corpus, the claims × outlets matrix,
 * each claim's evidence (the quotes per outlet with their sources and citation chains), the
 * charts with their numbers, and the entity index.
 *
 * Pure: the same data and `generatedAt` give the same bytes. All workspace text is escaped
 * (./escape.ts); class names come from fixed vocabularies only. A stance is always written as a
 * word beside its colour.
 */
import { plural } from '../plural.js';
import type { ClaimMatrix, ClaimMatrixMention, EntityIndexEntry, SourceChainStep, SourceChains } from '../domain.js';
import { Markup, markup as m } from './escape.js';
import { REPORT_CSS } from './report-css.js';
import { columnName, stanceKey } from '../claim-stances.js';
import { entityChart, stanceChart, stanceWord } from './report-charts.js';

/** One article of the report, in the matrix's column order. */
export interface ReportDocument {
  id: string;
  title: string;
  outlet: string | null;
  publishedAt: string | null;
  origin: string | null;
  reviewed: boolean;
}

/** Everything a report shows. */
export interface ReportData {
  title: string;
  /** The articles, in the matrix's column order. */
  documents: readonly ReportDocument[];
  matrix: ClaimMatrix;
  /** `sources.chains` of each claim of the matrix, by claim id (a claim left out has none). */
  chains: Readonly<Record<string, readonly SourceChains[]>>;
  /** `entities.index`, limited to the report's articles, most mentioned first. */
  entities: readonly EntityIndexEntry[];
  /** When the report was made (ISO 8601); printed in UTC. */
  generatedAt: string;
  /** The Triangulate version that made it. */
  version: string;
}

/** `2026-12-02T12:03:04.000Z` → `2026-12-02 12:03 UTC` (no locale: the same everywhere). */
export function formatGenerated(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)} UTC`;
}

/** A stance: its word, always, in a chip of its colour. */
function stanceChip(stance: string | null, small = false): Markup {
  return m`<span class="stance stance-${stanceKey(stance)}${small ? ' small' : ''}">${stanceWord(stance)}</span>`;
}

function statusTag(status: string): Markup | null {
  return status === 'accepted' ? null : m` <span class="status">(${status})</span>`;
}

function sourceName(step: { entityName: string | null; quote: string }): string {
  return step.entityName?.trim() || step.quote;
}

/** A mention in a matrix cell: "reported — Fox News asserted; Peskov denied". */
function cellMention(mention: ClaimMatrixMention): Markup {
  const sources = mention.sources.map(
    (s, i) =>
      m`${i ? '; ' : ''}<span class="source">${sourceName(s)}</span>${s.stance ? m` ${stanceChip(s.stance, true)}` : ''}`,
  );
  const attributed = sources.length ? m` <span class="dash">—</span> ${sources}` : '';
  return m`<div class="mention">${stanceChip(mention.stance)}${statusTag(mention.status)}${attributed}</div>`;
}

function corpusSection(data: ReportData): Markup {
  const rows = data.documents.map(
    (d) =>
      m`<tr><td>${d.outlet ?? '—'}</td><td>${d.title}</td><td class="nowrap">${d.publishedAt ?? 'undated'}</td><td>${d.reviewed ? 'reviewed' : 'not reviewed'}</td><td class="origin">${d.origin ?? ''}</td></tr>`,
  );
  return m`<section id="corpus" aria-labelledby="corpus-heading"><h2 id="corpus-heading">Corpus</h2>
<table class="corpus"><caption>${plural(data.documents.length, 'article')}, by publication date</caption>
<thead><tr><th scope="col">Outlet</th><th scope="col">Title</th><th scope="col">Published</th><th scope="col">Review</th><th scope="col">Origin</th></tr></thead>
<tbody>${rows}</tbody></table></section>`;
}

function matrixSection(data: ReportData): Markup {
  const { matrix } = data;
  const header = matrix.columns.map(
    (c) =>
      m`<th scope="col"><span class="outlet">${columnName(c)}</span>${c.publishedAt ? m`<span class="date">${c.publishedAt}</span>` : ''}</th>`,
  );
  const rows = matrix.rows.map((row) => {
    const cells = row.cells.map((cell, i) => {
      if (cell.mentions.length) return m`<td>${cell.mentions.map(cellMention)}</td>`;
      return matrix.columns[i]?.reviewed
        ? m`<td class="empty">not carried</td>`
        : m`<td class="empty"><span class="why">not yet read</span></td>`;
    });
    return m`<tr><th scope="row"><a href="#claim-${row.claim.id}">${row.claim.summary}</a></th>${cells}</tr>`;
  });
  return m`<section id="matrix" aria-labelledby="matrix-heading"><h2 id="matrix-heading">Claims × outlets</h2>
<p class="lead">Each cell: the outlet’s stance on the claim, then the sources it attributes the claim to, each with its own stance. An empty cell says “not carried” once the article is marked reviewed, else “not yet read” (as in the workbench).</p>
<table class="matrix"><caption>${plural(matrix.rows.length, 'claim')} across ${plural(matrix.columns.length, 'article')}</caption>
<thead><tr><th scope="col" class="corner">Claim</th>${header}</tr></thead>
<tbody>${rows}</tbody></table></section>`;
}

/** One source of a chain in words: "Peskov [denied] “said” as “the Kremlin spokesman”". */
function chainStep(step: Omit<SourceChainStep, 'documentId' | 'relation'>, first: boolean): Markup {
  const named = step.entityName?.trim();
  return m`${first ? '' : m` <span class="arrow">→ citing</span> `}<span class="source">${sourceName(step)}</span>${
    step.stance ? m` ${stanceChip(step.stance, true)}` : ''
  }${step.cue ? m` <span class="cue">“${step.cue}”</span>` : ''}${
    named && named !== step.quote.trim() ? m` <span class="as">as “${step.quote}”</span>` : ''
  }`;
}

function evidenceSources(mention: ClaimMatrixMention, chains: SourceChains | undefined): Markup {
  if (chains && chains.chains.length) {
    const items = chains.chains.map((chain) => m`<li>${chain.map((step, i) => chainStep(step, i === 0))}</li>`);
    const cut = chains.truncated ? m`<li class="muted">(more chains than a report lists)</li>` : '';
    return m`<ul class="sources">${items}${cut}</ul>`;
  }
  if (mention.sources.length) {
    return m`<ul class="sources">${mention.sources.map((s) => m`<li>${chainStep(s, true)}</li>`)}</ul>`;
  }
  return m`<p class="sources muted">No source attributed.</p>`;
}

function claimBlock(data: ReportData, row: ReportData['matrix']['rows'][number]): Markup {
  const { columns } = data.matrix;
  const chainsByMention = new Map((data.chains[row.claim.id] ?? []).map((c) => [c.mention.annotationId, c]));
  const carried = row.cells.filter((c) => c.mentions.length).length;
  const appearance = row.firstAppearance;
  const first = appearance ? columns.find((c) => c.documentId === appearance.documentId) : undefined;
  const perOutlet = row.cells.flatMap((cell, i) => {
    const column = columns[i];
    if (!column || !cell.mentions.length) return [];
    const date = column.publishedAt ? m` <span class="date">${column.publishedAt}</span>` : '';
    const quotes = cell.mentions.map(
      (mention) =>
        m`<div class="quote-block"><p class="stance-line">Stance: ${stanceChip(mention.stance)}${statusTag(mention.status)}</p><blockquote>${mention.quote}</blockquote>${evidenceSources(mention, chainsByMention.get(mention.annotationId))}</div>`,
    );
    return [
      m`<div class="outlet-evidence"><h4><span class="outlet">${columnName(column)}</span> <span class="doc-title">${column.title}</span>${date}</h4>${quotes}</div>`,
    ];
  });
  const id = `claim-${row.claim.id}`;
  return m`<article class="claim-block" id="${id}" aria-labelledby="${id}-heading"><h3 id="${id}-heading">${row.claim.summary}</h3>
<p class="claim-meta">Carried by ${plural(carried, 'article')}${first && appearance ? `; first in ${columnName(first)} on ${appearance.publishedAt}` : ''}.</p>
${perOutlet.length ? perOutlet : m`<p class="muted">No mention in these articles.</p>`}</article>`;
}

function evidenceSection(data: ReportData): Markup {
  const blocks = data.matrix.rows.map((row) => claimBlock(data, row));
  return m`<section id="evidence" aria-labelledby="evidence-heading"><h2 id="evidence-heading">Evidence per claim</h2>
<p class="lead">Each claim with the passages that carry it, per outlet: the outlet’s stance, the quote, and whom it is attributed to (→ citing: whom that source cites in turn).</p>
${blocks.length ? blocks : m`<p class="muted">No claims.</p>`}</section>`;
}

function entitySection(data: ReportData, outlets: readonly string[]): Markup {
  const rows = data.entities.map((e) => {
    const forms = e.documents.map(
      (d) =>
        m`<li><span class="outlet">${columnName(d)}</span> (${d.count}): ${d.names.map((n, i) => m`${i ? ', ' : ''}<q>${n}</q>`)}</li>`,
    );
    return m`<tr><th scope="row">${e.entity.name}</th><td>${e.entity.type}</td><td>${e.entity.aliases.length ? e.entity.aliases.join(', ') : '—'}</td><td class="num">${e.mentionCount}</td><td><ul class="forms">${forms}</ul></td></tr>`;
  });
  return m`<section id="entities" aria-labelledby="entities-heading"><h2 id="entities-heading">Entity index</h2>
${data.entities.length ? entityChart(data.entities, outlets) : ''}
<table class="entities"><caption>${plural(data.entities.length, 'entity', 'entities')} mentioned in these articles, most mentioned first</caption>
<thead><tr><th scope="col">Entity</th><th scope="col">Type</th><th scope="col">Aliases</th><th scope="col" class="num">Mentions</th><th scope="col">Names used, per outlet (mentions)</th></tr></thead>
<tbody>${rows}</tbody></table></section>`;
}

/**
 * The report as one HTML document. Deterministic: nothing but `data` goes in (the date too).
 */
export function buildReportHtml(data: ReportData): string {
  const outlets = [...new Set(data.matrix.columns.map(columnName))];
  const generated = `Generated ${formatGenerated(data.generatedAt)} by Triangulate ${data.version}`;
  const counts = `${plural(data.documents.length, 'article')} · ${plural(data.matrix.rows.length, 'claim')} · ${plural(data.entities.length, 'entity', 'entities')}`;
  const page = m`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Triangulate ${data.version}">
<meta name="color-scheme" content="light">
<title>${data.title}</title>
<style>${new Markup(REPORT_CSS)}</style>
</head>
<body>
<header class="report-header">
<p class="kicker">Triangulate comparison report</p>
<h1>${data.title}</h1>
<p class="generated">${generated} · ${counts}</p>
<nav aria-label="Contents"><ol><li><a href="#corpus">Corpus</a></li><li><a href="#matrix">Claims × outlets</a></li><li><a href="#charts">Charts</a></li><li><a href="#evidence">Evidence per claim</a></li><li><a href="#entities">Entity index</a></li></ol></nav>
</header>
<main>
${corpusSection(data)}
${matrixSection(data)}
<section id="charts" aria-labelledby="charts-heading"><h2 id="charts-heading">Charts</h2>${stanceChart(data.matrix)}</section>
${evidenceSection(data)}
${entitySection(data, outlets)}
</main>
<footer class="report-footer"><p>${generated}. Stances are the analyst’s tags: an outlet’s own framing of the claim, and each source’s stance as the outlet reports it.</p></footer>
</body>
</html>
`;
  return page.html;
}

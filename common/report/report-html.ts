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
import type { ClaimMatrix, ClaimMatrixMention, EntityIndexEntry, SourceChainStep, SourceChains } from '../domain.js';
import { html, type Markup } from './escape.js';
import { REPORT_CSS } from './report-css.js';
import { columnName, entityChart, stanceChart, stanceKey, stanceWord } from './report-charts.js';

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

/** The suggested file name of a report made on `date` (ISO): `triangulate-report-YYYY-MM-DD.html`. */
export function reportFileName(date: string): string {
  return `triangulate-report-${date.slice(0, 10)}.html`;
}

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** `2026-12-02T12:03:04.000Z` → `2026-12-02 12:03 UTC` (no locale: the same everywhere). */
export function formatGenerated(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)} UTC`;
}

function stanceChip(stance: string | null, small = false): Markup {
  return html`<span class="stance stance-${stanceKey(stance)}${small ? ' small' : ''}">${stanceWord(stance)}</span>`;
}

function statusTag(status: string): Markup | null {
  return status === 'accepted' ? null : html` <span class="status">(${status})</span>`;
}

function sourceName(step: { entityName: string | null; quote: string }): string {
  return step.entityName?.trim() || step.quote;
}

/** A mention in a matrix cell: "reported — Fox News; Peskov denied". */
function cellMention(mention: ClaimMatrixMention): Markup {
  const sources = mention.sources.map(
    (s, i) =>
      html`${i ? '; ' : ''}<span class="source">${sourceName(s)}</span
        >${s.stance ? html` ${stanceChip(s.stance, true)}` : ''}`,
  );
  return html`<div class="mention">
    ${stanceChip(mention.stance)}${statusTag(mention.status)}${
      sources.length ? html` <span class="dash">—</span> ${sources}` : ''
    }
  </div>`;
}

function matrixSection(data: ReportData): Markup {
  const { matrix } = data;
  const header = matrix.columns.map(
    (c) =>
      html`<th scope="col">
        <span class="outlet">${columnName(c)}</span
        >${c.publishedAt ? html`<span class="date">${c.publishedAt}</span>` : ''}
      </th>`,
  );
  const rows = matrix.rows.map((row) => {
    const cells = row.cells.map((cell, i) => {
      const column = matrix.columns[i];
      if (!cell.mentions.length) {
        return column?.reviewed
          ? html`<td class="empty">not carried</td>`
          : html`<td class="empty">— <span class="why">not reviewed</span></td>`;
      }
      return html`<td>${cell.mentions.map(cellMention)}</td>`;
    });
    return html`<tr>
      <th scope="row"><a href="#claim-${row.claim.id}">${row.claim.summary}</a></th>
      ${cells}
    </tr>`;
  });
  return html`<section id="matrix" aria-labelledby="matrix-heading">
    <h2 id="matrix-heading">Claims × outlets</h2>
    <p class="lead">
      Each cell: the outlet’s stance on the claim, then the sources it attributes the claim to (with each source’s own
      stance). An empty cell says “not carried” once the article is marked reviewed.
    </p>
    <table class="matrix">
      <caption>
        ${plural(matrix.rows.length, 'claim')} across ${plural(matrix.columns.length, 'article')}
      </caption>
      <thead>
        <tr>
          <th scope="col" class="corner">Claim</th>
          ${header}
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>
  </section>`;
}

function corpusSection(data: ReportData): Markup {
  const rows = data.documents.map(
    (d) =>
      html`<tr>
        <td>${d.outlet ?? '—'}</td>
        <td>${d.title}</td>
        <td class="nowrap">${d.publishedAt ?? 'undated'}</td>
        <td>${d.reviewed ? 'reviewed' : 'not reviewed'}</td>
        <td class="origin">${d.origin ?? ''}</td>
      </tr>`,
  );
  return html`<section id="corpus" aria-labelledby="corpus-heading">
    <h2 id="corpus-heading">Corpus</h2>
    <table class="corpus">
      <caption>
        ${plural(data.documents.length, 'article')}, by publication date
      </caption>
      <thead>
        <tr>
          <th scope="col">Outlet</th>
          <th scope="col">Title</th>
          <th scope="col">Published</th>
          <th scope="col">Review</th>
          <th scope="col">Origin</th>
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>
  </section>`;
}

/** One source step of a chain in words: "Peskov [denied] “said” as “the Kremlin spokesman”". */
function chainStep(step: Omit<SourceChainStep, 'documentId' | 'relation'>, first: boolean): Markup {
  const quoted = Boolean(step.entityName?.trim()) && step.entityName?.trim() !== step.quote.trim();
  return html`${first ? '' : html` <span class="arrow">→ citing</span> `}<span class="source">${sourceName(step)}</span
    >${
      step.stance ? html` ${stanceChip(step.stance, true)}` : ''
    }${step.cue ? html` <span class="cue">“${step.cue}”</span>` : ''}${quoted ? html` <span class="as">as “${step.quote}”</span>` : ''}`;
}

function evidenceSources(mention: ClaimMatrixMention, chains: SourceChains | undefined): Markup {
  if (chains && chains.chains.length) {
    return html`<ul class="sources">
      ${chains.chains.map(
        (chain) => html`<li>${chain.map((step, i) => chainStep(step, i === 0))}</li>`,
      )}${chains.truncated ? html`<li class="muted">(more chains than a report lists)</li>` : ''}
    </ul>`;
  }
  if (mention.sources.length) {
    return html`<ul class="sources">
      ${mention.sources.map((s) => html`<li>${chainStep(s, true)}</li>`)}
    </ul>`;
  }
  return html`<p class="sources muted">No source attributed.</p>`;
}

function evidenceSection(data: ReportData): Markup {
  const { matrix } = data;
  const blocks = matrix.rows.map((row) => {
    const chainsByMention = new Map((data.chains[row.claim.id] ?? []).map((c) => [c.mention.annotationId, c]));
    const outlets = row.cells.filter((c) => c.mentions.length).length;
    const first = row.firstAppearance
      ? matrix.columns.find((c) => c.documentId === row.firstAppearance?.documentId)
      : undefined;
    const perOutlet = row.cells.flatMap((cell, i) => {
      const column = matrix.columns[i];
      if (!column || !cell.mentions.length) return [];
      return [
        html`<div class="outlet-evidence">
          <h4>
            <span class="outlet">${columnName(column)}</span>
            <span class="doc-title">${column.title}</span
            >${column.publishedAt ? html` <span class="date">${column.publishedAt}</span>` : ''}
          </h4>
          ${cell.mentions.map(
            (m) =>
              html`<div class="quote-block">
                <p class="stance-line">${stanceChip(m.stance)}${statusTag(m.status)}</p>
                <blockquote>${m.quote}</blockquote>
                ${evidenceSources(m, chainsByMention.get(m.annotationId))}
              </div>`,
          )}
        </div>`,
      ];
    });
    return html`<article class="claim-block" id="claim-${row.claim.id}" aria-labelledby="claim-${row.claim.id}-heading">
      <h3 id="claim-${row.claim.id}-heading">${row.claim.summary}</h3>
      <p class="claim-meta">
        Carried by
        ${plural(outlets, 'article')}${first && row.firstAppearance ? html`; first in ${columnName(first)} on ${row.firstAppearance.publishedAt}` : ''}.
      </p>
      ${perOutlet.length ? perOutlet : html`<p class="muted">No mention in these articles.</p>`}
    </article>`;
  });
  return html`<section id="evidence" aria-labelledby="evidence-heading">
    <h2 id="evidence-heading">Evidence per claim</h2>
    <p class="lead">
      Each claim with the passages that carry it, per outlet: the outlet’s stance, the quote, and who it is attributed
      to (→ citing: whom that source cites in turn).
    </p>
    ${blocks.length ? blocks : html`<p class="muted">No claims.</p>`}
  </section>`;
}

function entitySection(data: ReportData, outlets: readonly string[]): Markup {
  const rows = data.entities.map(
    (e) =>
      html`<tr>
        <th scope="row">${e.entity.name}</th>
        <td>${e.entity.type}</td>
        <td>${e.entity.aliases.length ? e.entity.aliases.join(', ') : '—'}</td>
        <td class="num">${e.mentionCount}</td>
        <td>
          <ul class="forms">
            ${e.documents.map(
              (d) =>
                html`<li>
                  <span class="outlet">${columnName(d)}</span> (${d.count}):
                  ${d.names.map((n, i) => html`${i ? ', ' : ''}<q>${n}</q>`)}
                </li>`,
            )}
          </ul>
        </td>
      </tr>`,
  );
  return html`<section id="entities" aria-labelledby="entities-heading">
    <h2 id="entities-heading">Entity index</h2>
    ${data.entities.length ? entityChart(data.entities, outlets) : ''}
    <table class="entities">
      <caption>
        ${plural(data.entities.length, 'entity', 'entities')} mentioned in these articles, most mentioned first
      </caption>
      <thead>
        <tr>
          <th scope="col">Entity</th>
          <th scope="col">Type</th>
          <th scope="col">Aliases</th>
          <th scope="col" class="num">Mentions</th>
          <th scope="col">Names used, per outlet (mentions)</th>
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>
  </section>`;
}

/**
 * The report as one HTML document. Deterministic: nothing but `data` goes in (the date too).
 */
export function buildReportHtml(data: ReportData): string {
  const outlets = [...new Set(data.matrix.columns.map(columnName))];
  const generated = formatGenerated(data.generatedAt);
  const page = html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta
          http-equiv="Content-Security-Policy"
          content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"
        />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="generator" content="Triangulate ${data.version}" />
        <meta name="color-scheme" content="light" />
        <title>${data.title}</title>
        <style>
          ${REPORT_CSS}
        </style>
      </head>
      <body>
        <header class="report-header">
          <p class="kicker">Triangulate comparison report</p>
          <h1>${data.title}</h1>
          <p class="generated">
            Generated ${generated} by Triangulate ${data.version} · ${plural(data.documents.length, 'article')} ·
            ${plural(data.matrix.rows.length, 'claim')} · ${plural(data.entities.length, 'entity', 'entities')}
          </p>
          <nav aria-label="Contents">
            <ol>
              <li><a href="#corpus">Corpus</a></li>
              <li><a href="#matrix">Claims × outlets</a></li>
              <li><a href="#charts">Charts</a></li>
              <li><a href="#evidence">Evidence per claim</a></li>
              <li><a href="#entities">Entity index</a></li>
            </ol>
          </nav>
        </header>
        <main>
          ${corpusSection(data)} ${matrixSection(data)}
          <section id="charts" aria-labelledby="charts-heading">
            <h2 id="charts-heading">Charts</h2>
            ${stanceChart(data.matrix)}
          </section>
          ${evidenceSection(data)} ${entitySection(data, outlets)}
        </main>
        <footer class="report-footer">
          <p>
            Generated ${generated} by Triangulate ${data.version}. Stances are the analyst’s tags: an outlet’s own
            framing of the claim, and each source’s stance as the outlet reports it.
          </p>
        </footer>
      </body>
    </html> `;
  return page.html;
}

/**
 * The comparison report's HTML (common/report): what a reader finds in it for a small fixture,
 * that hostile text comes out inert, that it loads nothing from anywhere, and that it is the
 * same bytes for the same data.
 */
import { describe, expect, it } from 'vitest';
import type { ClaimMatrix, EntityIndexEntry, SourceChains } from '../../common/domain.js';
import { escapeHtml } from '../../common/report/escape.js';
import { REPORT_CSS } from '../../common/report/report-css.js';
import { reportFileName } from '../../common/file-kinds.js';
import { buildReportHtml, type ReportData } from '../../common/report/report-html.js';

const columns: ClaimMatrix['columns'] = [
  { documentId: 'd1', title: 'Russia joins centre', outlet: 'RT', publishedAt: '2015-09-27', reviewed: true },
  { documentId: 'd2', title: 'Iraq confirms', outlet: 'UPI', publishedAt: '2015-09-28', reviewed: false },
  { documentId: 'd3', title: 'Silence', outlet: 'Arutz Sheva', publishedAt: '2015-09-29', reviewed: true },
];

const matrix: ClaimMatrix = {
  columns,
  rows: [
    {
      claim: { id: 'c1', summary: 'Iraq will run the centre for three months' },
      firstAppearance: { documentId: 'd1', publishedAt: '2015-09-27' },
      cells: [
        {
          documentId: 'd1',
          mentions: [
            {
              annotationId: 'a1',
              quote: 'Iraq will head the centre',
              stance: 'reported',
              status: 'accepted',
              sources: [
                {
                  annotationId: 's1',
                  quote: 'Fox News reported',
                  entityId: 'e1',
                  entityName: 'Fox News',
                  stance: 'asserted',
                  cue: 'reported',
                },
                {
                  annotationId: 's2',
                  quote: 'Dmitry Peskov',
                  entityId: 'e2',
                  entityName: 'Peskov',
                  stance: 'denied',
                  cue: 'said',
                },
              ],
            },
          ],
        },
        {
          documentId: 'd2',
          mentions: [
            { annotationId: 'a2', quote: 'Baghdad will lead it', stance: 'asserted', status: 'proposed', sources: [] },
          ],
        },
        { documentId: 'd3', mentions: [] },
      ],
    },
  ],
};

const chains: Record<string, SourceChains[]> = {
  c1: [
    {
      mention: { annotationId: 'a1', documentId: 'd1', quote: 'Iraq will head the centre', stance: 'reported' },
      chains: [
        [
          {
            annotationId: 's1',
            documentId: 'd1',
            quote: 'Fox News reported',
            entityId: 'e1',
            entityName: 'Fox News',
            relation: 'attributed_to',
            stance: 'asserted',
            cue: 'reported',
          },
          {
            annotationId: 's3',
            documentId: 'd1',
            quote: 'a military-diplomatic source',
            entityId: null,
            entityName: null,
            relation: 'cites',
            stance: null,
            cue: null,
          },
        ],
      ],
      cycles: [],
      truncated: false,
    },
  ],
};

const entities: EntityIndexEntry[] = [
  {
    entity: { id: 'e3', name: 'Islamic State', type: 'group', aliases: ['ISIS', 'Daesh'] },
    mentionCount: 5,
    documents: [
      { documentId: 'd1', title: 'Russia joins centre', outlet: 'RT', count: 3, names: ['ISIS', 'IS'] },
      { documentId: 'd2', title: 'Iraq confirms', outlet: 'UPI', count: 2, names: ['Daesh'] },
    ],
  },
];

function fixture(overrides: Partial<ReportData> = {}): ReportData {
  return {
    title: 'Baghdad information centre',
    documents: columns.map((c) => ({
      id: c.documentId,
      title: c.title,
      outlet: c.outlet,
      publishedAt: c.publishedAt,
      origin: `${c.documentId}.txt`,
      reviewed: c.reviewed,
    })),
    matrix,
    chains,
    entities,
    generatedAt: '2026-12-02T12:00:00.000Z',
    version: '9.9.9',
    ...overrides,
  };
}

/** The markup of the report's section `id`. */
function section(page: string, id: string): string {
  const start = page.indexOf(`<section id="${id}"`);
  expect(start).toBeGreaterThanOrEqual(0);
  return page.slice(start, page.indexOf('</section>', start));
}

describe('the comparison report', () => {
  const page = buildReportHtml(fixture());

  it('is one HTML document with its title, generation date and version', () => {
    expect(page.startsWith('<!doctype html>')).toBe(true);
    expect(page).toContain('<title>Baghdad information centre</title>');
    expect(page).toContain('<h1>Baghdad information centre</h1>');
    expect(page).toContain('Generated 2026-12-02 12:00 UTC by Triangulate 9.9.9');
    expect(reportFileName('2026-12-02T12:00:00.000Z')).toBe('triangulate-report-2026-12-02.html');
  });

  it('lists the corpus: outlets, titles, dates and the reviewed flag', () => {
    const corpus = section(page, 'corpus');
    for (const text of ['RT', 'UPI', 'Arutz Sheva', 'Russia joins centre', '2015-09-28', 'd2.txt']) {
      expect(corpus).toContain(text);
    }
    expect(corpus).toMatch(/Iraq confirms<\/td><td class="nowrap">2015-09-28<\/td><td>not reviewed/);
    expect(corpus).toMatch(/Silence<\/td><td class="nowrap">2015-09-29<\/td><td>reviewed/);
  });

  it('shows the matrix with outlets as columns and stances and sources in words in the cells', () => {
    const m = section(page, 'matrix');
    expect(m).toMatch(/<th scope="col"><span class="outlet">RT<\/span><span class="date">2015-09-27<\/span><\/th>/);
    expect(m).toContain('<span class="outlet">Arutz Sheva</span>');
    const rt = /<tr><th scope="row">.*?<\/th><td>(.*?)<\/td><td>(.*?)<\/td><td class="empty">(.*?)<\/td><\/tr>/s.exec(
      m,
    );
    expect(rt).not.toBeNull();
    const words = (s: string) =>
      s
        .replace(/<[^>]+>/g, '')
        .replace(/\s+/g, ' ')
        .trim();
    expect(words(rt![1]!)).toBe('reported — Fox News asserted; Peskov denied');
    expect(rt![1]).toContain('class="stance stance-reported"');
    expect(rt![1]).toContain('class="stance stance-denied small"');
    expect(words(rt![2]!)).toBe('asserted (proposed)');
    // An empty cell of a reviewed article: not carried; of one not reviewed: not known.
    expect(words(rt![3]!)).toBe('not carried');
    expect(m).toContain('Iraq will run the centre for three months</a></th>');
  });

  it('gives each claim its evidence quotes per outlet with their sources and citation chains', () => {
    const evidence = section(page, 'evidence');
    expect(evidence).toContain('<article class="claim-block" id="claim-c1"');
    expect(evidence).toContain('<blockquote>Iraq will head the centre</blockquote>');
    expect(evidence).toContain('<blockquote>Baghdad will lead it</blockquote>');
    expect(evidence).toContain('first in RT on 2015-09-27');
    expect(evidence).toMatch(
      /Fox News<\/span> <span class="stance stance-asserted small">asserted<\/span> <span class="cue">“reported”<\/span>/,
    );
    expect(evidence).toContain(
      '<span class="arrow">→ citing</span> <span class="source">a military-diplomatic source</span>',
    );
    expect(evidence).toContain('No source attributed.');
  });

  it('draws each chart as an image with a name, with its numbers in a table behind it', () => {
    const svgs = page.match(/<svg[^>]*>/g) ?? [];
    expect(svgs).toHaveLength(2);
    for (const svg of svgs) {
      expect(svg).toContain('role="img"');
      expect(svg).toMatch(/aria-label="[^"]{20,}"/);
    }
    expect(page).toContain(
      'aria-label="Claims carried per outlet, by stance. RT: 1 claim (1 reported); UPI: 1 claim (1 asserted); Arutz Sheva: 0 claims."',
    );
    expect(page).toMatch(/<svg[^>]*><title>Claims carried per outlet, by stance\./);
    expect(page).toContain('<caption>The numbers behind the chart: claims carried per outlet, by stance</caption>');
    expect(page).toMatch(
      /<tr><th scope="row">RT<\/th><td class="num">0<\/td><td class="num">1<\/td><td class="num">0<\/td><td class="num">0<\/td><td class="num">1<\/td><\/tr>/,
    );
    expect(page).toContain('<caption>The numbers behind the chart: mentions of each entity by outlet</caption>');
    expect(page).toMatch(
      /<tr><th scope="row">Islamic State<\/th><td class="num">3<\/td><td class="num">2<\/td><td class="num">0<\/td><td class="num">5<\/td><\/tr>/,
    );
  });

  it('lists the entity index: name, type, aliases, counts and the names each outlet used', () => {
    const index = section(page, 'entities');
    expect(index).toContain(
      '<tr><th scope="row">Islamic State</th><td>group</td><td>ISIS, Daesh</td><td class="num">5</td>',
    );
    expect(index).toContain('<li><span class="outlet">RT</span> (3): <q>ISIS</q>, <q>IS</q></li>');
    expect(index).toContain('<li><span class="outlet">UPI</span> (2): <q>Daesh</q></li>');
  });

  it('carries a print stylesheet: page margins, no claim block split, colours kept', () => {
    expect(page).toMatch(/@page \{[^}]*margin:/);
    expect(page).toContain('@media print');
    expect(page).toMatch(/\.claim-block[^{]*\{ break-inside: avoid; page-break-inside: avoid; \}/);
    expect(page).toContain('print-color-adjust: exact');
    // The stylesheet goes in as it is (a constant of ours): entities would not be decoded there.
    expect(page).toContain(`<style>${REPORT_CSS}</style>`);
  });

  it('loads nothing: no script, no link, no external URL, and a policy that forbids them', () => {
    expect(page).not.toMatch(/<script|<link|<iframe|<object|<embed|<img|@import|url\(/i);
    expect(page).not.toMatch(/https?:\/\//i);
    expect(page).not.toMatch(/\s(src|srcset|action|formaction)=/i);
    expect(page).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    // Links go to the report's own sections only.
    for (const [, target] of page.matchAll(/href="([^"]*)"/g)) expect(target).toMatch(/^#[a-z0-9-]+$/);
  });

  it('escapes every piece of workspace text, so hostile text comes out inert', () => {
    const evil = '</script><img src=x onerror="alert(1)"><script>alert(2)</script>&amp;\'';
    const hostile = buildReportHtml(
      fixture({
        title: evil,
        documents: fixture().documents.map((d) => ({ ...d, title: evil, outlet: evil, origin: evil })),
        matrix: {
          columns: columns.map((c) => ({ ...c, title: evil, outlet: evil })),
          rows: matrix.rows.map((r) => ({
            ...r,
            claim: { id: r.claim.id, summary: evil },
            cells: r.cells.map((cell) => ({
              ...cell,
              mentions: cell.mentions.map((m) => ({
                ...m,
                quote: evil,
                stance: evil,
                sources: m.sources.map((s) => ({ ...s, entityName: evil, quote: evil, cue: evil, stance: evil })),
              })),
            })),
          })),
        },
        entities: entities.map((e) => ({
          ...e,
          entity: { ...e.entity, name: evil, aliases: [evil] },
          documents: e.documents.map((d) => ({ ...d, outlet: evil, names: [evil] })),
        })),
      }),
    );
    expect(hostile).not.toMatch(/<script|<img|onerror="/i);
    expect(hostile).toContain(escapeHtml(evil));
    expect(escapeHtml(evil)).toBe(
      '&lt;/script&gt;&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;&amp;amp;&#39;',
    );
    expect(hostile).toContain(`<title>${escapeHtml(evil)}</title>`);
    // An unknown stance is written as it is (escaped) with the neutral colour; never a class of its own.
    expect(hostile).not.toMatch(/class="[^"]*[<>&][^"]*"/);
    expect(hostile).toContain('class="stance stance-none"');
  });

  it('is the same bytes for the same data and date', () => {
    expect(buildReportHtml(fixture())).toBe(page);
    expect(buildReportHtml(fixture({ generatedAt: '2027-01-01T00:00:00.000Z' }))).not.toBe(page);
  });

  it('says so when there are no claims or entities', () => {
    const empty = buildReportHtml(fixture({ matrix: { columns, rows: [] }, chains: {}, entities: [] }));
    expect(empty).toContain('No claims.');
    expect(empty).toContain('0 entities mentioned in these articles');
  });
});

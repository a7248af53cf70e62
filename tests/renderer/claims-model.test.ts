import { describe, expect, it } from 'vitest';
import type { ClaimMatrix, ClaimMatrixMention, ClaimMatrixSource } from '../../common/domain.js';
import {
  arrangeRows,
  cellText,
  chartSummary,
  csvField,
  isContested,
  matrixCsv,
  passageAround,
  stanceCountsByOutlet,
  toCsv,
} from '../../renderer/views/claims-model.js';

const source = (name: string | null, quote: string, stance: string | null = null): ClaimMatrixSource => ({
  annotationId: `s-${quote}`,
  quote,
  entityId: name ? `e-${name}` : null,
  entityName: name,
  stance,
  cue: null,
});

const mention = (id: string, stance: string | null, sources: ClaimMatrixSource[] = []): ClaimMatrixMention => ({
  annotationId: id,
  quote: `quote ${id}`,
  stance,
  status: 'accepted',
  sources,
});

/** Three articles (two by one outlet); three claims. */
const matrix: ClaimMatrix = {
  columns: [
    { documentId: 'd1', title: 'First', outlet: 'RT', publishedAt: '2015-09-26', reviewed: false },
    { documentId: 'd2', title: 'Second', outlet: 'UPI', publishedAt: '2015-09-28', reviewed: true },
    { documentId: 'd3', title: 'Third', outlet: 'RT', publishedAt: null, reviewed: false },
  ],
  rows: [
    {
      claim: { id: 'c-center', summary: 'Baghdad hosts the center' },
      firstAppearance: { documentId: 'd1', publishedAt: '2015-09-26' },
      cells: [
        { documentId: 'd1', mentions: [mention('m1', 'reported', [source('Fox News', 'Fox')])] },
        { documentId: 'd2', mentions: [mention('m2', 'denied', [source('Peskov', 'the spokesman', 'denied')])] },
        { documentId: 'd3', mentions: [] },
      ],
    },
    {
      claim: { id: 'c-alpha', summary: 'an alliance is formed' },
      firstAppearance: { documentId: 'd2', publishedAt: '2015-09-28' },
      cells: [
        { documentId: 'd1', mentions: [] },
        { documentId: 'd2', mentions: [mention('m3', 'asserted')] },
        { documentId: 'd3', mentions: [] },
      ],
    },
    {
      claim: { id: 'c-rt', summary: 'Zones rotate' },
      firstAppearance: null,
      cells: [
        { documentId: 'd1', mentions: [] },
        { documentId: 'd2', mentions: [] },
        { documentId: 'd3', mentions: [mention('m4', 'asserted'), mention('m5', 'asserted')] },
      ],
    },
  ],
};

const summaries = (sort: 'claim' | 'outlets' | 'first', oneOutlet = false, contested = false) =>
  arrangeRows(matrix, sort, { oneOutlet, contested }).map((r) => r.claim.summary);

describe('claims matrix: sorting and filtering', () => {
  it('sorts by claim (ignoring case), by outlets carrying it, and by first appearance (undated last)', () => {
    expect(summaries('claim')).toEqual(['an alliance is formed', 'Baghdad hosts the center', 'Zones rotate']);
    expect(summaries('outlets')).toEqual(['Baghdad hosts the center', 'an alliance is formed', 'Zones rotate']);
    expect(summaries('first')).toEqual(['Baghdad hosts the center', 'an alliance is formed', 'Zones rotate']);
  });

  it('counts outlets, not articles: two articles of one outlet are one outlet', () => {
    expect(summaries('claim', true)).toEqual(['an alliance is formed', 'Zones rotate']);
  });

  it('calls a claim contested when its mentions differ in stance', () => {
    expect(summaries('claim', false, true)).toEqual(['Baghdad hosts the center']);
    expect(isContested(matrix.rows[2]!)).toBe(false);
    expect(summaries('claim', true, true)).toEqual([]);
  });

  it('does not change the matrix it arranges', () => {
    const before = JSON.stringify(matrix);
    summaries('outlets', true);
    expect(JSON.stringify(matrix)).toBe(before);
  });
});

describe('claims matrix: words and chart', () => {
  it('says a cell as stance and sources (entity name, else quote; with the source’s stance)', () => {
    expect(cellText(matrix.rows[0]!.cells[0]!.mentions)).toBe('reported: Fox News');
    expect(cellText(matrix.rows[0]!.cells[1]!.mentions)).toBe('denied: Peskov (denied)');
    expect(cellText([mention('x', null, [source(null, 'an official')])])).toBe('no stance: an official');
    expect(cellText(matrix.rows[2]!.cells[2]!.mentions)).toBe('asserted | asserted');
    expect(cellText([])).toBe('');
  });

  it('counts per outlet each claim once, under its first stance there', () => {
    const bars = stanceCountsByOutlet(matrix);
    expect(bars.map((b) => [b.outlet, b.total])).toEqual([
      ['RT', 2],
      ['UPI', 2],
    ]);
    expect(bars[0]!.counts).toMatchObject({ reported: 1, asserted: 1, denied: 0 });
    expect(bars[1]!.counts).toMatchObject({ denied: 1, asserted: 1 });
    expect(chartSummary(bars)).toBe(
      'Claims carried per outlet, by stance. RT: 2 claims (1 asserted, 1 reported); UPI: 2 claims (1 asserted, 1 denied).',
    );
  });
});

describe('claims matrix: CSV', () => {
  it('quotes fields as RFC 4180 says', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a, b')).toBe('"a, b"');
    expect(csvField('say "no"')).toBe('"say ""no"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(
      toCsv([
        ['a', 'b'],
        ['c', 'd'],
      ]),
    ).toBe('a,b\r\nc,d\r\n');
  });

  it('keeps spreadsheets from running a cell as a formula', () => {
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-2')).toBe("'-2");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\tcmd')).toBe("'\tcmd");
    expect(csvField('a=b')).toBe('a=b');
  });

  it('heads the columns with outlet names and puts sources in the cells', () => {
    const csv = matrixCsv(matrix.columns, matrix.rows.slice(0, 1));
    expect(csv.split('\r\n')).toEqual([
      'Claim,First appearance,RT,UPI,RT',
      'Baghdad hosts the center,RT 2015-09-26,reported: Fox News,denied: Peskov (denied),',
      '',
    ]);
  });
});

describe('claims evidence: the passage around a mention', () => {
  const text = 'One two three four five six seven eight nine ten';

  it('marks the fragments and keeps whole words around them', () => {
    const start = text.indexOf('five');
    const passage = passageAround(text, [{ start, end: start + 4 }], 6);
    expect(passage.parts).toEqual([
      { text: 'three four ', mark: false },
      { text: 'five', mark: true },
      { text: ' six seven', mark: false },
    ]);
    expect(passage).toMatchObject({ cutBefore: true, cutAfter: true });
  });

  it('marks every fragment of a discontinuous mention', () => {
    const passage = passageAround(text, [
      { start: 0, end: 3 },
      { start: 8, end: 13 },
    ]);
    expect(passage.parts.filter((p) => p.mark).map((p) => p.text)).toEqual(['One', 'three']);
    expect(passage.parts.map((p) => p.text).join('')).toBe(text);
    expect(passage).toMatchObject({ cutBefore: false, cutAfter: false });
  });

  it('gives nothing for no fragments', () => {
    expect(passageAround(text, []).parts).toEqual([]);
  });
});
